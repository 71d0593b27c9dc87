// A real SMTP server on a loopback port that keeps every letter the system sends, parsed.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { LetterKind } from '../../domain/letters';

export interface CapturedLetter {
  to: string[];
  kind?: LetterKind; // from X-Triceps-Letter: which of our letters this is
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  inReplyTo?: string;
  headers: ParsedMail['headers'];
}

export interface WaitOptions {
  /** A mark taken before the action: only letters arriving after it count. Default: after the call. */
  after?: number;
  timeoutMs?: number;
}

export interface SmtpSink {
  url: string;
  letters: CapturedLetter[];
  /** How many letters have arrived so far; take it before an action and wait `after` it. */
  mark(): number;
  /** The first letter after the mark that matches; a letter that came earlier never satisfies a wait. */
  waitFor(
    predicate: (letter: CapturedLetter) => boolean,
    options?: number | WaitOptions, // a number is the timeout, for older callers
  ): Promise<CapturedLetter>;
  /** From now on, refuse mail to this address for good (550), as a relay does for a mailbox that does not exist. */
  refuse(address: string): void;
  /** Answer the next `times` letters to this address 451 (try again later), as a busy relay does. */
  defer(address: string, times?: number): void;
  /** Takes mail for a refused address again, as a mailbox that came back. */
  admit(address: string): void;
  /** The relay is down: every letter to anyone is answered 451 until `up()`, as an outage of the relay. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const letters: CapturedLetter[] = [];
  const waiters = new Set<() => void>();
  const refused = new Set<string>();
  const deferred = new Map<string, number>();
  let outage = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (outage)
        return callback(Object.assign(new Error('4.3.2 relay down, try again later'), { responseCode: 451 }));
      const deferrals = deferred.get(address.address.toLowerCase()) ?? 0;
      if (deferrals > 0) {
        deferred.set(address.address.toLowerCase(), deferrals - 1);
        return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
      }
      if (!refused.has(address.address.toLowerCase())) return callback();
      const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const kind = mail.headers.get('x-triceps-letter');
          letters.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            kind: typeof kind === 'string' ? (kind as LetterKind) : undefined,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId,
            inReplyTo: mail.inReplyTo,
            headers: mail.headers,
          });
          waiters.forEach((wake) => wake());
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const listening = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${listening}`,
    letters,
    mark: () => letters.length,
    refuse: (address) => refused.add(address.toLowerCase()),
    defer: (address, times = 1) => void deferred.set(address.toLowerCase(), times),
    admit: (address) => refused.delete(address.toLowerCase()),
    down: () => void (outage = true),
    up: () => void (outage = false),
    waitFor(predicate, options = {}) {
      const { after = letters.length, timeoutMs = 30_000 } =
        typeof options === 'number' ? { timeoutMs: options } : options;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = letters.slice(after).find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const earlier = letters.slice(0, after).filter(predicate).length;
          reject(
            new Error(
              `no matching letter within ${timeoutMs} ms after letter #${after}` +
                (earlier ? ` (${earlier} matching letter(s) came before it)` : '') +
                `; got since: ${describe(letters.slice(after))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function describe(letters: CapturedLetter[]): string {
  return letters.map((l) => `${l.kind ?? '?'} to ${l.to.join(',')}: ${l.subject}`).join(' | ') || 'nothing';
}
