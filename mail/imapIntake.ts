// Our IMAP poller: reads client requests from a mailbox we do not run ourselves and gives each to
// intake (see intake.ts); a message is marked \Seen, or moved, only once intake has stored it.
import { ImapFlow, type ImapFlowError } from 'imapflow';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { InboundEnvelope } from './inboundMessage';
import type { Intake } from './intake';
import { OAuthTokenError, type AccessTokens } from './oauthTokens';

export interface ImapOptions {
  host: string;
  port: number;
  /** TLS from the first byte (imaps, port 993); otherwise STARTTLS if the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** Log in with SASL XOAUTH2 (or OAUTHBEARER, if offered) with these tokens instead of the password. */
  oauth2?: AccessTokens;
  /** Where requests arrive; INBOX unless set. */
  mailbox?: string;
  /** Processed messages are moved here (created if missing); without it they are marked \Seen. */
  processedMailbox?: string;
  /** The fallback poll; new mail is normally noticed at once through IDLE. */
  pollIntervalMs?: number;
  /** First and longest pause before reconnecting after the connection broke. */
  reconnectDelayMs?: { min: number; max: number };
}

/** The server refused the login or the mailbox: retrying will not help until someone fixes it. */
class SetupRefused extends Error {}

export interface ImapIntake {
  /** Whether the mailbox is being read now, and if not, what went wrong last (for logs and health checks). */
  health(): ImapHealth;
  close(): Promise<void>;
}

export interface ImapHealth {
  connected: boolean;
  problem?: string;
}

const defaultPollIntervalMs = 60_000;
const defaultReconnectDelayMs = { min: 1_000, max: 60_000 };
// Headers a delivering MTA adds: the SMTP envelope, which IMAP itself does not carry.
const envelopeHeaders = ['return-path', 'delivered-to', 'x-original-to'];

/**
 * Reads `imap://user:password@host:143` or `imaps://user:password@host:993` (user and password URL-encoded);
 * with OAuth2 the URL has no password: `imaps://support%40netix.ru@outlook.office365.com:993`.
 */
export function imapOptionsFromUrl(url: string, mailbox?: string, processedMailbox?: string): ImapOptions {
  const example = 'e.g. imaps://support%40example.com:secret@imap.example.com:993';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`IMAP URL ${JSON.stringify(url)} is not a URL: ${example}`);
  }
  const secure = parsed.protocol === 'imaps:';
  if (!secure && parsed.protocol !== 'imap:')
    throw new Error(`IMAP URL must start with imap:// or imaps://, got ${parsed.protocol}//: ${example}`);
  if (!parsed.hostname || !parsed.username)
    throw new Error(`IMAP URL must name the host and the user: ${example}`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: mailbox || 'INBOX',
    processedMailbox: processedMailbox || undefined,
    pollIntervalMs: defaultPollIntervalMs,
  };
}

/** The addresses in the envelope headers, e.g. `Return-Path: <ivan@client.example>`. */
export function envelopeFromHeaders(headers: string, login: string): InboundEnvelope {
  const fields = headers
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => /^([\w-]+):\s*(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, name, value]) => ({
      name: name!.toLowerCase(),
      address: /<([^>]*)>/.exec(value!)?.[1] ?? value!.trim(),
    }));
  const mailFrom = fields.find((field) => field.name === 'return-path')?.address || undefined;
  const recipients = fields
    .filter((field) => field.name !== 'return-path' && field.address)
    .map((field) => field.address.toLowerCase());
  // Without Delivered-To the recipient is the mailbox we read, when its login is an address.
  const rcptTo =
    recipients.length > 0 ? [...new Set(recipients)] : login.includes('@') ? [login.toLowerCase()] : [];
  return { mailFrom, rcptTo };
}

export async function startImapIntake(
  intake: Pick<Intake, 'accept'>,
  options: ImapOptions,
  logger: Logger,
  metrics?: Metrics,
): Promise<ImapIntake> {
  const mailbox = options.mailbox ?? 'INBOX';
  const reconnectDelay = options.reconnectDelayMs ?? defaultReconnectDelayMs;
  const log = logger.child({ imap: `${options.user}@${options.host}:${options.port}/${mailbox}` });

  let closing = false;
  let problem: string | undefined; // the last reason the mailbox could not be read, until it can again
  let connection: ImapFlow | undefined; // logged in, the mailbox open
  let dialing: ImapFlow | undefined; // still connecting: close() must not wait out its timeout
  let wakeFromPause: () => void = () => {};

  // One pass at a time: a request arriving during a pass runs one more pass after it.
  let passWanted = false;
  let passes: Promise<void> | undefined;
  function requestPass(): void {
    passWanted = true;
    passes ??= (async () => {
      while (passWanted && !closing) {
        passWanted = false;
        const client = connection;
        if (client?.usable) await pass(client);
      }
    })()
      .catch((error: unknown) => log.error({ err: error }, 'mailbox pass failed'))
      .finally(() => {
        passes = undefined;
        if (passWanted && !closing) requestPass();
      });
  }

  async function pass(client: ImapFlow): Promise<void> {
    const lock = await client.getMailboxLock(mailbox).catch((error: unknown) => {
      log.warn({ err: error }, 'mailbox could not be opened; reconnecting');
      client.close();
    });
    if (!lock) return;
    try {
      const query = options.processedMailbox ? { deleted: false } : { seen: false, deleted: false };
      const uids = await client.search(query, { uid: true });
      if (!Array.isArray(uids)) throw new Error(`IMAP SEARCH in ${mailbox} was refused`);
      for (const uid of uids) {
        if (closing) break;
        await processMessage(client, uid);
      }
    } catch (error) {
      log.warn({ err: error }, 'mailbox pass failed; reconnecting');
      client.close();
    } finally {
      lock.release();
    }
  }

  async function processMessage(client: ImapFlow, uid: number): Promise<void> {
    const message = await client.fetchOne(
      String(uid),
      { uid: true, source: true, headers: envelopeHeaders },
      { uid: true },
    );
    if (!message || !message.source) return; // expunged by someone else meanwhile
    metrics?.mail.received.inc({ channel: 'imap' });
    try {
      await intake.accept(
        message.source,
        envelopeFromHeaders(message.headers?.toString() ?? '', options.user),
      );
    } catch (error) {
      // Left as it is, so the next pass tries again; the other messages go on.
      metrics?.mail.refused.inc({ channel: 'imap', reason: 'temporary_failure' });
      log.error({ err: error, uid }, 'mail could not be stored; will retry on the next poll');
      return;
    }
    if (options.processedMailbox) {
      await client.messageMove(String(uid), options.processedMailbox, { uid: true });
    } else {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }

  /** One connection, from login until the server or the network ends it. */
  async function session(connected: () => void): Promise<void> {
    const token = await options.oauth2?.get().catch((error: unknown) => {
      if (error instanceof OAuthTokenError && error.lasting)
        throw new SetupRefused(error.message, { cause: error });
      throw error;
    });
    const client = new ImapFlow({
      host: options.host,
      port: options.port,
      secure: options.secure,
      auth: token
        ? { user: options.user, accessToken: token.value }
        : { user: options.user, pass: options.password },
      logger: false,
      // IDLE soon after each pass, so new mail is reported at once rather than at the next poll.
      autoIdleDelay: 1_000,
    });
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => log.warn({ err: error }, 'IMAP connection failed'));
    client.on('exists', (change) => {
      if (change.count > change.prevCount) requestPass();
    });
    const server = `${options.host}:${options.port}`;
    dialing = client;
    try {
      await client.connect().catch((error: ImapFlowError) => {
        if (!error.authenticationFailed) throw error;
        if (token) {
          options.oauth2?.refused(token.value);
          throw new SetupRefused(
            `IMAP login as ${options.user} at ${server} with an OAuth2 access token was refused` +
              ' (is the application allowed to open this mailbox?)',
            { cause: error },
          );
        }
        throw new SetupRefused(`IMAP login as ${options.user} at ${server} was refused`, { cause: error });
      });
      const refused = (name: string) => (error: ImapFlowError) => {
        if (error.responseStatus !== 'NO') throw error;
        throw new SetupRefused(
          `IMAP mailbox ${JSON.stringify(name)} at ${server} cannot be used: ${error.responseText}`,
          { cause: error },
        );
      };
      const processed = options.processedMailbox;
      if (processed) await client.mailboxCreate(processed).catch(refused(processed));
      await client.mailboxOpen(mailbox).catch(refused(mailbox));
    } catch (error) {
      client.close();
      throw error;
    } finally {
      dialing = undefined;
    }
    connection = client;
    problem = undefined;
    connected();
    log.info('IMAP intake connected');
    if (closing) await client.logout().catch(() => client.close());
    else requestPass();
    await ended;
    if (connection === client) connection = undefined;
  }

  let firstAttempt!: { resolve(): void; reject(error: unknown): void };
  const started = new Promise<void>((resolve, reject) => (firstAttempt = { resolve, reject }));

  const supervisor = (async () => {
    let delay = reconnectDelay.min;
    let first = true;
    while (!closing) {
      try {
        await session(() => {
          delay = reconnectDelay.min;
          if (first) firstAttempt.resolve();
        });
        if (!closing) log.warn('IMAP connection closed; reconnecting');
      } catch (error) {
        if (first && error instanceof SetupRefused) {
          // A wrong password or a missing mailbox does not fix itself: fail the start, not retry forever.
          firstAttempt.reject(error);
          return;
        }
        problem = error instanceof Error ? error.message : String(error);
        if (error instanceof SetupRefused) {
          // Refused while running (a revoked token, say): say so loudly, and keep trying in case it is fixed.
          log.error({ err: error, retryInMs: delay }, `IMAP mailbox cannot be read: ${problem}`);
        } else {
          log.warn({ err: error, retryInMs: delay }, 'IMAP connection failed; reconnecting');
        }
      }
      if (first) firstAttempt.resolve(); // an unreachable server at start is retried in the background
      first = false;
      if (closing) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeFromPause = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, reconnectDelay.max);
    }
  })();

  await started;
  const poll = setInterval(requestPass, options.pollIntervalMs ?? defaultPollIntervalMs);

  return {
    health: () => ({ connected: connection?.usable ?? false, problem }),
    async close() {
      closing = true;
      clearInterval(poll);
      wakeFromPause();
      dialing?.close();
      await passes;
      const client = connection;
      if (client) await client.logout().catch(() => client.close());
      await supervisor;
    },
  };
}
