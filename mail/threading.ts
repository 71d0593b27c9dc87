// Which ticket a mail replies to: by In-Reply-To/References to one of our letters first, then by
// the ticket number in the subject; and only when it comes from a participant of that ticket: the
// client, or someone on To/Cc of the client's mails. Anyone else starts a new request.
import type { Database } from '../db/pool';
import type { InboundHeaders } from './inboundMessage';

export interface Thread {
  ticketId: number;
  workflowId: string;
}

export const ticketNumberPattern = /\b(TRC)[-\s]?(\d{6})\b/i;

export function ticketNumberIn(subject: string): string | undefined {
  const match = ticketNumberPattern.exec(subject);
  return match ? `TRC-${match[2]}` : undefined;
}

// The sender is the ticket's client or was on To/Cc of a mail on the ticket.
const isParticipant = `(lower(t.client_email) = $2 OR EXISTS (
    SELECT 1 FROM inbound_messages m
     WHERE (m.id = t.source_message_id OR m.reply_to_ticket_id = t.id) AND $2 = ANY(m.to_addresses || m.cc_addresses)))`;

export async function findThread(db: Database, headers: InboundHeaders): Promise<Thread | undefined> {
  if (!headers.fromAddress) return undefined;
  const referenced = [headers.inReplyTo, ...headers.references].filter((id): id is string => !!id);
  const byHeaders = referenced.length
    ? await db.query<{ id: string; workflow_id: string }>(
        `SELECT t.id, t.workflow_id FROM letters l JOIN tickets t ON t.id = l.ticket_id
          WHERE l.message_id = ANY($1) AND ${isParticipant}
          ORDER BY l.id DESC LIMIT 1`,
        [referenced, headers.fromAddress],
      )
    : undefined;
  const tag = ticketNumberIn(headers.subject);
  const found =
    byHeaders?.rows[0] ??
    (tag
      ? (
          await db.query<{ id: string; workflow_id: string }>(
            `SELECT t.id, t.workflow_id FROM tickets t WHERE t.number = $1 AND ${isParticipant}`,
            [tag, headers.fromAddress],
          )
        ).rows[0]
      : undefined);
  return found && { ticketId: Number(found.id), workflowId: found.workflow_id };
}
