// Ops' second chance for a letter that failed for good (`npm run letters -- retry TRC-000123 promise-4`).
// A running ticket's courier takes it back into its outbox, so it goes in order and the deadlines see when it
// went. A ticket whose workflow has finished has no courier: the letter is sent here, the way a courier sends.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { letterOfTicket, type UndeliveredLetter } from '../db/letters';
import type { Database } from '../db/pool';
import { recordEvent } from '../db/tickets';
import { retryLetterSignal } from '../workflows/messages';

export interface LetterRetryDependencies {
  db: Database;
  temporal: Client;
  /** The courier's own delivery (the deliverLetter activity): sends once, marks the letter sent. */
  deliver: (request: { ticketId: number; letterKey: string }) => Promise<{ sentAt?: string }>;
  actor: string; // who asked, for the ticket's history
}

export type LetterRetryOutcome =
  | { via: 'courier'; letter: UndeliveredLetter } // queued again in the running ticket's outbox
  | { via: 'direct'; letter: UndeliveredLetter; sentAt?: string }; // sent now: the ticket's workflow has ended

/** A retry that cannot be done as asked; the message says why and what to do instead. */
export class LetterNotRetried extends Error {}

export async function retryLetter(
  deps: LetterRetryDependencies,
  number: string,
  letterKey: string,
): Promise<LetterRetryOutcome> {
  const letter = await letterOfTicket(deps.db, number, letterKey);
  if (!letter)
    throw new LetterNotRetried(
      `${number} has no letter ${letterKey}; npm run letters -- failed lists those that did not go`,
    );
  if (letter.sentAt)
    throw new LetterNotRetried(`${letterKey} of ${number} was sent at ${letter.sentAt.toISOString()}`);
  if (letter.suppressedReason)
    throw new LetterNotRetried(
      `${letterKey} of ${number} was held back on purpose: ${letter.suppressedReason}`,
    );

  const workflow = await describeWorkflow(deps.temporal, letter.workflowId);
  if (workflow?.status === 'RUNNING') {
    if (workflow.type !== 'ticketLifecycle')
      throw new LetterNotRetried(
        `${number} still runs on the older ${workflow.type}, which cannot take a letter back; retry once it has finished`,
      );
    await deps.temporal.workflow
      .getHandle(letter.workflowId)
      .signal(retryLetterSignal, { key: letterKey, actor: deps.actor });
    return { via: 'courier', letter };
  }
  const { sentAt } = await deps.deliver({ ticketId: letter.ticketId, letterKey });
  await recordEvent(deps.db, letter.ticketId, {
    key: `letter_retried-${letterKey}-${Date.now()}`,
    kind: 'letter_retried',
    actor: deps.actor,
    details: { letter: letterKey },
  });
  return { via: 'direct', letter, sentAt };
}

async function describeWorkflow(temporal: Client, workflowId: string) {
  try {
    const description = await temporal.workflow.getHandle(workflowId).describe();
    return { status: description.status.name, type: description.type };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined; // gone past the namespace's retention
    throw error;
  }
}
