// GET /metrics over real HTTP while mail comes in over SMTP and staff work a ticket: the counters, the
// gauges read from the record, the latency histogram and the Temporal SDK's worker metrics all move.
import nodemailer from 'nodemailer';
import { temporalSdkMetricNames } from '../../platform/metrics';
import { eventually } from '../support/eventually';
import { parseMetrics, valueOf, type Sample } from '../support/metricsText';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { bounceReport } from '../support/bounceReport';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;
const LEAD = 'lead@netix.example';
const triage = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 };

beforeAll(async () => {
  system = await startTestSystem({
    METRICS_CACHE_SECONDS: '0',
    METRICS_PORT: '0',
    SMTP_MAX_MESSAGE_BYTES: '20000',
  });
  token = await system.addStaff('anna@netix.example', 'specialist');
});

afterAll(async () => {
  await system?.close();
});

async function scrape(url = `${system.apiUrl}/metrics`): Promise<Sample[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

/** How much each metric moved since `before` (a metric absent before counts from 0). */
function moved(before: Sample[], after: Sample[], name: string, labels: Record<string, string> = {}) {
  return (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
}

function smtpClient() {
  return nodemailer.createTransport({ host: '127.0.0.1', port: system.smtpPort, ignoreTLS: true });
}

test('GET /metrics answers without a token, in the Prometheus text format, with help for each metric', async () => {
  const response = await fetch(`${system.apiUrl}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain('# HELP triceps_mail_received_total ');
  expect(text).toContain('# TYPE triceps_intake_to_receipt_seconds histogram');
});

test('mail received, accepted, refused and answered; the receipt latency is observed', async () => {
  const before = await scrape();
  const transport = smtpClient();
  await expect(
    transport.sendMail({ from: 'x@client.example', to: 'nobody@triceps.local', subject: 'x', text: 'x' }),
  ).rejects.toThrow(/550/);
  await expect(
    transport.sendMail({
      from: 'x@client.example',
      to: 'support@triceps.local',
      subject: 'big',
      text: 'x'.repeat(30_000),
    }),
  ).rejects.toThrow(/552/);
  transport.close();
  await openTicket(system);

  const after = await eventually(async () => {
    const samples = await scrape();
    expect(moved(before, samples, 'triceps_mail_answered_total')).toBe(1);
    return samples;
  });
  expect(
    moved(before, after, 'triceps_mail_refused_total', { channel: 'smtp', reason: 'unknown_recipient' }),
  ).toBe(1);
  expect(moved(before, after, 'triceps_mail_refused_total', { channel: 'smtp', reason: 'too_large' })).toBe(
    1,
  );
  expect(moved(before, after, 'triceps_mail_received_total', { channel: 'smtp' })).toBe(2); // the big one and the request
  expect(moved(before, after, 'triceps_mail_accepted_total', { kind: 'request' })).toBe(1);
  expect(moved(before, after, 'triceps_letters_sent_total', { kind: 'receipt' })).toBe(1);
  expect(moved(before, after, 'triceps_intake_to_receipt_seconds_count')).toBe(1);
  const latency = moved(before, after, 'triceps_intake_to_receipt_seconds_sum');
  expect(latency).toBeGreaterThan(0);
  expect(latency).toBeLessThan(30);
  expect(moved(before, after, 'triceps_intake_to_receipt_seconds_bucket', { le: '30' })).toBe(1);
});

test('tickets by status and urgency, the acknowledgement met and the promise kept follow a ticket through its life', async () => {
  const before = await scrape();
  const { number, client } = await openTicket(system);
  await eventually(async () => {
    const samples = await scrape();
    expect(moved(before, samples, 'triceps_tickets', { status: 'awaiting_triage' })).toBe(1);
    expect(moved(before, samples, 'triceps_acknowledgements', { outcome: 'pending' })).toBe(1);
  });

  const since = system.sink.mark();
  expect((await act(system, token, number, 'triage', triage)).status).toBe(200);
  await waitForLetter(system, { to: client, number, kind: 'promise', after: since });
  await eventually(async () => {
    const samples = await scrape();
    expect(moved(before, samples, 'triceps_tickets', { status: 'awaiting_triage' })).toBe(0);
    expect(moved(before, samples, 'triceps_tickets', { status: 'scheduled', urgency: 'normal' })).toBe(1);
    expect(moved(before, samples, 'triceps_acknowledgements', { outcome: 'met' })).toBe(1);
    expect(moved(before, samples, 'triceps_acknowledgements', { outcome: 'pending' })).toBe(0);
  });

  const resolved = await act(system, token, number, 'resolve', {
    whatWasFixed: 'a',
    how: 'b',
    prevention: 'c',
  });
  expect(resolved.status).toBe(200);
  const after = await eventually(async () => {
    const samples = await scrape();
    expect(moved(before, samples, 'triceps_tickets', { status: 'resolved', urgency: 'normal' })).toBe(1);
    expect(moved(before, samples, 'triceps_promises_resolved', { outcome: 'kept' })).toBe(1);
    return samples;
  });
  expect(valueOf(after, 'triceps_promises_resolved', { outcome: 'broken' })).toBe(0);
  expect(valueOf(after, 'triceps_promise_on_time_ratio')).toBe(1);
});

test('letters that the relay defers are counted failed and retried; refused ones failed for good; bounces counted', async () => {
  const before = await scrape();
  const client = `busy-${Date.now()}@client.example`;
  system.sink.defer(client, 1); // the receipt's first attempt gets 451
  const { number, receipt } = await openTicket(system, { from: client });
  system.sink.refuse(client); // then the mailbox goes away: the promise is refused with 550
  const since = system.sink.mark();
  expect((await act(system, token, number, 'triage', triage)).status).toBe(200);
  await waitForLetter(system, { to: LEAD, kind: 'step_failed', number, after: since });

  const transport = smtpClient();
  await transport.sendMail({
    envelope: { from: '', to: ['support@triceps.local'] },
    raw: bounceReport(receipt.messageId!, receipt.subject),
  });
  transport.close();

  const after = await eventually(async () => {
    const samples = await scrape();
    expect(moved(before, samples, 'triceps_letters_bounced_total')).toBe(1);
    expect(moved(before, samples, 'triceps_letters_sent_total', { kind: 'step_failed' })).toBe(1);
    return samples;
  });
  expect(
    moved(before, after, 'triceps_letters_failed_total', { kind: 'receipt', failure: 'temporary' }),
  ).toBe(1);
  expect(moved(before, after, 'triceps_letters_retried_total', { kind: 'receipt' })).toBe(1);
  expect(moved(before, after, 'triceps_letters_sent_total', { kind: 'receipt' })).toBe(1);
  expect(
    moved(before, after, 'triceps_letters_failed_total', { kind: 'promise', failure: 'permanent' }),
  ).toBe(1);
  expect(moved(before, after, 'triceps_letters_sent_total', { kind: 'promise' })).toBe(0);
  expect(moved(before, after, 'triceps_mail_accepted_total', { kind: 'automatic' })).toBe(1);
  expect(moved(before, after, 'triceps_mail_answered_total')).toBe(1); // the bounce is answered by nothing
});

test("the same scrape carries the Temporal SDK's worker metrics; the METRICS_PORT listener serves the same", async () => {
  const samples = await scrape();
  expect(
    valueOf(samples, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker' }),
  ).toBeGreaterThan(0);
  for (const name of temporalSdkMetricNames)
    expect({ name, found: valueOf(samples, name) !== undefined }).toEqual({ name, found: true });

  const ownPort = await scrape(`http://127.0.0.1:${system.metricsPort}/metrics`);
  const names = (list: Sample[]) => [...new Set(list.map((sample) => sample.name))].sort();
  expect(names(ownPort)).toEqual(names(samples));
  expect(await (await fetch(`http://127.0.0.1:${system.metricsPort}/healthz`)).status).toBe(404);
});
