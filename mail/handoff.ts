// Hands a stored message to its ticket workflow. A request's workflow ID is the ticket number stored with the
// message, so a second hand-off of the same message (redelivery, or the sweeper after a crash) starts nothing new.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import {
  detachFromTicket,
  markHandedOff,
  pendingHandoffs,
  renumberRequest,
  replyOrigin,
  type StoredMessage,
} from '../db/inboundMessages';
import type { TicketPolicy } from '../domain/policy';
import { sha256 } from './inboundMessage';
import { withOrganisation } from './organisationPolicy';
import { workflowDetails, workflowSummary } from './workflowSummary';
import { clientReplySignal } from '../workflows/messages';
import { ticketLifecycle } from '../workflows/ticket';

export interface HandoffTarget {
  client: Client;
  eagerStart?: boolean; // the client shares its connection with a worker of the task queue
  taskQueue: string;
  /** The policy a new request's ticket captures, asked per request: the calendar staff maintain may have changed. */
  policyFor(message: StoredMessage): Promise<TicketPolicy>;
}

export async function handOff(db: Database, target: HandoffTarget, message: StoredMessage): Promise<void> {
  if (message.replyToTicketId !== null) {
    const { from, subject } = await replyOrigin(db, message.id);
    try {
      await target.client.workflow
        .getHandle(message.workflowId)
        .signal(clientReplySignal, { inboundMessageId: message.id, from, subject });
      await markHandedOff(db, message.id);
      return;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The ticket is closed and its workflow finished: the reply is a new request, with a number of its own.
      message = await detachFromTicket(db, message.id);
    }
  }
  await startRequest(db, target, message);
  await markHandedOff(db, message.id);
}

// Enough for a desk whose database was restored a few hundred tickets back; each hand-off goes on from there.
const RENUMBERINGS_PER_HAND_OFF = 500;

/**
 * Starts a request's workflow once. Its ID, the ticket number, may already be taken by this message's own
 * workflow (a redelivery: nothing to do) or by another request's, which the memo tells apart: the database was
 * restored without Temporal, or another desk shares the namespace. Then the request takes the next number.
 */
async function startRequest(db: Database, target: HandoffTarget, message: StoredMessage): Promise<void> {
  const policy = await withOrganisation(db, await target.policyFor(message), message);
  for (let renumberings = 0; ; renumberings++) {
    try {
      await target.client.workflow.start(ticketLifecycle, {
        workflowId: message.workflowId,
        // A ticket number has one workflow, ever: a redelivery after the ticket closed starts nothing either.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        taskQueue: target.taskQueue,
        requestEagerStart: target.eagerStart,
        args: [
          {
            inboundMessageId: message.id,
            policy,
            ...(message.ticketNumber !== null && { ticketNumber: message.ticketNumber }),
          },
        ],
        memo: { requestKey: requestKeyOf(message) },
        staticSummary: workflowSummary(message.ticketNumber, message.subject),
        staticDetails: workflowDetails(message),
      });
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      if (message.ticketNumber === null || (await startedFor(target.client, message))) return;
      if (renumberings >= RENUMBERINGS_PER_HAND_OFF) {
        throw new Error(
          `ticket numbers up to ${message.ticketNumber} already name workflows of other requests: ` +
            `advance ticket_number_seq past the highest TicketNumber in Temporal (see the README's runbook)`,
          { cause: error },
        );
      }
      message = await renumberRequest(db, message.id, message.ticketNumber);
    }
  }
}

/** Identifies the message across databases (its id does not): the hash of its Message-ID. */
function requestKeyOf(message: StoredMessage): string {
  return sha256(message.messageKey).slice(0, 32);
}

/** Whether the workflow with the message's ID was started for this very message. */
async function startedFor(client: Client, message: StoredMessage): Promise<boolean> {
  const { memo } = await client.workflow.getHandle(message.workflowId).describe();
  return memo?.requestKey === requestKeyOf(message);
}

/**
 * Hands off whatever was stored but not handed off (Temporal was down, or the process died), each after
 * `prepare`: the intake's check of what a crash may have left unchecked. `unclaimed` leaves out what this process
 * is handing off already.
 */
export async function handOffPending(
  db: Database,
  target: HandoffTarget,
  prepare: (message: StoredMessage) => Promise<StoredMessage> = async (message) => message,
  unclaimed: (message: StoredMessage) => boolean = () => true,
  olderThanSeconds = 5,
): Promise<number> {
  const pending = (await pendingHandoffs(db, olderThanSeconds)).filter(unclaimed);
  for (const message of pending) await handOff(db, target, await prepare(message));
  return pending.length;
}
