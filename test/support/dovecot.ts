// A real Dovecot IMAP server for one test: a throwaway user and mail directory on a loopback port.
// Needs root and Debian's dovecot-imapd (2.3), as on CI; with `submission`, also dovecot-submissiond.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePort } from './freePort';

export interface MailboxMessage {
  uid: number;
  messageId?: string;
  seen: boolean;
}

export interface DovecotOptions {
  /**
   * Also accept OAuth2 bearer tokens (SASL XOAUTH2, and OAUTHBEARER when listed), each checked at this
   * RFC 7662 introspection endpoint on every login. Password logins keep working for the helper's own use.
   */
  oauth2?: { introspectionUrl: string; mechanisms?: ('xoauth2' | 'oauthbearer')[] };
  /** Also run a mail submission server (port 587's job) that relays what it accepts to this SMTP port. */
  submission?: { relayPort: number };
}

export interface Dovecot {
  host: string;
  port: number;
  /** The submission server's port, when asked for one. */
  submissionPort?: number;
  user: string;
  password: string;
  /** Puts a message into a mailbox of the user (INBOX unless named) by IMAP APPEND, as unseen. */
  deliver(raw: Buffer | string, mailbox?: string): Promise<void>;
  /** What a mail client would list in the mailbox; an empty list when the mailbox does not exist. */
  messages(mailbox?: string): Promise<MailboxMessage[]>;
  /** Ends the user's IMAP sessions from the server side, as a restart or a network failure would. */
  kick(): Promise<void>;
  /** Dovecot's log so far (logins, with the SASL mechanism, and refusals). */
  log(): Promise<string>;
  close(): Promise<void>;
}

const run = promisify(execFile);
const installHint = 'run `apt-get install -y dovecot-imapd dovecot-submissiond` (as root)';

function locate(program: string): string | undefined {
  const directories = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin'];
  return directories.map((directory) => path.join(directory, program)).find((file) => existsSync(file));
}

/** The system account that owns the mail: Dovecot will not run mail processes as root. */
async function mailOwner(): Promise<{ uid: number; gid: number }> {
  const accounts = (await readFile('/etc/passwd', 'utf8')).split('\n').map((line) => line.split(':'));
  for (const name of ['mail', 'dovecot', 'nobody']) {
    const account = accounts.find((fields) => fields[0] === name);
    if (account) return { uid: Number(account[2]), gid: Number(account[3]) };
  }
  throw new Error('no system account (mail, dovecot or nobody) to own the test mail');
}

interface Ports {
  imap: number;
  submission?: number;
}

function configuration(
  directory: string,
  ports: Ports,
  owner: { uid: number; gid: number },
  options: DovecotOptions,
): string {
  const oauthMechanisms = options.oauth2?.mechanisms ?? ['xoauth2'];
  const oauth2 = options.oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = ${oauthMechanisms.join(' ')}
  args = ${directory}/dovecot-oauth2.conf.ext
}
`
    : '';
  const submission =
    options.submission && ports.submission
      ? `hostname = localhost
submission_relay_host = 127.0.0.1
submission_relay_port = ${options.submission.relayPort}
submission_relay_ssl = no
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = ${ports.submission}
  }
}
`
      : '';
  return `# Written by test/support/dovecot.ts for one test run.
base_dir = ${directory}/run
state_dir = ${directory}/state
log_path = ${directory}/dovecot.log
protocols = imap${submission ? ' submission' : ''}
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${options.oauth2 ? ` ${oauthMechanisms.join(' ')}` : ''}
# A refused login answers at once, not after Dovecot's usual 2 s, and the next one from the same address is not
# held back either (the auth penalty, off without its anvil socket): a 2 s access token would expire meanwhile.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
first_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${directory}/users
}
${oauth2}userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${directory}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
${submission}`;
}

/** Token checks at the test's introspection endpoint (RFC 7662): `{"active": true, "username": …}`. */
function oauth2Configuration(introspectionUrl: string): string {
  return `introspection_url = ${introspectionUrl}
introspection_mode = post
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
`;
}

/** Resolves once the server greets on the port; rejects if Dovecot exits first or takes too long. */
async function untilGreeting(
  port: number,
  greeting: string,
  server: ChildProcess,
  logFile: string,
): Promise<void> {
  let exited = false;
  server.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith(greeting));
      });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    if (exited || Date.now() > deadline) {
      const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
      throw new Error(`Dovecot did not start on port ${port}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const binary = locate('dovecot');
  if (!binary) throw new Error(`Dovecot is not installed: ${installHint}`);
  const { stdout: version } = await run(binary, ['--version']);
  if (!version.startsWith('2.3.'))
    throw new Error(`Dovecot ${version.trim()} found; this helper writes a 2.3 configuration (Debian 12)`);
  if (process.getuid?.() !== 0) throw new Error('the Dovecot test server must be started as root');
  if (options.submission && !existsSync('/usr/lib/dovecot/submission'))
    throw new Error(`Dovecot's submission server is not installed: ${installHint}`);

  const directory = await mkdtemp(path.join(tmpdir(), 'triceps-dovecot-'));
  // Dovecot's unprivileged processes reach the sockets and the mail through this directory.
  await chmod(directory, 0o755);
  const owner = await mailOwner();
  await mkdir(path.join(directory, 'home'));
  await chown(path.join(directory, 'home'), owner.uid, owner.gid);
  const user = 'support';
  const password = randomBytes(12).toString('hex');
  await writeFile(path.join(directory, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  if (options.oauth2) {
    await writeFile(
      path.join(directory, 'dovecot-oauth2.conf.ext'),
      oauth2Configuration(options.oauth2.introspectionUrl),
      { mode: 0o644 },
    );
  }
  const configFile = path.join(directory, 'dovecot.conf');
  const logFile = path.join(directory, 'dovecot.log');

  let server: ChildProcess | undefined;
  let port = 0;
  let submissionPort: number | undefined;
  // The free port may be taken by someone else before Dovecot binds it: try another.
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    submissionPort = options.submission ? await freePort() : undefined;
    await writeFile(
      configFile,
      configuration(directory, { imap: port, submission: submissionPort }, owner, options),
    );
    const started = spawn(binary, ['-F', '-c', configFile], { stdio: 'ignore' });
    try {
      await untilGreeting(port, '* OK', started, logFile);
      if (submissionPort) await untilGreeting(submissionPort, '220 ', started, logFile);
      server = started;
    } catch (error) {
      await stop(started);
      if (attempt === 3) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const running = server;

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  return {
    host: '127.0.0.1',
    port,
    submissionPort,
    user,
    password,
    deliver: (raw, mailbox = 'INBOX') =>
      withClient(async (client) => {
        if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox);
        await client.append(mailbox, raw);
      }),
    messages: (mailbox = 'INBOX') =>
      withClient(async (client) => {
        const status = await client.status(mailbox, { messages: true }).catch(() => false as const);
        if (!status || !status.messages) return [];
        const lock = await client.getMailboxLock(mailbox, { readOnly: true });
        try {
          const listed = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
          return listed.map((message) => ({
            uid: message.uid,
            messageId: message.envelope?.messageId,
            seen: message.flags?.has('\\Seen') ?? false,
          }));
        } finally {
          lock.release();
        }
      }),
    async kick() {
      const doveadm = locate('doveadm');
      if (!doveadm) throw new Error(`doveadm is not installed: ${installHint}`);
      await run(doveadm, ['-c', configFile, 'kick', user]);
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async close() {
      await stop(running);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
