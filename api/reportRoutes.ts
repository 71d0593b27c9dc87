// The console's reports: acknowledgement on time, what came in, where the time went, emergencies per client (also
// by organisation), voice support asked for and given, and which knowledge-base articles were suggested and solved
// tickets.
import { Router } from 'express';
import { DateTime } from 'luxon';
import type { Database } from '../db/pool';
import { acknowledgementPeriods } from '../db/reportsAcknowledgement';
import { articleUse } from '../db/reportsArticles';
import { loggedEffort } from '../db/reportsEffort';
import { emergencyMonths, emergencyMonthsByOrganisation } from '../db/reportsEmergencies';
import { voiceSupport } from '../db/reportsVoice';
import { ticketMix } from '../db/reportsTickets';
import { rootCauses, urgencies } from '../domain/ticket';
import { acknowledgementReportQuery, effortReportQuery, emergencyReportQuery, reportRange } from './schemas';
import { parseOrProblem } from './validation';

const shareOf = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const per100 = (emergencies: number, clients: number) =>
  clients > 0 ? Math.round((emergencies * 10_000) / clients) / 100 : null;

export function reportRoutes(db: Database, timeZone: string): Router {
  const router = Router();
  const local = (at: Date) =>
    DateTime.fromJSDate(at, { zone: timeZone }).toISO({ suppressMilliseconds: true });
  const bounds = (range: { from: Date; to: Date }) => ({ from: local(range.from), to: local(range.to) });

  router.get('/reports/acknowledgement', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    const { by } = parseOrProblem(acknowledgementReportQuery, request.query);
    const periods = await acknowledgementPeriods(db, range, by, timeZone);
    const total = (field: 'met' | 'missed' | 'pending') => periods.reduce((sum, row) => sum + row[field], 0);
    response.json({
      ...bounds(range),
      by,
      met: total('met'),
      missed: total('missed'),
      pending: total('pending'),
      share: shareOf(total('met'), total('met') + total('missed')),
      periods: periods.map((period) => ({
        ...period,
        start: local(period.start),
        share: shareOf(period.met, period.met + period.missed),
      })),
    });
  });

  router.get('/reports/tickets', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    const matrix = await ticketMix(db, range);
    const sum = (cells: typeof matrix) => cells.reduce((total, cell) => total + cell.count, 0);
    response.json({
      ...bounds(range),
      byUrgency: urgencies.map((urgency) => ({
        urgency,
        count: sum(matrix.filter((cell) => cell.urgency === urgency)),
      })),
      byRootCause: [null, ...rootCauses].map((rootCause) => ({
        rootCause,
        count: sum(matrix.filter((cell) => cell.rootCause === rootCause)),
      })),
      matrix,
    });
  });

  router.get('/reports/effort', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    const { by } = parseOrProblem(effortReportQuery, request.query);
    response.json({ ...bounds(range), by, rows: await loggedEffort(db, range, by, timeZone) });
  });

  router.get('/reports/emergencies', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    const { by } = parseOrProblem(emergencyReportQuery, request.query);
    const months = await emergencyMonths(db, range, timeZone);
    const byOrganisation =
      by === 'organisation' ? await emergencyMonthsByOrganisation(db, range, timeZone) : undefined;
    response.json({
      ...bounds(range),
      by,
      months: months.map((month) => ({
        ...month,
        per100Clients: per100(month.emergencies, month.clients),
        ...(byOrganisation && {
          organisations: byOrganisation
            .filter((row) => row.month === month.month)
            .map(({ month: _month, ...row }) => ({
              ...row,
              per100Clients: per100(row.emergencies, row.clients),
            })),
        }),
      })),
    });
  });

  router.get('/reports/articles', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    response.json({ ...bounds(range), ...(await articleUse(db, range)) });
  });

  router.get('/reports/voice', async (request, response) => {
    const range = parseOrProblem(reportRange, request.query);
    const organisations = await voiceSupport(db, range);
    const total = (field: 'requests' | 'callbacks' | 'explained' | 'callbackMinutes') =>
      organisations.reduce((sum, row) => sum + row[field], 0);
    response.json({
      ...bounds(range),
      requests: total('requests'),
      callbacks: total('callbacks'),
      explained: total('explained'),
      callbackMinutes: total('callbackMinutes'),
      organisations,
    });
  });

  return router;
}
