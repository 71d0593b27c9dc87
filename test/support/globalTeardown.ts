type Stoppable = { stop(): Promise<void> };
const shared = globalThis as {
  tricepsTemporalServer?: Stoppable;
  tricepsTestDatabase?: Stoppable & { embedded: boolean };
};

export default async function globalTeardown(): Promise<void> {
  await shared.tricepsTemporalServer?.stop();
  await shared.tricepsTestDatabase?.stop();
  if (shared.tricepsTestDatabase?.embedded) delete process.env.TEST_DATABASE_URL; // gone with the server
}
