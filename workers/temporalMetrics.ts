// Where the Temporal SDK's runtime exports its worker metrics (Prometheus text on a loopback port), so that
// our /metrics can append them. The runtime is one per process and is installed before any worker.
import { createServer } from 'node:net';
import { Runtime, type TelemetryOptions } from '@temporalio/worker';

/** Telemetry for Runtime.install: the exporter on 127.0.0.1:`port`, or on a free port when `port` is 0. */
export async function temporalTelemetry(port: number): Promise<TelemetryOptions> {
  const bindAddress = `127.0.0.1:${port || (await freeLoopbackPort())}`;
  return {
    metrics: { prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true } },
  };
}

/**
 * The exporter's address in this process. Read from the runtime's options, which the SDK keeps for when it
 * re-creates the runtime after the last worker stopped, so it holds whichever system installed it first.
 */
export function temporalMetricsAddress(): string | undefined {
  const metrics = Runtime.defaultOptions.telemetryOptions?.metrics;
  return metrics && 'prometheus' in metrics ? metrics.prometheus.bindAddress : undefined;
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free loopback port');
  return address.port;
}
