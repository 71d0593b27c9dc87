// Which staff action is allowed in which state, and what each action requires: pure rules shared by
// the workflow's Update validators (409/422) and their unit tests.
import { rootCauses, urgencies, type TicketStatus } from './ticket';

export const staffActions = [
  'triage',
  'take',
  'comment',
  'log-time',
  'reschedule',
  'assign',
  'wait-for-client',
  'refuse',
  'resolve',
] as const;
export type StaffAction = (typeof staffActions)[number];

const open: TicketStatus[] = ['awaiting_triage', 'scheduled', 'in_progress', 'waiting_for_client'];

export const allowedIn: Record<StaffAction, readonly TicketStatus[]> = {
  triage: ['awaiting_triage', 'scheduled'],
  take: ['awaiting_triage', 'scheduled', 'in_progress', 'waiting_for_client'],
  comment: [...open, 'resolved', 'refused', 'closed'],
  'log-time': [...open, 'resolved'],
  reschedule: ['scheduled', 'in_progress'],
  assign: ['scheduled', 'in_progress'],
  'wait-for-client': ['scheduled', 'in_progress'],
  refuse: open,
  resolve: ['scheduled', 'in_progress', 'waiting_for_client'],
};

export interface TicketFacts {
  status: TicketStatus;
  urgency: string;
  takenBy?: string;
}

/** Why the action cannot be taken in this state (a 409), or undefined when it can. */
export function wrongStateFor(
  action: StaffAction,
  ticket: TicketFacts,
  actorEmail: string,
): string | undefined {
  if (!allowedIn[action].includes(ticket.status)) {
    return `cannot ${action} a ticket that is ${ticket.status}; allowed when ${allowedIn[action].join(', ')}`;
  }
  if (action === 'take' && ticket.status === 'awaiting_triage' && ticket.urgency !== 'emergency') {
    return 'triage the ticket before taking it (only emergencies are taken before triage)';
  }
  if (action === 'take' && ticket.takenBy === actorEmail)
    return `the ticket is already taken by ${actorEmail}`;
  return undefined;
}

type Input = Record<string, unknown>;
const text = (input: Input, field: string) =>
  typeof input[field] === 'string' && (input[field] as string).trim() !== '';
const positiveMinutes = (value: unknown) =>
  Number.isInteger(value) && (value as number) > 0 && (value as number) <= 100_000;

/** The knowledge-base articles a resolution may name: the completion letter lists each. */
export const MAX_LINKED_ARTICLES = 5;
const articleIds = (value: unknown) =>
  Array.isArray(value) &&
  value.length <= MAX_LINKED_ARTICLES &&
  value.every((id) => Number.isSafeInteger(id) && (id as number) > 0);

/** What is wrong with the action's input (a 422), naming the field, or undefined when it is fine. */
export function invalidInputFor(action: StaffAction, input: Input): string | undefined {
  switch (action) {
    case 'triage':
      if (!urgencies.includes(input.urgency as never)) return `urgency: one of ${urgencies.join(', ')}`;
      if (!rootCauses.includes(input.rootCause as never)) return `rootCause: one of ${rootCauses.join(', ')}`;
      if (!positiveMinutes(input.estimateMinutes))
        return 'estimateMinutes: a whole number of minutes above 0';
      return undefined;
    case 'comment':
      return text(input, 'text') ? undefined : 'text: required, not empty';
    case 'log-time':
      return positiveMinutes(input.minutes) ? undefined : 'minutes: a whole number of minutes above 0';
    case 'reschedule':
      if (!text(input, 'reason')) return 'reason: required, the client is told it';
      if (input.estimateMinutes === undefined && input.promisedAt === undefined) {
        return 'estimateMinutes or promisedAt: give the new effort or the new date';
      }
      if (input.estimateMinutes !== undefined && !positiveMinutes(input.estimateMinutes)) {
        return 'estimateMinutes: a whole number of minutes above 0';
      }
      if (input.promisedAt !== undefined && Number.isNaN(Date.parse(String(input.promisedAt)))) {
        return 'promisedAt: an ISO-8601 date and time';
      }
      return undefined;
    case 'assign':
      return text(input, 'specialist') && /^[^@\s]+@[^@\s]+$/.test(String(input.specialist))
        ? undefined
        : 'specialist: the email of the specialist whose calendar takes the ticket';
    case 'wait-for-client':
      return text(input, 'question') ? undefined : 'question: required, it is sent to the client';
    case 'refuse':
      return text(input, 'reason') ? undefined : 'reason: required, the client is told why';
    case 'resolve':
      for (const field of ['whatWasFixed', 'how', 'prevention']) {
        if (!text(input, field))
          return `${field}: required, the client is told what was fixed, how, and how to prevent it`;
      }
      if (input.articleIds !== undefined && !articleIds(input.articleIds)) {
        return `articleIds: a list of at most ${MAX_LINKED_ARTICLES} article ids (GET /api/articles)`;
      }
      return undefined;
    case 'take':
      return undefined;
  }
}
