// Telling tickets that urgent work moved their promise. The moves are recorded with the booking, so the
// telling can be retried by the booking activity and swept up by the system when nobody retries it.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Database } from '../db/pool';
import { tellLatestMove, ticketsWithUntoldMoves, type MoveCause, type PromiseMove } from '../db/promiseMoves';
import { promiseMovedSignal } from '../workflows/messages';

/** Moves left untold this long are the sweep's: their own booking activity is not coming back. */
export const UNTOLD_MOVE_SWEEP_AFTER_MS = 60_000;

/** Tells each ticket with an untold move its latest new date. A ticket ignores a date it already holds. */
export async function tellMovedPromises(
  db: Database,
  temporal: Client,
  which: { causedBy: MoveCause } | { madeBefore: Date },
): Promise<void> {
  const tell = async (move: PromiseMove) => {
    try {
      await temporal.workflow.getHandle(move.workflowId).signal(promiseMovedSignal, {
        promisedAt: move.promisedAt.toISOString(),
        cause: 'emergency',
        ...(move.startsAt && { startsAt: move.startsAt.toISOString() }),
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error; // a finished ticket has no promise to move
    }
  };
  for (const ticketId of await ticketsWithUntoldMoves(db, which)) await tellLatestMove(db, ticketId, tell);
}

/** The sweep beside the hand-off sweeper: moves whose booking activity never came back to tell them. */
export function tellForgottenMoves(db: Database, temporal: Client, now = new Date()): Promise<void> {
  return tellMovedPromises(db, temporal, {
    madeBefore: new Date(now.getTime() - UNTOLD_MOVE_SWEEP_AFTER_MS),
  });
}
