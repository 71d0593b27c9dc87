// How accurate our promises are: tickets resolved in a period, against the promise standing when
// they were resolved and against the first promise made, overall or per specialist or root cause.
import type { Database } from './pool';

export type AccuracyGrouping = 'all' | 'specialist' | 'rootCause';

export interface AccuracyRow {
  group: string | null;
  resolved: number;
  onTimeShare: number | null; // done by the promise standing at completion
  firstPromiseOnTimeShare: number | null; // done by the first date the client was given
  medianLatenessMinutes: number | null; // over all resolved tickets, 0 when on time
  p90LatenessMinutes: number | null;
}

const groupColumn: Record<AccuracyGrouping, string> = {
  all: 'NULL::text',
  specialist: 'specialist',
  rootCause: 'root_cause',
};

export async function promiseAccuracy(
  db: Database,
  from: Date,
  to: Date,
  grouping: AccuracyGrouping,
): Promise<AccuracyRow[]> {
  const group = groupColumn[grouping];
  const result = await db.query<{
    group: string | null;
    resolved: number;
    on_time: number | null;
    first_on_time: number | null;
    median: number | null;
    p90: number | null;
  }>(
    `WITH done AS (
       SELECT t.resolved_at, t.root_cause, s.email AS specialist,
              (SELECT p.promised_at FROM promises p WHERE p.ticket_id = t.id AND p.made_at <= t.resolved_at
                ORDER BY p.made_at DESC, p.id DESC LIMIT 1) AS final_promise,
              (SELECT p.promised_at FROM promises p WHERE p.ticket_id = t.id ORDER BY p.made_at, p.id LIMIT 1)
                AS first_promise
         FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id
        WHERE t.resolved_at >= $1 AND t.resolved_at < $2)
     SELECT ${group} AS "group", count(*)::int AS resolved,
            avg((resolved_at <= final_promise)::int) FILTER (WHERE final_promise IS NOT NULL)::float AS on_time,
            avg((resolved_at <= first_promise)::int) FILTER (WHERE first_promise IS NOT NULL)::float AS first_on_time,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM resolved_at - final_promise) / 60))
              FILTER (WHERE final_promise IS NOT NULL) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM resolved_at - final_promise) / 60))
              FILTER (WHERE final_promise IS NOT NULL) AS p90
       FROM done GROUP BY 1 ORDER BY 1 NULLS FIRST`,
    [from, to],
  );
  return result.rows.map((row) => ({
    group: row.group,
    resolved: row.resolved,
    onTimeShare: row.on_time,
    firstPromiseOnTimeShare: row.first_on_time,
    medianLatenessMinutes: row.median,
    p90LatenessMinutes: row.p90,
  }));
}
