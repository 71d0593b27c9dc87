// Keeps the ticket's search attributes current, so ops can filter tickets in the Temporal UI.
import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  AckDeadline,
  Assignee,
  PromisedAt,
  RootCause,
  TicketNumber,
  TicketStatus,
  Urgency,
} from './searchAttributes';

export interface SearchableTicket {
  number: string;
  status: string;
  urgency: string;
  rootCause: string;
  assignee?: string;
  ackDeadline: string;
  promisedAt?: string;
}

export function publishSearchAttributes(ticket: SearchableTicket): void {
  upsertSearchAttributes([
    { key: TicketNumber, value: ticket.number },
    { key: TicketStatus, value: ticket.status },
    { key: Urgency, value: ticket.urgency },
    { key: RootCause, value: ticket.rootCause },
    { key: Assignee, value: ticket.assignee ?? null },
    { key: AckDeadline, value: new Date(ticket.ackDeadline) },
    { key: PromisedAt, value: ticket.promisedAt ? new Date(ticket.promisedAt) : null },
  ]);
}
