// A specialist's workload for a date range: bookings, time off, and the free working time left.
import { workingPeriods, withTimeOff, type WorkingCalendar } from '../domain/calendar';
import type { Urgency } from '../domain/ticket';
import type { Database } from './pool';

export interface WorkloadBooking {
  ticket: string;
  subject: string;
  status: string;
  urgency: Urgency | null;
  startsAt: Date;
  endsAt: Date;
  effortMinutes: number;
}

export interface Workload {
  bookings: WorkloadBooking[];
  timeOff: { startsAt: Date; endsAt: Date; reason: string | null }[];
  free: { startsAt: Date; endsAt: Date }[]; // working time with nothing booked
}

export async function timeOffOf(db: Database, staffId: number, from: Date, to: Date) {
  const rows = await db.query<{ starts_at: Date; ends_at: Date; reason: string | null }>(
    `SELECT starts_at, ends_at, reason FROM staff_time_off
      WHERE staff_id = $1 AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at`,
    [staffId, from, to],
  );
  return rows.rows.map((row) => ({ startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason }));
}

export async function workloadOf(
  db: Database,
  staffId: number,
  calendar: WorkingCalendar,
  from: Date,
  to: Date,
): Promise<Workload> {
  const bookings = await db.query<{
    number: string;
    subject: string;
    status: string;
    urgency: Urgency | null;
    starts_at: Date;
    ends_at: Date;
    effort_minutes: number;
  }>(
    `SELECT t.number, t.subject, t.status, t.urgency, b.starts_at, b.ends_at, b.effort_minutes
       FROM bookings b JOIN tickets t ON t.id = b.ticket_id
      WHERE b.staff_id = $1 AND b.cancelled_at IS NULL AND b.ends_at > $2 AND b.starts_at < $3
      ORDER BY b.starts_at`,
    [staffId, from, to],
  );
  const timeOff = await timeOffOf(db, staffId, from, to);
  const own = withTimeOff(
    calendar,
    timeOff.map((absence) => ({ start: absence.startsAt, end: absence.endsAt })),
  );
  const busy = bookings.rows.map((row) => [row.starts_at.getTime(), row.ends_at.getTime()] as const);
  const free = workingPeriods(own, from, to).flatMap((period) => subtract(period.start, period.end, busy));
  return {
    bookings: bookings.rows.map((row) => ({
      ticket: row.number,
      subject: row.subject,
      status: row.status,
      urgency: row.urgency,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      effortMinutes: row.effort_minutes,
    })),
    timeOff,
    free,
  };
}

function subtract(start: Date, end: Date, busy: readonly (readonly [number, number])[]) {
  let pieces = [[start.getTime(), end.getTime()] as [number, number]];
  for (const [busyStart, busyEnd] of busy) {
    pieces = pieces.flatMap(([a, b]): [number, number][] =>
      busyEnd <= a || busyStart >= b
        ? [[a, b]]
        : (
            [
              [a, Math.min(b, busyStart)],
              [Math.max(a, busyEnd), b],
            ] as [number, number][]
          ).filter(([x, y]) => y > x),
    );
  }
  return pieces.map(([a, b]) => ({ startsAt: new Date(a), endsAt: new Date(b) }));
}

export async function addTimeOff(
  db: Database,
  staffId: number,
  startsAt: Date,
  endsAt: Date,
  reason?: string,
) {
  await db.query(
    'INSERT INTO staff_time_off (staff_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4)',
    [staffId, startsAt, endsAt, reason ?? null],
  );
}
