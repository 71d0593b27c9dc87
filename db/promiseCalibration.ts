// The promise calibration over PostgreSQL's recorded outcomes: each ticket resolved lately, against the promise
// standing when it was resolved and the booking it was promised from. Read at most every few minutes per
// process (and again after a resolution here), so that booking stays fast; the learning itself is the pure
// domain/promiseCalibration.ts, the same the month simulation runs.
import { workingTimeBetween, type WorkingCalendar } from '../domain/calendar';
import { bookedMinutes } from '../domain/policy';
import {
  calibrate,
  LEARNED_OUTCOMES,
  LEARNED_WINDOW_DAYS,
  marginShare,
  neededFactor,
  type CalibrationSettings,
  type PromiseCalibration,
  type PromiseOutcome,
} from '../domain/promiseCalibration';
import type { BookingMargin } from './bookings';
import type { Database } from './pool';

// How long one read of the outcomes serves the bookings of this process. A resolution here reads again at
// once; one in another process is seen within this.
export const CALIBRATION_MAX_AGE_MS = 5 * 60_000;

interface OutcomeRow {
  ticketId: number;
  specialist: string | null;
  rootCause: string | null;
  estimateMinutes: number;
  effortMinutes: number;
  promisedAt: Date;
  resolvedAt: Date;
}

/**
 * The outcomes of the tickets resolved in the window, newest first: who did the work, the root cause, the
 * estimate and effort of the booking the promise came from, the promise standing at resolution and when it was
 * done. Bookings made before margins were recorded count when they booked at least the ticket's estimate (the
 * booking of the work left after waiting for a client books less, and teaches nothing about estimates).
 */
export async function promiseOutcomeRows(db: Database, now: Date): Promise<OutcomeRow[]> {
  const result = await db.query<{
    id: string;
    specialist: string | null;
    root_cause: string | null;
    estimate_minutes: number;
    effort_minutes: number;
    promised_at: Date;
    resolved_at: Date;
  }>(
    `SELECT t.id, s.email AS specialist, t.root_cause, b.estimate_minutes, b.effort_minutes, p.promised_at, t.resolved_at
       FROM tickets t
       JOIN LATERAL (
              SELECT COALESCE(b.estimate_minutes, t.estimate_minutes) AS estimate_minutes, b.effort_minutes,
                     b.staff_id
                FROM bookings b
               WHERE b.ticket_id = t.id AND b.cancelled_at IS NULL AND b.created_at <= t.resolved_at
                 AND (b.estimate_minutes IS NOT NULL OR b.effort_minutes >= t.estimate_minutes)
               ORDER BY b.created_at DESC, b.id DESC LIMIT 1) b ON true
       JOIN LATERAL (
              SELECT p.promised_at FROM promises p WHERE p.ticket_id = t.id AND p.made_at <= t.resolved_at
               ORDER BY p.made_at DESC, p.id DESC LIMIT 1) p ON true
       LEFT JOIN staff s ON s.id = COALESCE(t.assignee_id, b.staff_id)
      WHERE t.resolved_at > $1::timestamptz - make_interval(days => $2) AND t.resolved_at <= $1
        AND b.estimate_minutes > 0
      ORDER BY t.resolved_at DESC
      LIMIT $3`,
    [now, LEARNED_WINDOW_DAYS, LEARNED_OUTCOMES],
  );
  return result.rows.map((row) => ({
    ticketId: Number(row.id),
    specialist: row.specialist,
    rootCause: row.root_cause,
    estimateMinutes: row.estimate_minutes,
    effortMinutes: row.effort_minutes,
    promisedAt: row.promised_at,
    resolvedAt: row.resolved_at,
  }));
}

/** An outcome as the calibration learns it: lateness counts in working time, so a weekend is no overrun. */
export function promiseOutcome(row: OutcomeRow, calendar: WorkingCalendar): PromiseOutcome {
  const lateByMs =
    row.resolvedAt > row.promisedAt
      ? workingTimeBetween(calendar, row.promisedAt, row.resolvedAt)
      : -workingTimeBetween(calendar, row.resolvedAt, row.promisedAt);
  return {
    specialist: row.specialist,
    rootCause: row.rootCause,
    neededFactor: neededFactor({
      estimateMs: row.estimateMinutes * 60_000,
      bookedMs: row.effortMinutes * 60_000,
      lateByMs,
    }),
  };
}

interface CachedOutcomes {
  readAt: number;
  rows: Promise<OutcomeRow[]>;
  calibrations: Map<string, PromiseCalibration>; // by settings and calendar
}

const cache = new WeakMap<Database, CachedOutcomes>();
// Outcomes already worked out, by calendar and row: a read again works out only the newly resolved tickets'
// working time (the calendar arithmetic costs far more than the query).
const learned = new WeakMap<Database, Map<string, Map<string, PromiseOutcome>>>();

/** The calibration now, from outcomes read at most CALIBRATION_MAX_AGE_MS ago. */
export async function currentCalibration(
  db: Database,
  settings: CalibrationSettings,
  calendar: WorkingCalendar,
  now: Date,
): Promise<PromiseCalibration> {
  let cached = cache.get(db);
  if (!cached || now.getTime() - cached.readAt >= CALIBRATION_MAX_AGE_MS || now.getTime() < cached.readAt) {
    cached = { readAt: now.getTime(), rows: promiseOutcomeRows(db, now), calibrations: new Map() };
    cache.set(db, cached);
    // A failed read is not kept: the next booking tries again.
    const reading = cached;
    reading.rows.catch(() => {
      if (cache.get(db) === reading) cache.delete(db);
    });
  }
  const calendarKey = JSON.stringify(calendar);
  const key = JSON.stringify([settings.target, settings.fallbackMarginShare, calendarKey]);
  const known = cached.calibrations.get(key);
  if (known) return known;
  const rows = await cached.rows;
  const calibration = calibrate(outcomesOf(db, rows, calendar, calendarKey), settings);
  cached.calibrations.set(key, calibration);
  return calibration;
}

function outcomesOf(
  db: Database,
  rows: readonly OutcomeRow[],
  calendar: WorkingCalendar,
  calendarKey: string,
): PromiseOutcome[] {
  const byCalendar = learned.get(db) ?? new Map<string, Map<string, PromiseOutcome>>();
  learned.set(db, byCalendar);
  const known = byCalendar.get(calendarKey) ?? new Map<string, PromiseOutcome>();
  const now = new Map<string, PromiseOutcome>(); // only the rows read this time: the map never outgrows them
  const outcomes = rows.map((row) => {
    const key = [
      row.ticketId,
      row.resolvedAt.getTime(),
      row.promisedAt.getTime(),
      row.effortMinutes,
      row.estimateMinutes,
      row.specialist,
      row.rootCause,
    ].join(' ');
    const outcome = known.get(key) ?? promiseOutcome(row, calendar);
    now.set(key, outcome);
    return outcome;
  });
  byCalendar.set(calendarKey, now);
  return outcomes;
}

/** A ticket was resolved (or its work released): the next booking reads the outcomes again. */
export function forgetCalibration(db: Database): void {
  cache.delete(db);
}

/** What a booking is asked to book: an estimate, and the ticket's policy on margins. */
export interface MarginRequest {
  effortMinutes: number; // the estimate and the policy's fixed margin; the work left, when resuming
  estimateMinutes?: number; // what effortMinutes was made from, when it was an estimate
  promiseTarget?: number; // the ticket's policy calibrates its margin for this share of promises kept
  promiseMarginShare?: number; // the ticket's policy's fixed margin: the calibration's start
  calendar: WorkingCalendar;
  skill?: string; // the root cause
}

/**
 * The margin a booking carries: calibrated for each specialist and the root cause when the ticket's policy has
 * a target; else the fixed margin the workflow already added, recorded as such; none when the effort is not
 * an estimate.
 */
export async function bookingMargin(
  db: Database,
  request: MarginRequest,
  now: Date,
): Promise<BookingMargin | undefined> {
  const { estimateMinutes } = request;
  if (estimateMinutes === undefined || !(estimateMinutes > 0)) return undefined;
  if (request.promiseTarget === undefined) {
    const fixed = {
      effortMinutes: request.effortMinutes,
      marginShare: request.promiseMarginShare ?? request.effortMinutes / estimateMinutes - 1,
    };
    return { estimateMinutes, effortFor: () => fixed };
  }
  const settings = { target: request.promiseTarget, fallbackMarginShare: request.promiseMarginShare ?? 0 };
  const calibration = await currentCalibration(db, settings, request.calendar, now);
  return {
    estimateMinutes,
    effortFor(specialist) {
      const share = marginShare(calibration, { specialist, rootCause: request.skill ?? null });
      return {
        effortMinutes: bookedMinutes({ promiseMarginShare: share }, estimateMinutes),
        marginShare: share,
      };
    },
  };
}
