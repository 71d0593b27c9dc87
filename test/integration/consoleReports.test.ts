// The console's reports over real tickets: acknowledgement on time, what came in, effort, emergencies.
import { DateTime } from 'luxon';
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { act, openTicket, type OpenedTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const ACK_MS = 20_000;
let system: TestSystem;
let lead: string;
let anna: string;
let unanswered: OpenedTicket; // the deadline passed, nobody answered
let answeredLate: OpenedTicket; // triaged after the deadline
let answered: OpenedTicket; // triaged at once
let pending: OpenedTicket; // the deadline still ahead
const zone = 'Europe/Moscow';
const local = (at: DateTime) => at.setZone(zone).toISO({ suppressMilliseconds: true });

async function acknowledged(number: string) {
  await eventually(async () => {
    expect((await system.api(lead, `/api/tickets/${number}`)).body.acknowledgedAt).not.toBeNull();
  });
}

beforeAll(async () => {
  // Twenty seconds to acknowledge in, and no automatic promise to rescue a late answer.
  system = await startTestSystem(
    { SUPPORT_TIME_ZONE: zone },
    { ackWorkingMs: ACK_MS, autoPromiseShare: 100, emergencyTakeWindowMs: 600 * MINUTE },
  );
  lead = await system.addStaff('lead@netix.example', 'lead');
  anna = await system.addStaff('anna@netix.example');
  unanswered = await openTicket(system, { subject: 'Не приходят уведомления' });
  answeredLate = await openTicket(system, { subject: 'Сбой обмена с банком' });
  answered = await openTicket(system, { subject: 'Ошибка в счёте' });
  await act(system, lead, answered.number, 'triage', {
    urgency: 'normal',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  const deadline = (await system.api(lead, `/api/tickets/${answeredLate.number}`)).body.ackDeadline;
  await new Promise((resolve) => setTimeout(resolve, new Date(deadline).getTime() - Date.now() + 1000));
  await act(system, lead, answeredLate.number, 'triage', {
    urgency: 'high',
    rootCause: 'client_environment',
    estimateMinutes: 30,
  });
  pending = await openTicket(system, { subject: 'Вопрос по тарифу', from: answered.client });
  await acknowledged(answered.number);
  await acknowledged(answeredLate.number);
}, 90_000);

afterAll(async () => {
  await system?.close();
});

test('acknowledgement: met, missed (late or never), pending, overall and per calendar week and month', async () => {
  const now = DateTime.now();
  const from = now.minus({ weeks: 3 }).toUTC().toISO();
  const to = now.plus({ minutes: 1 }).toUTC().toISO();
  const waiting = (await system.api(lead, `/api/tickets/${pending.number}`)).body;
  expect(waiting.acknowledgedAt).toBeNull();
  expect(new Date(waiting.ackDeadline).getTime()).toBeGreaterThan(Date.now());
  const weekly = await system.api(lead, `/api/reports/acknowledgement?from=${from}&to=${to}&by=week`);
  expect(weekly.status).toBe(200);
  expect(weekly.body).toMatchObject({ by: 'week', met: 1, missed: 2, pending: 1, share: 1 / 3 });
  const thisWeek = local(now.setZone(zone).startOf('week'));
  expect(weekly.body.periods.at(-1)).toEqual({
    start: thisWeek,
    met: 1,
    missed: 2,
    pending: 1,
    share: 1 / 3,
  });
  expect(weekly.body.periods.map((period: { start: string }) => period.start)).toEqual(
    [3, 2, 1, 0].map((weeks) => local(now.setZone(zone).startOf('week').minus({ weeks }))),
  );
  expect(weekly.body.periods[0]).toMatchObject({ met: 0, missed: 0, pending: 0, share: null });

  const monthly = await system.api(lead, `/api/reports/acknowledgement?from=${from}&to=${to}&by=month`);
  expect(monthly.body.periods.at(-1)).toMatchObject({
    start: local(now.setZone(zone).startOf('month')),
    met: 1,
    missed: 2,
    pending: 1,
  });

  const byDefault = await system.api(lead, '/api/reports/acknowledgement');
  expect(byDefault.body).toMatchObject({ by: 'week', met: 1, missed: 2, pending: 1 });
  const days = DateTime.fromISO(byDefault.body.to).diff(DateTime.fromISO(byDefault.body.from), 'days').days;
  expect(days).toBe(84);

  expect((await system.api(lead, '/api/reports/acknowledgement?by=day')).status).toBe(422);
  expect((await system.api(lead, `/api/reports/acknowledgement?from=${to}&to=${from}`)).status).toBe(422);
});

test('tickets received by urgency and by the root cause a specialist assessed', async () => {
  // The automatic guess is on the ticket, but nobody has assessed it: the report says so.
  expect((await system.api(lead, `/api/tickets/${unanswered.number}`)).body.rootCause).not.toBeNull();
  const report = await system.api(lead, '/api/reports/tickets');
  expect(report.status).toBe(200);
  expect(report.body.byUrgency).toEqual([
    { urgency: 'normal', count: 3 },
    { urgency: 'high', count: 1 },
    { urgency: 'emergency', count: 0 },
  ]);
  expect(report.body.byRootCause).toEqual([
    { rootCause: null, count: 2 },
    { rootCause: 'product_defect', count: 1 },
    { rootCause: 'client_environment', count: 1 },
    { rootCause: 'misuse', count: 0 },
    { rootCause: 'unknown', count: 0 },
  ]);
  expect(report.body.matrix).toHaveLength(3);
  expect(report.body.matrix).toEqual(
    expect.arrayContaining([
      { urgency: 'normal', rootCause: null, count: 2 },
      { urgency: 'normal', rootCause: 'product_defect', count: 1 },
      { urgency: 'high', rootCause: 'client_environment', count: 1 },
    ]),
  );
  const before = DateTime.now().minus({ weeks: 20 });
  const empty = await system.api(
    lead,
    `/api/reports/tickets?from=${before.toUTC().toISO()}&to=${before.plus({ weeks: 1 }).toUTC().toISO()}`,
  );
  expect(empty.body.byUrgency.map((row: { count: number }) => row.count)).toEqual([0, 0, 0]);
});

test('effort: the minutes logged by specialist, by root cause and by week', async () => {
  for (const [token, number, minutes] of [
    [lead, answered.number, 30],
    [anna, answered.number, 45],
    [anna, answeredLate.number, 15],
  ] as const) {
    expect((await act(system, token, number, 'log-time', { minutes })).status).toBe(200);
  }
  const effort = async (by: string) => (await system.api(lead, `/api/reports/effort?by=${by}`)).body;
  expect(await effort('specialist')).toMatchObject({
    by: 'specialist',
    rows: [
      { key: 'anna@netix.example', minutes: 60, tickets: 2 },
      { key: 'lead@netix.example', minutes: 30, tickets: 1 },
    ],
  });
  expect((await effort('rootCause')).rows).toEqual([
    { key: 'product_defect', minutes: 75, tickets: 1 },
    { key: 'client_environment', minutes: 15, tickets: 1 },
  ]);
  expect((await effort('week')).rows).toEqual([
    { key: DateTime.now().setZone(zone).startOf('week').toISODate(), minutes: 90, tickets: 2 },
  ]);
});

test('emergencies per 100 active clients, month by month', async () => {
  const emergency = await openTicket(system, {
    subject: 'Авария',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  expect((await system.api(lead, `/api/tickets/${emergency.number}`)).body.urgency).toBe('emergency');
  const now = DateTime.now();
  const from = now.minus({ days: 40 });
  const report = await system.api(
    lead,
    `/api/reports/emergencies?from=${from.toUTC().toISO()}&to=${now.plus({ minutes: 1 }).toUTC().toISO()}`,
  );
  expect(report.status).toBe(200);
  const months: string[] = [];
  for (let month = from.setZone(zone).startOf('month'); month <= now; month = month.plus({ months: 1 })) {
    months.push(month.toFormat('yyyy-MM'));
  }
  expect(report.body.months.map((row: { month: string }) => row.month)).toEqual(months);
  // Five tickets from four addresses: one client wrote twice.
  expect(report.body.months.at(-1)).toEqual({
    month: now.setZone(zone).toFormat('yyyy-MM'),
    emergencies: 1,
    clients: 4,
    per100Clients: 25,
  });
  expect(report.body.months[0]).toEqual({
    month: months[0],
    emergencies: 0,
    clients: 0,
    per100Clients: null,
  });
});
