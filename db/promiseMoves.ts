// Promises moved by urgent work, kept until the moved ticket has been told: recorded with the move
// itself, and told (once, the newest date only) by whoever gets there first.
import type { PoolClient } from 'pg';
import { inTransaction, type Database } from './pool';

/** The booking that moved others: a ticket's booking key is unique, so a retried booking finds its moves. */
export interface MoveCause {
  ticketId: number;
  bookingKey: string;
}

export interface PromiseMove {
  ticketId: number;
  workflowId: string;
  promisedAt: Date;
  startsAt?: Date; // when the moved work now starts: a voice ticket's new callback time
}

/** Records the moves in the booking transaction that makes them. */
export async function recordMoves(
  client: PoolClient,
  cause: MoveCause,
  moves: readonly Pick<PromiseMove, 'ticketId' | 'promisedAt'>[],
): Promise<void> {
  if (moves.length === 0) return;
  await client.query(
    `INSERT INTO promise_moves (cause_ticket_id, cause_booking_key, ticket_id, promised_at)
     SELECT $1, $2, moved.ticket_id, moved.promised_at
       FROM unnest($3::bigint[], $4::timestamptz[]) AS moved (ticket_id, promised_at)`,
    [
      cause.ticketId,
      cause.bookingKey,
      moves.map((move) => move.ticketId),
      moves.map((move) => move.promisedAt),
    ],
  );
}

/** The moves one booking caused, told or not: what a retried booking reports. */
export async function movesCausedBy(
  client: Pick<PoolClient, 'query'>,
  cause: MoveCause,
): Promise<PromiseMove[]> {
  const moves = await client.query<{ ticket_id: string; workflow_id: string; promised_at: Date }>(
    `SELECT m.ticket_id, t.workflow_id, m.promised_at
       FROM promise_moves m JOIN tickets t ON t.id = m.ticket_id
      WHERE m.cause_ticket_id = $1 AND m.cause_booking_key = $2 ORDER BY m.id`,
    [cause.ticketId, cause.bookingKey],
  );
  return moves.rows.map((row) => ({
    ticketId: Number(row.ticket_id),
    workflowId: row.workflow_id,
    promisedAt: row.promised_at,
  }));
}

/** Tickets with an untold move: among one booking's moves, or among moves made before a time (a sweep). */
export async function ticketsWithUntoldMoves(
  db: Database,
  which: { causedBy: MoveCause } | { madeBefore: Date },
): Promise<number[]> {
  const rows =
    'causedBy' in which
      ? await db.query<{ ticket_id: string }>(
          `SELECT DISTINCT ticket_id FROM promise_moves
            WHERE cause_ticket_id = $1 AND cause_booking_key = $2 AND notified_at IS NULL`,
          [which.causedBy.ticketId, which.causedBy.bookingKey],
        )
      : await db.query<{ ticket_id: string }>(
          `SELECT DISTINCT ticket_id FROM promise_moves WHERE notified_at IS NULL AND created_at < $1`,
          [which.madeBefore],
        );
  return rows.rows.map((row) => Number(row.ticket_id));
}

/**
 * Tells a ticket its latest untold move, then marks all its untold moves told; a failed telling leaves them
 * untold. Holding the moves' locks while telling keeps two tellers of one ticket in order. A move is news
 * only while the ticket's booking still ends at that date: a later move, or a rebooking of the ticket's
 * own (which tells the client itself), has superseded it.
 */
export async function tellLatestMove(
  db: Database,
  ticketId: number,
  tell: (move: PromiseMove) => Promise<void>,
): Promise<void> {
  await inTransaction(db, async (client) => {
    const untold = await client.query<{
      id: string;
      workflow_id: string;
      promised_at: Date;
      standing: boolean;
      starts_at: Date | null;
    }>(
      `SELECT m.id, t.workflow_id, m.promised_at,
              EXISTS (SELECT 1 FROM bookings b
                       WHERE b.ticket_id = m.ticket_id AND b.cancelled_at IS NULL AND b.ends_at = m.promised_at)
                AS standing,
              (SELECT min(b.starts_at) FROM bookings b
                WHERE b.ticket_id = m.ticket_id AND b.cancelled_at IS NULL AND b.ends_at = m.promised_at) AS starts_at
         FROM promise_moves m JOIN tickets t ON t.id = m.ticket_id
        WHERE m.ticket_id = $1 AND m.notified_at IS NULL
        ORDER BY m.id FOR UPDATE OF m`,
      [ticketId],
    );
    const latest = untold.rows.at(-1);
    if (latest?.standing) {
      await tell({
        ticketId,
        workflowId: latest.workflow_id,
        promisedAt: latest.promised_at,
        ...(latest.starts_at && { startsAt: latest.starts_at }),
      });
    }
    if (untold.rows.length > 0) {
      await client.query('UPDATE promise_moves SET notified_at = now() WHERE id = ANY($1::bigint[])', [
        untold.rows.map((row) => row.id),
      ]);
    }
  });
}
