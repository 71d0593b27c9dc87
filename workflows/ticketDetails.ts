// The ticket's state as the Temporal UI shows it on the workflow's page (its "current details"), kept beside
// the search attributes. Setting it issues no command, so what it says may change without breaking a replay.
import { setCurrentDetails } from '@temporalio/workflow';
import type { StepFailure } from '../domain/ticketRecord';

export interface DescribedTicket {
  number: string;
  status: string;
  urgency: string;
  assignee?: string;
  ackDeadline: string;
  acknowledgedAt?: string;
  promisedAt?: string;
  failure?: StepFailure;
}

/** A few lines of Temporal markdown, e.g. "**TRC-000123** · scheduled · urgency high". */
export function ticketDetails(ticket: DescribedTicket): string {
  return [
    `**${ticket.number}** · ${ticket.status} · urgency ${ticket.urgency}`,
    `Assignee: ${ticket.assignee ?? 'none'}`,
    ticket.acknowledgedAt
      ? `Acknowledged: ${ticket.acknowledgedAt}`
      : `Acknowledge by: ${ticket.ackDeadline}`,
    ...(ticket.promisedAt ? [`Promised: ${ticket.promisedAt}`] : []),
    ...(ticket.failure ? [`Failed step: ${ticket.failure.step} (${ticket.failure.at})`] : []),
  ].join('\n');
}

export function publishTicketDetails(ticket: DescribedTicket): void {
  setCurrentDetails(ticketDetails(ticket));
}
