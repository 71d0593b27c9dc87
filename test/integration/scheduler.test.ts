// The scheduler on real PostgreSQL: earliest finish, skills, pinning, time off, holidays, races,
// the exclusion constraint, emergencies pushing queues later, and the accuracy report.
import { bookEffort } from '../../db/bookings';
import type { Database } from '../../db/pool';
import { promiseAccuracy } from '../../db/promiseAccuracy';
import { addTimeOff } from '../../db/workload';
import { russianCalendar } from '../../domain/calendar';
import type { Urgency } from '../../domain/ticket';
import { storeScheduledTicket } from '../support/storedTickets';
import { openMigratedDatabase, type MigratedDatabase } from '../support/migratedDatabase';

let database: MigratedDatabase;
let db: Database;
const calendar = russianCalendar();
const moscow = (local: string) => new Date(`${local}+03:00`);

beforeAll(async () => {
  database = await openMigratedDatabase();
  db = database.db;
});

afterAll(() => database?.close());

const newTicket = () => storeScheduledTicket(db);

async function specialist(email: string, skills: string[] = []): Promise<number> {
  const row = await db.query<{ id: string }>(
    `INSERT INTO staff (email, name, role, skills, token_hash) VALUES ($1, $1, 'specialist', $2, $1) RETURNING id`,
    [email, skills],
  );
  return Number(row.rows[0]!.id);
}

const book = async (
  effortMinutes: number,
  now: Date,
  extra: { specialist?: string; skill?: string; urgency?: Urgency } = {},
) => {
  const ticketId = await newTicket();
  const booking = await bookEffort(db, {
    ticketId,
    bookingKey: 'b1',
    effortMinutes,
    calendar,
    now,
    ...extra,
  });
  return { ticketId, ...booking };
};

/** A ticket's booking as it stands in the database now, after whatever moved it. */
async function bookingOf(ticketId: number): Promise<{ startsAt: Date; endsAt: Date }> {
  const rows = await db.query<{ startsAt: Date; endsAt: Date }>(
    `SELECT starts_at AS "startsAt", ends_at AS "endsAt" FROM bookings WHERE ticket_id = $1 AND cancelled_at IS NULL`,
    [ticketId],
  );
  expect(rows.rows).toHaveLength(1);
  return rows.rows[0]!;
}

beforeEach(async () => {
  await db.query('TRUNCATE bookings, staff_time_off, promises RESTART IDENTITY');
  await db.query('DELETE FROM staff');
});

test('12 hours of work asked for on Friday 17:00 spans the weekend and ends Tuesday 11:00', async () => {
  await specialist('a@netix.example');
  const booking = await book(12 * 60, moscow('2026-12-04T17:00:00'));
  expect(booking.endsAt).toEqual(moscow('2026-12-08T11:00:00'));
});

test('work booked on December 30 resumes after the New Year holidays', async () => {
  await specialist('a@netix.example');
  const booking = await book(4 * 60, moscow('2026-12-30T16:00:00'));
  // Dec 31 2026 and Jan 1-10 2027 are days off (Jan 11 is the first working day of 2027).
  expect(booking.endsAt).toEqual(moscow('2027-01-11T11:00:00'));
});

test('the specialist whose queue finishes earliest gets the work', async () => {
  await specialist('busy@netix.example');
  await specialist('free@netix.example');
  const now = moscow('2026-12-07T10:00:00');
  await book(8 * 60, now, { specialist: 'busy@netix.example' });
  const next = await book(60, now);
  expect(next.specialist).toBe('free@netix.example');
  expect(next.endsAt).toEqual(moscow('2026-12-07T11:00:00'));
});

test('a specialist with the needed skill is preferred; time off pushes their work past it', async () => {
  const skilled = await specialist('net@netix.example', ['client_environment']);
  await specialist('dev@netix.example', ['product_defect']);
  await addTimeOff(db, skilled, moscow('2026-12-07T09:00:00'), moscow('2026-12-08T00:00:00'), 'отгул');
  const booking = await book(60, moscow('2026-12-07T10:00:00'), { skill: 'client_environment' });
  expect(booking.specialist).toBe('net@netix.example');
  expect(booking.endsAt).toEqual(moscow('2026-12-08T10:00:00'));
});

test('a pinned ticket goes to the named specialist even when another is free sooner', async () => {
  await specialist('free@netix.example');
  await specialist('pinned@netix.example');
  const now = moscow('2026-12-07T10:00:00');
  await book(4 * 60, now, { specialist: 'pinned@netix.example' });
  const pinned = await book(60, now, { specialist: 'pinned@netix.example' });
  expect(pinned.specialist).toBe('pinned@netix.example');
  expect(pinned.endsAt).toEqual(moscow('2026-12-07T15:00:00'));
});

test('two bookings racing for one slot both end up valid and never overlap', async () => {
  await specialist('only@netix.example');
  const now = moscow('2026-12-07T10:00:00');
  const [first, second] = await Promise.all([book(120, now), book(120, now)]);
  const spans = [first!, second!].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  expect(spans[0]!.endsAt.getTime()).toBeLessThanOrEqual(spans[1]!.startsAt.getTime());
  expect(spans[1]!.endsAt).toEqual(moscow('2026-12-07T14:00:00'));
});

test('PostgreSQL itself refuses to double-book a specialist', async () => {
  const staffId = await specialist('only@netix.example');
  const insert = async () =>
    db.query(
      `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes)
       VALUES ($1, 'manual', $2, $3, $4, 60)`,
      [await newTicket(), staffId, moscow('2026-12-07T10:00:00'), moscow('2026-12-07T11:00:00')],
    );
  await insert();
  await expect(insert()).rejects.toThrow(/bookings_no_double_booking/);
});

test('an emergency starts now and pushes the planned queue later, reporting every moved promise', async () => {
  await specialist('only@netix.example');
  const now = moscow('2026-12-07T10:00:00');
  const first = await book(120, now);
  expect(first.endsAt).toEqual(moscow('2026-12-07T12:00:00'));
  const second = await book(60, now);
  expect(second.endsAt).toEqual(moscow('2026-12-07T13:00:00'));
  const emergency = await book(60, now, { urgency: 'emergency' });
  expect(emergency.startsAt).toEqual(now);
  expect(emergency.endsAt).toEqual(moscow('2026-12-07T11:00:00'));
  expect(emergency.displaced.map((moved) => [moved.ticketId, moved.promisedAt])).toEqual([
    [first.ticketId, moscow('2026-12-07T13:00:00')],
    [second.ticketId, moscow('2026-12-07T14:00:00')],
  ]);
  // The calendar itself moved, not only the report: both bookings now sit after the emergency.
  expect(await bookingOf(first.ticketId)).toEqual({
    startsAt: moscow('2026-12-07T11:00:00'),
    endsAt: moscow('2026-12-07T13:00:00'),
  });
  expect(await bookingOf(second.ticketId)).toEqual({
    startsAt: moscow('2026-12-07T13:00:00'),
    endsAt: moscow('2026-12-07T14:00:00'),
  });
});

test('high work goes ahead of planned normal work that has not started, which moves later', async () => {
  await specialist('only@netix.example');
  const now = moscow('2026-12-07T10:00:00');
  const started = await book(60, moscow('2026-12-07T09:30:00')); // under way since 09:30
  const normal = await book(120, now);
  expect(normal.startsAt).toEqual(started.endsAt);
  const high = await book(60, now, { urgency: 'high' });
  expect(high.startsAt).toEqual(moscow('2026-12-07T10:30:00'));
  expect(high.displaced.map((moved) => [moved.ticketId, moved.promisedAt])).toEqual([
    [normal.ticketId, moscow('2026-12-07T13:30:00')],
  ]);
  expect(await bookingOf(normal.ticketId)).toEqual({
    startsAt: moscow('2026-12-07T11:30:00'),
    endsAt: moscow('2026-12-07T13:30:00'),
  });
  const secondHigh = await book(30, now, { urgency: 'high' });
  expect(secondHigh.startsAt).toEqual(moscow('2026-12-07T11:30:00')); // behind the first high, ahead of normal
  expect((await bookingOf(normal.ticketId)).startsAt).toEqual(moscow('2026-12-07T12:00:00'));
});

test('the accuracy report gives the on-time share and lateness per specialist on known data', async () => {
  await specialist('anna@netix.example');
  await specialist('boris@netix.example');
  const cases: [string, number][] = [
    ['anna@netix.example', -30], // done 30 minutes early
    ['anna@netix.example', 60], // an hour late
    ['boris@netix.example', 0], // on the minute
  ];
  for (const [email, lateMinutes] of cases) {
    const ticketId = await newTicket();
    const promised = moscow('2026-12-10T12:00:00');
    await db.query(`UPDATE tickets SET assignee_id = (SELECT id FROM staff WHERE email = $2) WHERE id = $1`, [
      ticketId,
      email,
    ]);
    await db.query(`INSERT INTO promises (ticket_id, promised_at, made_at) VALUES ($1, $2, $3)`, [
      ticketId,
      promised,
      moscow('2026-12-09T10:00:00'),
    ]);
    await db.query(`UPDATE tickets SET resolved_at = $2 WHERE id = $1`, [
      ticketId,
      new Date(promised.getTime() + lateMinutes * 60_000),
    ]);
  }
  const rows = await promiseAccuracy(
    db,
    moscow('2026-12-01T00:00:00'),
    moscow('2026-12-31T00:00:00'),
    'specialist',
  );
  expect(rows).toEqual([
    {
      group: 'anna@netix.example',
      resolved: 2,
      onTimeShare: 0.5,
      firstPromiseOnTimeShare: 0.5,
      medianLatenessMinutes: 30,
      p90LatenessMinutes: 54,
    },
    {
      group: 'boris@netix.example',
      resolved: 1,
      onTimeShare: 1,
      firstPromiseOnTimeShare: 1,
      medianLatenessMinutes: 0,
      p90LatenessMinutes: 0,
    },
  ]);
});
