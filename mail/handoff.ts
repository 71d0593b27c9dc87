// Hands a stored message to its ticket workflow. The workflow ID follows from the message, so a
// second hand-off of the same message (redelivery, or the sweeper after a crash) starts nothing new.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import { markHandedOff, pendingHandoffs } from '../db/inboundMessages';
import type { TicketPolicy } from '../domain/policy';
import { ticketWorkflow } from '../workflows/ticket';

export interface HandoffTarget {
  client: Client;
  taskQueue: string;
  policy: TicketPolicy;
}

export async function handOff(
  db: Database,
  target: HandoffTarget,
  message: { id: number; workflowId: string },
): Promise<void> {
  try {
    await target.client.workflow.start(ticketWorkflow, {
      workflowId: message.workflowId,
      taskQueue: target.taskQueue,
      args: [{ inboundMessageId: message.id, policy: target.policy }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markHandedOff(db, message.id);
}

/** Hands off whatever was stored but not handed off (Temporal was down, or the process died). */
export async function handOffPending(
  db: Database,
  target: HandoffTarget,
  olderThanSeconds = 5,
): Promise<number> {
  const pending = await pendingHandoffs(db, olderThanSeconds);
  for (const message of pending) await handOff(db, target, message);
  return pending.length;
}
