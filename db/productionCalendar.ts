// The production calendar staff maintain: loaded years per country or region, their days, and the revision every
// change bumps in its own transaction, so that each process knows when its cached calendars are stale.
import type { PoolClient } from 'pg';
import type { ProductionDay, ProductionDayKind } from '../domain/productionCalendar';
import { inTransaction, type Database } from './pool';

export interface CalendarYear {
  region: string;
  year: number;
  source: string;
  loadedAt: Date;
  loadedBy: string | null;
  days: number;
}

export interface StoredDay extends ProductionDay {
  region: string;
  title: string | null;
  transfer: string | null;
  changedAt: Date;
  changedBy: string | null;
}

/** One consistent read of everything (a single statement sees one snapshot): the revision, years and days. */
export interface CalendarSnapshot {
  revision: number;
  years: { region: string; year: number }[];
  days: (ProductionDay & { region: string })[];
}

interface DayRow {
  region: string;
  date: string;
  kind: ProductionDayKind;
  title: string | null;
  transfer: string | null;
  changed_at: Date;
  changed_by: string | null;
}

// Dates leave PostgreSQL as text: node-postgres would read a date as local midnight of the host's zone.
const dayColumns = `region, day::text AS date, kind, title, transfer::text AS transfer, changed_at, changed_by`;

const storedDay = (row: DayRow): StoredDay => ({
  region: row.region,
  date: row.date,
  kind: row.kind,
  title: row.title,
  transfer: row.transfer,
  changedAt: row.changed_at,
  changedBy: row.changed_by,
});

export async function calendarRevision(db: Database): Promise<number> {
  const result = await db.query<{ revision: string }>('SELECT revision FROM production_calendar_revision');
  return Number(result.rows[0]?.revision ?? 0);
}

export async function calendarSnapshot(db: Database): Promise<CalendarSnapshot> {
  const result = await db.query<{
    revision: string;
    years: CalendarSnapshot['years'];
    days: CalendarSnapshot['days'];
  }>(
    `SELECT (SELECT revision FROM production_calendar_revision) AS revision,
            (SELECT COALESCE(json_agg(json_build_object('region', region, 'year', year) ORDER BY region, year), '[]')
               FROM production_calendar_years) AS years,
            (SELECT COALESCE(json_agg(json_build_object('region', region, 'date', day::text, 'kind', kind,
                                                        'title', title, 'transfer', transfer::text)
                                      ORDER BY region, day), '[]')
               FROM production_calendar_days) AS days`,
  );
  const row = result.rows[0]!;
  return { revision: Number(row.revision), years: row.years, days: row.days };
}

export async function calendarYears(db: Database): Promise<CalendarYear[]> {
  const result = await db.query<{
    region: string;
    year: number;
    source: string;
    loaded_at: Date;
    loaded_by: string | null;
    days: number;
  }>(
    `SELECT y.region, y.year, y.source, y.loaded_at, y.loaded_by,
            (SELECT count(*) FROM production_calendar_days d WHERE d.region = y.region AND d.year = y.year)::int AS days
       FROM production_calendar_years y ORDER BY y.region, y.year`,
  );
  return result.rows.map((row) => ({
    region: row.region,
    year: row.year,
    source: row.source,
    loadedAt: row.loaded_at,
    loadedBy: row.loaded_by,
    days: row.days,
  }));
}

/** A loaded year and its days; undefined when the year is not loaded for the region. */
export async function calendarYear(
  db: Database,
  region: string,
  year: number,
): Promise<(CalendarYear & { dayList: StoredDay[] }) | undefined> {
  const found = (await calendarYears(db)).find((entry) => entry.region === region && entry.year === year);
  if (!found) return undefined;
  const days = await db.query<DayRow>(
    `SELECT ${dayColumns} FROM production_calendar_days WHERE region = $1 AND year = $2 ORDER BY day`,
    [region, year],
  );
  return { ...found, dayList: days.rows.map(storedDay) };
}

/** The days of `regions` from `from` (a local date) on: what a booking from then needs of a specialist's region. */
export async function regionDaysFrom(
  db: Pick<PoolClient, 'query'>,
  regions: readonly string[],
  from: string,
): Promise<(ProductionDay & { region: string })[]> {
  if (regions.length === 0) return [];
  const result = await db.query<DayRow>(
    `SELECT ${dayColumns} FROM production_calendar_days WHERE region = ANY($1) AND day >= $2::date ORDER BY day`,
    [regions, from],
  );
  return result.rows.map(storedDay);
}

export interface DayChange {
  date: string;
  before: ProductionDay | null;
  after: ProductionDay | null;
}

/** Bumps the revision: the row lock also queues concurrent changes, so each sees the one before it. */
async function bumpRevision(client: PoolClient): Promise<void> {
  await client.query('UPDATE production_calendar_revision SET revision = revision + 1');
}

async function daysOf(client: PoolClient, region: string, year: number): Promise<StoredDay[]> {
  const result = await client.query<DayRow>(
    `SELECT ${dayColumns} FROM production_calendar_days WHERE region = $1 AND year = $2 ORDER BY day`,
    [region, year],
  );
  return result.rows.map(storedDay);
}

const sameDay = (a: ProductionDay, b: ProductionDay) =>
  a.kind === b.kind &&
  (a.title ?? null) === (b.title ?? null) &&
  (a.transfer ?? null) === (b.transfer ?? null);

function changesBetween(before: readonly ProductionDay[], after: readonly ProductionDay[]): DayChange[] {
  const old = new Map(before.map((day) => [day.date, day]));
  const changes: DayChange[] = [];
  for (const day of after) {
    const previous = old.get(day.date);
    old.delete(day.date);
    if (!previous || !sameDay(previous, day))
      changes.push({ date: day.date, before: plain(previous), after: plain(day) });
  }
  for (const previous of old.values())
    changes.push({ date: previous.date, before: plain(previous), after: null });
  return changes.sort((a, b) => a.date.localeCompare(b.date));
}

const plain = (day: ProductionDay | undefined): ProductionDay | null =>
  day ? { date: day.date, kind: day.kind, title: day.title ?? null, transfer: day.transfer ?? null } : null;

/**
 * Replaces a year of a region with these days, all or nothing, and records where they came from. Answers what
 * changed, date by date (the audit log keeps it).
 */
export async function loadCalendarYear(
  db: Database,
  load: {
    region: string;
    year: number;
    days: readonly ProductionDay[];
    source: string;
    actor: string | null;
  },
): Promise<DayChange[]> {
  return inTransaction(db, async (client) => {
    await bumpRevision(client);
    const before = await daysOf(client, load.region, load.year);
    await client.query(
      `INSERT INTO production_calendar_years (region, year, source, loaded_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region, year) DO UPDATE
         SET source = EXCLUDED.source, loaded_at = now(), loaded_by = EXCLUDED.loaded_by`,
      [load.region, load.year, load.source, load.actor],
    );
    await client.query('DELETE FROM production_calendar_days WHERE region = $1 AND year = $2', [
      load.region,
      load.year,
    ]);
    await client.query(
      `INSERT INTO production_calendar_days (region, day, kind, title, transfer, changed_by)
       SELECT $1, day, kind, title, transfer, $2
         FROM unnest($3::date[], $4::text[], $5::text[], $6::date[]) AS loaded (day, kind, title, transfer)`,
      [
        load.region,
        load.actor,
        load.days.map((day) => day.date),
        load.days.map((day) => day.kind),
        load.days.map((day) => day.title ?? null),
        load.days.map((day) => day.transfer ?? null),
      ],
    );
    return changesBetween(before, load.days);
  });
}

/** Sets one day of a loaded year; 'not-loaded' when its year is not loaded for the region. */
export async function setCalendarDay(
  db: Database,
  region: string,
  day: ProductionDay,
  actor: string | null,
): Promise<DayChange | 'not-loaded'> {
  return inTransaction(db, async (client) => {
    await bumpRevision(client);
    const before = await client.query<DayRow>(
      `SELECT ${dayColumns} FROM production_calendar_days WHERE region = $1 AND day = $2::date`,
      [region, day.date],
    );
    const inserted = await client.query(
      `INSERT INTO production_calendar_days (region, day, kind, title, transfer, changed_by)
       SELECT $1, $2::date, $3, $4, $5::date, $6
        WHERE EXISTS (SELECT 1 FROM production_calendar_years WHERE region = $1 AND year = extract(year FROM $2::date))
       ON CONFLICT (region, day) DO UPDATE
         SET kind = EXCLUDED.kind, title = EXCLUDED.title, transfer = EXCLUDED.transfer,
             changed_at = now(), changed_by = EXCLUDED.changed_by`,
      [region, day.date, day.kind, day.title ?? null, day.transfer ?? null, actor],
    );
    if (inserted.rowCount === 0) return 'not-loaded';
    return { date: day.date, before: plain(before.rows[0] && storedDay(before.rows[0])), after: plain(day) };
  });
}

/** Makes a date an ordinary day of the week again; undefined when the date had no row. */
export async function removeCalendarDay(
  db: Database,
  region: string,
  date: string,
): Promise<DayChange | undefined> {
  return inTransaction(db, async (client) => {
    await bumpRevision(client);
    const removed = await client.query<DayRow>(
      `DELETE FROM production_calendar_days WHERE region = $1 AND day = $2::date RETURNING ${dayColumns}`,
      [region, date],
    );
    const row = removed.rows[0];
    return row && { date, before: plain(storedDay(row)), after: null };
  });
}

/** Unloads a year of a region with its days; false when it was not loaded. */
export async function removeCalendarYear(db: Database, region: string, year: number): Promise<boolean> {
  return inTransaction(db, async (client) => {
    await bumpRevision(client);
    const removed = await client.query(
      'DELETE FROM production_calendar_years WHERE region = $1 AND year = $2',
      [region, year],
    );
    return removed.rowCount === 1;
  });
}

/** The regions specialists are in, with how many are in each. */
export async function regionsOfStaff(db: Database): Promise<Map<string, number>> {
  const result = await db.query<{ region: string; staff: number }>(
    'SELECT region, count(*)::int AS staff FROM staff WHERE region IS NOT NULL GROUP BY region',
  );
  return new Map(result.rows.map((row) => [row.region, row.staff]));
}
