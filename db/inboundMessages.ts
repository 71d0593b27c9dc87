// Durable storage of inbound mail, exactly as received.
import type { PoolClient } from 'pg';
import type { Database } from './pool';
import type { InboundEnvelope, InboundHeaders } from '../mail/inboundMessage';

export interface StoredMessage {
  id: number;
  workflowId: string;
  replyToTicketId: number | null; // a reply joins this ticket's workflow
  isNew: boolean; // false when the same message was delivered before
}

interface MessageRow {
  id: string;
  workflow_id: string;
  reply_to_ticket_id: string | null;
}

const toStored = (row: MessageRow, isNew: boolean): StoredMessage => ({
  id: Number(row.id),
  workflowId: row.workflow_id,
  replyToTicketId: row.reply_to_ticket_id === null ? null : Number(row.reply_to_ticket_id),
  isNew,
});

export async function storeInboundMessage(
  db: Database,
  message: {
    raw: Buffer;
    envelope: InboundEnvelope;
    headers: InboundHeaders;
    workflowId: string;
    replyToTicketId?: number;
    ignoredReason?: string; // stored as evidence, but no ticket and no hand-off
  },
): Promise<StoredMessage> {
  const inserted = await db.query<MessageRow>(
    `INSERT INTO inbound_messages (message_key, raw, size_bytes, envelope_from, envelope_to, from_address, from_name,
                                   subject, workflow_id, reply_to_ticket_id, to_addresses, cc_addresses, automatic,
                                   ignored_reason, handed_off_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CASE WHEN $14::text IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (message_key) DO NOTHING
     RETURNING id, workflow_id, reply_to_ticket_id`,
    [
      message.headers.messageKey,
      message.raw,
      message.raw.length,
      message.envelope.mailFrom ?? null,
      message.envelope.rcptTo,
      message.headers.fromAddress ?? null,
      message.headers.fromName ?? null,
      message.headers.subject,
      message.workflowId,
      message.replyToTicketId ?? null,
      message.headers.to,
      message.headers.cc,
      message.headers.automatic ?? null,
      message.ignoredReason ?? null,
    ],
  );
  const row =
    inserted.rows[0] ??
    (
      await db.query<MessageRow>(
        'SELECT id, workflow_id, reply_to_ticket_id FROM inbound_messages WHERE message_key = $1',
        [message.headers.messageKey],
      )
    ).rows[0];
  if (!row) throw new Error(`inbound message ${message.headers.messageKey} vanished after insert`);
  return toStored(row, inserted.rowCount === 1);
}

export async function markHandedOff(db: Database, id: number): Promise<void> {
  await db.query(
    'UPDATE inbound_messages SET handed_off_at = now() WHERE id = $1 AND handed_off_at IS NULL',
    [id],
  );
}

export async function pendingHandoffs(db: Database, olderThanSeconds: number): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(
    `SELECT id, workflow_id, reply_to_ticket_id FROM inbound_messages
      WHERE handed_off_at IS NULL AND received_at < now() - make_interval(secs => $1)
      ORDER BY received_at LIMIT 100`,
    [olderThanSeconds],
  );
  return result.rows.map((row) => toStored(row, false));
}

/** What a reply's hand-off tells its ticket: who wrote it and under what subject, and its key. */
export async function replyOrigin(
  db: Database,
  id: number,
): Promise<{ from: string; subject: string; messageKey: string }> {
  const result = await db.query<{ from_address: string; subject: string; message_key: string }>(
    'SELECT from_address, subject, message_key FROM inbound_messages WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`inbound message ${id} not found`);
  return { from: row.from_address, subject: row.subject, messageKey: row.message_key };
}

/** A reply whose ticket has finished becomes a request of its own, in the workflow `workflowId`. */
export async function detachFromTicket(db: Database, id: number, workflowId: string): Promise<void> {
  await db.query('UPDATE inbound_messages SET workflow_id = $2, reply_to_ticket_id = NULL WHERE id = $1', [
    id,
    workflowId,
  ]);
}

/** The client's Message-ID of the request a ticket started from, when it had one. */
export async function sourceMessageId(db: Database, ticketId: number): Promise<string | undefined> {
  const source = await db.query<{ message_key: string }>(
    `SELECT m.message_key FROM tickets t JOIN inbound_messages m ON m.id = t.source_message_id WHERE t.id = $1`,
    [ticketId],
  );
  const key = source.rows[0]?.message_key;
  return key?.startsWith('<') ? key : undefined;
}

/** Whether a robot wrote the message (an auto-reply, a bounce, list mail): such mail gets no receipt. */
export async function isAutomaticMessage(db: Database, id: number): Promise<boolean> {
  const result = await db.query<{ automatic: string | null }>(
    'SELECT automatic FROM inbound_messages WHERE id = $1',
    [id],
  );
  return !!result.rows[0]?.automatic;
}

/** What registering a request needs of its stored message. */
export interface RequestMessage {
  raw: Buffer;
  fromAddress: string | null;
  fromName: string | null;
  envelopeFrom: string | null;
  subject: string;
  receivedAt: Date;
}

export async function findRequestMessage(db: Database, id: number): Promise<RequestMessage | undefined> {
  const message = await db.query<RequestMessage>(
    `SELECT raw, from_address AS "fromAddress", from_name AS "fromName", envelope_from AS "envelopeFrom", subject,
            received_at AS "receivedAt"
       FROM inbound_messages WHERE id = $1`,
    [id],
  );
  return message.rows[0];
}

/** Keeps the full decoded text of a message, so that nobody parses its raw MIME again. */
export async function storeMessageText(db: Database | PoolClient, id: number, text: string): Promise<void> {
  await db.query('UPDATE inbound_messages SET body_text = $2 WHERE id = $1', [id, text.replace(/\0/g, '')]);
}

/** The raw bytes of a message whose text was never decoded (stored before the text was kept). */
export async function rawMessage(db: Database, id: number): Promise<Buffer | undefined> {
  const result = await db.query<{ raw: Buffer }>('SELECT raw FROM inbound_messages WHERE id = $1', [id]);
  return result.rows[0]?.raw;
}

type MailAuthentication = import('../mail/authentication').MailAuthentication;

/** Whether a message still waits for its SPF/DKIM/DMARC check (new, or stored by a run that died before it). */
export async function awaitsAuthentication(db: Database, id: number): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM inbound_messages WHERE id = $1 AND authentication IS NULL', [
    id,
  ]);
  return result.rowCount === 1;
}

/**
 * Records a message's authentication once. With `refuseReplyAs`, a reply not yet handed off leaves its ticket
 * for a workflow of its own (`refuseReplyAs`), remembering the ticket it claimed to continue. Answers the
 * message as it now stands, for the hand-off.
 */
export async function recordAuthentication(
  db: Database,
  stored: StoredMessage,
  authentication: MailAuthentication,
  refuseReplyAs?: string,
): Promise<StoredMessage> {
  const refused = '($3::text IS NOT NULL AND handed_off_at IS NULL AND reply_to_ticket_id IS NOT NULL)';
  await db.query(
    `UPDATE inbound_messages
        SET authentication = $2,
            unverified_reply_to_ticket_id = CASE WHEN ${refused} THEN reply_to_ticket_id END,
            workflow_id = CASE WHEN ${refused} THEN $3 ELSE workflow_id END,
            reply_to_ticket_id = CASE WHEN ${refused} THEN NULL ELSE reply_to_ticket_id END
      WHERE id = $1 AND authentication IS NULL`,
    [stored.id, authentication, refuseReplyAs ?? null],
  );
  const row = (
    await db.query<MessageRow>(
      'SELECT id, workflow_id, reply_to_ticket_id FROM inbound_messages WHERE id = $1',
      [stored.id],
    )
  ).rows[0];
  if (!row) throw new Error(`inbound message ${stored.id} vanished after its authentication`);
  return toStored(row, stored.isNew);
}

/** A message's authentication, and the ticket it claimed to reply to when it failed DMARC (id and number). */
export async function messageAuthenticity(
  db: Database,
  id: number,
): Promise<{
  authentication: MailAuthentication | null;
  unverifiedReplyTo?: { id: number; number: string };
}> {
  const result = await db.query<{
    authentication: MailAuthentication | null;
    ticket_id: string | null;
    number: string | null;
  }>(
    `SELECT m.authentication, t.id AS ticket_id, t.number
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.unverified_reply_to_ticket_id
      WHERE m.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return {
    authentication: row?.authentication ?? null,
    unverifiedReplyTo:
      row?.ticket_id && row.number ? { id: Number(row.ticket_id), number: row.number } : undefined,
  };
}

/** A stored message as it arrived, for a check that a crash interrupted: the client IP was not kept. */
export async function storedArrival(
  db: Database,
  id: number,
): Promise<{ raw: Buffer; envelope: InboundEnvelope }> {
  const result = await db.query<{ raw: Buffer; envelope_from: string | null; envelope_to: string[] }>(
    'SELECT raw, envelope_from, envelope_to FROM inbound_messages WHERE id = $1',
    [id],
  );
  const row = result.rows[0]!;
  return { raw: row.raw, envelope: { mailFrom: row.envelope_from ?? undefined, rcptTo: row.envelope_to } };
}

/** When the request that opened the ticket was stored (the end of its SMTP DATA, or its IMAP fetch). */
export async function requestReceivedAt(db: Database, ticketId: number): Promise<Date | undefined> {
  const result = await db.query<{ received_at: Date }>(
    `SELECT m.received_at FROM tickets t JOIN inbound_messages m ON m.id = t.source_message_id WHERE t.id = $1`,
    [ticketId],
  );
  return result.rows[0]?.received_at;
}
