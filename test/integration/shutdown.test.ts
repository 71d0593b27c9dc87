// SIGTERM as an orchestrator sends it: the process stops taking mail (421) and says it is not ready, finishes
// the message it is receiving (250, and the client gets its receipt), exits 0, and a restart carries on.
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addStaffMember } from '../../db/staff';
import { createPool, type Database } from '../../db/pool';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { startSmtpConversation } from '../support/smtpConversation';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { createTestDatabase } from '../support/testSystem';

const root = path.resolve(__dirname, '..', '..');
const graceSeconds = 20;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
let sink: SmtpSink;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let apiUrl: string;
let smtpPort: number;
const started = new Set<ChildProcess>();
let output = '';

/** `npm start` on an external PostgreSQL and Temporal, as a deployment runs it; resolves once it is ready. */
async function startProcess(extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', path.join(root, 'bench', 'register.js'), 'bin/start.ts'], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the system exited with ${child.exitCode}:\n${output}`);
    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);
  }, 60_000);
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const readiness = async () => {
  const response = await fetch(`${apiUrl}/readyz`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as { detail: string } & Record<string, unknown>,
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPool(database.url);
  sink = await startSmtpSink();
  dataDir = await mkdtemp(path.join(tmpdir(), 'triceps-shutdown-'));
  const port = await freePort();
  smtpPort = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `tickets-${database.name}`,
    PORT: String(port),
    SMTP_PORT: String(smtpPort),
    SMTP_URL: sink.url,
    SUPPORT_CALENDAR: 'always-open',
    SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
}, 30_000);

afterEach(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL'); // those a failed test left
  started.clear();
});

afterAll(async () => {
  await db?.end();
  await sink?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

test('SIGTERM mid-DATA: the message is stored and answered 250, new mail gets 421, /readyz 503, exit 0; after a restart the ticket goes on', async () => {
  let system = await startProcess();
  const client = `sigterm-${Date.now()}@client.example`;
  const mail = await startSmtpConversation(smtpPort);
  expect(mail.greeting).toMatch(/^220 /);
  expect(await mail.say('EHLO client.example')).toMatch(/^250/m);
  expect(await mail.say(`MAIL FROM:<${client}>`)).toMatch(/^250/);
  expect(await mail.say('RCPT TO:<support@triceps.local>')).toMatch(/^250/);
  expect(await mail.say('DATA')).toMatch(/^354/);
  mail.write(
    `From: <${client}>\r\nTo: <support@triceps.local>\r\nSubject: Shutdown in the middle\r\n` +
      `Message-ID: <sigterm-${Date.now()}@client.example>\r\n\r\nThe first half of the request, `,
  );

  const exit = exitOf(system);
  const stoppedAt = Date.now();
  system.kill('SIGTERM');

  // Draining: not ready, and no new mail, while the message in flight is still being received.
  await eventually(async () => {
    const answer = await readiness();
    expect(answer.status).toBe(503);
    expect(answer.type).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({ draining: true, smtp: 'not taking mail', postgres: 'ok' });
    expect(answer.body.detail).toMatch(/draining/);
  });
  const late = await startSmtpConversation(smtpPort);
  expect(late.greeting).toMatch(/^421 /);
  late.close();

  mail.write('and the second half after SIGTERM.\r\n.\r\n');
  expect(await mail.reply()).toMatch(/^250 /);
  mail.close();

  expect(await exit).toBe(0);
  expect(Date.now() - stoppedAt).toBeLessThan(graceSeconds * 1000);
  expect(output).toMatch(/"msg":"draining/);

  const stored = await db.query(`SELECT workflow_id FROM inbound_messages WHERE envelope_from = $1`, [
    client,
  ]);
  expect(stored.rows).toHaveLength(1);

  system = await startProcess();
  const receipt = await sink.waitFor((letter) => letter.to.includes(client) && letter.kind === 'receipt', {
    after: 0,
    timeoutMs: 30_000,
  });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];
  const { token } = await addStaffMember(db, {
    email: 'lead@netix.example',
    name: 'lead',
    role: 'lead',
    skills: [],
  });
  const since = sink.mark();
  const triaged = await fetch(`${apiUrl}/api/tickets/${number}/triage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 }),
  });
  expect(triaged.status).toBe(200);
  await sink.waitFor((letter) => letter.to.includes(client) && letter.kind === 'promise', {
    after: since,
    timeoutMs: 30_000,
  });

  const exitAgain = exitOf(system);
  system.kill('SIGTERM');
  expect(await exitAgain).toBe(0);
}, 180_000);

/** An outbound relay that holds each letter's DATA until the test lets it go: a send in flight on demand. */
async function startSlowRelay() {
  const received: string[] = [];
  let arrived = () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => {
        arrived();
        void held.then(() => {
          received.push(text);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    inFlight,
    release,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('SIGTERM while a letter is being sent: the process waits for the send, records it, exits 0, and a restart does not send it again', async () => {
  const relay = await startSlowRelay();
  const system = await startProcess({ SMTP_URL: relay.url });
  const client = `letter-${Date.now()}@client.example`;
  const mail = await startSmtpConversation(smtpPort);
  await mail.say('EHLO client.example');
  await mail.say(`MAIL FROM:<${client}>`);
  await mail.say('RCPT TO:<support@triceps.local>');
  await mail.say('DATA');
  mail.write(
    `From: <${client}>\r\nTo: <support@triceps.local>\r\nSubject: Receipt in flight\r\n\r\nHello.\r\n.\r\n`,
  );
  expect(await mail.reply()).toMatch(/^250 /);
  mail.close();

  await relay.inFlight; // the receipt's deliverLetter activity is waiting for the relay's 250
  const exit = exitOf(system);
  system.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(system.exitCode).toBeNull(); // still draining: the activity has not finished
  relay.release();
  expect(await exit).toBe(0);

  const sent = await db.query(
    `SELECT l.kind, l.sent_at FROM letters l JOIN tickets t ON t.id = l.ticket_id WHERE t.client_email = $1`,
    [client],
  );
  expect(sent.rows).toEqual([{ kind: 'receipt', sent_at: expect.any(Date) }]);
  expect(relay.received).toHaveLength(1);

  const again = await startProcess({ SMTP_URL: relay.url });
  await new Promise((resolve) => setTimeout(resolve, 3000)); // time for a wrongly retried send to go out
  expect(relay.received).toHaveLength(1);
  const exitAgain = exitOf(again);
  again.kill('SIGTERM');
  expect(await exitAgain).toBe(0);
  await relay.close();
}, 180_000);
