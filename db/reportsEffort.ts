// Where the time went: minutes staff logged (the log-time action's time_logged events) in a range, by who
// logged them, by the ticket's assessed root cause, or by calendar week in the support time zone.
import type { Database } from './pool';
import { assessedRootCause } from './reportsTickets';

export type EffortGrouping = 'specialist' | 'rootCause' | 'week';

export interface EffortRow {
  key: string; // the specialist's email, the root cause ('not_assessed' before triage), or the week's Monday
  minutes: number;
  tickets: number;
}

const keys: Record<EffortGrouping, string> = {
  specialist: 'e.actor',
  rootCause: `COALESCE(${assessedRootCause}, 'not_assessed')`,
  week: "to_char(date_trunc('week', e.at AT TIME ZONE $3), 'YYYY-MM-DD')",
};

export async function loggedEffort(
  db: Database,
  range: { from: Date; to: Date },
  by: EffortGrouping,
  timeZone: string,
): Promise<EffortRow[]> {
  const result = await db.query<EffortRow>(
    `SELECT ${keys[by]} AS key, sum((e.details->>'minutes')::int)::int AS minutes,
            count(DISTINCT e.ticket_id)::int AS tickets
       FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.kind = 'time_logged' AND e.at >= $1 AND e.at < $2
      GROUP BY 1 ORDER BY ${by === 'week' ? '1' : '2 DESC, 1'}`,
    by === 'week' ? [range.from, range.to, timeZone] : [range.from, range.to],
  );
  return result.rows;
}
