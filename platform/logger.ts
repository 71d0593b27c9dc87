// Structured logging for every process of the system: readable lines for a person at a terminal,
// one JSON object per line for log collectors.
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogFormat = 'pretty' | 'json';

export function createLogger(
  level: string,
  format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json',
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  const options = { name: 'triceps', level };
  if (format === 'json') return pino(options, destination);
  // Synchronous, so that the last lines before an exit are not lost.
  return pino(
    options,
    pretty({ destination, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' }),
  );
}
