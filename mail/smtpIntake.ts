// Our inbound SMTP listener: a message is accepted (250) only once its raw bytes are committed
// to PostgreSQL (see intake.ts).
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Intake } from './intake';

export interface IntakeOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  recipients: string[]; // the mailboxes we accept mail for
  tls?: { certFile: string; keyFile: string };
  auth?: { user: string; password: string };
}

export interface SmtpIntake {
  port: number;
  /** Listening and taking mail: false once draining starts. */
  takingMail(): boolean;
  /**
   * Stops taking mail: new connections and new transactions are answered 421; a message already past MAIL FROM
   * goes on, and its DATA is stored and answered 250. Resolves when none is left, or after `graceMs`.
   */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

const closing = '4.3.2 Service closing, try again later';

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/** The whole message; once it is over the limit the rest is read and dropped, so memory stays bounded. */
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    if ((stream as Readable & { sizeExceeded?: boolean }).sizeExceeded) chunks.length = 0;
    else chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startSmtpIntake(
  intake: Pick<Intake, 'accept'>,
  options: IntakeOptions,
  logger: Logger,
  metrics?: Metrics,
): Promise<SmtpIntake> {
  const refuse = (reason: string) => metrics?.mail.refused.inc({ channel: 'smtp', reason });
  const accepted = new Set(options.recipients.map((address) => address.toLowerCase()));
  const tls = options.tls && {
    cert: await readFile(options.tls.certFile),
    key: await readFile(options.tls.keyFile),
  };

  let draining = false;
  const transactions = new Set<string>(); // sessions past MAIL FROM whose message is not answered yet
  let lastTransactionEnded = () => {};
  const endTransaction = (session: SMTPServerSession) => {
    if (transactions.delete(session.id) && transactions.size === 0) lastTransactionEnded();
  };

  async function receive(stream: Readable, session: SMTPServerSession): Promise<void> {
    const raw = await readAll(stream);
    if ((stream as Readable & { sizeExceeded?: boolean }).sizeExceeded) {
      throw new SmtpError(`5.3.4 Message exceeds the limit of ${options.maxMessageBytes} bytes`, 552);
    }
    // An authenticated relay is ours: the sender's server is the one its Received header names, not the relay.
    const sender = session.user ? {} : { clientIp: session.remoteAddress, helo: session.hostNameAppearsAs };
    await intake.accept(raw, {
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
      rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
      ...sender,
    });
  }

  const server = new SMTPServer({
    name: 'triceps-support',
    banner: 'Triceps Support intake',
    size: options.maxMessageBytes,
    authOptional: true, // we are the MX for the support address: anyone may mail it
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(tls ? [] : ['STARTTLS'])],
    allowInsecureAuth: !tls, // without TLS, a relay on our network may still authenticate
    ...(tls ?? {}),
    logger: false,
    closeTimeout: 1000, // a session idle on close is answered 421 at its next command, or after this
    onConnect(_session, callback) {
      callback(draining ? new SmtpError(closing, 421) : undefined);
    },
    onMailFrom(_address, session, callback) {
      if (draining) return callback(new SmtpError(closing, 421));
      transactions.add(session.id);
      callback();
    },
    onClose(session) {
      endTransaction(session);
    },
    onAuth(auth, _session, callback) {
      const valid =
        options.auth && auth.username === options.auth.user && auth.password === options.auth.password;
      if (valid) return callback(null, { user: auth.username });
      callback(new SmtpError('5.7.8 Authentication credentials invalid', 535));
    },
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) return callback();
      refuse('unknown_recipient');
      callback(new SmtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
    },
    onData(stream, session, callback) {
      metrics?.mail.received.inc({ channel: 'smtp' });
      receive(stream, session)
        .then(
          () => callback(),
          (error: Error) => {
            if (!(error instanceof SmtpError)) logger.error({ err: error }, 'mail could not be stored');
            refuse(
              error instanceof SmtpError && error.responseCode === 552 ? 'too_large' : 'temporary_failure',
            );
            callback(
              error instanceof SmtpError ? error : new SmtpError('4.3.0 Temporary failure, try again', 451),
            );
          },
        )
        .finally(() => endTransaction(session));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      draining = true;
      server.close(() => resolve());
    }));

  return {
    port,
    takingMail: () => !draining && !closed && server.server.listening,
    async drain(graceMs) {
      draining = true;
      if (transactions.size > 0) {
        logger.info({ sessions: transactions.size }, 'SMTP: finishing the messages in flight');
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          lastTransactionEnded = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      await close();
    },
    close,
  };
}
