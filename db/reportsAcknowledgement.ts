// Did clients get their dated promise or refusal within the acknowledgement deadline? Tickets received in a
// range, by calendar week or month in the support time zone. A reopened ticket counts its latest round.
import type { Database } from './pool';

export type ReportPeriod = 'week' | 'month';

export interface AcknowledgementPeriod {
  start: Date; // local midnight that starts the week (Monday) or month
  met: number; // acknowledged by the deadline
  missed: number; // acknowledged late, or still not acknowledged and the deadline has passed
  pending: number; // not acknowledged, the deadline still ahead
}

export async function acknowledgementPeriods(
  db: Database,
  range: { from: Date; to: Date },
  by: ReportPeriod,
  timeZone: string,
): Promise<AcknowledgementPeriod[]> {
  const result = await db.query<AcknowledgementPeriod>(
    `WITH periods AS (
       SELECT local_start FROM generate_series(
         date_trunc($3, $1::timestamptz AT TIME ZONE $4),
         $2::timestamptz AT TIME ZONE $4 - interval '1 microsecond',
         ('1 ' || $3)::interval) AS local_start),
     received AS (
       SELECT date_trunc($3, t.received_at AT TIME ZONE $4) AS local_start,
              CASE WHEN t.acknowledged_at <= t.ack_deadline THEN 'met'
                   WHEN t.acknowledged_at IS NOT NULL OR t.ack_deadline <= now() THEN 'missed'
                   ELSE 'pending' END AS outcome
         FROM tickets t
        WHERE t.received_at >= $1 AND t.received_at < $2 AND t.ack_deadline IS NOT NULL)
     SELECT p.local_start AT TIME ZONE $4 AS start,
            count(*) FILTER (WHERE r.outcome = 'met')::int AS met,
            count(*) FILTER (WHERE r.outcome = 'missed')::int AS missed,
            count(*) FILTER (WHERE r.outcome = 'pending')::int AS pending
       FROM periods p LEFT JOIN received r ON r.local_start = p.local_start
      GROUP BY p.local_start ORDER BY p.local_start`,
    [range.from, range.to, by, timeZone],
  );
  return result.rows;
}
