// `npm run letters -- failed`: letters tried and not sent, oldest first. `npm run letters -- retry <number> <key>`:
// sends one of them again through the ticket's courier (or, when its workflow has ended, as a courier would).
import { Client, Connection } from '@temporalio/client';
import { letterActivities } from '../activities/letters';
import { failedLetters } from '../db/letters';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { LetterNotRetried, retryLetter } from '../mail/letterRetry';
import { createMailer } from '../mail/mailer';
import { createAccessTokens } from '../mail/oauthTokens';
import { loadConfig, type Config } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';

const usage = [
  'usage: npm run letters -- failed                       (letters tried and not sent)',
  '       npm run letters -- retry <ticket number> <letter key>   e.g. retry TRC-000123 promise-4',
].join('\n');

async function run(config: Config, databaseUrl: string, argv: string[]): Promise<void> {
  const [command, number, letterKey] = argv;
  const db = createPool(databaseUrl, 2);
  try {
    await migrate(db);
    if (command === 'failed') {
      const letters = await failedLetters(db);
      if (letters.length === 0) process.stdout.write('every letter tried has gone out\n');
      for (const letter of letters) {
        process.stdout.write(
          `${letter.number}\t${letter.letterKey}\t${letter.recipients.join(',')}\t${letter.attempts} attempt(s)\t` +
            `${letter.createdAt.toISOString()}\t${letter.lastError ?? ''}\n`,
        );
      }
      return;
    }
    if (command !== 'retry' || !number || !letterKey) throw new LetterNotRetried(usage);
    const connection = await Connection.connect({
      address: config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`,
    });
    const mailer = createMailer({
      ...config.outbound,
      oauth2:
        config.outbound.auth === 'oauth2' && config.oauth2 ? createAccessTokens(config.oauth2) : undefined,
    });
    try {
      const temporal = new Client({ connection, namespace: config.temporal.namespace });
      const { deliverLetter } = letterActivities(
        db,
        mailer,
        {
          supportAddress: config.support.address,
          timeZone: config.support.timeZone,
          automaticLettersPerHour: config.support.automaticLettersPerHour,
          staffAddresses: config.support.staffAddresses,
        },
        createLogger(config.logLevel, config.logFormat),
      );
      const outcome = await retryLetter(
        { db, temporal, deliver: deliverLetter, actor: 'npm run letters' },
        number,
        letterKey,
      );
      process.stdout.write(
        outcome.via === 'courier'
          ? `${letterKey} of ${number} is back in its ticket's outbox; its courier sends it next\n`
          : `${letterKey} of ${number} sent at ${outcome.sentAt ?? 'now'} (its ticket's workflow had ended)\n`,
      );
    } finally {
      await mailer.close();
      await connection.close();
    }
  } finally {
    await db.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger('warn', config.logFormat));
  try {
    await run(config, database.url, argv);
  } finally {
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
