export default async function globalTeardown(): Promise<void> {
  await (globalThis as { tricepsTemporalServer?: { stop(): Promise<void> } }).tricepsTemporalServer?.stop();
}
