// Bookings of ticket effort in specialists' working time. A new booking goes to the suitable
// specialist who would finish it earliest. Each queue is ordered by urgency: high work goes ahead of
// planned normal work, an emergency starts at once; the work it displaces moves later.
// PostgreSQL's exclusion constraint guarantees nobody is double-booked.
import type { PoolClient } from 'pg';
import { addWorkingTime, withTimeOff, workingTimeBetween, type WorkingCalendar } from '../domain/calendar';
import type { Urgency } from '../domain/ticket';
import type { Database } from './pool';

const BOOKING_LOCK = 7_310_002;

export interface BookingRequest {
  ticketId: number;
  bookingKey: string; // unique per ticket: a retried activity finds its booking
  effortMinutes: number;
  calendar: WorkingCalendar; // the company calendar; each specialist's time off is added to it
  now: Date;
  specialist?: string; // pin to this staff member (email)
  skill?: string; // prefer specialists with this skill (a root cause or product area)
  urgency?: Urgency; // default normal
}

export interface DisplacedBooking {
  ticketId: number;
  workflowId: string;
  promisedAt: Date;
}

export interface Booking {
  specialist: string | null;
  startsAt: Date;
  endsAt: Date;
  displaced: DisplacedBooking[]; // planned work that an emergency pushed later
}

interface Candidate {
  staffId: string | null;
  email: string | null;
  calendar: WorkingCalendar; // the company's, with the specialist's own hours and time off
  startsAt: Date;
  endsAt: Date;
  openBookings: number;
  recentBookings: number;
}

interface QueuedBooking {
  startsAt: Date;
  endsAt: Date;
  urgency: Urgency;
}

const rank: Record<Urgency, number> = { normal: 0, high: 1, emergency: 2 };

/** Where new work of this urgency enters a queue: now for an emergency, else after what has started or outranks it. */
export function insertionPoint(queue: readonly QueuedBooking[], urgency: Urgency, now: Date): Date {
  if (urgency === 'emergency') return now;
  let cursor = now;
  for (const booking of queue) {
    const keeps = booking.startsAt <= now || rank[booking.urgency] >= rank[urgency];
    if (!keeps) break;
    if (booking.endsAt > cursor) cursor = booking.endsAt;
  }
  return cursor;
}

export async function bookEffort(db: Database, request: BookingRequest): Promise<Booking> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Serialises the choice of slot; the exclusion constraint would catch a race, this avoids it.
    await client.query('SELECT pg_advisory_xact_lock($1)', [BOOKING_LOCK]);
    const existing = await client.query<{ email: string | null; starts_at: Date; ends_at: Date }>(
      `SELECT s.email, b.starts_at, b.ends_at FROM bookings b LEFT JOIN staff s ON s.id = b.staff_id
        WHERE b.ticket_id = $1 AND b.booking_key = $2`,
      [request.ticketId, request.bookingKey],
    );
    if (existing.rows[0]) {
      await client.query('COMMIT');
      const row = existing.rows[0];
      return { specialist: row.email, startsAt: row.starts_at, endsAt: row.ends_at, displaced: [] };
    }
    await client.query(
      'UPDATE bookings SET cancelled_at = now() WHERE ticket_id = $1 AND cancelled_at IS NULL',
      [request.ticketId],
    );
    const best = await chooseSlot(client, request);
    await client.query('SET CONSTRAINTS bookings_no_double_booking DEFERRED');
    await client.query(
      `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes, urgency)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        request.ticketId,
        request.bookingKey,
        best.staffId,
        best.startsAt,
        best.endsAt,
        request.effortMinutes,
        request.urgency ?? 'normal',
      ],
    );
    const displaced = best.staffId ? await pushQueueLater(client, request, best) : [];
    await client.query('COMMIT');
    return { specialist: best.email, startsAt: best.startsAt, endsAt: best.endsAt, displaced };
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
    queue: { startsAt: string; endsAt: string; urgency: Urgency }[];
    recent_bookings: number;
    time_off: { start: string; end: string }[];
  }>(
    `SELECT s.id, s.email, s.weekly_hours,
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
  const effortMs = request.effortMinutes * 60_000;
  const candidates: Candidate[] = (skilled.length ? skilled : queues.rows).map((row) => {
    const ownHours = row.weekly_hours
      ? { ...request.calendar, weeklyHours: row.weekly_hours }
      : request.calendar;
    const calendar = row.time_off.length ? withTimeOff(ownHours, row.time_off) : ownHours;
    const queue = row.queue.map((booking) => ({
      startsAt: new Date(booking.startsAt),
      endsAt: new Date(booking.endsAt),
      urgency: booking.urgency,
    }));
    const startsAt = insertionPoint(queue, request.urgency ?? 'normal', request.now);
    return {
      staffId: row.id,
      email: row.email,
      calendar,
      startsAt,
      endsAt: addWorkingTime(calendar, startsAt, effortMs),
      openBookings: queue.length,
      recentBookings: row.recent_bookings,
    };
  });
  candidates.sort(
    (a, b) =>
      a.endsAt.getTime() - b.endsAt.getTime() ||
      a.openBookings - b.openBookings ||
      a.recentBookings - b.recentBookings,
  );
  // Nobody on staff yet: the promise still follows the support calendar.
  return (
    candidates[0] ?? {
      staffId: null,
      email: null,
      calendar: request.calendar,
      startsAt: request.now,
      endsAt: addWorkingTime(request.calendar, request.now, effortMs),
      openBookings: 0,
      recentBookings: 0,
    }
  );
}

/** The new booking took [startsAt, endsAt): the specialist's work it displaced resumes after it, in order. */
async function pushQueueLater(
  client: PoolClient,
  request: BookingRequest,
  taken: Candidate,
): Promise<DisplacedBooking[]> {
  const queue = await client.query<{
    id: string;
    ticket_id: string;
    workflow_id: string;
    starts_at: Date;
    ends_at: Date;
  }>(
    `SELECT b.id, b.ticket_id, t.workflow_id, b.starts_at, b.ends_at
       FROM bookings b JOIN tickets t ON t.id = b.ticket_id
      WHERE b.staff_id = $1 AND b.cancelled_at IS NULL AND b.ticket_id <> $2 AND b.ends_at > $3
      ORDER BY b.starts_at`,
    [taken.staffId, request.ticketId, taken.startsAt],
  );
  const displaced: (DisplacedBooking & { bookingId: string; startsAt: Date })[] = [];
  let cursor = taken.endsAt;
  for (const booking of queue.rows) {
    if (booking.starts_at >= cursor) break; // the rest of the queue is not touched
    const remainingMs = workingTimeBetween(
      taken.calendar,
      maxDate(booking.starts_at, request.now),
      booking.ends_at,
    );
    const endsAt = addWorkingTime(taken.calendar, cursor, remainingMs);
    displaced.push({
      bookingId: booking.id,
      startsAt: cursor,
      ticketId: Number(booking.ticket_id),
      workflowId: booking.workflow_id,
      promisedAt: endsAt,
    });
    cursor = endsAt;
  }
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
  return displaced.map(({ ticketId, workflowId, promisedAt }) => ({ ticketId, workflowId, promisedAt }));
}

function maxDate(a: Date, b: Date): Date {
  return a > b ? a : b;
}

/** Work on the ticket is over (done or refused): its booking ends now, freeing the rest of the slot. */
export async function releaseBookings(db: Database, ticketId: number, at: Date): Promise<void> {
  await db.query(
    `UPDATE bookings SET ends_at = GREATEST(starts_at, LEAST(ends_at, $2))
      WHERE ticket_id = $1 AND cancelled_at IS NULL`,
    [ticketId, at],
  );
}
