// Recorded promise outcomes, written straight into PostgreSQL as the system records them: a resolved ticket,
// the booking its promise came from, and the promise standing when it was resolved.
import type { Database } from '../../db/pool';
import type { RootCause } from '../../domain/ticket';
import { storeMessage } from './storedTickets';

export interface RecordedOutcome {
  specialist: string; // email of a staff member already on staff
  rootCause: RootCause;
  estimateMinutes: number;
  effortMinutes: number; // booked
  marginShare?: number | null; // null: a booking made before margins were recorded
  promisedAt: Date;
  resolvedAt: Date;
}

export async function recordOutcome(db: Database, outcome: RecordedOutcome): Promise<number> {
  const { key, messageId, number } = await storeMessage(db);
  const bookedAt = new Date(
    Math.min(outcome.promisedAt.getTime(), outcome.resolvedAt.getTime()) - 24 * 3_600_000,
  );
  const ticket = await db.query<{ id: string }>(
    `INSERT INTO tickets (number, workflow_id, source_message_id, client_email, subject, summary, language, status,
                          urgency, root_cause, estimate_minutes, assignee_id, received_at, promised_at, resolved_at)
     VALUES ($1, $2, $3, 'c@client.example', 's', 's', 'ru', 'resolved', 'normal', $4, $5,
             (SELECT id FROM staff WHERE email = $6), $7, $8, $9)
     RETURNING id`,
    [
      number,
      key,
      messageId,
      outcome.rootCause,
      outcome.estimateMinutes,
      outcome.specialist,
      bookedAt,
      outcome.promisedAt,
      outcome.resolvedAt,
    ],
  );
  const ticketId = Number(ticket.rows[0]!.id);
  const legacy = outcome.marginShare === null;
  // Historic bookings hold no specialist's time now: no staff_id, so no queue and no exclusion to satisfy.
  await db.query(
    `INSERT INTO bookings (ticket_id, booking_key, staff_id, starts_at, ends_at, effort_minutes, estimate_minutes,
                           margin_share, created_at)
     VALUES ($1, 'booking-1', NULL, $2, LEAST($3::timestamptz, $4::timestamptz), $5, $6, $7, $2)`,
    [
      ticketId,
      bookedAt,
      outcome.promisedAt,
      outcome.resolvedAt,
      outcome.effortMinutes,
      legacy ? null : outcome.estimateMinutes,
      legacy ? null : (outcome.marginShare ?? outcome.effortMinutes / outcome.estimateMinutes - 1),
    ],
  );
  await db.query(`INSERT INTO promises (ticket_id, promised_at, made_at) VALUES ($1, $2, $3)`, [
    ticketId,
    outcome.promisedAt,
    bookedAt,
  ]);
  return ticketId;
}
