// The Temporal servers the intake benchmark runs on, each fresh: the dev server (its own SQLite file in a
// temp dir, free ports) or the PostgreSQL-backed cluster (platform/temporalCluster.ts, fresh databases).
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { clusterPort, installCluster, prepareNamespace, startCluster } from '../platform/temporalCluster';
import { locateTemporalBinary, startDevServer } from '../platform/temporalServer';
import { freePort } from '../test/support/freePort';

export type ServerKind = 'dev' | 'cluster';

export interface BenchServer {
  kind: ServerKind;
  address: string;
  stop(): Promise<void>;
}

export async function startBenchServer(
  kind: ServerKind,
  dir: string,
  serverUrl: URL,
  databasePrefix: string,
): Promise<BenchServer> {
  if (kind === 'dev') {
    const server = await startDevServer({
      binary: await locateTemporalBinary(process.env.TEMPORAL_BINARY),
      port: await freePort(),
      dbFile: path.join(dir, 'temporal.sqlite'),
      namespace: 'default',
    });
    await prepareNamespace(server.address, 'default');
    return { kind, address: server.address, stop: server.stop };
  }
  const databases = [`${databasePrefix}_temporal`, `${databasePrefix}_visibility`];
  let progress = '';
  const install = await installCluster(
    {
      ...process.env,
      CLUSTER_DIR: path.join(dir, 'cluster'),
      TEMPORAL_DB: databases[0],
      TEMPORAL_VISIBILITY_DB: databases[1],
      TEMPORAL_DB_HOST: serverUrl.hostname,
      TEMPORAL_DB_PORT: serverUrl.port || '5432',
      TEMPORAL_DB_USER: decodeURIComponent(serverUrl.username) || 'postgres',
      TEMPORAL_DB_PASSWORD: decodeURIComponent(serverUrl.password),
      TEMPORAL_CLUSTER_PORT: String(await clusterPort()),
      TEMPORAL_UI_SKIP: '1',
    },
    (text) => (progress += text),
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${progress}`);
  });
  const cluster = await startCluster(install);
  await prepareNamespace(cluster.address, 'default');
  return {
    kind,
    address: cluster.address,
    async stop() {
      await cluster.stop();
      await dropDatabases(serverUrl, databases);
    },
  };
}

export async function dropDatabases(serverUrl: URL, names: string[]): Promise<void> {
  const admin = new PgClient({ connectionString: serverUrl.toString() });
  await admin.connect();
  for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
