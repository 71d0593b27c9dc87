// Prometheus metrics of one running system: counters the intake and the letters move as things happen,
// gauges read from the ticket record when scraped, and the Temporal SDK's worker metrics appended, so
// one scrape of GET /metrics gets all. Served by the API and, with METRICS_PORT, by a listener of its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { recordSnapshot, type RecordSnapshot } from '../db/metricsRecord';
import type { Database } from '../db/pool';
import { ticketStatuses, urgencies } from '../domain/ticket';

/** The window of the acknowledgement and promise gauges. */
export const recordWindowDays = 30;

/** The Temporal SDK metrics our dashboard charts: the core exports them, not our registry. */
export const temporalSdkMetricNames = [
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_num_pollers',
  'temporal_workflow_task_schedule_to_start_latency_bucket',
  'temporal_workflow_task_execution_latency_bucket',
  'temporal_activity_schedule_to_start_latency_bucket',
  'temporal_activity_execution_latency_bucket',
  'temporal_activity_execution_failed_total',
  'temporal_request_total',
  'temporal_sticky_cache_size',
] as const;

export interface MetricsOptions {
  db?: Database; // the record the gauges read; without it they stay absent
  recordCacheMs?: number; // how long one read of the record serves scrapes
  temporalMetricsAddress?: () => string | undefined; // host:port of the SDK's Prometheus exporter
  /** How many days the loaded production calendar years still cover, per country or region. */
  calendarCoverage?: () => Promise<{ region: string; daysLeft: number }[]>;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const mail = {
    received: new Counter({
      name: 'triceps_mail_received_total',
      help: 'Inbound messages whose content reached us, by channel (smtp: DATA received; imap: fetched)',
      labelNames: ['channel'] as const,
      registers,
    }),
    accepted: new Counter({
      name: 'triceps_mail_accepted_total',
      help: 'Inbound messages committed to PostgreSQL, by what they are: request, reply, automatic or redelivery',
      labelNames: ['kind'] as const,
      registers,
    }),
    refused: new Counter({
      name: 'triceps_mail_refused_total',
      help: 'Inbound mail refused, by channel and reason: unknown_recipient, too_large, temporary_failure',
      labelNames: ['channel', 'reason'] as const,
      registers,
    }),
    answered: new Counter({
      name: 'triceps_mail_answered_total',
      help: 'Automatic answers (receipts) sent to the senders of requests',
      registers,
    }),
  };

  const letters = {
    sent: new Counter({
      name: 'triceps_letters_sent_total',
      help: 'Letters accepted by the relay (or written to the outbox), by kind (receipt, promise, … emergency_page)',
      labelNames: ['kind'] as const,
      registers,
    }),
    failed: new Counter({
      name: 'triceps_letters_failed_total',
      help: 'Letter sends that failed, by kind and failure: temporary (retried) or permanent (5xx, given up)',
      labelNames: ['kind', 'failure'] as const,
      registers,
    }),
    retried: new Counter({
      name: 'triceps_letters_retried_total',
      help: 'Letter sends attempted again after a failed attempt, by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    bounced: new Counter({
      name: 'triceps_letters_bounced_total',
      help: 'Bounce reports received for our letters (each letter counted once)',
      registers,
    }),
    held: new Counter({
      name: 'triceps_letters_held_total',
      help: 'Letters recorded but not sent: automatic answers to robots, over the hourly cap, or with no recipient',
      labelNames: ['kind'] as const,
      registers,
    }),
  };

  const intakeToReceipt = new Histogram({
    name: 'triceps_intake_to_receipt_seconds',
    help: 'From a request being stored (its SMTP DATA or IMAP fetch) to its receipt being accepted by the relay',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
    registers,
  });

  const readRecord = cachedRecord(options.db, options.recordCacheMs ?? 15_000);
  const since = () => new Date(Date.now() - recordWindowDays * 24 * 3600_000);
  if (readRecord) {
    new Gauge({
      name: 'triceps_tickets',
      help: 'Tickets in the record by status and urgency (untriaged: no urgency yet)',
      labelNames: ['status', 'urgency'] as const,
      registers,
      async collect() {
        const record = await readRecord(since);
        this.reset();
        for (const status of ticketStatuses)
          for (const urgency of [...urgencies, 'untriaged']) this.set({ status, urgency }, 0);
        for (const { status, urgency, count } of record.tickets) this.set({ status, urgency }, count);
      },
    });
    new Gauge({
      name: 'triceps_acknowledgements',
      help: `Tickets received in the last ${recordWindowDays} days by acknowledgement: met (dated promise or refusal by the deadline), missed, pending`,
      labelNames: ['outcome'] as const,
      registers,
      async collect() {
        const { acknowledgements } = await readRecord(since);
        for (const [outcome, count] of Object.entries(acknowledgements)) this.set({ outcome }, count);
      },
    });
    new Gauge({
      name: 'triceps_promises_resolved',
      help: `Tickets resolved in the last ${recordWindowDays} days by the promise standing at resolution: kept or broken`,
      labelNames: ['outcome'] as const,
      registers,
      async collect() {
        const { promises } = await readRecord(since);
        for (const [outcome, count] of Object.entries(promises)) this.set({ outcome }, count);
      },
    });
    new Gauge({
      name: 'triceps_promise_on_time_ratio',
      help: `Share of tickets resolved in the last ${recordWindowDays} days by their promise (NaN when none were)`,
      registers,
      async collect() {
        const { kept, broken } = (await readRecord(since)).promises;
        this.set(kept + broken === 0 ? Number.NaN : kept / (kept + broken));
      },
    });
  }

  const calendarCoverage = options.calendarCoverage;
  if (calendarCoverage) {
    new Gauge({
      name: 'triceps_production_calendar_days_left',
      help:
        'Days until the loaded production calendar years run out, per country or region (0: out); ' +
        'staff are warned from 60, and dates after it count as plain weekdays',
      labelNames: ['region'] as const,
      registers,
      async collect() {
        const coverage = await calendarCoverage();
        this.reset();
        for (const { region, daysLeft } of coverage) this.set({ region }, daysLeft);
      },
    });
  }

  return {
    registry,
    mail,
    letters,
    intakeToReceipt,
    contentType: registry.contentType,
    /** The text a scrape answers: our registry, then the SDK's exporter if this process runs one. */
    async exposition(): Promise<string> {
      const ours = await registry.metrics();
      const address = options.temporalMetricsAddress?.();
      return address ? `${ours}${await temporalSdkMetrics(address)}` : ours;
    },
  };
}

/** One read of the record serves every scrape within `cacheMs`; concurrent scrapes share it. */
function cachedRecord(db: Database | undefined, cacheMs: number) {
  if (!db) return undefined;
  let cached: { at: number; record: Promise<RecordSnapshot> } | undefined;
  return (since: () => Date): Promise<RecordSnapshot> => {
    if (!cached || Date.now() - cached.at >= cacheMs) {
      const record = recordSnapshot(db, since());
      cached = { at: Date.now(), record };
      record.catch(() => (cached = undefined)); // a failed read is not cached
    }
    return cached.record;
  };
}

/** The SDK exporter's text, or a comment saying why it is missing (the runtime is restarting, say). */
async function temporalSdkMetrics(address: string): Promise<string> {
  try {
    const response = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return `# Temporal SDK metrics at ${address} answered ${response.status}\n`;
    const text = await response.text();
    return text.endsWith('\n') ? text : `${text}\n`;
  } catch (error) {
    return `# Temporal SDK metrics at ${address} unavailable: ${(error as Error).message}\n`;
  }
}

/** GET /metrics on its own port, for a process that serves no API. */
export async function startMetricsServer(
  metrics: Metrics,
  listen: { host: string; port: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    metrics.exposition().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
