// Reads a stored inbound mail once and keeps what staff read and search: its full decoded text and its
// attachments. Replies are read at intake; mail stored before the text was kept is read on first view.
import { storeAttachments } from '../db/attachments';
import { rawMessage, storeMessageText } from '../db/inboundMessages';
import type { Database } from '../db/pool';
import { parseRequest } from './requestText';

/**
 * Decodes the stored message `id` and stores its text and attachments; answers the text and what could not be
 * read of it (see requestText.ts).
 */
export async function keepMessageText(
  db: Database,
  id: number,
  raw?: Buffer,
): Promise<{ text: string; problems: string[] }> {
  const bytes = raw ?? (await rawMessage(db, id));
  if (!bytes) return { text: '', problems: [] };
  const mail = await parseRequest(bytes);
  await storeAttachments(db, id, mail.attachments);
  await storeMessageText(db, id, mail.text);
  return { text: mail.text, problems: mail.problems };
}
