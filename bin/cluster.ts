// `npm run cluster`: a real Temporal cluster on the local PostgreSQL (built and migrated by
// bin/cluster-install.sh), its Web UI, and the system pointed at it. Ctrl-C stops it all, the system first.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ConfigurationError, loadConfig } from '../platform/config';
import { createDatabaseIfMissing } from '../platform/database';
import { createLogger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import { memoryEnv, memoryNodeArgs } from '../platform/processMemory';
import { installCluster, prepareNamespace, startCluster } from '../platform/temporalCluster';
import { stopChild } from '../platform/temporalServer';

const localDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/triceps';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping the system, then the cluster');
    for (const stop of stops.reverse())
      await stop().catch((error) => logger.warn({ err: error }, 'stop failed'));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let started = Date.now();
  const install = await installCluster();
  logger.info({ seconds: (Date.now() - started) / 1000 }, 'cluster installed');
  started = Date.now();
  const cluster = await startCluster(install);
  stops.push(cluster.stop);
  await prepareNamespace(cluster.address, config.temporal.namespace);
  logger.info(
    { address: cluster.address, ui: cluster.uiUrl, seconds: (Date.now() - started) / 1000 },
    'Temporal cluster ready',
  );

  const databaseUrl = config.database.url ?? localDatabaseUrl;
  await createDatabaseIfMissing(databaseUrl);
  // Its own process group, like the cluster's: Ctrl-C reaches us, and we stop it before the cluster.
  const system: ChildProcess = spawn(
    'bash',
    [
      path.join(projectRoot, 'bin', 'with-parent.sh'),
      String(process.pid),
      process.execPath,
      ...memoryNodeArgs,
      'dist/bin/start.js',
    ],
    {
      cwd: projectRoot,
      env: { ...memoryEnv, ...process.env, TEMPORAL_ADDRESS: cluster.address, DATABASE_URL: databaseUrl },
      stdio: 'inherit',
      detached: true,
    },
  );
  system.once('exit', (code) => void shutdown(`the system exited (${code})`, code ?? 1));
  stops.push(() => stopChild(system));
  if (cluster.uiUrl) process.stdout.write(`Temporal Web UI ${cluster.uiUrl} (the cluster's)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
