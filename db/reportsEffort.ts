// Where the time went: minutes staff logged (the log-time action's time_logged events) in a range, by who
// logged them, by the ticket's assessed root cause, by calendar week in the support time zone, by channel (a
// ticket with a callback booked was worked by phone) or by the organisation the ticket was opened under.
import type { Database } from './pool';
import { assessedRootCause } from './reportsTickets';

export type EffortGrouping = 'specialist' | 'rootCause' | 'week' | 'channel' | 'organisation';

export interface EffortRow {
  key: string; // the specialist's email, the root cause ('not_assessed' before triage), the week's Monday, the
  // channel ('email' or 'voice'), or the organisation's id ('none')
  name?: string | null; // by organisation: its name
  minutes: number;
  tickets: number;
}

const keys: Record<EffortGrouping, string> = {
  specialist: 'e.actor',
  rootCause: `COALESCE(${assessedRootCause}, 'not_assessed')`,
  week: "to_char(date_trunc('week', e.at AT TIME ZONE $3), 'YYYY-MM-DD')",
  channel: "CASE WHEN t.callback_at IS NOT NULL THEN 'voice' ELSE 'email' END",
  organisation: "COALESCE(t.organisation_id::text, 'none')",
};

export async function loggedEffort(
  db: Database,
  range: { from: Date; to: Date },
  by: EffortGrouping,
  timeZone: string,
): Promise<EffortRow[]> {
  const named = by === 'organisation';
  const result = await db.query<EffortRow>(
    `SELECT ${keys[by]} AS key, ${named ? 'min(o.name) AS name,' : ''}
            sum((e.details->>'minutes')::int)::int AS minutes, count(DISTINCT e.ticket_id)::int AS tickets
       FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
            ${named ? 'LEFT JOIN organisations o ON o.id = t.organisation_id' : ''}
      WHERE e.kind = 'time_logged' AND e.at >= $1 AND e.at < $2
      GROUP BY 1 ORDER BY ${by === 'week' ? '1' : `${named ? 3 : 2} DESC, 1`}`,
    by === 'week' ? [range.from, range.to, timeZone] : [range.from, range.to],
  );
  return result.rows;
}
