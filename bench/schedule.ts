// `npm run bench:schedule [latency|simulation]`: the scheduling benchmarks, booking latency on PostgreSQL
// and a simulated month under our policy (with and without the promise margin) and first-come-first-served.
// Prints figures, asserts nothing.
import { performance } from 'node:perf_hooks';
import { runLatencyBench } from './bookingLatency';
import { runSimulationBench } from './simulation';

const benchmarks: Record<string, () => Promise<void> | void> = {
  latency: runLatencyBench,
  simulation: runSimulationBench,
};

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(benchmarks).join(', ')}`,
    );
  }
  const started = performance.now();
  for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
    const benchStarted = performance.now();
    await benchmarks[name]?.();
    console.log(`  (${name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s)\n`);
  }
  console.log(`bench:schedule done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
