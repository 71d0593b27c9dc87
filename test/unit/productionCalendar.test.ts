// The production calendar as rows: the working calendar they make, a region's days over its country's, the checks
// a day must pass, and how long the loaded years last.
import { addWorkingTime, calendarDays, officeWeekCalendar, russianCalendar } from '../../domain/calendar';
import {
  coverageOf,
  dayProblem,
  withProductionDays,
  type ProductionDay,
} from '../../domain/productionCalendar';
import { productionCalendarRu, type ProductionCalendarYear } from '../../domain/productionCalendarRu';

/** The shipped years as the rows a database holds: one row per date. */
function rowsOf(year: ProductionCalendarYear): ProductionDay[] {
  const rows = new Map<string, ProductionDay>();
  for (const date of year.holidays) rows.set(date, { date, kind: 'holiday' });
  for (const date of year.transferredDaysOff) rows.set(date, { date, kind: 'day-off' });
  for (const date of year.workingWeekends) rows.set(date, { date, kind: 'working' });
  for (const date of year.shortenedDays) rows.set(date, { date, kind: 'shortened' });
  return [...rows.values()];
}

const moscow = (local: string) => new Date(`${local}+03:00`);
const kindsOf = (calendar: ReturnType<typeof officeWeekCalendar>, from: string, to: string) =>
  calendarDays(calendar, moscow(`${from}T00:00:00`), moscow(`${to}T00:00:00`));

describe('a calendar built from rows', () => {
  const fromRows = withProductionDays(officeWeekCalendar(), productionCalendarRu.flatMap(rowsOf));

  test('the shipped 2026–2027 rows make the very calendar the code shipped, day by day', () => {
    expect(kindsOf(fromRows, '2026-01-01', '2028-01-01')).toEqual(
      kindsOf(russianCalendar(), '2026-01-01', '2028-01-01'),
    );
  });

  test('a shortened Saturday is worked 09:00–17:00; a moved day off is a holiday', () => {
    const [saturday, , monday] = kindsOf(fromRows, '2027-02-20', '2027-02-23');
    expect(saturday).toEqual({ date: '2027-02-20', kind: 'shortened', opens: '09:00', closes: '17:00' });
    expect(monday).toMatchObject({ date: '2027-02-22', kind: 'holiday' });
  });

  test('a worked Saturday takes the weekday hours, so work booked on Friday evening goes on then', () => {
    const worked = withProductionDays(fromRows, [
      { date: '2027-11-13', kind: 'working' },
      { date: '2027-11-05', kind: 'day-off' },
    ]);
    const fridayAfternoon = moscow('2027-11-12T17:00:00');
    expect(addWorkingTime(fromRows, fridayAfternoon, 2 * 3600_000)).toEqual(moscow('2027-11-15T10:00:00'));
    expect(addWorkingTime(worked, fridayAfternoon, 2 * 3600_000)).toEqual(moscow('2027-11-13T10:00:00'));
  });

  test('a row replaces whatever the calendar said of its date', () => {
    const corrected = withProductionDays(fromRows, [{ date: '2027-02-22', kind: 'shortened' }]);
    expect(kindsOf(corrected, '2027-02-22', '2027-02-23')).toEqual([
      { date: '2027-02-22', kind: 'shortened', opens: '09:00', closes: '17:00' },
    ]);
  });

  test("a region's days lie over its country's: its holiday is a day off, the rest is the country's", () => {
    const country: ProductionDay[] = [
      { date: '2027-08-27', kind: 'shortened' },
      { date: '2027-11-04', kind: 'holiday', title: 'День народного единства' },
    ];
    const tatarstan: ProductionDay[] = [
      { date: '2027-08-27', kind: 'holiday', title: 'test' },
      { date: '2027-08-30', kind: 'holiday', title: 'День Республики Татарстан' },
    ];
    const federal = withProductionDays(officeWeekCalendar(), country);
    const regional = withProductionDays(federal, tatarstan);
    const kinds = (calendar: typeof federal) =>
      kindsOf(calendar, '2027-08-27', '2027-08-31').map((day) => `${day.date} ${day.kind}`);
    expect(kinds(federal)).toEqual([
      '2027-08-27 shortened',
      '2027-08-28 weekend',
      '2027-08-29 weekend',
      '2027-08-30 working',
    ]);
    expect(kinds(regional)).toEqual([
      '2027-08-27 holiday',
      '2027-08-28 weekend',
      '2027-08-29 weekend',
      '2027-08-30 holiday',
    ]);
    expect(kindsOf(regional, '2027-11-04', '2027-11-05')[0]!.kind).toBe('holiday');
  });
});

describe('a day staff load or correct', () => {
  test('must be a real date of the year it is loaded into', () => {
    expect(dayProblem(2027, { date: '2027-02-29', kind: 'holiday' })).toMatchObject({ field: 'date' });
    expect(dayProblem(2027, { date: '2026-12-31', kind: 'holiday' })).toEqual({
      field: 'date',
      rule: '2026-12-31 is not in 2027',
    });
    expect(dayProblem(2027, { date: '2027-12-31', kind: 'day-off', transfer: '2027-01-03' })).toBeUndefined();
  });

  test('is worked as a weekend day only on a Saturday or Sunday', () => {
    expect(dayProblem(2027, { date: '2027-11-13', kind: 'working' })).toBeUndefined();
    expect(dayProblem(2027, { date: '2027-11-12', kind: 'working' })).toMatchObject({ field: 'kind' });
  });
});

describe('how long the loaded years last', () => {
  test('staff are warned from 2 November of the last loaded year, 60 days before it runs out', () => {
    expect(coverageOf([2026, 2027], '2027-11-01')).toEqual({
      through: '2027-12-31',
      warnFrom: '2027-11-02',
      daysLeft: 61,
      warn: false,
    });
    expect(coverageOf([2026, 2027], '2027-11-02')).toMatchObject({ daysLeft: 60, warn: true });
    expect(coverageOf([2026, 2027], '2026-12-01')).toMatchObject({ warn: false, daysLeft: 396 });
  });

  test('a year after a gap does not count, and an unloaded current year has run out already', () => {
    expect(coverageOf([2026, 2028], '2026-12-01')).toMatchObject({ through: '2026-12-31', warn: true });
    expect(coverageOf([2025], '2026-01-10')).toEqual({
      through: null,
      warnFrom: null,
      daysLeft: 0,
      warn: true,
    });
    expect(coverageOf([], '2026-01-10').warn).toBe(true);
  });
});
