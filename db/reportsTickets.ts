// What came in: tickets received in a range by urgency and by the root cause a specialist assessed.
import type { RootCause, Urgency } from '../domain/ticket';
import type { Database } from './pool';

/**
 * The root cause a specialist assessed, or NULL: until someone triages the ticket the column holds only the
 * automatic guess, which a report must not count as an assessment.
 */
export const assessedRootCause = `CASE WHEN EXISTS (SELECT 1 FROM ticket_events e
                                                     WHERE e.ticket_id = t.id AND e.kind = 'triaged')
                                      THEN t.root_cause END`;

export interface TicketMixCell {
  urgency: Urgency;
  rootCause: RootCause | null;
  count: number;
}

export async function ticketMix(db: Database, range: { from: Date; to: Date }): Promise<TicketMixCell[]> {
  const result = await db.query<TicketMixCell>(
    `SELECT t.urgency, ${assessedRootCause} AS "rootCause", count(*)::int AS count
       FROM tickets t
      WHERE t.received_at >= $1 AND t.received_at < $2 AND t.urgency IS NOT NULL
      GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`,
    [range.from, range.to],
  );
  return result.rows;
}
