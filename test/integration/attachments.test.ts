// Attachments of inbound mail in PostgreSQL: stored once however often the storing activity retries,
// and listed without their content.

import { storeAttachments, listAttachments } from '../../db/attachments';
import type { Database } from '../../db/pool';
import type { ParsedRequest } from '../../mail/requestText';
import { openMigratedDatabase, type MigratedDatabase } from '../support/migratedDatabase';

let database: MigratedDatabase;
let db: Database;

beforeAll(async () => {
  database = await openMigratedDatabase(2);
  db = database.db;
});

afterAll(() => database?.close());

async function inboundMessage(key: string): Promise<number> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO inbound_messages (message_key, raw, size_bytes, workflow_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [key, Buffer.from('Subject: x\r\n\r\nx'), 14, `request-${key}`],
  );
  return Number(inserted.rows[0]!.id);
}

const invoice = Buffer.from('%PDF-1.4 счёт');
const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
const attachments: ParsedRequest['attachments'] = [
  {
    filename: 'Счёт на оплату.pdf',
    contentType: 'application/pdf',
    size: invoice.length,
    content: invoice,
    inline: false,
  },
  {
    filename: 'logo.png',
    contentType: 'image/png',
    size: logo.length,
    content: logo,
    contentId: 'logo@client',
    inline: true,
  },
];

it('storing the same attachments twice keeps one copy of each, listed in order without content', async () => {
  const messageId = await inboundMessage('twice@client.ru');
  expect(await storeAttachments(db, messageId, attachments)).toBe(2);
  expect(await storeAttachments(db, messageId, attachments)).toBe(2);
  expect(await listAttachments(db, messageId)).toEqual([
    { position: 1, filename: 'Счёт на оплату.pdf', contentType: 'application/pdf', size: invoice.length },
    { position: 2, filename: 'logo.png', contentType: 'image/png', size: logo.length },
  ]);
  const stored = await db.query<{ content: Buffer; content_id: string | null; inline: boolean }>(
    'SELECT content, content_id, inline FROM attachments WHERE inbound_message_id = $1 ORDER BY position',
    [messageId],
  );
  expect(
    stored.rows.map((row) => [row.content.equals(attachments[row.inline ? 1 : 0]!.content), row.content_id]),
  ).toEqual([
    [true, null],
    [true, 'logo@client'],
  ]);
});

it('a message without attachments has none stored and an empty list', async () => {
  const messageId = await inboundMessage('none@client.ru');
  expect(await storeAttachments(db, messageId, [])).toBe(0);
  expect(await listAttachments(db, messageId)).toEqual([]);
});

it('each message keeps its own attachments', async () => {
  const first = await inboundMessage('first@client.ru');
  const second = await inboundMessage('second@client.ru');
  await storeAttachments(db, first, attachments);
  await storeAttachments(db, second, attachments.slice(0, 1));
  expect((await listAttachments(db, first)).length).toBe(2);
  expect((await listAttachments(db, second)).map((attachment) => attachment.filename)).toEqual([
    'Счёт на оплату.pdf',
  ]);
});
