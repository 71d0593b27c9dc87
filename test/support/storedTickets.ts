// Tickets written straight into PostgreSQL, for tests of db/ modules that need a ticket row to hang bookings and
// promises on without running a workflow. One counter for the whole test file keeps the numbers unique.
import type { Database } from '../../db/pool';

let counter = 0;

export interface StoredMessage {
  key: string; // the message key, used as the ticket's workflow id too
  messageId: string;
  number: string; // a ticket number no other stored ticket of this test file has
}

/** The inbound message a stored ticket comes from, and a number for the ticket. */
export async function storeMessage(db: Database): Promise<StoredMessage> {
  const n = ++counter;
  const key = `stored-ticket-${n}-${Date.now()}`;
  const message = await db.query<{ id: string }>(
    `INSERT INTO inbound_messages (message_key, raw, size_bytes, workflow_id) VALUES ($1, 'x', 1, $1) RETURNING id`,
    [key],
  );
  return { key, messageId: message.rows[0]!.id, number: `TRC-9${String(n).padStart(5, '0')}` };
}

/** A ticket received now and scheduled, with nothing booked yet; returns its id. */
export async function storeScheduledTicket(db: Database): Promise<number> {
  const { key, messageId, number } = await storeMessage(db);
  const ticket = await db.query<{ id: string }>(
    `INSERT INTO tickets (number, workflow_id, source_message_id, client_email, subject, summary, language, status, received_at)
     VALUES ($1, $2, $3, 'c@client.example', 's', 's', 'ru', 'scheduled', now()) RETURNING id`,
    [number, key, messageId],
  );
  return Number(ticket.rows[0]!.id);
}
