// Starts one real Temporal dev server (the CLI binary, in memory) for the whole integration run;
// each suite then uses its own task queue and its own database on it.
import { Connection } from '@temporalio/client';
import {
  locateTemporalBinary,
  registerSearchAttributes,
  startDevServer,
  temporalVersion,
} from '../../platform/temporalServer';
import { freePort } from './freePort';

export default async function globalSetup(): Promise<void> {
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
  (globalThis as { tricepsTemporalServer?: { stop(): Promise<void> } }).tricepsTemporalServer = server;
}
