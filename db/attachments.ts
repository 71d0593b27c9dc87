// The attachments of an inbound message, stored once however often the activity storing them retries.
import type { ParsedRequest } from '../mail/requestText';
import { attachmentText } from '../mail/attachmentText';
import { inTransaction, type Database } from './pool';

export interface AttachmentSummary {
  position: number;
  filename: string;
  contentType: string;
  size: number;
}

// PostgreSQL text cannot hold NUL, and a hostile filename may contain one.
const withoutNul = (text: string) => text.replace(/\0/g, '');

/** Stores the attachments at positions 1, 2, … and returns how many the message now has stored. */
export async function storeAttachments(
  db: Database,
  inboundMessageId: number,
  attachments: ParsedRequest['attachments'],
): Promise<number> {
  return inTransaction(db, async (client) => {
    for (const [index, attachment] of attachments.entries()) {
      await client.query(
        `INSERT INTO attachments (inbound_message_id, position, filename, content_type, size_bytes, content_id,
                                  inline, content, text_content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (inbound_message_id, position) DO NOTHING`,
        [
          inboundMessageId,
          index + 1,
          withoutNul(attachment.filename),
          withoutNul(attachment.contentType),
          attachment.size,
          attachment.contentId === undefined ? null : withoutNul(attachment.contentId),
          attachment.inline,
          attachment.content,
          attachmentText(attachment.filename, attachment.contentType, attachment.content) ?? null,
        ],
      );
    }
    const stored = await client.query<{ count: string }>(
      'SELECT count(*) AS count FROM attachments WHERE inbound_message_id = $1',
      [inboundMessageId],
    );
    return Number(stored.rows[0]!.count);
  });
}

/** What staff see before opening an attachment: its metadata, without the content. */
export async function listAttachments(db: Database, inboundMessageId: number): Promise<AttachmentSummary[]> {
  const result = await db.query<{
    position: number;
    filename: string;
    content_type: string;
    size_bytes: number;
  }>(
    `SELECT position, filename, content_type, size_bytes FROM attachments
      WHERE inbound_message_id = $1 ORDER BY position`,
    [inboundMessageId],
  );
  return result.rows.map((row) => ({
    position: row.position,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size_bytes,
  }));
}

/** An attachment as the conversation lists it: its id (for the download URL) and what it is. */
export interface ListedAttachment {
  id: number;
  inboundMessageId: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
}

export async function attachmentsOfMessages(
  db: Database,
  inboundMessageIds: number[],
): Promise<ListedAttachment[]> {
  const result = await db.query<{
    id: string;
    inbound_message_id: string;
    filename: string;
    content_type: string;
    size_bytes: number;
    inline: boolean;
  }>(
    `SELECT id, inbound_message_id, filename, content_type, size_bytes, inline FROM attachments
      WHERE inbound_message_id = ANY($1::bigint[]) ORDER BY inbound_message_id, position`,
    [inboundMessageIds],
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    inboundMessageId: Number(row.inbound_message_id),
    filename: row.filename,
    contentType: row.content_type,
    size: row.size_bytes,
    inline: row.inline,
  }));
}

/** One attachment with its bytes, for download. */
export async function findAttachment(
  db: Database,
  id: number,
): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
  const result = await db.query<{ filename: string; content_type: string; content: Buffer }>(
    'SELECT filename, content_type, content FROM attachments WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  return row && { filename: row.filename, contentType: row.content_type, content: row.content };
}
