// Structured logging for every process of the system: readable lines for a person at a terminal,
// one JSON object per line for log collectors.
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

/**
 * Never in a log line: credentials (authorization headers, tokens, passwords, the SMTP relay's auth) and the
 * bodies of mail and requests, wherever a caller happens to put them in the first few levels of an object.
 */
const secretFields = ['authorization', 'cookie', 'token', 'password', 'pass', 'secret'];
const mailBodyFields = ['text', 'html', 'raw', 'body', 'textAsHtml'];
export const redactedPaths = [
  ...[...secretFields, ...mailBodyFields].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  '*.req.headers.authorization',
];
export type LogFormat = 'pretty' | 'json';

export function createLogger(
  level: string,
  format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json',
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  const options = { name: 'triceps', level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  if (format === 'json') return pino(options, destination);
  // Synchronous, so that the last lines before an exit are not lost.
  return pino(
    options,
    pretty({ destination, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' }),
  );
}
