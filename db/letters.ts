// Our outbound letters as recorded in PostgreSQL.
import type { Database } from './pool';

/** Marks the letter with this Message-ID bounced, keeping the first bounce's reason; true if it was not yet. */
export async function markLetterBounced(db: Database, messageId: string, reason: string): Promise<boolean> {
  const marked = await db.query(
    'UPDATE letters SET bounced_at = now(), bounce_reason = $2 WHERE message_id = $1 AND bounced_at IS NULL',
    [messageId, reason],
  );
  return (marked.rowCount ?? 0) > 0;
}

/** A letter as the outbox keeps it: rendered once, sent at most once. */
export interface StoredLetter {
  kind: string;
  recipients: string[];
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  messageId: string;
  headers: Record<string, string>;
  sentAt: Date | null;
  suppressedReason: string | null;
  attempts: number; // sends tried so far, failed or not
}

export interface NewLetter extends Omit<StoredLetter, 'sentAt' | 'attempts'> {
  ticketId: number;
  letterKey: string;
}

/**
 * Records a rendered letter once per (ticket, key), however often the queueing is retried; whether this call
 * recorded it.
 */
export async function insertLetter(db: Database, letter: NewLetter): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO letters (ticket_id, letter_key, kind, recipients, subject, body_text, body_html, message_id,
                          headers, suppressed_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id, letter_key) DO NOTHING`,
    [
      letter.ticketId,
      letter.letterKey,
      letter.kind,
      letter.recipients,
      letter.subject,
      letter.bodyText,
      letter.bodyHtml,
      letter.messageId,
      letter.headers,
      letter.suppressedReason,
    ],
  );
  return (inserted.rowCount ?? 0) > 0;
}

/** A letter to deliver, with its ticket's number and when the request that opened the ticket came. */
export interface LetterToDeliver extends StoredLetter {
  ticketNumber: string;
  requestReceivedAt: Date | null;
}

export async function findLetter(
  db: Database,
  ticketId: number,
  letterKey: string,
): Promise<LetterToDeliver | undefined> {
  const result = await db.query<LetterToDeliver>(
    `SELECT t.number AS "ticketNumber", m.received_at AS "requestReceivedAt", l.kind, l.recipients,
            l.subject, l.body_text AS "bodyText", l.body_html AS "bodyHtml", l.message_id AS "messageId",
            l.headers, l.sent_at AS "sentAt", l.suppressed_reason AS "suppressedReason", l.attempts
       FROM letters l JOIN tickets t ON t.id = l.ticket_id
       LEFT JOIN inbound_messages m ON m.id = t.source_message_id
      WHERE l.ticket_id = $1 AND l.letter_key = $2`,
    [ticketId, letterKey],
  );
  return result.rows[0];
}

/** One more failed attempt, with the relay's answer for ops to read. */
export async function recordDeliveryFailure(
  db: Database,
  ticketId: number,
  letterKey: string,
  error: string,
): Promise<void> {
  await db.query(
    'UPDATE letters SET attempts = attempts + 1, last_error = $3 WHERE ticket_id = $1 AND letter_key = $2',
    [ticketId, letterKey, error],
  );
}

/** Marks the letter sent and answers when: the moment it left is what the deadlines are measured by. */
export async function markLetterSent(db: Database, ticketId: number, letterKey: string): Promise<Date> {
  const sent = await db.query<{ sent_at: Date }>(
    `UPDATE letters SET attempts = attempts + 1, sent_at = now(), last_error = NULL
      WHERE ticket_id = $1 AND letter_key = $2 RETURNING sent_at`,
    [ticketId, letterKey],
  );
  return sent.rows[0]!.sent_at;
}

/** Receipts sent (not held back) to one address within the last hour. */
export async function receiptsSentWithinHour(db: Database, recipient: string): Promise<number> {
  const sent = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM letters
      WHERE kind = 'receipt' AND recipients @> ARRAY[$1::text] AND created_at > now() - interval '1 hour'
        AND suppressed_reason IS NULL`,
    [recipient],
  );
  return sent.rows[0]!.n;
}

/** A letter that has not gone out, as ops look for it: by ticket number and letter key. */
export interface UndeliveredLetter {
  ticketId: number;
  number: string;
  workflowId: string;
  letterKey: string;
  kind: string;
  recipients: string[];
  createdAt: Date;
  sentAt: Date | null;
  suppressedReason: string | null;
  attempts: number;
  lastError: string | null;
}

const undeliveredColumns = `t.id::int AS "ticketId", t.number, t.workflow_id AS "workflowId", l.letter_key AS "letterKey",
  l.kind, l.recipients, l.created_at AS "createdAt", l.sent_at AS "sentAt", l.suppressed_reason AS "suppressedReason",
  l.attempts, l.last_error AS "lastError"`;

export async function letterOfTicket(
  db: Database,
  number: string,
  letterKey: string,
): Promise<UndeliveredLetter | undefined> {
  const result = await db.query<UndeliveredLetter>(
    `SELECT ${undeliveredColumns} FROM letters l JOIN tickets t ON t.id = l.ticket_id
      WHERE t.number = $1 AND l.letter_key = $2`,
    [number.toUpperCase(), letterKey],
  );
  return result.rows[0];
}

/** Letters tried and not sent (nor held back on purpose), oldest first: failed for good, or still being retried. */
export async function failedLetters(db: Database, limit = 100): Promise<UndeliveredLetter[]> {
  const result = await db.query<UndeliveredLetter>(
    `SELECT ${undeliveredColumns} FROM letters l JOIN tickets t ON t.id = l.ticket_id
      WHERE l.sent_at IS NULL AND l.suppressed_reason IS NULL AND l.attempts > 0
      ORDER BY l.created_at LIMIT $1`,
    [limit],
  );
  return result.rows;
}
