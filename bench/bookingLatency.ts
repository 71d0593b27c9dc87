// Booking latency: how long `bookEffort` takes, one booking at a time as the workflows call it (with the margin
// calibrated from the outcomes), on a fresh database holding 50 specialists and 10,000 bookings already spread
// over their calendars, the work of those already over resolved with its promise recorded.
import { performance } from 'node:perf_hooks';
import { bookEffort } from '../db/bookings';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
import { bookingMargin, currentCalibration, forgetCalibration } from '../db/promiseCalibration';
import {
  addWorkingTime,
  russianCalendar,
  workingTimeBetween,
  type WorkingCalendar,
} from '../domain/calendar';
import { HOUR, MINUTE } from '../domain/policy';
import { rootCauses, urgencies, type RootCause, type Urgency } from '../domain/ticket';
import { createTestDatabase } from '../test/support/testSystem';
import { clamp, logNormal, mulberry32, pick, uniform, type Random } from './random';
import { fixed, median, quantile, table } from './stats';

export interface LatencyBench {
  specialists: number;
  existingBookings: number;
  newBookings: number;
  highShare: number; // high requests queue ahead of planned normal work, pushing it later
  emergencyShare: number; // an emergency starts at once, pushing the specialist's queue later
  now: Date; // the first new booking's `now`; each next one a minute later
  seed: number;
}

export const defaultLatencyBench: LatencyBench = {
  specialists: 50,
  existingBookings: 10_000,
  newBookings: 500,
  highShare: 0.18,
  emergencyShare: 0.02,
  now: new Date('2026-12-07T09:00:00+03:00'),
  seed: 7,
};

// The first day of the production calendar: existing work is laid out after it.
const calendarOrigin = new Date('2026-01-01T00:00:00+03:00');
const workingDay = 9 * HOUR; // Russian calendar: 09:00–18:00

interface PlannedBooking {
  staffIndex: number;
  startsAt: Date;
  endsAt: Date;
  effortMinutes: number;
  urgency: Urgency;
}

interface Measurement {
  ms: number;
  urgency: Urgency;
}

export async function runLatencyBench(options: LatencyBench = defaultLatencyBench): Promise<void> {
  const calendar = russianCalendar();
  const random = mulberry32(options.seed);
  const database = await createTestDatabase();
  const db = createPool(database.url);
  try {
    const setupStarted = performance.now();
    await migrate(db);
    const existing = Array.from({ length: options.specialists }, (_, staffIndex) =>
      specialistHistory(calendar, options, staffIndex, random),
    ).flat();
    const ticketIds = await seedDatabase(db, options, existing, random);
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    await db.query('SELECT 1'); // open the pool's connection outside the measurement
    const settings = { target: 0.9, fallbackMarginShare: 0.3 };
    const reads = Array.from({ length: 5 }, () => 0);
    let outcomes = 0;
    for (const index of reads.keys()) {
      forgetCalibration(db);
      const started = performance.now();
      outcomes = (await currentCalibration(db, settings, calendar, options.now)).outcomes;
      reads[index] = performance.now() - started;
    }

    const measurements: Measurement[] = [];
    const loopStarted = performance.now();
    for (const [index, ticketId] of ticketIds.entries()) {
      const urgency = drawUrgency(options, random);
      const estimateMinutes = effortMinutes(random);
      const skill = pick<RootCause>(random, rootCauses);
      const now = new Date(options.now.getTime() + index * MINUTE);
      const started = performance.now();
      // As the activity books: the calibration, then the booking. The calibration's read (above) comes once in
      // five minutes; here every booking finds it read, as all but the first do in those five minutes.
      const margin = await bookingMargin(
        db,
        {
          effortMinutes: estimateMinutes,
          estimateMinutes,
          promiseTarget: 0.9,
          promiseMarginShare: 0.3,
          calendar,
          skill,
        },
        options.now,
      );
      await bookEffort(db, {
        ticketId,
        bookingKey: 'booking-1',
        effortMinutes: estimateMinutes,
        margin,
        calendar,
        now,
        skill,
        urgency,
      });
      measurements.push({ ms: performance.now() - started, urgency });
    }
    const loopSeconds = (performance.now() - loopStarted) / 1000;

    const ahead = existing.filter((booking) => booking.endsAt > options.now).length;
    console.log(`Booking latency: ${options.newBookings} new tickets booked one by one through bookEffort`);
    console.log(
      `  database: ${options.specialists} specialists, ${existing.length} existing bookings ` +
        `(${ahead} still ahead of ${moscowTime(options.now)} Moscow), Russian calendar; setup ${fixed(setupSeconds)} s`,
    );
    console.log(
      `  reading the calibration: ${outcomes} outcomes of the last 90 days, median ${fixed(median(reads))} ms ` +
        `of ${reads.length} reads (once per five minutes and process, and after a resolution)`,
    );
    console.log(indent(latencyTable(measurements)));
    console.log(
      `  ${fixed(measurements.length / loopSeconds, 0)} bookings/s (${fixed(loopSeconds, 2)} s in all); ` +
        `target: p95 under 20 ms`,
    );
  } finally {
    await db.end();
    await database.drop();
  }
}

function drawUrgency(options: LatencyBench, random: Random): Urgency {
  const draw = random();
  if (draw < options.emergencyShare) return 'emergency';
  return draw < options.emergencyShare + options.highShare ? 'high' : 'normal';
}

/** Effort of one request: log-normal around 3 hours, from 30 minutes to 2 working days. */
function effortMinutes(random: Random): number {
  return Math.round(clamp(logNormal(random, 3 * HOUR, 0.9), 30 * MINUTE, 2 * workingDay) / MINUTE);
}

/**
 * One specialist's bookings: back-to-back work with gaps of up to an hour, most of it done, the rest (up to
 * 40 %) still planned after `now`, high before normal. No two overlap, as the exclusion constraint requires.
 */
function specialistHistory(
  calendar: WorkingCalendar,
  options: LatencyBench,
  staffIndex: number,
  random: Random,
): PlannedBooking[] {
  const count =
    Math.floor(options.existingBookings / options.specialists) +
    (staffIndex < options.existingBookings % options.specialists ? 1 : 0);
  const work = Array.from({ length: count }, () => ({
    gapMs: uniform(random, 0, HOUR),
    effortMinutes: effortMinutes(random),
  }));
  const totalMs = work.reduce((sum, { gapMs, effortMinutes }) => sum + gapMs + effortMinutes * MINUTE, 0);
  const doneMs = totalMs * uniform(random, 0.6, 1);
  const elapsedMs = workingTimeBetween(calendar, calendarOrigin, options.now);
  let cursor = addWorkingTime(calendar, calendarOrigin, Math.max(0, elapsedMs - doneMs));
  const bookings = work.map(({ gapMs, effortMinutes }): PlannedBooking => {
    const startsAt = addWorkingTime(calendar, cursor, gapMs);
    cursor = addWorkingTime(calendar, startsAt, effortMinutes * MINUTE);
    const urgency = random() < options.highShare ? 'high' : 'normal';
    return { staffIndex, startsAt, endsAt: cursor, effortMinutes, urgency };
  });
  const planned = bookings.filter((booking) => booking.startsAt > options.now);
  const highs = planned.filter((booking) => booking.urgency === 'high').length;
  planned.forEach((booking, index) => (booking.urgency = index < highs ? 'high' : 'normal'));
  return bookings;
}

/** Staff, one ticket per booking (existing and new), and the existing bookings, in a few bulk statements. */
async function seedDatabase(
  db: Database,
  options: LatencyBench,
  existing: PlannedBooking[],
  random: Random,
): Promise<number[]> {
  // Every fifth specialist is a generalist (no skills); the others know one or two root causes.
  const skills = Array.from({ length: options.specialists }, (_, index) =>
    index % 5 === 0
      ? []
      : [...new Set([pick(random, rootCauses.slice(0, 3)), pick(random, rootCauses.slice(0, 3))])],
  );
  await db.query(
    `INSERT INTO staff (email, name, role, skills, token_hash)
     SELECT 'specialist-' || n || '@netix.example', 'Specialist ' || n, 'specialist',
            ARRAY(SELECT jsonb_array_elements_text($1::jsonb -> (n - 1))), md5('bench-token-' || n)
       FROM generate_series(1, $2::int) AS n`,
    [JSON.stringify(skills), options.specialists],
  );
  const staffIds = (await db.query<{ id: string }>('SELECT id FROM staff ORDER BY id')).rows.map(
    (row) => row.id,
  );
  await db.query(
    `INSERT INTO inbound_messages (message_key, raw, size_bytes, subject, workflow_id, received_at)
     SELECT '<bench-' || n || '@client.example>', ''::bytea, 0, 'Request ' || n, 'ticket-bench-' || n,
            $2::timestamptz - interval '1 minute' * ($1::int - n)
       FROM generate_series(1, $1::int) AS n`,
    [existing.length + options.newBookings, options.now],
  );
  await db.query(
    `INSERT INTO tickets (number, workflow_id, source_message_id, client_email, subject, summary, language,
                          status, received_at)
     SELECT 'TRC-' || lpad(m.id::text, 6, '0'), m.workflow_id, m.id, 'client-' || (m.id % 100) || '@client.example',
            m.subject, m.subject, 'ru', 'scheduled', m.received_at
       FROM inbound_messages m ORDER BY m.id`,
  );
  const ticketIds = (await db.query<{ id: string }>('SELECT id FROM tickets ORDER BY id')).rows.map((row) =>
    Number(row.id),
  );
  await db.query(
    `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes, urgency, created_at)
     SELECT ticket_id, 'booking-1', staff_id, starts_at, ends_at, effort_minutes, urgency,
            LEAST(starts_at, $7::timestamptz)
       FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::text[])
         AS b(ticket_id, staff_id, starts_at, ends_at, effort_minutes, urgency)`,
    [
      ticketIds.slice(0, existing.length),
      existing.map((booking) => staffIds[booking.staffIndex]),
      existing.map((booking) => booking.startsAt),
      existing.map((booking) => booking.endsAt),
      existing.map((booking) => booking.effortMinutes),
      existing.map((booking) => booking.urgency),
      options.now,
    ],
  );
  // The work already over was resolved around its promise (from an hour early to two hours late), so that
  // the calibration has its 90 days of outcomes; each booked an estimate with the fixed 30 % on top.
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `UPDATE tickets t
        SET status = 'resolved', assignee_id = b.staff_id, estimate_minutes = GREATEST(1, round(b.effort_minutes / 1.3)),
            root_cause = (ARRAY['product_defect', 'client_environment', 'misuse'])[1 + t.id % 3],
            resolved_at = LEAST($1::timestamptz, b.ends_at + (random() * 3 - 1) * interval '1 hour')
       FROM bookings b
      WHERE b.ticket_id = t.id AND b.ends_at <= $1`,
    [options.now],
  );
  await db.query(
    `INSERT INTO promises (ticket_id, promised_at, made_at)
     SELECT b.ticket_id, b.ends_at, b.created_at FROM bookings b WHERE b.ends_at <= $1`,
    [options.now],
  );
  await db.query('ANALYZE'); // as autovacuum would have by now on a live database
  return ticketIds.slice(existing.length);
}

function latencyTable(measurements: Measurement[]): string {
  const row = (label: string, rows: Measurement[]) => {
    const ms = rows.map((measurement) => measurement.ms);
    const figures = [0.5, 0.95, 0.99, 1].map((q) => fixed(quantile(ms, q), 1));
    return [label, String(ms.length), ...figures];
  };
  return table([
    ['latency, ms', 'count', 'median', 'p95', 'p99', 'max'],
    row('all bookings', measurements),
    ...urgencies.map((urgency) =>
      row(
        urgency,
        measurements.filter((measurement) => measurement.urgency === urgency),
      ),
    ),
  ]);
}

function moscowTime(at: Date): string {
  return at.toLocaleString('sv-SE', { timeZone: 'Europe/Moscow' }).slice(0, 16);
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
