// How often clients have emergencies: each calendar month (support time zone) that a range touches, the
// emergencies received in it against the clients active then.
import type { Database } from './pool';

// The calendar months (support time zone, $3) that the range $1..$2 touches, with each month's bounds and the start
// of the 12 months ending with it, in which a client counts as active.
const MONTHS = `months AS (
       SELECT local_start,
              local_start AT TIME ZONE $3 AS starts_at,
              (local_start + interval '1 month') AT TIME ZONE $3 AS ends_at,
              (local_start - interval '11 months') AT TIME ZONE $3 AS active_since
         FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE $3),
                              $2::timestamptz AT TIME ZONE $3 - interval '1 microsecond',
                              interval '1 month') AS local_start)`;

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
    `WITH ${MONTHS}
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

export interface OrganisationEmergencyMonth {
  month: string; // 'YYYY-MM'
  organisation: { id: number; name: string } | null; // null: clients of no organisation
  emergencies: number;
  clients: number; // assigned to it by hand by the month's end, or with a ticket under it in the 12 months to then
}

/**
 * The same months by the organisation each ticket was opened under. An organisation's clients are the addresses
 * assigned to it by hand and those active under it, so an organisation whose people rarely write still counts
 * those it named. Organisations with neither clients nor emergencies in a month are left out.
 */
export async function emergencyMonthsByOrganisation(
  db: Database,
  range: { from: Date; to: Date },
  timeZone: string,
): Promise<OrganisationEmergencyMonth[]> {
  const result = await db.query<{
    month: string;
    id: string | null;
    name: string | null;
    emergencies: number;
    clients: number;
  }>(
    `WITH ${MONTHS},
     emergencies AS (
       SELECT m.local_start, t.organisation_id, count(*)::int AS n
         FROM months m JOIN tickets t ON t.urgency = 'emergency'
                                     AND t.received_at >= m.starts_at AND t.received_at < m.ends_at
        GROUP BY 1, 2),
     known AS (
       SELECT m.local_start, t.organisation_id, lower(t.client_email) AS address
         FROM months m JOIN tickets t ON t.received_at >= m.active_since AND t.received_at < m.ends_at
       UNION
       SELECT m.local_start, c.organisation_id, c.address
         FROM months m JOIN organisation_clients c ON c.assigned_at < m.ends_at),
     clients AS (SELECT local_start, organisation_id, count(*)::int AS n FROM known GROUP BY 1, 2),
     groups AS (SELECT local_start, organisation_id FROM emergencies
                UNION SELECT local_start, organisation_id FROM clients)
     SELECT to_char(g.local_start, 'YYYY-MM') AS month, o.id, o.name,
            COALESCE(e.n, 0) AS emergencies, COALESCE(c.n, 0) AS clients
       FROM groups g
            LEFT JOIN organisations o ON o.id = g.organisation_id
            LEFT JOIN emergencies e ON e.local_start = g.local_start
                                   AND e.organisation_id IS NOT DISTINCT FROM g.organisation_id
            LEFT JOIN clients c ON c.local_start = g.local_start
                               AND c.organisation_id IS NOT DISTINCT FROM g.organisation_id
      ORDER BY g.local_start, o.name NULLS LAST`,
    [range.from, range.to, timeZone],
  );
  return result.rows.map((row) => ({
    month: row.month,
    organisation: row.id === null ? null : { id: Number(row.id), name: row.name ?? '' },
    emergencies: row.emergencies,
    clients: row.clients,
  }));
}
