// Working-time arithmetic over a company calendar (weekly hours, holidays, time off) in one time zone.
// Pure and deterministic, so that Temporal workflows can compute due dates with it.

import { IANAZone } from 'luxon';
import { productionCalendarRu } from './productionCalendarRu';

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One stretch of working time within a day, local wall-clock 'HH:mm' (or 'HH:mm:ss'); end may be '24:00'. */
export interface WorkingHours {
  readonly start: string;
  readonly end: string;
}

/** An absence, a half-open interval [start, end) of ISO instants with an explicit offset or 'Z'. */
export interface TimeOff {
  readonly start: string;
  readonly end: string;
}

/** A plain, JSON-serialisable calendar. Treat it as immutable: derive copies (e.g. with `withTimeOff`). */
export interface WorkingCalendar {
  /** IANA time zone in which the hours and dates below are read. */
  readonly timeZone: string;
  /** Working hours of each weekday; an empty list is a day off. */
  readonly weeklyHours: Readonly<Record<IsoWeekday, readonly WorkingHours[]>>;
  /** Non-working local dates 'YYYY-MM-DD' (public holidays and transferred days off). */
  readonly holidays: readonly string[];
  /** Weekend dates that are worked, with the hours of the first weekday that has any (Monday normally). */
  readonly workingWeekends: readonly string[];
  /** Pre-holiday dates: the day's working time ends one hour earlier. */
  readonly shortenedDays: readonly string[];
  readonly timeOff: readonly TimeOff[];
}

const isoWeekdays: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const msPerSecond = 1000;
const msPerDay = 86_400_000;
const shortenedBySeconds = 3600;
// How long a calendar may go without any working time before we decide it never has any again.
const maxIdleDays = 3 * 366;

/** Mon–Fri 09:00–18:00 in Moscow, with no holidays: the week a production calendar is laid over. */
export function officeWeekCalendar(
  options: { timeZone?: string; hours?: WorkingHours } = {},
): WorkingCalendar {
  const hours = options.hours ?? { start: '09:00', end: '18:00' };
  return {
    timeZone: options.timeZone ?? 'Europe/Moscow',
    weeklyHours: { 1: [hours], 2: [hours], 3: [hours], 4: [hours], 5: [hours], 6: [], 7: [] },
    holidays: [],
    workingWeekends: [],
    shortenedDays: [],
    timeOff: [],
  };
}

/**
 * The company calendar as the code ships it: Mon–Fri 09:00–18:00 in Moscow with the Russian production calendar
 * 2026–2027. Running systems take it from the database instead (platform/calendars.ts), where staff maintain it.
 */
export function russianCalendar(options: { timeZone?: string; hours?: WorkingHours } = {}): WorkingCalendar {
  return {
    ...officeWeekCalendar(options),
    holidays: productionCalendarRu.flatMap((year) => [...year.holidays, ...year.transferredDaysOff]),
    workingWeekends: productionCalendarRu.flatMap((year) => year.workingWeekends),
    shortenedDays: productionCalendarRu.flatMap((year) => year.shortenedDays),
    timeOff: [],
  };
}

/** Open around the clock, every day: working time is plain elapsed time. */
export function alwaysOpenCalendar(timeZone = 'UTC'): WorkingCalendar {
  const allDay = [{ start: '00:00', end: '24:00' }];
  return {
    timeZone,
    weeklyHours: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
    holidays: [],
    workingWeekends: [],
    shortenedDays: [],
    timeOff: [],
  };
}

/** A copy of the calendar with the given absences added to its time off. */
export function withTimeOff(
  calendar: WorkingCalendar,
  intervals: readonly { start: Date | string; end: Date | string }[],
): WorkingCalendar {
  const added = intervals.map(({ start, end }) => ({ start: toIsoInstant(start), end: toIsoInstant(end) }));
  return { ...calendar, timeOff: [...calendar.timeOff, ...added] };
}

/** Whether `at` falls within working time (working hours are half-open: 18:00 itself is not working). */
export function isWorkingMoment(calendar: WorkingCalendar, at: Date): boolean {
  const compiled = compile(calendar);
  const atMs = instantMs(at, 'at');
  return workingIntervalsOfDay(compiled, localDayNumber(compiled.zone, atMs)).some(
    ([start, end]) => start <= atMs && atMs < end,
  );
}

/** `at` itself if it is working time, otherwise the start of the next working interval. */
export function nextWorkingMoment(calendar: WorkingCalendar, at: Date): Date {
  const atMs = instantMs(at, 'at');
  for (const [start] of workingIntervals(compile(calendar), atMs)) return new Date(start);
  throw new Error('unreachable: workingIntervals is endless or throws');
}

/**
 * The instant at which `durationMs` of working time has elapsed after `start`, counting from the next working
 * moment. A result at the very end of a working interval stays there (Friday 17:00 + 1h is Friday 18:00).
 */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, durationMs: number): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite non-negative number, got ${durationMs}`);
  }
  let remainingMs = durationMs;
  for (const [intervalStart, intervalEnd] of workingIntervals(compile(calendar), instantMs(start, 'start'))) {
    if (remainingMs <= intervalEnd - intervalStart) return new Date(intervalStart + remainingMs);
    remainingMs -= intervalEnd - intervalStart;
  }
  throw new Error('unreachable: workingIntervals is endless or throws');
}

/** Working milliseconds in [from, to); 0 when `to` is not after `from`. */
export function workingTimeBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  if (toMs <= fromMs) return 0;
  let totalMs = 0;
  for (const [start, end] of workingIntervals(compile(calendar), fromMs, toMs)) {
    if (start >= toMs) break;
    totalMs += Math.min(end, toMs) - start;
  }
  return totalMs;
}

/** The working periods within [from, to), clipped to it: what a workload chart shows as working time. */
export function workingPeriods(
  calendar: WorkingCalendar,
  from: Date,
  to: Date,
): { start: Date; end: Date }[] {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  const periods: { start: Date; end: Date }[] = [];
  if (toMs <= fromMs) return periods;
  for (const [start, end] of workingIntervals(compile(calendar), fromMs, toMs)) {
    if (start >= toMs) break;
    periods.push({ start: new Date(start), end: new Date(Math.min(end, toMs)) });
  }
  return periods;
}

/** What kind of day a local date is: a chart's background. */
export type DayKind = 'working' | 'shortened' | 'weekend' | 'holiday';

export interface CalendarDay {
  date: string; // local 'YYYY-MM-DD'
  kind: DayKind;
  opens: string | null; // local 'HH:mm' of the first working hour; null on a day off
  closes: string | null; // local 'HH:mm' the last working hour ends ('24:00' at midnight)
}

/**
 * Every local date that [from, to) touches, with its kind and opening hours (the calendar's own, before time
 * off). A public holiday on a weekend is a holiday; a worked weekend is a working (or shortened) day.
 */
export function calendarDays(calendar: WorkingCalendar, from: Date, to: Date): CalendarDay[] {
  const compiled = compile(calendar);
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  const days: CalendarDay[] = [];
  if (toMs <= fromMs) return days;
  const lastDay = localDayNumber(compiled.zone, toMs - 1);
  for (let day = localDayNumber(compiled.zone, fromMs); day <= lastDay; day++) {
    const date = dayNumberToDate(day);
    const shortened = compiled.shortenedDays.has(date);
    let spans = localSpansOfDay(compiled, day);
    if (shortened) spans = shortenByOneHour(spans);
    const kind: DayKind = compiled.holidays.has(date)
      ? 'holiday'
      : spans.length === 0
        ? 'weekend'
        : shortened
          ? 'shortened'
          : 'working';
    days.push({
      date,
      kind,
      opens: spans.length ? formatWallTime(spans[0]![0]) : null,
      closes: spans.length ? formatWallTime(spans[spans.length - 1]![1]) : null,
    });
  }
  return days;
}

function formatWallTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Compiled form: parsed once per calendar object and cached.

/** [start, end) in seconds since local midnight. */
type LocalSpan = readonly [number, number];
/** [start, end) as epoch milliseconds. */
type Span = readonly [number, number];

interface CompiledCalendar {
  readonly zone: IANAZone;
  readonly weeklySpans: ReadonlyMap<IsoWeekday, readonly LocalSpan[]>;
  readonly weekendWorkSpans: readonly LocalSpan[];
  readonly holidays: ReadonlySet<string>;
  readonly workingWeekends: ReadonlySet<string>;
  readonly shortenedDays: ReadonlySet<string>;
  /** Sorted, merged. */
  readonly timeOff: readonly Span[];
  /** Working spans by local day number, before time off; bounded so long-lived workers do not grow. */
  readonly dayCache: Map<number, readonly Span[]>;
}

const dayCacheLimit = 4096;
const compiledCalendars = new WeakMap<WorkingCalendar, CompiledCalendar>();

function compile(calendar: WorkingCalendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar);
  if (cached) return cached;
  const zone = IANAZone.create(calendar.timeZone);
  if (!zone.isValid) throw new Error(`Unknown time zone '${calendar.timeZone}' in the working calendar`);
  const weeklySpans = new Map(
    isoWeekdays.map((day) => [day, parseDayHours(calendar.weeklyHours[day] ?? [])]),
  );
  const compiled: CompiledCalendar = {
    zone,
    weeklySpans,
    weekendWorkSpans:
      isoWeekdays.map((day) => weeklySpans.get(day) ?? []).find((spans) => spans.length) ?? [],
    holidays: new Set(calendar.holidays.map(checkedLocalDate)),
    workingWeekends: new Set(calendar.workingWeekends.map(checkedLocalDate)),
    shortenedDays: new Set(calendar.shortenedDays.map(checkedLocalDate)),
    timeOff: mergeSpans(calendar.timeOff.map(parseTimeOff)),
    dayCache: new Map(),
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

function parseDayHours(hours: readonly WorkingHours[]): LocalSpan[] {
  const spans = hours
    .map(({ start, end }): LocalSpan => [parseWallTime(start), parseWallTime(end)])
    .sort((a, b) => a[0] - b[0]);
  spans.forEach(([start, end], index) => {
    const previous = spans[index - 1];
    if (start >= end) throw new Error(`Working hours must end after they start: ${JSON.stringify(hours)}`);
    if (previous && previous[1] > start) throw new Error(`Working hours overlap: ${JSON.stringify(hours)}`);
  });
  return spans;
}

function parseWallTime(text: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const seconds = match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0) : NaN;
  if (!match || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59 || !(seconds <= 24 * 3600)) {
    throw new Error(`Invalid wall-clock time '${text}': expected 'HH:mm' between 00:00 and 24:00`);
  }
  return seconds;
}

function checkedLocalDate(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || dayNumberToDate(dateToDayNumber(text)) !== text) {
    throw new Error(`Invalid local date '${text}': expected 'YYYY-MM-DD'`);
  }
  return text;
}

function parseTimeOff({ start, end }: TimeOff): Span {
  const span: Span = [parseIsoInstant(start), parseIsoInstant(end)];
  if (span[1] <= span[0]) throw new Error(`Time off must end after it starts: ${start} – ${end}`);
  return span;
}

// Without an explicit offset, Date.parse would read the text in the host's zone: not deterministic.
function parseIsoInstant(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new Error(`Invalid instant '${text}': expected ISO 8601 with 'Z' or an offset`);
  return ms;
}

function toIsoInstant(value: Date | string): string {
  return typeof value === 'string' ? new Date(parseIsoInstant(value)).toISOString() : value.toISOString();
}

function instantMs(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

function mergeSpans(spans: Span[]): Span[] {
  const merged: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------------
// Walking the calendar day by day. A local day is identified by its day number: days since 1970-01-01.

/** Working intervals from `fromMs` on (the first one clipped to start there), in order, minus time off. */
function* workingIntervals(calendar: CompiledCalendar, fromMs: number, untilMs = Infinity): Generator<Span> {
  const lastDay = untilMs === Infinity ? Infinity : localDayNumber(calendar.zone, untilMs);
  let idleDays = 0;
  for (let day = localDayNumber(calendar.zone, fromMs); day <= lastDay; day++) {
    let found = false;
    for (const [start, end] of workingIntervalsOfDay(calendar, day)) {
      if (end <= fromMs) continue;
      found = true;
      yield [Math.max(start, fromMs), end];
    }
    idleDays = found ? 0 : idleDays + 1;
    // A bounded walk ends anyway; only an open-ended one needs the guard.
    if (idleDays > maxIdleDays && lastDay === Infinity) {
      throw new Error(
        `No working time in the calendar for 3 years after ${dayNumberToDate(day - maxIdleDays)} ` +
          `(${calendar.zone.name}): check its weekly hours, holidays and time off`,
      );
    }
  }
}

function workingIntervalsOfDay(calendar: CompiledCalendar, day: number): Span[] {
  return daySpans(calendar, day).flatMap((span) => subtractTimeOff(span, calendar.timeOff));
}

function daySpans(calendar: CompiledCalendar, day: number): readonly Span[] {
  const cached = calendar.dayCache.get(day);
  if (cached) return cached;
  let local = localSpansOfDay(calendar, day);
  if (calendar.shortenedDays.has(dayNumberToDate(day))) local = shortenByOneHour(local);
  const spans = local
    .map(([start, end]): Span => [
      wallTimeToMs(calendar.zone, day, start),
      wallTimeToMs(calendar.zone, day, end),
    ])
    .filter(([start, end]) => start < end);
  if (calendar.dayCache.size >= dayCacheLimit) calendar.dayCache.clear();
  calendar.dayCache.set(day, spans);
  return spans;
}

function localSpansOfDay(calendar: CompiledCalendar, day: number): readonly LocalSpan[] {
  const date = dayNumberToDate(day);
  if (calendar.holidays.has(date)) return [];
  const weekday = isoWeekdayOf(day);
  const spans = calendar.weeklySpans.get(weekday) ?? [];
  if (spans.length === 0 && calendar.workingWeekends.has(date)) return calendar.weekendWorkSpans;
  return spans;
}

function shortenByOneHour(spans: readonly LocalSpan[]): LocalSpan[] {
  const shortened = [...spans];
  let cutSeconds = shortenedBySeconds;
  while (cutSeconds > 0 && shortened.length > 0) {
    const [start, end] = shortened.pop() as LocalSpan;
    if (end - start > cutSeconds) shortened.push([start, end - cutSeconds]);
    cutSeconds -= end - start;
  }
  return shortened;
}

function subtractTimeOff([start, end]: Span, timeOff: readonly Span[]): Span[] {
  const pieces: Span[] = [];
  let cursor = start;
  for (const [offStart, offEnd] of timeOff) {
    if (offEnd <= cursor) continue;
    if (offStart >= end) break;
    if (offStart > cursor) pieces.push([cursor, offStart]);
    cursor = Math.max(cursor, offEnd);
    if (cursor >= end) break;
  }
  if (cursor < end) pieces.push([cursor, end]);
  return pieces;
}

// ---------------------------------------------------------------------------------------------------------
// Local dates and wall-clock times in a zone.

function dateToDayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / msPerDay
  );
}

function dayNumberToDate(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

function isoWeekdayOf(day: number): IsoWeekday {
  // Day 0, 1970-01-01, was a Thursday.
  return (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

function localDayNumber(zone: IANAZone, ms: number): number {
  return Math.floor((ms + zone.offset(ms) * 60_000) / msPerDay);
}

/**
 * The instant at which the local clock shows `seconds` past midnight of `day`. Of an ambiguous time (clocks
 * turned back) the earlier instant is taken; a time skipped by clocks turned forward maps to the moment of the
 * switch, the first moment the clock shows that time or later.
 */
function wallTimeToMs(zone: IANAZone, day: number, seconds: number): number {
  const localMs = day * msPerDay + seconds * msPerSecond;
  // Real zones change their offset at most once within a day either side, so these two cover every case.
  const offsetBefore = zone.offset(localMs - msPerDay);
  const offsetAfter = zone.offset(localMs + msPerDay);
  const candidates = [localMs - offsetBefore * 60_000, localMs - offsetAfter * 60_000];
  const valid = candidates.filter((ms) => localMs - zone.offset(ms) * 60_000 === ms);
  if (valid.length > 0) return Math.min(...valid);
  return firstMomentWithOffset(zone, Math.min(...candidates), Math.max(...candidates), offsetAfter);
}

/** Binary search in (low, high] for the first instant whose offset is `offset`. */
function firstMomentWithOffset(zone: IANAZone, low: number, high: number, offset: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offset) high = middle;
    else low = middle;
  }
  return high;
}
