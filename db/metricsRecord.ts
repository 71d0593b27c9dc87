// What the metrics read from the ticket record on scrape: tickets by status and urgency, acknowledgement
// deadlines met or missed, and promises kept or broken. Counts, never a ticket or an address.
import type { Database } from './pool';

export interface TicketCount {
  status: string;
  urgency: string; // 'untriaged' until a specialist (or the automatic guess) sets one
  count: number;
}

export interface RecordSnapshot {
  tickets: TicketCount[];
  /** Tickets received since `since`, as the acknowledgement report counts them. */
  acknowledgements: { met: number; missed: number; pending: number };
  /** Tickets resolved since `since` against the promise standing when they were resolved. */
  promises: { kept: number; broken: number };
}

export async function recordSnapshot(db: Database, since: Date): Promise<RecordSnapshot> {
  const [tickets, acknowledgements, promises] = await Promise.all([
    db.query<TicketCount>(
      `SELECT status, coalesce(urgency, 'untriaged') AS urgency, count(*)::int AS count
         FROM tickets GROUP BY 1, 2`,
    ),
    db.query<RecordSnapshot['acknowledgements']>(
      `SELECT count(*) FILTER (WHERE acknowledged_at <= ack_deadline)::int AS met,
              count(*) FILTER (WHERE acknowledged_at > ack_deadline
                                  OR (acknowledged_at IS NULL AND ack_deadline <= now()))::int AS missed,
              count(*) FILTER (WHERE acknowledged_at IS NULL AND ack_deadline > now())::int AS pending
         FROM tickets WHERE received_at >= $1 AND ack_deadline IS NOT NULL`,
      [since],
    ),
    db.query<RecordSnapshot['promises']>(
      `WITH done AS (
         SELECT t.resolved_at,
                (SELECT p.promised_at FROM promises p WHERE p.ticket_id = t.id AND p.made_at <= t.resolved_at
                  ORDER BY p.made_at DESC, p.id DESC LIMIT 1) AS final_promise
           FROM tickets t WHERE t.resolved_at >= $1)
       SELECT count(*) FILTER (WHERE resolved_at <= final_promise)::int AS kept,
              count(*) FILTER (WHERE resolved_at > final_promise)::int AS broken
         FROM done`,
      [since],
    ),
  ]);
  return { tickets: tickets.rows, acknowledgements: acknowledgements.rows[0]!, promises: promises.rows[0]! };
}
