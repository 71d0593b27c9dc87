// Which ticket a mail continues, looked up among those whose participants include its sender: the
// client, or someone on To/Cc of a mail on the ticket.
import type { Database } from './pool';

export interface Thread {
  ticketId: number;
  number: string;
  workflowId: string;
}

interface ThreadRow {
  id: string;
  number: string;
  workflow_id: string;
}

const toThread = (row: ThreadRow | undefined): Thread | undefined =>
  row && { ticketId: Number(row.id), number: row.number, workflowId: row.workflow_id };

// The sender ($2) is the ticket's client or was on To/Cc of a mail on the ticket.
const isParticipant = `(lower(t.client_email) = $2 OR EXISTS (
    SELECT 1 FROM inbound_messages m
     WHERE (m.id = t.source_message_id OR m.reply_to_ticket_id = t.id) AND $2 = ANY(m.to_addresses || m.cc_addresses)))`;

/** The ticket of the latest of our letters among `messageIds` (In-Reply-To, References), if `sender` takes part in it. */
export async function threadByLetters(
  db: Database,
  messageIds: readonly string[],
  sender: string,
): Promise<Thread | undefined> {
  const result = await db.query<ThreadRow>(
    `SELECT t.id, t.number, t.workflow_id FROM letters l JOIN tickets t ON t.id = l.ticket_id
      WHERE l.message_id = ANY($1) AND ${isParticipant}
      ORDER BY l.id DESC LIMIT 1`,
    [messageIds, sender],
  );
  return toThread(result.rows[0]);
}

/** The ticket numbered `number`, if `sender` takes part in it. */
export async function threadByTicketNumber(
  db: Database,
  number: string,
  sender: string,
): Promise<Thread | undefined> {
  const result = await db.query<ThreadRow>(
    `SELECT t.id, t.number, t.workflow_id FROM tickets t WHERE t.number = $1 AND ${isParticipant}`,
    [number, sender],
  );
  return toThread(result.rows[0]);
}
