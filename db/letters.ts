// Our outbound letters as recorded in PostgreSQL.
import type { Database } from './pool';

/** Marks the letter with this Message-ID bounced, keeping the first bounce's reason. */
export async function markLetterBounced(db: Database, messageId: string, reason: string): Promise<void> {
  await db.query(
    'UPDATE letters SET bounced_at = now(), bounce_reason = $2 WHERE message_id = $1 AND bounced_at IS NULL',
    [messageId, reason],
  );
}
