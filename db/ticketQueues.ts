// The staff console's work queues: which tickets each holds, in which order, and how many there are.
import type { Database } from './pool';

export const ticketQueues = ['triage', 'emergencies', 'mine', 'overdue', 'waiting'] as const;
export type TicketQueue = (typeof ticketQueues)[number];

const open = "t.status IN ('awaiting_triage', 'scheduled', 'in_progress', 'waiting_for_client')";
const lastActivity = '(SELECT max(e.at) FROM ticket_events e WHERE e.ticket_id = t.id)';

/**
 * Each queue's condition over `tickets t LEFT JOIN staff s` and its natural order; `me` is the staff member's
 * email, given as an SQL parameter when the queue needs it. Triage holds what no specialist has assessed: untriaged tickets, and those
 * promised from the automatic triage that still await review. Overdue follows the escalation rule: a promise
 * past while the work is planned or under way (waiting for the client pauses the promise's clock).
 */
export function queueSql(queue: TicketQueue, me: () => string): { condition: string; order: string } {
  switch (queue) {
    case 'triage':
      return {
        condition: "(t.status = 'awaiting_triage' OR (t.status = 'scheduled' AND t.needs_review))",
        order: 't.ack_deadline ASC NULLS LAST, t.id',
      };
    case 'emergencies':
      return { condition: `${open} AND t.urgency = 'emergency'`, order: 't.received_at ASC, t.id' };
    case 'mine':
      return { condition: `${open} AND s.email = ${me()}`, order: 't.promised_at ASC NULLS LAST, t.id' };
    case 'overdue':
      return {
        condition: "t.status IN ('scheduled', 'in_progress') AND t.promised_at < now()",
        order: 't.promised_at ASC, t.id',
      };
    case 'waiting':
      return {
        condition: "t.status = 'waiting_for_client'",
        order: `${lastActivity} ASC NULLS FIRST, t.id`, // the longest silence first
      };
  }
}

export type QueueCounts = Record<TicketQueue | 'all', number>;

/** How many tickets each queue holds for this staff member, and how many tickets there are in all. */
export async function queueCounts(db: Database, me: string): Promise<QueueCounts> {
  const columns = ticketQueues.map(
    (queue) => `count(*) FILTER (WHERE ${queueSql(queue, () => '$1').condition})::int AS "${queue}"`,
  );
  const result = await db.query<QueueCounts>(
    `SELECT ${columns.join(', ')}, count(*)::int AS "all"
       FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id`,
    [me.toLowerCase()],
  );
  return result.rows[0]!;
}
