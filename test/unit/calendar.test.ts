// Working-time arithmetic: due dates over the Moscow office calendar, holidays, time off and DST switches.

import { DateTime } from 'luxon';
import {
  addWorkingTime,
  calendarDays,
  alwaysOpenCalendar,
  isWorkingMoment,
  nextWorkingMoment,
  russianCalendar,
  withTimeOff,
  workingTimeBetween,
  type WorkingCalendar,
  type WorkingHours,
  workingPeriods,
} from '../../domain/calendar';

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;

/** An instant from a local wall-clock time 'yyyy-MM-dd HH:mm' in the zone. */
const at = (local: string, zone = 'Europe/Moscow'): Date => {
  const dateTime = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
  if (!dateTime.isValid) throw new Error(`bad test time ${local}`);
  return dateTime.toJSDate();
};
/** The instant as local wall-clock time 'yyyy-MM-dd HH:mm' in the zone. */
const local = (instant: Date, zone = 'Europe/Moscow'): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** Mon–Fri with the given hours, no holidays: an office outside Russia. */
const officeCalendar = (timeZone: string, day: WorkingHours[] = [{ start: '09:00', end: '18:00' }]) =>
  ({
    timeZone,
    weeklyHours: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: [], 7: [] },
    holidays: [],
    workingWeekends: [],
    shortenedDays: [],
    timeOff: [],
  }) satisfies WorkingCalendar;

/** Working only on Sundays, with the given hours: to look at the Sunday DST switches. */
const sundayCalendar = (timeZone: string, day: WorkingHours[]): WorkingCalendar => ({
  ...officeCalendar(timeZone, []),
  weeklyHours: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: day },
});

const moscow = russianCalendar();

describe('the Moscow office calendar: Mon–Fri 09:00–18:00 with the production calendar', () => {
  it('a request on Friday 17:30 Moscow time + 2 working hours is due Monday 10:30', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-03 17:30'), hours(2)))).toBe('2026-04-06 10:30');
  });

  it('a request at 23:59 on a working day + 2 working hours is due the next day at 11:00', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-07 23:59'), hours(2)))).toBe('2026-04-08 11:00');
  });

  it('a request before opening time starts counting at 09:00', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-07 07:15'), hours(2)))).toBe('2026-04-07 11:00');
  });

  it('a result at the very end of the working day stays there: Friday 17:00 + 1h is Friday 18:00', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-03 17:00'), hours(1)))).toBe('2026-04-03 18:00');
  });

  it('adding no working time gives the next working moment', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-04 12:00'), 0))).toBe('2026-04-06 09:00');
    expect(local(addWorkingTime(moscow, at('2026-04-07 12:34'), 0))).toBe('2026-04-07 12:34');
  });

  it('working time runs from 09:00 up to, but not including, 18:00', () => {
    expect(isWorkingMoment(moscow, at('2026-04-07 08:59'))).toBe(false);
    expect(isWorkingMoment(moscow, at('2026-04-07 09:00'))).toBe(true);
    expect(isWorkingMoment(moscow, at('2026-04-07 17:59'))).toBe(true);
    expect(isWorkingMoment(moscow, at('2026-04-07 18:00'))).toBe(false);
    expect(isWorkingMoment(moscow, at('2026-04-04 12:00'))).toBe(false); // Saturday
  });

  it('nextWorkingMoment on a Sunday is Monday 09:00 local time', () => {
    expect(local(nextWorkingMoment(moscow, at('2026-04-05 15:00')))).toBe('2026-04-06 09:00');
  });

  it('nextWorkingMoment during working time is that very moment', () => {
    const moment = at('2026-04-07 10:00');
    expect(nextWorkingMoment(moscow, moment)).toEqual(moment);
  });

  it('a shortened pre-holiday day (Tuesday 2026-11-03) ends one hour early, at 17:00', () => {
    expect(isWorkingMoment(moscow, at('2026-11-03 16:59'))).toBe(true);
    expect(isWorkingMoment(moscow, at('2026-11-03 17:00'))).toBe(false);
    expect(workingTimeBetween(moscow, at('2026-11-03 00:00'), at('2026-11-04 00:00'))).toBe(hours(8));
  });

  it('on the eve of Unity Day, Tuesday 2026-11-03 16:30 + 2h is due Thursday Nov 5 at 10:30', () => {
    expect(local(addWorkingTime(moscow, at('2026-11-03 16:30'), hours(2)))).toBe('2026-11-05 10:30');
  });

  it('over the New Year break, Wednesday 2026-12-30 17:00 + 2h is due Monday 2027-01-11 at 10:00', () => {
    // Dec 31 is a transferred day off, Jan 1–8 are holidays, Jan 9–10 a weekend.
    expect(local(addWorkingTime(moscow, at('2026-12-30 17:00'), hours(2)))).toBe('2027-01-11 10:00');
  });

  it('the first working day of 2026 is Monday Jan 12: Friday Jan 9 is a transferred day off', () => {
    expect(local(nextWorkingMoment(moscow, at('2026-01-01 00:00')))).toBe('2026-01-12 09:00');
  });

  it('March 8 2026 falls on a Sunday, so Monday March 9 is a day off', () => {
    expect(local(nextWorkingMoment(moscow, at('2026-03-07 10:00')))).toBe('2026-03-10 09:00');
  });

  it('before the May holidays, Thursday 2026-04-30 is shortened and May 1–3 are off', () => {
    expect(local(addWorkingTime(moscow, at('2026-04-30 16:30'), hours(1)))).toBe('2026-05-04 09:30');
  });

  it('Victory Day 2026 falls on a Saturday, so Monday May 11 is a day off and Friday May 8 is shortened', () => {
    expect(local(addWorkingTime(moscow, at('2026-05-08 16:00'), hours(2)))).toBe('2026-05-12 10:00');
  });

  it('in 2027, Saturday Feb 20 is a shortened working day and Monday Feb 22 a day off', () => {
    expect(isWorkingMoment(moscow, at('2027-02-20 09:00'))).toBe(true);
    expect(isWorkingMoment(moscow, at('2027-02-20 17:00'))).toBe(false);
    expect(local(nextWorkingMoment(moscow, at('2027-02-20 17:00')))).toBe('2027-02-24 09:00');
  });

  it('in 2027, Unity Day (Thursday Nov 4) is followed by a day off on Friday Nov 5', () => {
    expect(local(addWorkingTime(moscow, at('2027-11-03 16:00'), hours(2)))).toBe('2027-11-08 10:00');
  });

  it.each([2026, 2027])('%i has 247 working days, four of them shortened: 2219 working hours', (year) => {
    const yearStart = at(`${year}-01-01 00:00`);
    const nextYearStart = at(`${year + 1}-01-01 00:00`);
    expect(workingTimeBetween(moscow, yearStart, nextYearStart)).toBe(hours(247 * 9 - 4));
  });

  it('years without production-calendar data (2028) have only the weekends off', () => {
    expect(isWorkingMoment(moscow, at('2028-01-03 10:00'))).toBe(true);
  });

  it('takes other office hours and another time zone', () => {
    const yekaterinburg = russianCalendar({
      timeZone: 'Asia/Yekaterinburg',
      hours: { start: '10:00', end: '19:00' },
    });
    const due = addWorkingTime(yekaterinburg, at('2026-04-03 18:30', 'Asia/Yekaterinburg'), hours(1));
    expect(local(due, 'Asia/Yekaterinburg')).toBe('2026-04-06 10:30');
  });

  it('several working intervals a day: a lunch break is not working time', () => {
    const withLunch = {
      ...moscow,
      weeklyHours: officeCalendar('Europe/Moscow', [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ]).weeklyHours,
    };
    expect(local(addWorkingTime(withLunch, at('2026-04-07 12:00'), hours(2)))).toBe('2026-04-07 15:00');
    expect(workingTimeBetween(withLunch, at('2026-04-07 00:00'), at('2026-04-08 00:00'))).toBe(hours(8));
    // On a shortened day the last interval loses the hour.
    expect(workingTimeBetween(withLunch, at('2026-11-03 00:00'), at('2026-11-04 00:00'))).toBe(hours(7));
  });

  it('the calendar survives a JSON round trip, as it does in workflow inputs', () => {
    const revived = JSON.parse(JSON.stringify(moscow)) as WorkingCalendar;
    expect(local(addWorkingTime(revived, at('2026-12-30 17:00'), hours(2)))).toBe('2027-01-11 10:00');
  });
});

describe('time off', () => {
  it('excludes its hours: 11:00 + 2h with time off 12:00–14:00 is due 15:00', () => {
    const specialist = withTimeOff(moscow, [{ start: at('2026-04-07 12:00'), end: at('2026-04-07 14:00') }]);
    expect(local(addWorkingTime(specialist, at('2026-04-07 11:00'), hours(2)))).toBe('2026-04-07 15:00');
    expect(isWorkingMoment(specialist, at('2026-04-07 13:00'))).toBe(false);
    expect(workingTimeBetween(specialist, at('2026-04-07 00:00'), at('2026-04-08 00:00'))).toBe(hours(7));
  });

  it('spanning days: Monday 14:00 + 2h with time off Monday 15:00 – Wednesday 11:00 is due Wednesday 12:00', () => {
    const specialist = withTimeOff(moscow, [{ start: at('2026-04-06 15:00'), end: at('2026-04-08 11:00') }]);
    expect(local(addWorkingTime(specialist, at('2026-04-06 14:00'), hours(2)))).toBe('2026-04-08 12:00');
  });

  it('a request arriving during time off starts counting when the time off ends', () => {
    const specialist = withTimeOff(moscow, [
      { start: '2026-04-06T00:00:00+03:00', end: '2026-04-10T13:00:00+03:00' },
    ]);
    expect(local(nextWorkingMoment(specialist, at('2026-04-07 10:00')))).toBe('2026-04-10 13:00');
    expect(local(addWorkingTime(specialist, at('2026-04-07 10:00'), hours(6)))).toBe('2026-04-13 10:00');
  });

  it('withTimeOff returns a copy and leaves the original calendar as it was', () => {
    const specialist = withTimeOff(moscow, [{ start: at('2026-04-07 09:00'), end: at('2026-04-07 18:00') }]);
    expect(moscow.timeOff).toEqual([]);
    expect(specialist.timeOff).toEqual([
      { start: '2026-04-07T06:00:00.000Z', end: '2026-04-07T15:00:00.000Z' },
    ]);
    expect(isWorkingMoment(moscow, at('2026-04-07 10:00'))).toBe(true);
    expect(isWorkingMoment(specialist, at('2026-04-07 10:00'))).toBe(false);
  });

  it('overlapping time off counts once', () => {
    const specialist = withTimeOff(moscow, [
      { start: at('2026-04-07 10:00'), end: at('2026-04-07 12:00') },
      { start: at('2026-04-07 11:00'), end: at('2026-04-07 13:00') },
    ]);
    expect(workingTimeBetween(specialist, at('2026-04-07 09:00'), at('2026-04-07 18:00'))).toBe(hours(6));
  });
});

describe('workingTimeBetween', () => {
  it('across a weekend counts only working hours: Friday 17:00 → Monday 10:00 is 2 hours', () => {
    expect(workingTimeBetween(moscow, at('2026-04-03 17:00'), at('2026-04-06 10:00'))).toBe(hours(2));
  });

  it('across Russia Day: shortened Thursday 2026-06-11 16:00 → Monday Jun 15 10:00 is 2 hours', () => {
    expect(workingTimeBetween(moscow, at('2026-06-11 16:00'), at('2026-06-15 10:00'))).toBe(hours(2));
  });

  it('a working week has 45 hours', () => {
    expect(workingTimeBetween(moscow, at('2026-04-06 00:00'), at('2026-04-13 00:00'))).toBe(hours(45));
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(workingTimeBetween(moscow, at('2026-04-07 12:00'), at('2026-04-07 12:00'))).toBe(0);
    expect(workingTimeBetween(moscow, at('2026-04-07 12:00'), at('2026-04-07 10:00'))).toBe(0);
  });

  const specialist = withTimeOff(moscow, [{ start: at('2026-11-05 11:00'), end: at('2026-11-06 15:00') }]);
  const starts = ['2026-04-03 17:30', '2026-11-03 16:30', '2026-12-30 09:00', '2026-11-05 10:00'];
  const durations = [1000, minutes(30), hours(2), hours(9), hours(40), hours(300), 123_456_789];
  it.each(starts.flatMap((start) => durations.map((durationMs) => [start, durationMs] as const)))(
    'round trip from a working moment: from %s, the working time up to addWorkingTime(+%i ms) is that duration',
    (start, durationMs) => {
      const from = at(start);
      expect(isWorkingMoment(specialist, from)).toBe(true);
      expect(workingTimeBetween(specialist, from, addWorkingTime(specialist, from, durationMs))).toBe(
        durationMs,
      );
    },
  );
});

describe('daylight saving time', () => {
  const berlin = officeCalendar('Europe/Berlin');
  const newYork = officeCalendar('America/New_York');

  it('Berlin: Friday 17:00 + 2h across the spring switch (2026-03-29) is Monday 10:00 local, 08:00 UTC', () => {
    const due = addWorkingTime(berlin, at('2026-03-27 17:00', 'Europe/Berlin'), hours(2));
    expect(local(due, 'Europe/Berlin')).toBe('2026-03-30 10:00');
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('Berlin: Friday 17:00 + 2h across the autumn switch (2026-10-25) is Monday 10:00 local, 09:00 UTC', () => {
    const due = addWorkingTime(berlin, at('2026-10-23 17:00', 'Europe/Berlin'), hours(2));
    expect(local(due, 'Europe/Berlin')).toBe('2026-10-26 10:00');
    expect(due.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it.each([
    ['Europe/Berlin', '2026-03-30'],
    ['Europe/Berlin', '2026-10-26'],
    ['America/New_York', '2026-03-09'],
    ['America/New_York', '2026-11-02'],
  ])('%s: the working day after a switch, %s, still has its 9 hours, 09:00–18:00 local', (zone, date) => {
    const calendar = officeCalendar(zone);
    const dayStart = at(`${date} 00:00`, zone);
    expect(workingTimeBetween(calendar, dayStart, at(`${date} 23:59`, zone))).toBe(hours(9));
    expect(local(nextWorkingMoment(calendar, dayStart), zone)).toBe(`${date} 09:00`);
  });

  it('New York: Friday 09:00 → Monday 18:00 across the spring switch (2026-03-08) is 18 working hours', () => {
    const from = at('2026-03-06 09:00', 'America/New_York');
    const to = at('2026-03-09 18:00', 'America/New_York');
    expect(workingTimeBetween(newYork, from, to)).toBe(hours(18));
  });

  it('Berlin around the clock: the spring-switch day has 23 hours and the autumn-switch day 25', () => {
    const open = alwaysOpenCalendar('Europe/Berlin');
    const day = (date: string, next: string) =>
      workingTimeBetween(open, at(`${date} 00:00`, 'Europe/Berlin'), at(`${next} 00:00`, 'Europe/Berlin'));
    expect(day('2026-03-29', '2026-03-30')).toBe(hours(23));
    expect(day('2026-10-25', '2026-10-26')).toBe(hours(25));
  });

  it('a wall time skipped by the spring switch starts at the switch: 02:30–04:00 on 2026-03-29 is 03:00–04:00', () => {
    const calendar = sundayCalendar('Europe/Berlin', [{ start: '02:30', end: '04:00' }]);
    const opening = nextWorkingMoment(calendar, at('2026-03-29 00:00', 'Europe/Berlin'));
    expect(local(opening, 'Europe/Berlin')).toBe('2026-03-29 03:00');
    expect(opening.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(workingTimeBetween(calendar, opening, at('2026-03-30 00:00', 'Europe/Berlin'))).toBe(hours(1));
  });

  it('hours spanning the spring switch lose the skipped hour: 01:00–05:00 on 2026-03-29 is 3 hours', () => {
    const calendar = sundayCalendar('Europe/Berlin', [{ start: '01:00', end: '05:00' }]);
    const sunday = at('2026-03-29 00:00', 'Europe/Berlin');
    expect(workingTimeBetween(calendar, sunday, at('2026-03-30 00:00', 'Europe/Berlin'))).toBe(hours(3));
  });

  it('a wall time repeated by the autumn switch means its first occurrence: 02:30–04:00 on 2026-10-25 is 2.5h', () => {
    const calendar = sundayCalendar('Europe/Berlin', [{ start: '02:30', end: '04:00' }]);
    const opening = nextWorkingMoment(calendar, at('2026-10-25 00:00', 'Europe/Berlin'));
    expect(opening.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 summer time, UTC+2
    expect(workingTimeBetween(calendar, opening, at('2026-10-26 00:00', 'Europe/Berlin'))).toBe(minutes(150));
  });
});

describe('alwaysOpenCalendar', () => {
  it.each([
    ['UTC', '2026-04-04T23:59:59.000Z', 1000],
    ['UTC', '2026-12-31T12:00:00.000Z', hours(50)],
    ['Europe/Berlin', '2026-03-28T22:00:00.000Z', hours(5)],
    ['Europe/Berlin', '2026-10-24T20:30:00.000Z', hours(30) + 1234],
  ])('in %s, addWorkingTime from %s is plain addition of %i ms', (zone, start, durationMs) => {
    const from = new Date(start);
    expect(addWorkingTime(alwaysOpenCalendar(zone), from, durationMs).getTime()).toBe(
      from.getTime() + durationMs,
    );
  });

  it('workingTimeBetween is plain subtraction and every moment is working', () => {
    const open = alwaysOpenCalendar();
    const from = new Date('2026-03-28T22:00:00.000Z');
    const to = new Date('2026-04-02T03:04:05.678Z');
    expect(workingTimeBetween(open, from, to)).toBe(to.getTime() - from.getTime());
    expect(isWorkingMoment(open, from)).toBe(true);
    expect(open.timeZone).toBe('UTC');
  });
});

describe('guards', () => {
  const closed = officeCalendar('Europe/Moscow', []);

  it('a calendar without working time throws instead of searching forever', () => {
    expect(() => addWorkingTime(closed, at('2026-04-07 10:00'), hours(1))).toThrow(/No working time/);
    expect(() => nextWorkingMoment(closed, at('2026-04-07 10:00'))).toThrow(/No working time/);
  });

  it('time off longer than three years throws as well', () => {
    const away = withTimeOff(moscow, [{ start: at('2026-04-07 00:00'), end: at('2030-01-01 00:00') }]);
    expect(() => nextWorkingMoment(away, at('2026-04-07 10:00'))).toThrow(/No working time/);
  });

  it('a bounded workingTimeBetween over a calendar without working time is 0, not an error', () => {
    expect(workingTimeBetween(closed, at('2026-04-07 10:00'), at('2036-04-07 10:00'))).toBe(0);
  });

  it('rejects invalid input with a clear message', () => {
    expect(() => addWorkingTime(moscow, at('2026-04-07 10:00'), -1)).toThrow(/durationMs/);
    expect(() => addWorkingTime(moscow, new Date(NaN), 1)).toThrow(/invalid Date/);
    expect(() => isWorkingMoment(russianCalendar({ timeZone: 'Mars/Olympus' }), new Date(0))).toThrow(
      /Unknown time zone/,
    );
    const badHours = russianCalendar({ hours: { start: '9:00', end: '18:00' } });
    expect(() => isWorkingMoment(badHours, new Date(0))).toThrow(/Invalid wall-clock time/);
    expect(() =>
      withTimeOff(moscow, [{ start: '2026-04-07T10:00:00', end: '2026-04-07T12:00:00Z' }]),
    ).toThrow(/explicit|offset/);
  });
});

describe('workingPeriods', () => {
  test('a Moscow week lists its five working days, clipped to the range', () => {
    const periods = workingPeriods(
      russianCalendar(),
      new Date('2026-12-07T10:00:00+03:00'),
      new Date('2026-12-14T00:00:00+03:00'),
    );
    expect(periods).toHaveLength(5);
    expect(periods[0]).toEqual({
      start: new Date('2026-12-07T10:00:00+03:00'),
      end: new Date('2026-12-07T18:00:00+03:00'),
    });
    expect(periods[4]!.end).toEqual(new Date('2026-12-11T18:00:00+03:00'));
  });

  test('an empty or inverted range has no working periods', () => {
    const at = new Date('2026-12-07T10:00:00+03:00');
    expect(workingPeriods(russianCalendar(), at, at)).toEqual([]);
  });
});

describe('calendarDays: what kind of day each date of a range is, for a chart', () => {
  const days = (from: string, to: string) =>
    calendarDays(russianCalendar(), new Date(from), new Date(to)).map(
      ({ date, kind, opens, closes }) => `${date} ${kind} ${opens ?? '-'}–${closes ?? '-'}`,
    );

  test('around New Year 2027 in Moscow: Dec 30 works, Dec 31 is a transferred day off, Jan 1–8 are holidays', () => {
    expect(days('2026-12-30T00:00:00+03:00', '2027-01-12T00:00:00+03:00')).toEqual([
      '2026-12-30 working 09:00–18:00',
      '2026-12-31 holiday -–-', // Sunday Jan 4's day off, moved by the 2026 decree
      '2027-01-01 holiday -–-',
      '2027-01-02 holiday -–-', // a Saturday that is a public holiday is a holiday, not a weekend
      '2027-01-03 holiday -–-',
      '2027-01-04 holiday -–-',
      '2027-01-05 holiday -–-',
      '2027-01-06 holiday -–-',
      '2027-01-07 holiday -–-',
      '2027-01-08 holiday -–-',
      '2027-01-09 weekend -–-',
      '2027-01-10 weekend -–-',
      '2027-01-11 working 09:00–18:00',
    ]);
  });

  test('the day before Unity Day is an hour shorter; an ordinary Saturday and Sunday are weekend', () => {
    expect(days('2026-10-31T00:00:00+03:00', '2026-11-05T00:00:00+03:00')).toEqual([
      '2026-10-31 weekend -–-',
      '2026-11-01 weekend -–-',
      '2026-11-02 working 09:00–18:00',
      '2026-11-03 shortened 09:00–17:00',
      '2026-11-04 holiday -–-',
    ]);
  });

  test('a worked Saturday (Feb 20, 2027) is shortened before the Defender of the Fatherland Day', () => {
    expect(days('2027-02-20T00:00:00+03:00', '2027-02-24T00:00:00+03:00')).toEqual([
      '2027-02-20 shortened 09:00–17:00',
      '2027-02-21 weekend -–-',
      '2027-02-22 holiday -–-',
      '2027-02-23 holiday -–-',
    ]);
  });

  test('dates are local to the calendar: 22:00 UTC on Dec 29 is already Dec 30 in Moscow', () => {
    expect(days('2026-12-29T22:00:00Z', '2026-12-30T21:00:00Z')).toEqual(['2026-12-30 working 09:00–18:00']);
  });

  test('an always-open calendar works every day from 00:00 to 24:00; an empty range has no days', () => {
    expect(
      calendarDays(alwaysOpenCalendar(), new Date('2026-12-31T00:00:00Z'), new Date('2027-01-01T00:00:00Z')),
    ).toEqual([{ date: '2026-12-31', kind: 'working', opens: '00:00', closes: '24:00' }]);
    const at = new Date('2026-12-07T10:00:00+03:00');
    expect(calendarDays(russianCalendar(), at, at)).toEqual([]);
  });
});
