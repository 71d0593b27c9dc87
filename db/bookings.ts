// Bookings of ticket effort in specialists' working time: the SQL, locking and records around the pure
// scheduling decisions of domain/scheduling.ts (earliest finish, urgency order, pushing the queue later).
// PostgreSQL's exclusion constraint guarantees nobody is double-booked; every promise moved is recorded
// with the move, so that its client is told even if the teller dies (db/promiseMoves.ts).
import type { PoolClient } from 'pg';
import { addWorkingTime, withTimeOff, type WorkingCalendar } from '../domain/calendar';
import { withProductionDays, type ProductionDay } from '../domain/productionCalendar';
import {
  calendarClock,
  earliestFinish,
  offer,
  pushLater,
  type PlannedWork,
  type WorkingClock,
} from '../domain/scheduling';
import type { Urgency } from '../domain/ticket';
import type { Database } from './pool';
import { regionDaysFrom } from './productionCalendar';
import { movesCausedBy, recordMoves } from './promiseMoves';

const BOOKING_LOCK = 7_310_002;

export interface BookingRequest {
  ticketId: number;
  bookingKey: string; // unique per ticket: a retried activity finds its booking
  effortMinutes: number; // booked as it is when there is no `margin`
  margin?: BookingMargin; // the effort is the estimate and this margin, which may differ by specialist
  // The ticket's calendar (captured at its start); each specialist's region's days (read now) and time off are added.
  calendar: WorkingCalendar;
  now: Date;
  specialist?: string; // pin to this staff member (email)
  skill?: string; // prefer specialists with this skill (a root cause or product area)
  urgency?: Urgency; // default normal
  channel?: 'email' | 'voice'; // voice: the booking is a callback; default email
}

/** An estimate with a margin on top, e.g. calibrated per specialist (db/promiseCalibration.ts). */
export interface BookingMargin {
  estimateMinutes: number;
  effortFor(specialist: string | null): BookedEffort;
}

export interface BookedEffort {
  effortMinutes: number;
  marginShare: number; // 0.42 = 42 % on top of the estimate
}

export interface DisplacedBooking {
  ticketId: number;
  workflowId: string;
  promisedAt: Date;
}

export interface Booking {
  specialist: string | null;
  startsAt: Date;
  workStartsAt: Date; // the first working moment of the booking in the specialist's calendar (a callback's time)
  endsAt: Date;
  effortMinutes: number;
  marginShare: number | null; // of the estimate the booking was made from; null when it was not made from one
  displaced: DisplacedBooking[]; // planned work that urgent work pushed later (recorded in promise_moves)
}

interface Candidate {
  staffId: string | null;
  email: string | null;
  clock: WorkingClock; // the company's calendar with the specialist's own hours, region's days and time off
  effortMinutes: number;
  marginShare: number | null;
  startsAt: Date;
  endsAt: Date;
}

export function bookEffort(db: Database, request: BookingRequest): Promise<Booking> {
  return booking(db, request, 'COMMIT');
}

/** What bookEffort would book now, and whose promises it would move, in a transaction rolled back. */
export function previewBooking(db: Database, request: BookingRequest): Promise<Booking> {
  return booking(db, request, 'ROLLBACK');
}

async function booking(db: Database, request: BookingRequest, end: 'COMMIT' | 'ROLLBACK'): Promise<Booking> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Serialises the choice of slot; the exclusion constraint would catch a race, this avoids it.
    await client.query('SELECT pg_advisory_xact_lock($1)', [BOOKING_LOCK]);
    const existing = await client.query<{
      email: string | null;
      starts_at: Date;
      ends_at: Date;
      staff_id: string | null;
      effort_minutes: number;
      margin_share: number | null;
    }>(
      `SELECT s.email, b.starts_at, b.ends_at, b.staff_id, b.effort_minutes, b.margin_share
         FROM bookings b LEFT JOIN staff s ON s.id = b.staff_id
        WHERE b.ticket_id = $1 AND b.booking_key = $2`,
      [request.ticketId, request.bookingKey],
    );
    if (existing.rows[0]) {
      const row = existing.rows[0];
      const displaced = await movesCausedBy(client, request);
      const clock = await specialistClock(client, row.staff_id, request);
      await client.query(end);
      return {
        specialist: row.email,
        startsAt: row.starts_at,
        workStartsAt: new Date(clock.after(row.starts_at.getTime(), 0)),
        endsAt: row.ends_at,
        effortMinutes: row.effort_minutes,
        marginShare: row.margin_share,
        displaced,
      };
    }
    await client.query(
      'UPDATE bookings SET cancelled_at = now() WHERE ticket_id = $1 AND cancelled_at IS NULL',
      [request.ticketId],
    );
    const best = await chooseSlot(client, request);
    await client.query('SET CONSTRAINTS bookings_no_double_booking DEFERRED');
    await client.query(
      `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes, urgency, channel,
                             estimate_minutes, margin_share)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        request.ticketId,
        request.bookingKey,
        best.staffId,
        best.startsAt,
        best.endsAt,
        best.effortMinutes,
        request.urgency ?? 'normal',
        request.channel ?? 'email',
        request.margin?.estimateMinutes ?? null,
        best.marginShare,
      ],
    );
    const displaced = best.staffId ? await pushQueueLater(client, request, best) : [];
    await recordMoves(client, request, displaced);
    await client.query(end);
    return {
      specialist: best.email,
      startsAt: best.startsAt,
      workStartsAt: new Date(best.clock.after(best.startsAt.getTime(), 0)), // at or after the start
      endsAt: best.endsAt,
      effortMinutes: best.effortMinutes,
      marginShare: best.marginShare,
      displaced: displaced.map(({ ticketId, workflowId, promisedAt }) => ({
        ticketId,
        workflowId,
        promisedAt,
      })),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Among suitable specialists, the slot that finishes earliest; ties: fewest open bookings, then fewest lately. */
async function chooseSlot(client: PoolClient, request: BookingRequest): Promise<Candidate> {
  const queues = await client.query<{
    id: string;
    email: string;
    skilled: boolean;
    weekly_hours: WorkingCalendar['weeklyHours'] | null;
    region: string | null;
    queue: { startsAt: string; endsAt: string; urgency: Urgency }[];
    recent_bookings: number;
    time_off: { start: string; end: string }[];
  }>(
    `SELECT s.id, s.email, s.weekly_hours, s.region,
            ($2::text IS NULL OR cardinality(s.skills) = 0 OR $2 = ANY(s.skills)) AS skilled,
            COALESCE((SELECT json_agg(json_build_object('startsAt', b.starts_at, 'endsAt', b.ends_at, 'urgency', b.urgency)
                                ORDER BY b.starts_at)
                        FROM bookings b WHERE b.staff_id = s.id AND b.cancelled_at IS NULL AND b.ends_at > $3), '[]') AS queue,
            (SELECT count(*) FROM bookings b WHERE b.staff_id = s.id AND b.created_at > $3::timestamptz - interval '30 days')::int
              AS recent_bookings,
            COALESCE((SELECT json_agg(json_build_object('start', o.starts_at, 'end', o.ends_at))
                        FROM staff_time_off o WHERE o.staff_id = s.id AND o.ends_at > $3), '[]') AS time_off
       FROM staff s
      WHERE $1::text IS NULL OR s.email = $1
         OR NOT EXISTS (SELECT 1 FROM staff pinned WHERE pinned.email = $1) -- a pin to someone gone is ignored
      ORDER BY s.id`,
    [request.specialist ?? null, request.skill ?? null, request.now],
  );
  const skilled = queues.rows.filter((queue) => queue.skilled);
  const now = request.now.getTime();
  const urgency = request.urgency ?? 'normal';
  // Who finishes earliest is judged on the effort any specialist would book: were each judged on their own
  // calibrated margin, a margin that a few lucky outcomes made too small would draw work to its specialist and
  // break their promises. The one chosen then books their own.
  const anyones = effortWith(request, null);
  const candidates = skilled.length ? skilled : queues.rows;
  // A regional holiday is a day off for the specialists of the region, whatever calendar the ticket captured.
  const regionDays = await regionDaysOf(client, candidates, now);
  const offers = candidates.map((row) => {
    const clock = clockOf(request.calendar, row.weekly_hours, row.time_off, regionDays, row.region);
    const queue: PlannedWork[] = row.queue.map((booking) => ({
      startsAt: Date.parse(booking.startsAt),
      endsAt: Date.parse(booking.endsAt),
      urgency: booking.urgency,
    }));
    const offered = offer(clock, queue, urgency, anyones.effortMinutes * 60_000, now);
    return {
      ...offered,
      queue,
      staffId: row.id,
      email: row.email,
      clock,
      recentBookings: row.recent_bookings,
    };
  });
  const best = earliestFinish(offers);
  // Nobody on staff yet: the promise still follows the support calendar.
  if (!best) {
    const endsAt = addWorkingTime(request.calendar, request.now, anyones.effortMinutes * 60_000);
    return {
      staffId: null,
      email: null,
      clock: calendarClock(request.calendar),
      ...anyones,
      startsAt: request.now,
      endsAt,
    };
  }
  const { staffId, email, clock, queue } = best;
  const own = effortWith(request, email);
  const { startsAt, endsAt } = offer(clock, queue, urgency, own.effortMinutes * 60_000, now);
  return {
    staffId,
    email,
    clock,
    ...own,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
  };
}

/** The effort booked with this specialist: the estimate and their margin, or the effort asked for. */
function effortWith(
  request: BookingRequest,
  specialist: string | null,
): { effortMinutes: number; marginShare: number | null } {
  return request.margin?.effortFor(specialist) ?? { effortMinutes: request.effortMinutes, marginShare: null };
}

/** How working time passes for one specialist: the company calendar with their own hours and time off. */
function clockOf(
  calendar: WorkingCalendar,
  weeklyHours: WorkingCalendar['weeklyHours'] | null,
  timeOff: { start: string; end: string }[],
  regionDays: readonly (ProductionDay & { region: string })[] = [],
  region: string | null = null,
): WorkingClock {
  const ownHours = weeklyHours ? { ...calendar, weeklyHours } : calendar;
  const ownDays = region
    ? withProductionDays(
        ownHours,
        regionDays.filter((day) => day.region === region),
      )
    : ownHours;
  return calendarClock(timeOff.length ? withTimeOff(ownDays, timeOff) : ownDays);
}

/** The days of the candidates' regions from yesterday on (any zone's today is after it). */
function regionDaysOf(
  client: PoolClient,
  candidates: readonly { region: string | null }[],
  now: number,
): Promise<(ProductionDay & { region: string })[]> {
  const regions = [...new Set(candidates.flatMap((row) => (row.region ? [row.region] : [])))];
  const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
  return regionDaysFrom(client, regions, yesterday);
}

/** The clock of a booked specialist (the company calendar when the booking has nobody). */
async function specialistClock(
  client: PoolClient,
  staffId: string | null,
  request: BookingRequest,
): Promise<WorkingClock> {
  const specialist = await client.query<{
    weekly_hours: WorkingCalendar['weeklyHours'] | null;
    time_off: { start: string; end: string }[];
    region: string | null;
  }>(
    `SELECT s.weekly_hours, s.region,
            COALESCE((SELECT json_agg(json_build_object('start', o.starts_at, 'end', o.ends_at))
                        FROM staff_time_off o WHERE o.staff_id = s.id AND o.ends_at > $2), '[]') AS time_off
       FROM staff s WHERE s.id = $1`,
    [staffId, request.now],
  );
  const row = specialist.rows[0];
  if (!row) return clockOf(request.calendar, null, []);
  const regionDays = await regionDaysOf(client, [row], request.now.getTime());
  return clockOf(request.calendar, row.weekly_hours, row.time_off, regionDays, row.region);
}

/** The new booking took [startsAt, endsAt): the specialist's work it displaced resumes after it, in order. */
async function pushQueueLater(
  client: PoolClient,
  request: BookingRequest,
  taken: Candidate,
): Promise<(DisplacedBooking & { bookingId: string; startsAt: Date })[]> {
  const queue = await client.query<{
    id: string;
    ticket_id: string;
    workflow_id: string;
    starts_at: Date;
    ends_at: Date;
    urgency: Urgency;
  }>(
    `SELECT b.id, b.ticket_id, t.workflow_id, b.starts_at, b.ends_at, b.urgency
       FROM bookings b JOIN tickets t ON t.id = b.ticket_id
      WHERE b.staff_id = $1 AND b.cancelled_at IS NULL AND b.ticket_id <> $2 AND b.ends_at > $3
      ORDER BY b.starts_at`,
    [taken.staffId, request.ticketId, taken.startsAt],
  );
  const moves = pushLater(
    taken.clock,
    queue.rows.map((booking) => ({
      startsAt: booking.starts_at.getTime(),
      endsAt: booking.ends_at.getTime(),
      urgency: booking.urgency,
    })),
    { startsAt: taken.startsAt.getTime(), endsAt: taken.endsAt.getTime() },
    request.now.getTime(),
  );
  const displaced = moves.map((move) => {
    const booking = queue.rows[move.index]!;
    return {
      bookingId: booking.id,
      ticketId: Number(booking.ticket_id),
      workflowId: booking.workflow_id,
      startsAt: new Date(move.startsAt),
      promisedAt: new Date(move.endsAt),
    };
  });
  if (displaced.length > 0) {
    await client.query(
      `UPDATE bookings b SET starts_at = moved.starts_at, ends_at = moved.ends_at
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS moved (id, starts_at, ends_at)
        WHERE b.id = moved.id`,
      [
        displaced.map((d) => d.bookingId),
        displaced.map((d) => d.startsAt),
        displaced.map((d) => d.promisedAt),
      ],
    );
  }
  return displaced;
}

/** Work on the ticket is over (done or refused): its booking ends now, freeing the rest of the slot. */
export async function releaseBookings(db: Database, ticketId: number, at: Date): Promise<void> {
  await db.query(
    `UPDATE bookings SET ends_at = GREATEST(starts_at, LEAST(ends_at, $2))
      WHERE ticket_id = $1 AND cancelled_at IS NULL`,
    [ticketId, at],
  );
}
