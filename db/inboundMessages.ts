// Durable storage of inbound mail, exactly as received.
import type { PoolClient } from 'pg';
import { inTransaction, type Database } from './pool';
import { nextTicketNumber } from './tickets';
import type { InboundEnvelope, InboundHeaders } from '../mail/inboundMessage';

export interface StoredMessage {
  id: number;
  messageKey: string;
  workflowId: string;
  replyToTicketId: number | null; // a reply joins this ticket's workflow
  ticketNumber: string | null; // a new request's, allocated at intake; null for replies and older requests
  isNew: boolean; // false when the same message was delivered before
  fromAddress: string | null;
  subject: string;
  receivedAt: Date;
}

interface MessageRow {
  id: string;
  message_key: string;
  workflow_id: string;
  reply_to_ticket_id: string | null;
  ticket_number: string | null;
  from_address: string | null;
  subject: string;
  received_at: Date;
}

const storedColumns =
  'id, message_key, workflow_id, reply_to_ticket_id, ticket_number, from_address, subject, received_at';

const toStored = (row: MessageRow, isNew: boolean): StoredMessage => ({
  id: Number(row.id),
  messageKey: row.message_key,
  workflowId: row.workflow_id,
  replyToTicketId: row.reply_to_ticket_id === null ? null : Number(row.reply_to_ticket_id),
  ticketNumber: row.ticket_number,
  isNew,
  fromAddress: row.from_address,
  subject: row.subject,
  receivedAt: row.received_at,
});

async function storedMessage(db: Database | PoolClient, where: string, value: unknown) {
  const result = await db.query<MessageRow>(`SELECT ${storedColumns} FROM inbound_messages WHERE ${where}`, [
    value,
  ]);
  return result.rows[0];
}

/**
 * Stores a message once, keyed by its Message-ID. Without `workflowId` it is a new request: it is given its
 * ticket number in the same transaction, and the number is its workflow's ID. A redelivery finds the row
 * stored first, with its workflow and number.
 */
export async function storeInboundMessage(
  db: Database,
  message: {
    raw: Buffer;
    envelope: InboundEnvelope;
    headers: InboundHeaders;
    workflowId?: string; // the ticket's workflow a reply joins, or an ID for mail that makes no ticket
    replyToTicketId?: number;
    ignoredReason?: string; // stored as evidence, but no ticket and no hand-off
  },
): Promise<StoredMessage> {
  const key = message.headers.messageKey;
  return inTransaction(db, async (client) => {
    const earlier = await storedMessage(client, 'message_key = $1', key);
    if (earlier) return toStored(earlier, false);
    const ticketNumber = message.workflowId === undefined ? await nextTicketNumber(client) : null;
    const inserted = await client.query<MessageRow>(
      `INSERT INTO inbound_messages (message_key, raw, size_bytes, envelope_from, envelope_to, from_address, from_name,
                                     subject, workflow_id, reply_to_ticket_id, to_addresses, cc_addresses, automatic,
                                     ignored_reason, handed_off_at, ticket_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
               CASE WHEN $14::text IS NULL THEN NULL ELSE now() END, $15)
       ON CONFLICT (message_key) DO NOTHING
       RETURNING ${storedColumns}`,
      [
        key,
        message.raw,
        message.raw.length,
        message.envelope.mailFrom ?? null,
        message.envelope.rcptTo,
        message.headers.fromAddress ?? null,
        message.headers.fromName ?? null,
        message.headers.subject,
        message.workflowId ?? ticketNumber,
        message.replyToTicketId ?? null,
        message.headers.to,
        message.headers.cc,
        message.headers.automatic ?? null,
        message.ignoredReason ?? null,
        ticketNumber,
      ],
    );
    if (inserted.rows[0]) return toStored(inserted.rows[0], true);
    // Another delivery of the same message committed first: its row and number stand.
    const raced = await storedMessage(client, 'message_key = $1', key);
    if (!raced) throw new Error(`inbound message ${key} vanished after insert`);
    return toStored(raced, false);
  });
}

export async function markHandedOff(db: Database, id: number): Promise<void> {
  await db.query(
    'UPDATE inbound_messages SET handed_off_at = now() WHERE id = $1 AND handed_off_at IS NULL',
    [id],
  );
}

export async function pendingHandoffs(db: Database, olderThanSeconds: number): Promise<StoredMessage[]> {
  const result = await db.query<MessageRow>(
    `SELECT ${storedColumns} FROM inbound_messages
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

/** A reply whose ticket has finished becomes a request of its own: it gets a ticket number, its workflow's ID. */
export async function detachFromTicket(db: Database, id: number): Promise<StoredMessage> {
  const number = await nextTicketNumber(db);
  const detached = await db.query<MessageRow>(
    `UPDATE inbound_messages SET workflow_id = $2, ticket_number = $2, reply_to_ticket_id = NULL
      WHERE id = $1 AND reply_to_ticket_id IS NOT NULL
      RETURNING ${storedColumns}`,
    [id, number],
  );
  const row = detached.rows[0] ?? (await storedMessage(db, 'id = $1', id));
  if (!row) throw new Error(`inbound message ${id} not found`);
  return toStored(row, false);
}

/**
 * Gives a request whose number's workflow ID another request holds (the database restored without Temporal, or
 * a second desk in the same namespace) the next number. A concurrent hand-off that renumbered it first wins.
 */
export async function renumberRequest(db: Database, id: number, taken: string): Promise<StoredMessage> {
  const number = await nextTicketNumber(db);
  const renumbered = await db.query<MessageRow>(
    `UPDATE inbound_messages SET workflow_id = $3, ticket_number = $3
      WHERE id = $1 AND ticket_number = $2
      RETURNING ${storedColumns}`,
    [id, taken, number],
  );
  const row = renumbered.rows[0] ?? (await storedMessage(db, 'id = $1', id));
  if (!row) throw new Error(`inbound message ${id} not found`);
  return toStored(row, false);
}

/** What a letter about a ticket needs of the request that opened it, in one look-up. */
export async function requestSource(
  db: Database,
  ticketId: number,
): Promise<{ messageId?: string; automatic: boolean }> {
  const source = await db.query<{ message_key: string; automatic: string | null }>(
    `SELECT m.message_key, m.automatic FROM tickets t JOIN inbound_messages m ON m.id = t.source_message_id
      WHERE t.id = $1`,
    [ticketId],
  );
  const row = source.rows[0];
  return {
    messageId: row?.message_key.startsWith('<') ? row.message_key : undefined,
    // A robot wrote it (an auto-reply, a bounce, list mail): such mail gets no receipt.
    automatic: !!row?.automatic,
  };
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
 * Records a message's authentication once. With `refuseReplyAs` (a fresh ticket number), a reply not yet handed
 * off leaves its ticket for a request of its own under that number and workflow ID, remembering the ticket it claimed to continue. Answers the
 * message as it now stands, for the hand-off.
 */
export async function recordAuthentication(
  db: Database,
  stored: StoredMessage,
  authentication: MailAuthentication,
  refuseReplyAs?: string,
): Promise<StoredMessage> {
  const refused = '($3::text IS NOT NULL AND handed_off_at IS NULL AND reply_to_ticket_id IS NOT NULL)';
  const updated = await db.query<MessageRow>(
    `UPDATE inbound_messages
        SET authentication = $2,
            unverified_reply_to_ticket_id = CASE WHEN ${refused} THEN reply_to_ticket_id END,
            workflow_id = CASE WHEN ${refused} THEN $3 ELSE workflow_id END,
            ticket_number = CASE WHEN ${refused} THEN $3 ELSE ticket_number END,
            reply_to_ticket_id = CASE WHEN ${refused} THEN NULL ELSE reply_to_ticket_id END
      WHERE id = $1 AND authentication IS NULL
      RETURNING ${storedColumns}`,
    [stored.id, authentication, refuseReplyAs ?? null],
  );
  // Already checked (a redelivery, or another intake process): as it was recorded then.
  const row = updated.rows[0] ?? (await storedMessage(db, 'id = $1', stored.id));
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
