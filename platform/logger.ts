// Structured logging for every process of the system.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, name = 'triceps'): Logger {
  return pino({ name, level });
}
