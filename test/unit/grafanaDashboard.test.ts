// The Grafana dashboard in ops/ charts metrics that exist: ours from the registry, the SDK's from the list
// the integration test finds in a real scrape; and every metric of ours has a panel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/pool';
import { createMetrics, temporalSdkMetricNames } from '../../platform/metrics';

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(path.join(__dirname, '../../ops/grafana/triceps-dashboard.json'), 'utf8'),
) as { panels: Panel[] };

/** The metric names a PromQL expression selects: identifiers followed by `{`, `[`, `)` or an operator, not by `(`. */
function metricNamesIn(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without)\s*\([^)]*\)/g, '');
  return [...withoutLabels.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((match) => match[1]!)
    .filter((name) => name.includes('_') && !/^\d/.test(name));
}

/** Our registry's series names: histograms as their _bucket, _sum and _count. */
function registryNames(): Set<string> {
  // The gauges register with a record and a calendar; none is read here.
  const metrics = createMetrics({ db: {} as Database, calendarCoverage: async () => [] });
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}

const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

test('the dashboard has panels with queries', () => {
  expect(exprs.length).toBeGreaterThan(10);
});

test('every metric the dashboard queries exists in our registry or among the SDK metrics a scrape carries', () => {
  const known = new Set([...registryNames(), ...temporalSdkMetricNames]);
  const unknown = exprs.flatMap(metricNamesIn).filter((name) => !known.has(name));
  expect(unknown).toEqual([]);
});

test('every triceps_ metric and every SDK metric we list has a panel', () => {
  const charted = new Set(
    exprs.flatMap(metricNamesIn).map((name) => name.replace(/_(bucket|sum|count)$/, '')),
  );
  const ours = [...registryNames()].filter((name) => name.startsWith('triceps_'));
  const uncharted = [...ours, ...temporalSdkMetricNames]
    .map((name) => name.replace(/_(bucket|sum|count)$/, ''))
    .filter((name) => !charted.has(name));
  expect(uncharted).toEqual([]);
});

test('metric names are read from PromQL, not functions, keywords or labels', () => {
  expect(
    metricNamesIn(
      'histogram_quantile(0.95, sum by (le, activity_type) (rate(temporal_activity_execution_latency_bucket[5m])))',
    ),
  ).toEqual(['temporal_activity_execution_latency_bucket']);
  expect(
    metricNamesIn('sum by (urgency) (max by (status, urgency) (triceps_tickets{status!~"resolved"}))'),
  ).toEqual(['triceps_tickets']);
});
