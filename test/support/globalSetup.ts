// Starts what the whole integration run shares: the PostgreSQL server on which each suite creates its
// own database (an embedded one when no server answers), and one real Temporal dev server (the CLI
// binary, in memory), on which each suite uses its own task queue.
import { Connection } from '@temporalio/client';
import {
  locateTemporalBinary,
  registerSearchAttributes,
  startDevServer,
  temporalVersion,
} from '../../platform/temporalServer';
import { freePort } from './freePort';
import { defaultTestDatabaseUrl, testDatabaseServer } from './testDatabaseServer';

type Stoppable = { stop(): Promise<void> };
const shared = globalThis as {
  tricepsTemporalServer?: Stoppable;
  tricepsTestDatabase?: Stoppable & { embedded: boolean };
};

export default async function globalSetup(): Promise<void> {
  const database = await testDatabaseServer(process.env.TEST_DATABASE_URL);
  if (database.embedded) {
    process.stdout.write(`\nNo PostgreSQL at ${defaultTestDatabaseUrl}: an embedded one for this run\n`);
  }
  process.env.TEST_DATABASE_URL = database.url; // the suites' workers inherit the environment
  shared.tricepsTestDatabase = database;

  if (process.env.TEST_TEMPORAL_ADDRESS) return;
  const binary = await locateTemporalBinary(process.env.TEMPORAL_BINARY);
  process.stdout.write(`\nTemporal dev server for tests: ${binary} (${await temporalVersion(binary)})\n`);
  const server = await startDevServer({
    binary,
    port: await freePort(),
    namespace: 'default',
    // Low, so that a test can drive a ticket through continue-as-new with a few hundred events.
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 400 },
  });
  const connection = await Connection.connect({ address: server.address });
  await registerSearchAttributes(connection, 'default');
  await connection.close();
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_TEMPORAL_BINARY = binary;
  shared.tricepsTemporalServer = server;
}
