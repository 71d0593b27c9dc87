// The working calendars a process hands out, built from the production calendar in PostgreSQL and cached until it
// changes. Every ask reads the one-row revision (a change bumps it in its own transaction), so a year loaded through
// any process is used by every other from its next request on, with no listener to keep alive.
import { DateTime } from 'luxon';
import {
  calendarRevision,
  calendarSnapshot,
  regionsOfStaff,
  type CalendarSnapshot,
} from '../db/productionCalendar';
import type { Database } from '../db/pool';
import type { WorkingCalendar } from '../domain/calendar';
import {
  coverageOf,
  withProductionDays,
  type Coverage,
  type ProductionDay,
} from '../domain/productionCalendar';
import type { TicketPolicy } from '../domain/policy';
import type { StoredMessage } from '../db/inboundMessages';

export interface CalendarsOptions {
  /** The desk's calendar as configured: its time zone and weekly hours (and, for a fixed one, everything). */
  desk: WorkingCalendar;
  /** The country whose production calendar the desk follows, from the database; null: `desk` as it is (always-open). */
  country: string | null;
  now?: () => Date;
}

export interface RegionCoverage extends Coverage {
  region: string;
  years: number[];
  specialists: number; // staff in the region
}

export interface Calendars {
  readonly timeZone: string;
  /** The country whose production calendar the desk follows; null: a fixed calendar (always-open). */
  readonly country: string | null;
  /** The desk's calendar now: what a new ticket captures. */
  desk(): Promise<WorkingCalendar>;
  /** A specialist's calendar: `base` (the desk's, or a ticket's captured one) with their region's own days. */
  forRegion(base: WorkingCalendar, region: string | null): Promise<WorkingCalendar>;
  /** How long the loaded years last for the desk's country and every region loaded or used by a specialist. */
  coverage(): Promise<RegionCoverage[]>;
}

interface Cached {
  snapshot: CalendarSnapshot;
  // One object per key, so the calendar module's compiled form (cached per object) is reused.
  built: Map<string, WorkingCalendar>;
  regional: WeakMap<WorkingCalendar, Map<string, WorkingCalendar>>;
}

export function createCalendars(db: Database, options: CalendarsOptions): Calendars {
  const now = options.now ?? (() => new Date());
  const timeZone = options.desk.timeZone;
  const week: WorkingCalendar = { ...options.desk, holidays: [], workingWeekends: [], shortenedDays: [] };
  let cached: Cached | undefined;
  let loading: Promise<Cached> | undefined;

  /** The calendars as of the revision committed now, or later. */
  async function current(): Promise<Cached> {
    const revision = await calendarRevision(db);
    for (;;) {
      if (cached && cached.snapshot.revision >= revision) return cached;
      // Concurrent asks share one read; one begun before this revision was committed may not hold it: read again.
      loading ??= calendarSnapshot(db)
        .then((snapshot) => {
          if (!cached || snapshot.revision > cached.snapshot.revision) {
            cached = { snapshot, built: new Map(), regional: new WeakMap() };
          }
          return cached;
        })
        .finally(() => (loading = undefined));
      await loading;
    }
  }

  const today = () => localDate(now(), timeZone);
  const daysOf = (snapshot: CalendarSnapshot, region: string, fromYear: number): ProductionDay[] =>
    snapshot.days.filter((day) => day.region === region && Number(day.date.slice(0, 4)) >= fromYear);

  return {
    timeZone,
    country: options.country,

    async desk() {
      if (options.country === null) return options.desk;
      const country = options.country;
      const { snapshot, built } = await current();
      // A ticket needs its days from now on; last year's stay for a ticket that began in it.
      const fromYear = Number(today().slice(0, 4)) - 1;
      const key = `desk ${fromYear}`;
      let calendar = built.get(key);
      if (!calendar) {
        calendar = withProductionDays(week, daysOf(snapshot, country, fromYear));
        built.set(key, calendar);
      }
      return calendar;
    },

    async forRegion(base, region) {
      if (!region) return base;
      const { snapshot, regional } = await current();
      const fromYear = Number(today().slice(0, 4)) - 1;
      const ofBase = regional.get(base) ?? new Map<string, WorkingCalendar>();
      regional.set(base, ofBase);
      const key = `${region} ${fromYear}`;
      let calendar = ofBase.get(key);
      if (!calendar) {
        calendar = withProductionDays(base, daysOf(snapshot, region, fromYear));
        ofBase.set(key, calendar);
      }
      return calendar;
    },

    async coverage() {
      const { snapshot } = await current();
      const staff = await regionsOfStaff(db);
      const regions = new Set([
        ...(options.country ? [options.country] : []),
        ...snapshot.years.map((entry) => entry.region),
        ...staff.keys(),
      ]);
      return [...regions].sort().map((region) => {
        const years = snapshot.years.filter((entry) => entry.region === region).map((entry) => entry.year);
        return { region, years, specialists: staff.get(region) ?? 0, ...coverageOf(years, today()) };
      });
    },
  };
}

/** The policy a new ticket captures: the configured numbers with the desk's calendar as it is now. */
export function ticketPolicies(
  policy: TicketPolicy,
  calendars: Calendars,
): (message?: StoredMessage) => Promise<TicketPolicy> {
  return async () => ({ ...policy, calendar: await calendars.desk() });
}

/** The local date 'YYYY-MM-DD' of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}
