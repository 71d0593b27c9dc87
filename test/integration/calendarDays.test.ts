// The team calendar on the real Russian production calendar: each day's kind and hours, and bookings that
// say which ticket they are (subject, urgency) so that a chart can label them.
import { act, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia', SUPPORT_TIME_ZONE: 'Europe/Moscow' });
  lead = await system.addStaff('lead@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

const summary = (days: { date: string; kind: string; opens: string | null; closes: string | null }[]) =>
  days.map(({ date, kind, opens, closes }) => `${date} ${kind} ${opens ?? '-'}–${closes ?? '-'}`);

test('the team calendar over New Year: Dec 31 and Jan 1–8 are holidays, Jan 9–10 the weekend', async () => {
  const from = encodeURIComponent('2026-12-28T00:00:00+03:00');
  const to = encodeURIComponent('2027-01-12T00:00:00+03:00');
  const team = await system.api(lead, `/api/calendar?from=${from}&to=${to}`);
  expect(team.status).toBe(200);
  expect(summary(team.body.days)).toEqual([
    '2026-12-28 working 09:00–18:00',
    '2026-12-29 working 09:00–18:00',
    '2026-12-30 working 09:00–18:00',
    '2026-12-31 holiday -–-',
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((day) => `2027-01-0${day} holiday -–-`),
    '2027-01-09 weekend -–-',
    '2027-01-10 weekend -–-',
    '2027-01-11 working 09:00–18:00',
  ]);
});

test("a specialist's calendar marks the shortened day before Unity Day and the weekend before it", async () => {
  const specialists = (await system.api(lead, '/api/specialists')).body.specialists;
  const from = encodeURIComponent('2026-10-31T00:00:00+03:00');
  const to = encodeURIComponent('2026-11-05T00:00:00+03:00');
  const own = await system.api(lead, `/api/specialists/${specialists[0].id}/calendar?from=${from}&to=${to}`);
  expect(own.status).toBe(200);
  expect(summary(own.body.days)).toEqual([
    '2026-10-31 weekend -–-',
    '2026-11-01 weekend -–-',
    '2026-11-02 working 09:00–18:00',
    '2026-11-03 shortened 09:00–17:00',
    '2026-11-04 holiday -–-',
  ]);
});

test("a booking on the calendar names its ticket's subject and urgency", async () => {
  const ticket = await openTicket(system, { subject: 'Не выгружается реестр' });
  const triaged = await act(system, lead, ticket.number, 'triage', {
    urgency: 'high',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  expect(triaged.status).toBe(200);
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
  const team = await system.api(lead, `/api/calendar?from=${from}&to=${to}`);
  const bookings = team.body.specialists.flatMap((entry: { bookings: unknown[] }) => entry.bookings);
  expect(bookings).toEqual([
    expect.objectContaining({
      ticket: ticket.number,
      subject: 'Не выгружается реестр',
      urgency: 'high',
      status: 'scheduled',
      endsAt: triaged.body.promisedAt,
    }),
  ]);
  expect(team.body.days.length).toBeGreaterThanOrEqual(30);
});
