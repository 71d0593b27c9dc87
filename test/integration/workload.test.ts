// The scheduler inside the running system: an emergency pre-empts planned work and every client
// whose date moved gets one letter with the new date; staff see workload calendars and accuracy.
import { bookedMinutes, MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, asWritten, letterKinds, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 30 * MINUTE, emergencyTakeWindowMs: 60 * MINUTE });
  token = await system.addStaff('solo@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

test('an emergency pre-empts planned work: the planned client gets exactly one letter with the new date', async () => {
  const planned = await openTicket(system, {
    subject: 'Медленно открывается отчёт',
    text: 'Отчёт открывается минуту.',
  });
  const beforeTriage = system.sink.mark();
  const triaged = await act(system, token, planned.number, 'triage', {
    urgency: 'normal',
    rootCause: 'product_defect',
    estimateMinutes: 120,
  });
  await waitForLetter(system, {
    to: planned.client,
    number: planned.number,
    kind: 'promise',
    after: beforeTriage,
  });

  const emergency = await openTicket(system, {
    subject: 'Авария',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  await act(system, token, emergency.number, 'triage', {
    urgency: 'emergency',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });

  const moved = await eventually(async () => {
    const ticket = (await system.api(token, `/api/tickets/${planned.number}`)).body;
    expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('promise_moved');
    return ticket;
  });
  const shift = new Date(moved.promisedAt).getTime() - new Date(triaged.body.promisedAt).getTime();
  // The estimate and the fixed margin: nothing resolved yet for the calibration to learn from.
  const emergencyBooked = bookedMinutes(system.config.policy, 60) * MINUTE;
  expect(shift).toBeGreaterThanOrEqual(emergencyBooked - MINUTE);
  expect(shift).toBeLessThanOrEqual(emergencyBooked + MINUTE);
  const newDate = await waitForLetter(system, {
    to: planned.client,
    number: planned.number,
    kind: 'new_date',
    after: beforeTriage,
  });
  expect(newDate.text).toContain(asWritten(system, moved.promisedAt));
  expect(newDate.text).toContain(asWritten(system, triaged.body.promisedAt)); // the date promised before
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(letterKinds(system, planned.client, planned.number)).toEqual(['receipt', 'promise', 'new_date']);
  await recordHistory(system, planned.number, 'promise-moved-by-emergency');
});

test("a specialist's calendar shows bookings, time off and free working time; promise accuracy is reported", async () => {
  const specialists = (await system.api(token, '/api/specialists')).body.specialists;
  const solo = specialists.find((member: { email: string }) => member.email === 'solo@netix.example');
  const from = new Date(Date.now() - 60 * MINUTE).toISOString();
  const to = new Date(Date.now() + 24 * 60 * MINUTE).toISOString();

  const timeOffStart = new Date(Date.now() + 10 * 60 * MINUTE).toISOString();
  const timeOffEnd = new Date(Date.now() + 12 * 60 * MINUTE).toISOString();
  const added = await system.api(token, `/api/specialists/${solo.id}/time-off`, {
    body: { startsAt: timeOffStart, endsAt: timeOffEnd, reason: 'Врач' },
  });
  expect(added.status).toBe(201);

  const calendar = await system.api(token, `/api/specialists/${solo.id}/calendar?from=${from}&to=${to}`);
  expect(calendar.status).toBe(200);
  expect(calendar.body.bookings.length).toBeGreaterThanOrEqual(2);
  expect(calendar.body.timeOff).toEqual([{ startsAt: timeOffStart, endsAt: timeOffEnd, reason: 'Врач' }]);
  const freeMs = calendar.body.free.reduce(
    (sum: number, period: { startsAt: string; endsAt: string }) =>
      sum + new Date(period.endsAt).getTime() - new Date(period.startsAt).getTime(),
    0,
  );
  expect(freeMs).toBeLessThan(25 * 60 * MINUTE - 2 * 60 * MINUTE); // the time off and the bookings are not free

  const team = await system.api(token, `/api/calendar?from=${from}&to=${to}`);
  expect(
    team.body.specialists.map((entry: { specialist: { email: string } }) => entry.specialist.email),
  ).toContain('solo@netix.example');

  const bad = await system.api(token, `/api/specialists/${solo.id}/calendar?from=yesterday`);
  expect(bad.status).toBe(422);

  const report = await system.api(token, `/api/reports/promise-accuracy?from=${from}&to=${to}&by=rootCause`);
  expect(report.status).toBe(200);
  expect(report.body.by).toBe('rootCause');
});

test('a lead manages specialists through the API; whoever is on call is paged for an emergency', async () => {
  const created = await system.api(token, '/api/specialists', {
    body: { email: 'oncall-api@netix.example', name: 'Олег', skills: ['client_environment'] },
  });
  expect(created.status).toBe(201);
  expect(created.body.specialist).toMatchObject({
    role: 'specialist',
    skills: ['client_environment'],
    onCall: false,
  });
  const oleg = created.body.token as string;
  expect((await system.api(oleg, '/api/specialists')).status).toBe(200);
  expect(
    (await system.api(oleg, '/api/specialists', { body: { email: 'x@netix.example', name: 'X' } })).status,
  ).toBe(403);

  const invalid = await system.api(token, `/api/specialists/${created.body.specialist.id}`, {
    method: 'PATCH',
    body: { weeklyHours: { '1': [{ start: '9am', end: '18:00' }] } },
  });
  expect(invalid.status).toBe(422);
  const onDuty = await system.api(token, `/api/specialists/${created.body.specialist.id}`, {
    method: 'PATCH',
    body: { onCall: true },
  });
  expect(onDuty.body.specialist.onCall).toBe(true);

  const emergency = await openTicket(system, {
    subject: 'Авария',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  const page = await waitForLetter(system, {
    to: 'oncall-api@netix.example',
    number: emergency.number,
    kind: 'emergency_page',
    after: emergency.since,
  });
  expect(page.to).toContain('oncall-api@netix.example');
});

test('staff move a ticket to another specialist; the client is told the new date', async () => {
  const busy = await system.api(token, '/api/specialists', {
    body: { email: 'busy@netix.example', name: 'Занятая' },
  });
  const ticket = await openTicket(system, { subject: 'Не печатает', text: 'Принтер не печатает отчёт.' });
  const triaged = await act(system, token, ticket.number, 'triage', {
    urgency: 'normal',
    rootCause: 'client_environment',
    estimateMinutes: 60,
  });
  await waitForLetter(system, {
    to: ticket.client,
    number: ticket.number,
    kind: 'promise',
    after: ticket.since,
  });
  // Fill the new specialist's calendar, then move the ticket there: it will be done later.
  const filler = await openTicket(system, { subject: 'Долгая задача', text: 'Большая работа.' });
  await act(system, token, filler.number, 'triage', {
    urgency: 'normal',
    rootCause: 'misuse',
    estimateMinutes: 600,
  });
  await act(system, token, filler.number, 'assign', { specialist: 'busy@netix.example' });

  const beforeMoving = system.sink.mark();
  const moved = await act(system, token, ticket.number, 'assign', { specialist: 'busy@netix.example' });
  expect(moved.status).toBe(200);
  expect(moved.body.assignee).toBe('busy@netix.example');
  expect(new Date(moved.body.promisedAt).getTime()).toBeGreaterThan(
    new Date(triaged.body.promisedAt).getTime(),
  );
  const newDate = await waitForLetter(system, {
    to: ticket.client,
    number: ticket.number,
    kind: 'new_date',
    after: beforeMoving,
  });
  expect(newDate.text).toContain(asWritten(system, moved.body.promisedAt));
  expect(letterKinds(system, ticket.client, ticket.number)).toEqual(['receipt', 'promise', 'new_date']);
  const calendar = await system.api(token, `/api/specialists/${busy.body.specialist.id}/calendar`);
  expect(calendar.body.bookings.map((booking: { ticket: string }) => booking.ticket)).toEqual([
    filler.number,
    ticket.number,
  ]);
  expect((await act(system, token, ticket.number, 'assign', { specialist: 'nobody' })).status).toBe(422);
  const stranger = await act(system, token, ticket.number, 'assign', { specialist: 'ghost@netix.example' });
  expect(stranger.status).toBe(422);
  expect(stranger.body.errors[0].field).toBe('specialist');
});

test('teams filter the workload view, and the on-call rota decides who is paged now', async () => {
  const network = await system.api(token, '/api/specialists', {
    body: { email: 'rota@netix.example', name: 'Роман', team: 'network', skills: ['client_environment'] },
  });
  expect(network.body.specialist.team).toBe('network');
  const teamView = await system.api(token, '/api/calendar?team=network');
  expect(
    teamView.body.specialists.map((entry: { specialist: { email: string } }) => entry.specialist.email),
  ).toEqual(['rota@netix.example']);

  const shift = await system.api(token, `/api/specialists/${network.body.specialist.id}/on-call`, {
    body: {
      startsAt: new Date(Date.now() - 60 * MINUTE).toISOString(),
      endsAt: new Date(Date.now() + 8 * 60 * MINUTE).toISOString(),
    },
  });
  expect(shift.status).toBe(201);
  expect((await system.api(token, '/api/on-call')).body.now).toContain('rota@netix.example');

  const emergency = await openTicket(system, {
    subject: 'Авария сети',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  const page = await waitForLetter(system, {
    to: 'rota@netix.example',
    number: emergency.number,
    kind: 'emergency_page',
    after: emergency.since,
  });
  expect(page.to).toContain('rota@netix.example');
});
