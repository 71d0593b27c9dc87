// Which ticket a mail replies to: by In-Reply-To/References to one of our letters first, then by
// the ticket tag in the subject; and only when it comes from the ticket's client.
import type { Database } from '../db/pool';
import type { InboundHeaders } from './inboundMessage';

export interface Thread {
  ticketId: number;
  workflowId: string;
}

const tagPattern = /\b(TRC-\d{6})\b/i;

export async function findThread(db: Database, headers: InboundHeaders): Promise<Thread | undefined> {
  if (!headers.fromAddress) return undefined;
  const referenced = [headers.inReplyTo, ...headers.references].filter((id): id is string => !!id);
  const byHeaders = referenced.length
    ? await db.query<{ id: string; workflow_id: string }>(
        `SELECT t.id, t.workflow_id FROM letters l JOIN tickets t ON t.id = l.ticket_id
          WHERE l.message_id = ANY($1) AND lower(t.client_email) = $2
          ORDER BY l.id DESC LIMIT 1`,
        [referenced, headers.fromAddress],
      )
    : undefined;
  const tag = tagPattern.exec(headers.subject)?.[1]?.toUpperCase();
  const found =
    byHeaders?.rows[0] ??
    (tag
      ? (
          await db.query<{ id: string; workflow_id: string }>(
            'SELECT id, workflow_id FROM tickets WHERE number = $1 AND lower(client_email) = $2',
            [tag, headers.fromAddress],
          )
        ).rows[0]
      : undefined);
  return found && { ticketId: Number(found.id), workflowId: found.workflow_id };
}
