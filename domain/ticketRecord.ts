// The ticket's row as the workflow keeps it current: the columns a decision may change.
import type { RootCause, TicketStatus, Urgency } from './ticket';

export interface StepFailure {
  step: string;
  error: string;
  at: string;
}

/** The fields of a ticket the workflow keeps current; times are ISO strings as they cross from workflows. */
export interface TicketChanges {
  status?: TicketStatus;
  urgency?: Urgency;
  rootCause?: RootCause;
  phoneRequested?: boolean;
  estimateMinutes?: number | null;
  assignee?: string | null; // a staff member's email
  ackDeadline?: string;
  acknowledgedAt?: string | null;
  promisedAt?: string | null;
  callbackAt?: string | null; // voice support: when the specialist calls the client
  resolvedAt?: string | null;
  needsReview?: boolean;
  ackBreachedAt?: string | null;
  loggedMinutes?: number;
  refusalReason?: string | null;
  closedAt?: string | null;
  failure?: StepFailure | null;
}
