// The production calendar as data staff maintain: the days of a country or region that differ from its plain
// working week, how they make a WorkingCalendar, and how long the loaded years last. Pure, so that the API, the
// booking code and the tests share one reading of a row.
import type { WorkingCalendar } from './calendar';

/**
 * What a date is, where it differs from the plain working week:
 * - holiday: a public holiday, a day off (also when it falls on a weekend);
 * - day-off: a weekday off because a day off was moved onto it;
 * - working: a Saturday or Sunday that is worked, with the hours of a normal weekday;
 * - shortened: a working day one hour shorter (before a holiday); on a weekend, it is also worked.
 */
export const productionDayKinds = ['holiday', 'day-off', 'working', 'shortened'] as const;
export type ProductionDayKind = (typeof productionDayKinds)[number];

export interface ProductionDay {
  readonly date: string; // local 'YYYY-MM-DD'
  readonly kind: ProductionDayKind;
  readonly title?: string | null; // the holiday's name, when it is one
  readonly transfer?: string | null; // the other date of a transfer (a day off moved from or to it)
}

/**
 * A calendar key: a country, ISO 3166-1 alpha-2 ('ru'), or a region of it, ISO 3166-2 ('ru-ta' Tatarstan,
 * 'ru-ba' Bashkortostan), lower case. A region's days are laid over its country's.
 */
export const regionPattern = /^[a-z]{2}(?:-[a-z0-9]{1,3})?$/;

/** The country a region belongs to ('ru-ta' → 'ru'); a country is its own. */
export function countryOf(region: string): string {
  return region.slice(0, 2);
}

/** A calendar with these days instead of any holidays, worked weekends and shortened days it had on those dates. */
export function withProductionDays(
  calendar: WorkingCalendar,
  days: readonly ProductionDay[],
): WorkingCalendar {
  if (days.length === 0) return calendar;
  const dates = new Set(days.map((day) => day.date));
  const keep = (list: readonly string[]) => list.filter((date) => !dates.has(date));
  const of = (...kinds: ProductionDayKind[]) =>
    days.filter((day) => kinds.includes(day.kind)).map((day) => day.date);
  return {
    ...calendar,
    holidays: [...keep(calendar.holidays), ...of('holiday', 'day-off')],
    // A shortened day is a working day: on a Saturday it is worked, then one hour shorter.
    workingWeekends: [...keep(calendar.workingWeekends), ...of('working', 'shortened')],
    shortenedDays: [...keep(calendar.shortenedDays), ...of('shortened')],
  };
}

/** Whether a local date 'YYYY-MM-DD' names a real day. */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Saturday or Sunday: the weekend the production calendar's own rules assume. */
export function isWeekendDate(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** What is wrong with a day in `year`'s calendar, naming the field, or undefined when it may be loaded. */
export function dayProblem(
  year: number,
  day: Pick<ProductionDay, 'date' | 'kind' | 'transfer'>,
): { field: 'date' | 'kind' | 'transfer'; rule: string } | undefined {
  if (!isLocalDate(day.date)) return { field: 'date', rule: `"${day.date}" is not a date YYYY-MM-DD` };
  if (Number(day.date.slice(0, 4)) !== year) {
    return { field: 'date', rule: `${day.date} is not in ${year}` };
  }
  if (!productionDayKinds.includes(day.kind)) {
    return { field: 'kind', rule: `must be one of ${productionDayKinds.join(', ')}` };
  }
  if (day.kind === 'working' && !isWeekendDate(day.date)) {
    return {
      field: 'kind',
      rule: `${day.date} is a weekday: only a Saturday or Sunday can be a worked weekend day`,
    };
  }
  if (day.transfer != null && !isLocalDate(day.transfer)) {
    return { field: 'transfer', rule: `"${day.transfer}" is not a date YYYY-MM-DD` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// How long the loaded years last.

/** Days before the loaded years run out from which staff are warned: from 2 November of the last loaded year. */
export const COVERAGE_WARNING_DAYS = 60;

export interface Coverage {
  /** The last date of the unbroken run of loaded years from `today`'s year; null when that year is not loaded. */
  through: string | null;
  /** The first date staff are warned on: `COVERAGE_WARNING_DAYS` before the loaded years run out. */
  warnFrom: string | null;
  /** Whole days from `today` to the first date not covered (0: already out). */
  daysLeft: number;
  warn: boolean;
}

/** How long the loaded years cover from `today` (a local 'YYYY-MM-DD'): years after a gap do not count. */
export function coverageOf(loadedYears: readonly number[], today: string): Coverage {
  const loaded = new Set(loadedYears);
  let year = Number(today.slice(0, 4));
  if (!loaded.has(year)) return { through: null, warnFrom: null, daysLeft: 0, warn: true };
  while (loaded.has(year + 1)) year++;
  const runsOut = Date.UTC(year + 1, 0, 1);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const warnFrom = runsOut - COVERAGE_WARNING_DAYS * 86_400_000;
  return {
    through: `${year}-12-31`,
    warnFrom: new Date(warnFrom).toISOString().slice(0, 10),
    daysLeft: Math.round((runsOut - todayMs) / 86_400_000),
    warn: todayMs >= warnFrom,
  };
}
