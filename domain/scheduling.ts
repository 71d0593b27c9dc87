// The scheduler's decisions, pure: where new work enters a specialist's queue, whose offer wins, and where
// the work it displaces moves. The booking code (db/bookings.ts) runs them on real calendars around its SQL;
// the month simulation (bench/simulation.ts) runs the same ones on its working-time clock.
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from './calendar';
import type { Urgency } from './ticket';

/** How working time passes on a specialist's calendar. Instants are milliseconds on the clock's time line. */
export interface WorkingClock {
  /** The instant at which `workMs` of working time has passed after `start`. */
  after(start: number, workMs: number): number;
  /** Working time in [from, to); 0 when `to` is not after `from`. */
  between(from: number, to: number): number;
}

/** Epoch milliseconds, advancing through the calendar's working time only. */
export function calendarClock(calendar: WorkingCalendar): WorkingClock {
  return {
    after: (start, workMs) => addWorkingTime(calendar, new Date(start), workMs).getTime(),
    between: (from, to) => workingTimeBetween(calendar, new Date(from), new Date(to)),
  };
}

/** A time line made of working time alone (weekends and nights cut out), on which work simply adds up. */
export const workingTimeClock: WorkingClock = {
  after: (start, workMs) => start + workMs,
  between: (from, to) => Math.max(0, to - from),
};

/** One piece of work in a specialist's queue; the queue is ordered by start. */
export interface PlannedWork {
  startsAt: number;
  endsAt: number;
  urgency: Urgency;
}

const rank: Record<Urgency, number> = { normal: 0, high: 1, emergency: 2 };

/** Work whose time has come is under way and is only ever interrupted by an emergency. */
function keepsItsPlace(work: PlannedWork, urgency: Urgency, now: number): boolean {
  return work.startsAt <= now || rank[work.urgency] >= rank[urgency];
}

export interface Placement {
  position: number; // how many pieces of the queue stay ahead of the new work
  startsAt: number;
}

/**
 * Where new work of this urgency enters a queue: an emergency starts now, ahead of everything; other work
 * goes after what has started and what is at least as urgent (high goes ahead of planned normal work).
 */
export function placeInQueue(queue: readonly PlannedWork[], urgency: Urgency, now: number): Placement {
  if (urgency === 'emergency') return { position: 0, startsAt: now };
  let startsAt = now;
  let position = 0;
  for (const work of queue) {
    if (!keepsItsPlace(work, urgency, now)) break;
    startsAt = Math.max(startsAt, work.endsAt);
    position += 1;
  }
  return { position, startsAt };
}

export interface Offer extends Placement {
  endsAt: number;
  openBookings: number; // work in the queue not yet over: the first tie-break
}

/** What a specialist with this queue can offer: when the new work would start and end there. */
export function offer(
  clock: WorkingClock,
  queue: readonly PlannedWork[],
  urgency: Urgency,
  effortMs: number,
  now: number,
): Offer {
  const { position, startsAt } = placeInQueue(queue, urgency, now);
  return {
    position,
    startsAt,
    endsAt: clock.after(startsAt, effortMs),
    openBookings: queue.filter((work) => work.endsAt > now).length,
  };
}

export interface Contender {
  endsAt: number;
  openBookings: number;
  recentBookings: number; // booked lately (the booking code counts 30 days): spreads work fairly
}

/** The offer that finishes earliest; ties go to the fewest open bookings, then the fewest lately, then the first. */
export function earliestFinish<T extends Contender>(contenders: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const contender of contenders) {
    if (
      !best ||
      contender.endsAt < best.endsAt ||
      (contender.endsAt === best.endsAt &&
        (contender.openBookings < best.openBookings ||
          (contender.openBookings === best.openBookings && contender.recentBookings < best.recentBookings)))
    ) {
      best = contender;
    }
  }
  return best;
}

export interface Move {
  index: number; // of the moved work in the queue
  startsAt: number;
  endsAt: number; // the new end: the moved client's new date
}

/**
 * New work took [startsAt, endsAt) of a queue (the new work itself not in it). The work it overlaps resumes
 * after it, in order, each with the working time it still had left at `now`; the first piece it no longer
 * reaches, and everything after, stays where it is.
 */
export function pushLater(
  clock: WorkingClock,
  queue: readonly PlannedWork[],
  taken: { startsAt: number; endsAt: number },
  now: number,
): Move[] {
  const moves: Move[] = [];
  let cursor = taken.endsAt;
  for (const [index, work] of queue.entries()) {
    if (work.endsAt <= taken.startsAt) continue; // over before the new work begins
    if (work.startsAt >= cursor) break;
    const leftMs = clock.between(Math.max(work.startsAt, now), work.endsAt);
    const endsAt = clock.after(cursor, leftMs);
    moves.push({ index, startsAt: cursor, endsAt });
    cursor = endsAt;
  }
  return moves;
}
