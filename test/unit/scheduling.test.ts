// The scheduler's decisions on the Moscow office calendar (09:00–18:00, Russian holidays): where new work
// enters a queue by urgency, whose offer wins, and where the work it displaces moves.
import { DateTime } from 'luxon';
import { russianCalendar, withTimeOff } from '../../domain/calendar';
import {
  calendarClock,
  earliestFinish,
  offer,
  placeInQueue,
  pushLater,
  workingTimeClock,
  type PlannedWork,
} from '../../domain/scheduling';
import type { Urgency } from '../../domain/ticket';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const clock = calendarClock(russianCalendar());

/** An instant from Moscow wall-clock time 'yyyy-MM-dd HH:mm'. */
const at = (local: string): number =>
  DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Europe/Moscow' }).toMillis();
/** The instant as Moscow wall-clock time. */
const local = (instant: number): string =>
  DateTime.fromMillis(instant, { zone: 'Europe/Moscow' }).toFormat('yyyy-MM-dd HH:mm');
const work = (from: string, to: string, urgency: Urgency = 'normal'): PlannedWork => ({
  startsAt: at(from),
  endsAt: at(to),
  urgency,
});

describe('where new work enters a queue', () => {
  // Monday 7 December 2026, 10:00: one piece under way since 09:30, two planned.
  const now = at('2026-12-07 10:00');
  const queue = [
    work('2026-12-07 09:30', '2026-12-07 10:30'),
    work('2026-12-07 10:30', '2026-12-07 12:30', 'high'),
    work('2026-12-07 12:30', '2026-12-07 14:30'),
  ];

  test('normal work goes to the end of the queue', () => {
    expect(placeInQueue(queue, 'normal', now)).toEqual({ position: 3, startsAt: at('2026-12-07 14:30') });
  });

  test('high work goes after work under way and other high work, ahead of planned normal work', () => {
    expect(placeInQueue(queue, 'high', now)).toEqual({ position: 2, startsAt: at('2026-12-07 12:30') });
  });

  test('high work never interrupts normal work already under way', () => {
    const underWay = [work('2026-12-07 09:00', '2026-12-07 17:00')];
    expect(placeInQueue(underWay, 'high', now).startsAt).toBe(at('2026-12-07 17:00'));
  });

  test('an emergency starts now, ahead of everything, even of work under way', () => {
    expect(placeInQueue(queue, 'emergency', now)).toEqual({ position: 0, startsAt: now });
  });

  test('an empty queue takes new work at once', () => {
    expect(placeInQueue([], 'normal', now)).toEqual({ position: 0, startsAt: now });
  });
});

describe('what a specialist can offer', () => {
  test('3 hours asked for on Friday 17:00 end on Monday 11:00', () => {
    const friday = offer(clock, [], 'normal', 3 * HOUR, at('2026-12-04 17:00'));
    expect(local(friday.endsAt)).toBe('2026-12-07 11:00');
  });

  test('work after a queue that reaches the New Year holidays ends on January 11', () => {
    const queue = [work('2026-12-30 10:00', '2026-12-30 17:00')];
    const offered = offer(clock, queue, 'normal', 2 * HOUR, at('2026-12-30 10:00'));
    // Dec 31 2026 and Jan 1-10 2027 are days off.
    expect([local(offered.startsAt), local(offered.endsAt)]).toEqual([
      '2026-12-30 17:00',
      '2027-01-11 10:00',
    ]);
  });

  test('closing time is respected: an emergency at 17:30 needing an hour ends at 09:30 next working day', () => {
    const queue = [work('2026-12-07 16:00', '2026-12-07 18:00')];
    const offered = offer(clock, queue, 'emergency', HOUR, at('2026-12-07 17:30'));
    expect([local(offered.startsAt), local(offered.endsAt)]).toEqual([
      '2026-12-07 17:30',
      '2026-12-08 09:30',
    ]);
  });

  test("a specialist's time off is not working time", () => {
    const away = calendarClock(
      withTimeOff(russianCalendar(), [
        { start: new Date(at('2026-12-07 12:00')), end: new Date(at('2026-12-08 12:00')) },
      ]),
    );
    expect(local(offer(away, [], 'normal', 3 * HOUR, at('2026-12-07 10:00')).endsAt)).toBe(
      '2026-12-08 13:00',
    );
  });

  test('open bookings count work not yet over', () => {
    const now = at('2026-12-07 12:00');
    const queue = [
      work('2026-12-07 09:00', '2026-12-07 11:00'),
      work('2026-12-07 11:00', '2026-12-07 13:00'),
    ];
    expect(offer(clock, queue, 'normal', HOUR, now).openBookings).toBe(1);
  });
});

describe('whose offer wins', () => {
  const offerOf = (name: string, endsAt: string, openBookings: number, recentBookings: number) => ({
    name,
    endsAt: at(endsAt),
    openBookings,
    recentBookings,
  });

  test('the offer that finishes earliest wins, however loaded', () => {
    const best = earliestFinish([
      offerOf('anna', '2026-12-07 15:00', 0, 0),
      offerOf('boris', '2026-12-07 14:00', 5, 40),
    ]);
    expect(best?.name).toBe('boris');
  });

  test('at the same finish, fewer open bookings win, then fewer lately, then the first', () => {
    const same = '2026-12-07 14:00';
    expect(earliestFinish([offerOf('anna', same, 2, 0), offerOf('boris', same, 1, 9)])?.name).toBe('boris');
    expect(earliestFinish([offerOf('anna', same, 1, 5), offerOf('boris', same, 1, 3)])?.name).toBe('boris');
    expect(earliestFinish([offerOf('anna', same, 1, 3), offerOf('boris', same, 1, 3)])?.name).toBe('anna');
  });

  test('nobody to offer: no winner', () => {
    expect(earliestFinish([])).toBeUndefined();
  });
});

describe('where displaced work moves', () => {
  test('an emergency pushes the queue later in order, each keeping the working time it had left', () => {
    const now = at('2026-12-07 10:00');
    const queue = [
      work('2026-12-07 09:00', '2026-12-07 12:00'),
      work('2026-12-07 12:00', '2026-12-07 13:00'),
    ];
    const moves = pushLater(clock, queue, { startsAt: now, endsAt: at('2026-12-07 11:00') }, now);
    expect(moves.map((move) => [move.index, local(move.startsAt), local(move.endsAt)])).toEqual([
      [0, '2026-12-07 11:00', '2026-12-07 13:00'], // two hours were left of the work under way
      [1, '2026-12-07 13:00', '2026-12-07 14:00'],
    ]);
  });

  test('work pushed past closing time on Friday resumes on Monday', () => {
    const now = at('2026-12-04 16:00');
    const queue = [work('2026-12-04 16:00', '2026-12-04 18:00')];
    const moves = pushLater(clock, queue, { startsAt: now, endsAt: at('2026-12-04 17:00') }, now);
    expect(moves.map((move) => local(move.endsAt))).toEqual(['2026-12-07 10:00']);
  });

  test('work the new work no longer reaches, and everything after it, stays where it is', () => {
    const now = at('2026-12-07 10:00');
    const queue = [
      work('2026-12-07 09:00', '2026-12-07 10:30'),
      work('2026-12-07 10:30', '2026-12-07 11:00'),
      work('2026-12-07 15:00', '2026-12-07 16:00'),
    ];
    const moves = pushLater(
      clock,
      queue,
      { startsAt: at('2026-12-07 10:30'), endsAt: at('2026-12-07 11:30') },
      now,
    );
    expect(moves.map((move) => [move.index, local(move.endsAt)])).toEqual([[1, '2026-12-07 12:00']]);
  });

  test('on the working-time clock of the simulation, work simply adds up', () => {
    const queue = [{ startsAt: 0, endsAt: 60 * MINUTE, urgency: 'normal' as const }];
    expect(pushLater(workingTimeClock, queue, { startsAt: 0, endsAt: 30 * MINUTE }, 0)).toEqual([
      { index: 0, startsAt: 30 * MINUTE, endsAt: 90 * MINUTE },
    ]);
  });
});
