// The production calendar staff maintain: which years are loaded per country or region and how long they last (any
// staff member), and, for admins, loading a year (from the XML file accounting systems exchange, or JSON) and
// correcting single days. Each change is atomic, audited with what it changed, and used by new tickets at once.
import express, { Router, type Request } from 'express';
import {
  calendarYear,
  calendarYears,
  loadCalendarYear,
  removeCalendarDay,
  removeCalendarYear,
  setCalendarDay,
  type CalendarYear,
  type StoredDay,
} from '../db/productionCalendar';
import type { Database } from '../db/pool';
import { dayProblem, type ProductionDay } from '../domain/productionCalendar';
import { CalendarFileInvalid, readProductionCalendarXml } from '../domain/productionCalendarXml';
import { localDate, type Calendars } from '../platform/calendars';
import { requireRole } from './auth';
import { Problem } from './problem';
import { MAX_BODY } from './requestGuards';
import { calendarDayParams, calendarYearParams, ProductionDayBody, ProductionYearBody } from './schemas';
import { parseOrProblem } from './validation';

const xmlTypes = ['application/xml', 'text/xml'];
const iso = (at: Date) => at.toISOString();

function requireAdmin(request: Request) {
  return requireRole(request, ['admin'], 'load or correct the production calendar');
}

function problemOf(fields: { field: string; rule: string; line?: number }[]): Problem {
  const where = (error: { field: string; line?: number }) =>
    error.line === undefined ? error.field : `line ${error.line}: ${error.field}`;
  return new Problem(
    422,
    'Unprocessable Content',
    fields.map((error) => `${where(error)}: ${error.rule}`).join('; '),
    { errors: fields },
  );
}

/**
 * The text of an XML body: UTF-8, or the single-byte encoding its declaration names (1C and other accounting
 * systems often write windows-1251). Bytes that are not valid in it are refused rather than guessed.
 */
function xmlText(body: Buffer): { text: string; encoding: string } {
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(
    body.subarray(0, 200).toString('latin1'),
  );
  const encoding = declared?.[1]?.toLowerCase() ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw problemOf([{ line: 1, field: 'xml', rule: `the encoding ${declared?.[1]} is not one we read` }]);
  }
  try {
    return { text: decoder.decode(body), encoding };
  } catch {
    throw problemOf([{ line: 1, field: 'xml', rule: `the bytes are not valid ${encoding}` }]);
  }
}

/** The days of the body: an XML calendar file, or JSON { days, source }; with where they came from. */
function daysOfBody(
  request: Request,
  region: string,
  year: number,
): { days: ProductionDay[]; source: string } {
  if (request.is(xmlTypes)) {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw problemOf([{ line: 1, field: 'xml', rule: 'the body is empty: send the calendar file' }]);
    }
    const { text, encoding } = xmlText(request.body);
    try {
      const file = readProductionCalendarXml(text, { year, region, encoding });
      return { days: file.days, source: `XML file${file.issued ? ` of ${file.issued}` : ''}` };
    } catch (error) {
      if (error instanceof CalendarFileInvalid) throw problemOf(error.problems);
      throw error;
    }
  }
  if (!request.is('application/json')) {
    throw new Problem(
      415,
      'Unsupported Media Type',
      'Send the calendar as application/xml (the xmlcalendar.ru format) or as application/json { "days": [...] }.',
    );
  }
  const body = parseOrProblem(ProductionYearBody, request.body ?? {});
  const seen = new Set<string>();
  const errors = body.days.flatMap((day, index) => {
    const fault = dayProblem(year, day);
    if (fault) return [{ field: `days.${index}.${fault.field}`, rule: fault.rule }];
    if (seen.has(day.date)) return [{ field: `days.${index}.date`, rule: `${day.date} is given twice` }];
    seen.add(day.date);
    return [];
  });
  if (errors.length > 0) throw problemOf(errors);
  return { days: body.days, source: body.source ?? 'JSON through the API' };
}

const dayView = (day: StoredDay) => ({
  date: day.date,
  kind: day.kind,
  title: day.title,
  transfer: day.transfer,
  changedAt: iso(day.changedAt),
  changedBy: day.changedBy,
});

const yearView = (year: CalendarYear) => ({
  region: year.region,
  year: year.year,
  source: year.source,
  loadedAt: iso(year.loadedAt),
  loadedBy: year.loadedBy,
});

export function productionCalendarRoutes(db: Database, calendars: Calendars): Router {
  const router = Router();

  router.get('/production-calendar', async (_request, response) => {
    const [years, coverage] = await Promise.all([calendarYears(db), calendars.coverage()]);
    const today = localDate(new Date(), calendars.timeZone);
    const country = calendars.country;
    const regions = coverage.map(({ region, specialists, through, warnFrom, daysLeft, warn }) => ({
      region,
      specialists,
      years: years
        .filter((entry) => entry.region === region)
        .map((entry) => ({ ...yearView(entry), days: entry.days })),
      through,
      warnFrom,
      daysLeft,
      warn,
    }));
    response.json({
      today,
      country,
      regions,
      warnings: regions
        .filter((entry) => entry.warn) // the regions listed are the desk's country, loaded, or someone's
        .sort((a, b) => Number(b.region === country) - Number(a.region === country))
        .map(({ region, through, warnFrom, daysLeft, warn }) => ({
          region,
          through,
          warnFrom,
          daysLeft,
          warn,
        })),
    });
  });

  router.get('/production-calendar/:region/:year', async (request, response) => {
    const { region, year } = parseOrProblem(calendarYearParams, request.params);
    const found = await calendarYear(db, region, year);
    if (!found) {
      throw new Problem(
        404,
        'Not Found',
        `${year} is not loaded for ${region}; see GET /api/production-calendar.`,
      );
    }
    response.json({ ...yearView(found), days: found.dayList.map(dayView) });
  });

  router.put(
    '/production-calendar/:region/:year',
    express.raw({ type: xmlTypes, limit: MAX_BODY }),
    async (request, response) => {
      const format = request.is(xmlTypes) ? 'xml' : 'json';
      // Recorded instead of the body (a file), also when refused.
      request.auditDeed = { action: 'production_calendar_year_load', changes: { ...request.params, format } };
      const actor = requireAdmin(request);
      const { region, year } = parseOrProblem(calendarYearParams, request.params);
      const { days, source } = daysOfBody(request, region, year);
      const changes = await loadCalendarYear(db, { region, year, days, source, actor: actor.email });
      request.auditDeed.changes = { region, year, format, source, days: days.length, changes };
      const loaded = (await calendarYear(db, region, year))!;
      response.json({ ...yearView(loaded), days: loaded.dayList.map(dayView), changes });
    },
  );

  router.delete('/production-calendar/:region/:year', async (request, response) => {
    requireAdmin(request);
    const { region, year } = parseOrProblem(calendarYearParams, request.params);
    request.auditDeed = { action: 'production_calendar_year_remove', changes: { region, year } };
    if (!(await removeCalendarYear(db, region, year))) {
      throw new Problem(404, 'Not Found', `${year} is not loaded for ${region}.`);
    }
    response.json({ region, year });
  });

  router.put('/production-calendar/:region/days/:date', async (request, response) => {
    const actor = requireAdmin(request);
    const { region, date } = parseOrProblem(calendarDayParams, request.params);
    const body = parseOrProblem(ProductionDayBody, request.body ?? {});
    request.auditDeed = { action: 'production_calendar_day_set', changes: { region, date, ...body } };
    const day: ProductionDay = { date, ...body };
    const fault = dayProblem(Number(date.slice(0, 4)), day);
    if (fault) throw problemOf([{ field: fault.field, rule: fault.rule }]);
    const change = await setCalendarDay(db, region, day, actor.email);
    if (change === 'not-loaded') {
      throw new Problem(
        409,
        'Conflict',
        `${date.slice(0, 4)} is not loaded for ${region}: load the year first ` +
          `(PUT /api/production-calendar/${region}/${date.slice(0, 4)}), then correct its days.`,
      );
    }
    request.auditDeed.changes = { region, ...change };
    response.json({ region, change });
  });

  router.delete('/production-calendar/:region/days/:date', async (request, response) => {
    requireAdmin(request);
    const { region, date } = parseOrProblem(calendarDayParams, request.params);
    request.auditDeed = { action: 'production_calendar_day_remove', changes: { region, date } };
    const change = await removeCalendarDay(db, region, date);
    if (!change) {
      throw new Problem(404, 'Not Found', `${date} is an ordinary day of the week for ${region} already.`);
    }
    request.auditDeed.changes = { region, ...change };
    response.json({ region, change });
  });

  return router;
}
