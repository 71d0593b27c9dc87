// Hands a stored message to its ticket workflow. The workflow ID follows from the message, so a
// second hand-off of the same message (redelivery, or the sweeper after a crash) starts nothing new.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import {
  detachFromTicket,
  markHandedOff,
  pendingHandoffs,
  replyOrigin,
  type StoredMessage,
} from '../db/inboundMessages';
import type { TicketPolicy } from '../domain/policy';
import { workflowIdFor } from './inboundMessage';
import { clientReplySignal } from '../workflows/messages';
import { ticketLifecycle } from '../workflows/ticket';

export interface HandoffTarget {
  client: Client;
  taskQueue: string;
  policy: TicketPolicy;
}

export async function handOff(db: Database, target: HandoffTarget, message: StoredMessage): Promise<void> {
  if (message.replyToTicketId !== null) {
    const { from, subject, messageKey } = await replyOrigin(db, message.id);
    try {
      await target.client.workflow
        .getHandle(message.workflowId)
        .signal(clientReplySignal, { inboundMessageId: message.id, from, subject });
      await markHandedOff(db, message.id);
      return;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The ticket is closed and its workflow finished: the reply is a new request.
      message = { ...message, workflowId: workflowIdFor(messageKey), replyToTicketId: null };
      await detachFromTicket(db, message.id, message.workflowId);
    }
  }
  try {
    await target.client.workflow.start(ticketLifecycle, {
      workflowId: message.workflowId,
      taskQueue: target.taskQueue,
      args: [{ inboundMessageId: message.id, policy: target.policy }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markHandedOff(db, message.id);
}

/**
 * Hands off whatever was stored but not handed off (Temporal was down, or the process died), each after
 * `prepare`: the intake's check of what a crash may have left unchecked.
 */
export async function handOffPending(
  db: Database,
  target: HandoffTarget,
  prepare: (message: StoredMessage) => Promise<StoredMessage> = async (message) => message,
  olderThanSeconds = 5,
): Promise<number> {
  const pending = await pendingHandoffs(db, olderThanSeconds);
  for (const message of pending) await handOff(db, target, await prepare(message));
  return pending.length;
}
