// How often clients have emergencies: each calendar month (support time zone) that a range touches, the
// emergencies received in it against the clients active then.
import type { Database } from './pool';

export interface EmergencyMonth {
  month: string; // 'YYYY-MM'
  emergencies: number; // tickets of urgency emergency received in the month
  clients: number; // distinct client addresses with a ticket received in the 12 months ending with this one
}

export async function emergencyMonths(
  db: Database,
  range: { from: Date; to: Date },
  timeZone: string,
): Promise<EmergencyMonth[]> {
  const result = await db.query<EmergencyMonth>(
    `WITH months AS (
       SELECT local_start,
              local_start AT TIME ZONE $3 AS starts_at,
              (local_start + interval '1 month') AT TIME ZONE $3 AS ends_at,
              (local_start - interval '11 months') AT TIME ZONE $3 AS active_since
         FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE $3),
                              $2::timestamptz AT TIME ZONE $3 - interval '1 microsecond',
                              interval '1 month') AS local_start)
     SELECT to_char(m.local_start, 'YYYY-MM') AS month,
            (SELECT count(*) FROM tickets t WHERE t.urgency = 'emergency'
                AND t.received_at >= m.starts_at AND t.received_at < m.ends_at)::int AS emergencies,
            (SELECT count(DISTINCT lower(t.client_email)) FROM tickets t
              WHERE t.received_at >= m.active_since AND t.received_at < m.ends_at)::int AS clients
       FROM months m ORDER BY m.local_start`,
    [range.from, range.to, timeZone],
  );
  return result.rows;
}
