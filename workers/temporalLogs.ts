// Routes the Temporal SDK's own logs (worker state, webpack bundling) into our logger, at warn
// and above unless we are debugging, so that the console shows what matters to us.
import { DefaultLogger, Runtime, type LogLevel, type TelemetryOptions } from '@temporalio/worker';
import type { Logger } from '../platform/logger';

const pinoLevel: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Installs the process's Temporal runtime with our logger (and `telemetryOptions`, e.g. its metrics exporter). */
export function routeTemporalLogs(logger: Logger, telemetryOptions?: TelemetryOptions): void {
  if (Runtime._instance) return; // installed once per process
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'INFO' : 'WARN';
  const options = {
    logger: new DefaultLogger(level, (entry) => {
      // The SDK's lines about a workflow or activity name it in meta; ours add the ticket: both go on top.
      const { workflowId, ticket, ...meta } = entry.meta ?? {};
      const about = { ...(workflowId ? { workflowId } : {}), ...(ticket ? { ticket } : {}) };
      logger[pinoLevel[entry.level]]({ ...about, temporal: meta }, entry.message);
    }),
  };
  try {
    Runtime.install({ ...options, telemetryOptions });
  } catch (error) {
    if (!telemetryOptions) throw error;
    // E.g. TEMPORAL_METRICS_PORT taken: the workers run anyway, and /metrics goes without the SDK's metrics.
    logger.warn({ err: error }, 'the Temporal SDK metrics exporter did not start');
    Runtime.install(options);
  }
}
