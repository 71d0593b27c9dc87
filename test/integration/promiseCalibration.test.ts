// Calibrated promises on real PostgreSQL and the Moscow calendar: the outcomes recorded for resolved tickets
// set the margin the next booking carries, per specialist and root cause, and the booking records it.
import { bookEffort } from '../../db/bookings';
import type { Database } from '../../db/pool';
import {
  bookingMargin,
  CALIBRATION_MAX_AGE_MS,
  currentCalibration,
  forgetCalibration,
  promiseOutcome,
  promiseOutcomeRows,
} from '../../db/promiseCalibration';
import { addWorkingTime, russianCalendar } from '../../domain/calendar';
import { recordOutcome, type RecordedOutcome } from '../support/promiseOutcomes';
import { storeScheduledTicket } from '../support/storedTickets';
import { openMigratedDatabase, type MigratedDatabase } from '../support/migratedDatabase';

let database: MigratedDatabase;
let db: Database;
const calendar = russianCalendar();
const moscow = (local: string) => new Date(`${local}+03:00`);
const HOUR = 3_600_000;
const now = moscow('2026-12-08T12:00:00'); // a Tuesday
const settings = { target: 0.9, fallbackMarginShare: 0.3 };

beforeAll(async () => {
  database = await openMigratedDatabase();
  db = database.db;
});

afterAll(() => database?.close());

beforeEach(async () => {
  await db.query(
    'TRUNCATE bookings, promises, promise_moves, tickets, inbound_messages, staff RESTART IDENTITY CASCADE',
  );
  forgetCalibration(db);
  for (const email of ['anna@netix.example', 'boris@netix.example']) {
    await db.query(`INSERT INTO staff (email, name, role, token_hash) VALUES ($1, $1, 'specialist', $1)`, [
      email,
    ]);
  }
});

const newTicket = () => storeScheduledTicket(db);

/** `count` resolved tickets of an hour's estimate booked at 78 minutes, each done `lateBy` of working time late. */
async function recordLate(
  count: number,
  outcome: Partial<RecordedOutcome> & { specialist: string },
  lateByMs: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const promisedAt = moscow(`2026-11-${String(10 + (i % 15)).padStart(2, '0')}T12:00:00`);
    await recordOutcome(db, {
      rootCause: 'product_defect',
      estimateMinutes: 60,
      effortMinutes: 78,
      promisedAt,
      resolvedAt:
        lateByMs >= 0
          ? addWorkingTime(calendar, promisedAt, lateByMs)
          : new Date(promisedAt.getTime() + lateByMs),
      ...outcome,
    });
  }
}

/** Books an hour's estimate for a product defect with the calibrated margin, pinned to `specialist`. */
async function bookHour(specialist: string, promiseTarget: number | undefined) {
  const ticketId = await newTicket();
  const request = {
    effortMinutes: 78,
    estimateMinutes: 60,
    promiseTarget,
    promiseMarginShare: 0.3,
    calendar,
  };
  const margin = await bookingMargin(db, { ...request, skill: 'product_defect' }, now);
  const booking = await bookEffort(db, { ticketId, bookingKey: 'b1', ...request, margin, specialist, now });
  const row = await db.query<{ effort_minutes: number; estimate_minutes: number; margin_share: number }>(
    'SELECT effort_minutes, estimate_minutes, margin_share FROM bookings WHERE ticket_id = $1',
    [ticketId],
  );
  return { ...booking, row: row.rows[0]! };
}

test('a promise broken over a weekend was late by its working hours only; one kept over New Year needed no margin', async () => {
  await recordOutcome(db, {
    specialist: 'anna@netix.example',
    rootCause: 'client_environment',
    estimateMinutes: 60,
    effortMinutes: 78,
    promisedAt: moscow('2026-12-04T17:00:00'), // Friday
    resolvedAt: moscow('2026-12-07T10:00:00'), // Monday: 18:00 on Friday, then 09:00–10:00, two working hours
  });
  await recordOutcome(db, {
    specialist: 'boris@netix.example',
    rootCause: 'misuse',
    estimateMinutes: 60,
    effortMinutes: 78,
    promisedAt: moscow('2027-01-11T11:00:00'),
    resolvedAt: moscow('2026-12-30T17:00:00'), // 3 working hours early across the New Year holidays
  });
  const outcomes = (await promiseOutcomeRows(db, moscow('2027-01-12T12:00:00'))).map((row) =>
    promiseOutcome(row, calendar),
  );
  expect(outcomes).toEqual([
    { specialist: 'boris@netix.example', rootCause: 'misuse', neededFactor: 0 },
    { specialist: 'anna@netix.example', rootCause: 'client_environment', neededFactor: (78 + 120) / 60 },
  ]);
});

test('with no outcomes a booking carries the fixed margin, and records it with its estimate', async () => {
  const booking = await bookHour('anna@netix.example', 0.9);
  expect(booking.row).toEqual({
    effort_minutes: 78,
    estimate_minutes: 60,
    margin_share: expect.closeTo(0.3, 10),
  });
  expect(booking.marginShare).toBeCloseTo(0.3, 10);
  expect(booking.endsAt).toEqual(addWorkingTime(calendar, booking.startsAt, 78 * 60_000));
});

test('a specialist whose work ran late books a larger margin, one who finished early books near the estimate', async () => {
  await recordLate(40, { specialist: 'anna@netix.example' }, 2 * HOUR);
  await recordLate(40, { specialist: 'boris@netix.example' }, -1 * HOUR);
  const anna = await bookHour('anna@netix.example', 0.9);
  const boris = await bookHour('boris@netix.example', 0.9);
  expect(anna.row.margin_share).toBeGreaterThan(1); // the work needed 3.3 times its estimate
  expect(anna.row.effort_minutes).toBe(Math.ceil(60 * (1 + anna.row.margin_share)));
  expect(anna.endsAt).toEqual(addWorkingTime(calendar, anna.startsAt, anna.row.effort_minutes * 60_000));
  expect(boris.row.margin_share).toBeLessThan(0.3);
  expect(boris.row.effort_minutes).toBeGreaterThanOrEqual(60); // never less than the estimate
  expect(anna.row.estimate_minutes).toBe(60);
});

test('a ticket started before calibration keeps the fixed margin it was promised under, whatever the outcomes', async () => {
  await recordLate(40, { specialist: 'anna@netix.example' }, 2 * HOUR);
  const booking = await bookHour('anna@netix.example', undefined);
  expect(booking.row).toEqual({
    effort_minutes: 78,
    estimate_minutes: 60,
    margin_share: expect.closeTo(0.3, 10),
  });
});

test('bookings from before margins were recorded teach too; the work left after waiting and old outcomes do not', async () => {
  const outcome = {
    specialist: 'anna@netix.example',
    rootCause: 'product_defect' as const,
    estimateMinutes: 60,
    promisedAt: moscow('2026-12-07T12:00:00'),
    resolvedAt: moscow('2026-12-07T13:00:00'),
  };
  await recordOutcome(db, { ...outcome, effortMinutes: 78, marginShare: null }); // the fixed margin, unrecorded
  await recordOutcome(db, { ...outcome, effortMinutes: 20, marginShare: null }); // the 20 minutes left, resumed
  await recordOutcome(db, {
    ...outcome,
    effortMinutes: 78,
    promisedAt: moscow('2026-08-03T12:00:00'), // resolved more than 90 days ago
    resolvedAt: moscow('2026-08-03T13:00:00'),
  });
  const rows = await promiseOutcomeRows(db, now);
  expect(rows).toEqual([expect.objectContaining({ estimateMinutes: 60, effortMinutes: 78 })]);
});

test('outcomes are read again five minutes later, or at once after a resolution here, not at every booking', async () => {
  const before = await currentCalibration(db, settings, calendar, now);
  expect(before.outcomes).toBe(0);
  await recordLate(3, { specialist: 'anna@netix.example' }, 2 * HOUR);
  const minuteLater = new Date(now.getTime() + 60_000);
  expect(await currentCalibration(db, settings, calendar, minuteLater)).toBe(before);
  const fiveLater = new Date(now.getTime() + CALIBRATION_MAX_AGE_MS);
  expect((await currentCalibration(db, settings, calendar, fiveLater)).outcomes).toBe(3);
  await recordLate(2, { specialist: 'anna@netix.example' }, 2 * HOUR);
  forgetCalibration(db); // what releasing a resolved ticket's work does
  expect((await currentCalibration(db, settings, calendar, fiveLater)).outcomes).toBe(5);
});
