// The written record of one ticket: the mail that came in, the letters that went out and the staff's notes.
import type { MailAuthentication } from '../mail/authentication';
import type { Database } from './pool';

/** An inbound mail of the ticket: its request, a client's reply, a linked request or a robot's mail. */
export interface InboundMail {
  id: number;
  receivedAt: Date;
  from: string | null;
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string;
  text: string | null; // null: stored before the decoded text was kept
  automatic: string | null;
  role: 'request' | 'reply' | 'linked_request' | 'automatic';
  linkedTicket: string | null; // for a linked request: the ticket it opened
  authentication: MailAuthentication | null; // SPF, DKIM, DMARC, ARC; null: never checked
}

export interface OutboundLetter {
  kind: string;
  recipients: string[];
  subject: string;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
}

export interface StaffNote {
  at: Date;
  kind: 'comment' | 'resolved';
  actor: string | null;
  details: Record<string, unknown>;
}

/**
 * Every inbound mail that belongs to the ticket: the request it started from, replies joined to it,
 * requests of strangers that named it (linked), and auto-replies and bounces to its letters.
 */
export async function inboundMailOf(db: Database, ticketId: number): Promise<InboundMail[]> {
  const result = await db.query<{
    id: string;
    received_at: Date;
    from_address: string | null;
    from_name: string | null;
    to_addresses: string[];
    cc_addresses: string[];
    subject: string;
    body_text: string | null;
    automatic: string | null;
    role: InboundMail['role'];
    linked_ticket: string | null;
    authentication: MailAuthentication | null;
  }>(
    `WITH own AS (SELECT id, source_message_id FROM tickets WHERE id = $1),
          linked AS (SELECT source_message_id AS message_id, number FROM tickets WHERE linked_ticket_id = $1),
          robots AS (SELECT DISTINCT (details->>'inboundMessageId')::bigint AS message_id FROM ticket_events
                      WHERE ticket_id = $1 AND kind IN ('auto_reply_received', 'letter_bounced')
                        AND details ? 'inboundMessageId')
     SELECT m.id, m.received_at, m.from_address, m.from_name, m.to_addresses, m.cc_addresses, m.subject,
            m.body_text, m.automatic, m.authentication, linked.number AS linked_ticket,
            CASE WHEN m.id = (SELECT source_message_id FROM own) THEN 'request'
                 WHEN m.reply_to_ticket_id = $1 THEN 'reply'
                 WHEN linked.number IS NOT NULL THEN 'linked_request'
                 ELSE 'automatic' END AS role
       FROM inbound_messages m LEFT JOIN linked ON linked.message_id = m.id
      WHERE m.id = (SELECT source_message_id FROM own)
         OR m.reply_to_ticket_id = $1
         OR m.id IN (SELECT message_id FROM linked)
         OR m.id IN (SELECT message_id FROM robots)
      ORDER BY m.received_at, m.id`,
    [ticketId],
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    receivedAt: row.received_at,
    from: row.from_address,
    fromName: row.from_name,
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    text: row.body_text,
    automatic: row.automatic,
    role: row.role,
    linkedTicket: row.linked_ticket,
    authentication: row.authentication,
  }));
}

/** Every letter queued for the ticket, to the client or to staff, with its text. */
export async function outboundLettersOf(db: Database, ticketId: number): Promise<OutboundLetter[]> {
  const result = await db.query<OutboundLetter>(
    `SELECT kind, recipients, subject, body_text AS text, created_at AS "createdAt", sent_at AS "sentAt"
       FROM letters WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return result.rows;
}

/** The staff's comments and resolutions, as the history records them. */
export async function staffNotesOf(db: Database, ticketId: number): Promise<StaffNote[]> {
  const result = await db.query<StaffNote>(
    `SELECT at, kind, actor, details FROM ticket_events
      WHERE ticket_id = $1 AND kind IN ('comment', 'resolved') ORDER BY at, id`,
    [ticketId],
  );
  return result.rows;
}
