// Structured logging for every process of the system: readable lines for a person at a terminal,
// one JSON object per line for log collectors.
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

/**
 * Never in a log line: credentials (authorization headers, tokens, passwords, the SMTP relay's auth) and the
 * bodies of mail and requests, wherever a caller happens to put them in the first few levels of an object.
 */
const secretFields = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'csrfToken',
  'signInCode', // a sign-in link's one-time code (not `code`: errors carry ECONNREFUSED and the like there)
  'password',
  'pass',
  'secret',
  'clientSecret',
];
const mailBodyFields = ['text', 'html', 'raw', 'body', 'textAsHtml'];
export const redactedPaths = [
  ...[...secretFields, ...mailBodyFields].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.headers["set-cookie"]',
  '*.req.headers.authorization',
];
export type LogFormat = 'pretty' | 'json';

/** `scheme://user:password@host` → `scheme://user:***@host`: a relay or mailbox URL names its password. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):[^@/\s]*@/gi, '$1:***@');
}

/** Masks credentials in URLs in the strings of a log line's fields, however they are nested (errors included). */
function maskFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskFields(item, depth + 1));
  if (value instanceof Error) {
    if (!`${value.message}${value.stack}`.includes('://')) return value;
    const masked = new Error(maskUrlCredentials(value.message));
    masked.name = value.name;
    masked.stack = value.stack && maskUrlCredentials(value.stack);
    return Object.assign(masked, maskFields({ ...value }, depth + 1));
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskFields(item, depth + 1)]));
}

/** For code that logs nothing but must be handed a logger (tests of one part). */
export const silentLogger: Logger = pino({ level: 'silent' });

export function createLogger(
  level: string,
  format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json',
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  const options: pino.LoggerOptions = {
    name: 'triceps',
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { log: (fields) => maskFields(fields) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskUrlCredentials(arg) : arg)) as Parameters<
            typeof method
          >,
        );
      },
    },
  };
  if (format === 'json') return pino(options, destination);
  // Synchronous, so that the last lines before an exit are not lost.
  return pino(
    options,
    pretty({ destination, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' }),
  );
}
