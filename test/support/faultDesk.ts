// What the fault tests share: a data folder PostgreSQL may use, the environment of a system process around a
// capturing sink, and the check users care about: one receipt per client, no more.
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
