// `npm start`: the whole system in one terminal, on embedded defaults. Ctrl-C stops every part.
import path from 'node:path';
import { loadConfig, ConfigurationError } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';
import { startSystem } from '../platform/system';
import { locateTemporalBinary, startDevServer, temporalVersion } from '../platform/temporalServer';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // A stop that hangs past the grace time is cut short: the orchestrator would kill us anyway.
    setTimeout(() => {
      logger.error('in-flight work did not finish within the grace time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    for (const stop of stops.reverse())
      await stop().catch((error) => logger.warn({ err: error }, 'stop failed'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const database = await openDatabase(config, logger);
  stops.push(database.stop);

  let temporalAddress = config.temporal.address;
  let temporalUi = 'the Web UI of your cluster';
  if (!temporalAddress) {
    const binary = await locateTemporalBinary(config.temporal.binary);
    logger.info({ binary, version: await temporalVersion(binary) }, 'starting the Temporal dev server');
    const server = await startDevServer({
      binary,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      dbFile: path.join(config.dataDir, 'temporal.sqlite'),
      namespace: config.temporal.namespace,
    });
    stops.push(server.stop);
    temporalAddress = server.address;
    temporalUi = server.uiUrl ?? temporalUi;
  }

  const system = await startSystem(config, { databaseUrl: database.url, temporalAddress }, logger);
  stops.push(system.shutdown);

  const { apiUrl, smtpPort } = system;
  const lines = [
    `Triceps Support is running (${[...config.roles].join(', ')}):`,
    ...(apiUrl
      ? [
          `  staff console   ${apiUrl}/   (sign in: npm run staff -- add <email> <name> --role lead)`,
          `  staff API       ${apiUrl}/api   (OpenAPI: ${apiUrl}/api/openapi.json)`,
        ]
      : []),
    ...(smtpPort
      ? [`  inbound SMTP    ${config.smtp.host}:${smtpPort}   (mail to ${config.support.address})`]
      : []),
    `  Temporal        ${temporalAddress}, namespace ${config.temporal.namespace}`,
    `  Temporal UI     ${temporalUi}`,
    `  PostgreSQL      ${database.embedded ? `embedded, data in ${path.join(config.dataDir, 'postgres')}` : 'DATABASE_URL'}`,
    `  outbound mail   ${config.outbound.relayUrl ? 'SMTP_URL relay' : `outbox folder ${config.outbound.outboxDir}`}`,
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
