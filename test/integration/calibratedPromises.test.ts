// Calibrated promises in the running system, on the Moscow calendar: the outcomes recorded in PostgreSQL set
// the margin of the next real booking; the ticket shows the margin its promise carries, and the assign
// preview gives the date the assign then books.
import { addWorkingTime, russianCalendar } from '../../domain/calendar';
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { recordOutcome } from '../support/promiseOutcomes';
import { addSpecialistAway } from '../support/specialists';
import { act, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;
const calendar = russianCalendar();

beforeAll(async () => {
  system = await startTestSystem(
    { SUPPORT_CALENDAR: 'russia' },
    { ackWorkingMs: 600 * MINUTE, autoPromiseShare: 0.99 },
  );
  lead = await system.addStaff('solo@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

interface BookingRow {
  starts_at: Date;
  ends_at: Date;
  effort_minutes: number;
  estimate_minutes: number;
  margin_share: number;
}

async function bookingOf(number: string): Promise<BookingRow> {
  const rows = await system.db.query<BookingRow>(
    `SELECT b.starts_at, b.ends_at, b.effort_minutes, b.estimate_minutes, b.margin_share
       FROM bookings b JOIN tickets t ON t.id = b.ticket_id
      WHERE t.number = $1 AND b.cancelled_at IS NULL`,
    [number],
  );
  expect(rows.rows).toHaveLength(1);
  return rows.rows[0]!;
}

/** A request triaged as an hour's product defect: its booking and the ticket as staff see it. */
async function triagedHour(subject: string) {
  const ticket = await openTicket(system, { subject });
  const triaged = await act(system, lead, ticket.number, 'triage', {
    urgency: 'normal',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  expect(triaged.status).toBe(200);
  const booking = await bookingOf(ticket.number);
  const view = (await system.api(lead, `/api/tickets/${ticket.number}`)).body;
  const scheduled = view.history.find((event: { kind: string }) => event.kind === 'scheduled');
  return { ticket, promisedAt: triaged.body.promisedAt as string, booking, scheduled };
}

test('recorded outcomes change the margin of the next real booking, and the ticket shows it', async () => {
  const first = await triagedHour('Отчёт по складу пустой');
  // No outcomes yet: the fixed 30 %, as before calibration.
  expect(first.booking).toMatchObject({ effort_minutes: 78, estimate_minutes: 60 });
  expect(first.booking.margin_share).toBeCloseTo(0.3, 10);
  expect(first.scheduled.details).toMatchObject({ marginPercent: 30 });
  expect(first.promisedAt).toBe(addWorkingTime(calendar, first.booking.starts_at, 78 * MINUTE).toISOString());

  // The month before: forty hour-long defects of solo's, each done two working hours after its promise.
  for (let day = 0; day < 40; day += 1) {
    const promisedAt = new Date(Date.now() - (30 + (day % 20)) * 24 * 60 * MINUTE);
    await recordOutcome(system.db, {
      specialist: 'solo@netix.example',
      rootCause: 'product_defect',
      estimateMinutes: 60,
      effortMinutes: 78,
      promisedAt,
      resolvedAt: addWorkingTime(calendar, promisedAt, 120 * MINUTE),
    });
  }
  // A resolution here makes the next booking read the outcomes again.
  const resolved = await act(system, lead, first.ticket.number, 'resolve', {
    whatWasFixed: 'Индекс склада',
    how: 'Перестроили индекс',
    prevention: 'Проверка индекса раз в сутки',
  });
  expect(resolved.status).toBe(200);
  await eventually(async () => {
    expect((await bookingOf(first.ticket.number)).ends_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  const second = await triagedHour('Отчёт по кассе пустой');
  expect(second.booking.estimate_minutes).toBe(60);
  expect(second.booking.margin_share).toBeGreaterThan(1); // the work needed 3.3 times its estimate
  expect(second.booking.effort_minutes).toBe(Math.ceil(60 * (1 + second.booking.margin_share)));
  expect(second.scheduled.details).toMatchObject({
    marginPercent: Math.round(second.booking.margin_share * 100),
  });
  expect(second.promisedAt).toBe(
    addWorkingTime(calendar, second.booking.starts_at, second.booking.effort_minutes * MINUTE).toISOString(),
  );
});

test('the assign preview gives the calibrated date the assign then books', async () => {
  const { ticket } = await triagedHour('Не печатается накладная');
  // Olga is away for three hours: the work can start only after that, so preview and assign book alike.
  await addSpecialistAway(system, lead, 'olga@netix.example', 3);
  await eventually(async () => {
    expect((await system.api(lead, `/api/tickets/${ticket.number}`)).body.acknowledgedAt).not.toBeNull();
  });

  const preview = await system.api(
    lead,
    `/api/tickets/${ticket.number}/assign-preview?specialist=olga@netix.example`,
  );
  expect(preview.status).toBe(200);
  const assigned = await act(system, lead, ticket.number, 'assign', { specialist: 'olga@netix.example' });
  expect(assigned.body.promisedAt).toBe(preview.body.promisedAt);
  const booking = await bookingOf(ticket.number);
  expect(booking.margin_share).toBeGreaterThan(1); // the team's outcomes stand for hers while she has none
  expect(booking.ends_at.toISOString()).toBe(preview.body.promisedAt);
});
