// Bookings of ticket effort in specialists' working time: the earliest free slot, serialised by an
// advisory lock so that concurrent bookings never hand out the same time twice.
import { addWorkingTime, type WorkingCalendar } from '../domain/calendar';
import type { Database } from './pool';

const BOOKING_LOCK = 7_310_002;

export interface BookingRequest {
  ticketId: number;
  bookingKey: string; // unique per ticket: a retried activity finds its booking
  effortMinutes: number;
  calendar: WorkingCalendar;
  now: Date;
  specialist?: string; // pin to this staff member (email)
  startNow?: boolean; // emergencies start at once instead of queueing
}

export interface Booking {
  specialist: string | null;
  startsAt: Date;
  endsAt: Date;
}

export async function bookEffort(db: Database, request: BookingRequest): Promise<Booking> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [BOOKING_LOCK]);
    const existing = await client.query<{ email: string | null; starts_at: Date; ends_at: Date }>(
      `SELECT s.email, b.starts_at, b.ends_at FROM bookings b LEFT JOIN staff s ON s.id = b.staff_id
        WHERE b.ticket_id = $1 AND b.booking_key = $2`,
      [request.ticketId, request.bookingKey],
    );
    if (existing.rows[0]) {
      await client.query('COMMIT');
      const row = existing.rows[0];
      return { specialist: row.email, startsAt: row.starts_at, endsAt: row.ends_at };
    }
    await client.query(
      'UPDATE bookings SET cancelled_at = now() WHERE ticket_id = $1 AND cancelled_at IS NULL',
      [request.ticketId],
    );
    const queues = await client.query<{ id: string; email: string; free_from: Date | null }>(
      `SELECT s.id, s.email, max(b.ends_at) AS free_from
         FROM staff s LEFT JOIN bookings b ON b.staff_id = s.id AND b.cancelled_at IS NULL
        WHERE $1::text IS NULL OR s.email = $1
        GROUP BY s.id, s.email ORDER BY s.id`,
      [request.specialist ?? null],
    );
    const effortMs = request.effortMinutes * 60_000;
    const candidates = queues.rows.map((queue) => {
      const freeFrom =
        request.startNow || !queue.free_from || queue.free_from < request.now ? request.now : queue.free_from;
      return {
        staffId: queue.id,
        email: queue.email,
        startsAt: freeFrom,
        endsAt: addWorkingTime(request.calendar, freeFrom, effortMs),
      };
    });
    const best = candidates.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime())[0] ??
      // Nobody on staff yet: the promise still follows the support calendar.
      {
        staffId: null,
        email: null,
        startsAt: request.now,
        endsAt: addWorkingTime(request.calendar, request.now, effortMs),
      };
    await client.query(
      `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [request.ticketId, request.bookingKey, best.staffId, best.startsAt, best.endsAt, request.effortMinutes],
    );
    await client.query('COMMIT');
    return { specialist: best.email, startsAt: best.startsAt, endsAt: best.endsAt };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Work on the ticket is over (done or refused): its booking ends now, freeing the rest of the slot. */
export async function releaseBookings(db: Database, ticketId: number, at: Date): Promise<void> {
  await db.query(
    `UPDATE bookings SET ends_at = GREATEST(starts_at, LEAST(ends_at, $2))
      WHERE ticket_id = $1 AND cancelled_at IS NULL`,
    [ticketId, at],
  );
}
