// The ticket workflow's messages: staff actions are Updates (validated, answered), client replies
// are Signals, the live state is a Query. Shared by the workflow and the code that sends them.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import type { RootCause, TicketStatus, Urgency } from '../domain/ticket';
import type { BookingOrder } from '../domain/ticketLifecycle';
import type { StaffAction } from '../domain/ticketRules';

export interface StaffActor {
  email: string;
  name: string;
}

export interface TriageRequest {
  actor: StaffActor;
  urgency: Urgency;
  rootCause: RootCause;
  estimateMinutes: number;
  phoneRequested?: boolean;
}
export interface TakeRequest {
  actor: StaffActor;
}
export interface CommentRequest {
  actor: StaffActor;
  text: string;
  toClient?: boolean; // also send the text to the client
}
export interface LogTimeRequest {
  actor: StaffActor;
  minutes: number;
  note?: string;
}
export interface RescheduleRequest {
  actor: StaffActor;
  reason: string;
  estimateMinutes?: number; // re-book with a new effort
  promisedAt?: string; // or name the new date directly
}
export interface AssignRequest {
  actor: StaffActor;
  specialist: string; // pin the ticket to this specialist's calendar (email)
}
export interface WaitForClientRequest {
  actor: StaffActor;
  question: string;
}
export interface RefuseRequest {
  actor: StaffActor;
  reason: string;
}
export interface ResolveRequest {
  actor: StaffActor;
  whatWasFixed: string;
  how: string;
  prevention: string;
  articleIds?: number[]; // knowledge-base articles that solved it: named in the completion letter
}

export interface StaffRequests {
  triage: TriageRequest;
  take: TakeRequest;
  comment: CommentRequest;
  'log-time': LogTimeRequest;
  reschedule: RescheduleRequest;
  assign: AssignRequest;
  'wait-for-client': WaitForClientRequest;
  refuse: RefuseRequest;
  resolve: ResolveRequest;
}

/** The ticket as the workflow sees it: small, never the mail itself. */
export interface TicketView {
  number: string;
  status: TicketStatus;
  urgency: Urgency;
  rootCause: RootCause;
  triaged: boolean;
  assignee?: string;
  ackDeadline: string;
  acknowledgedAt?: string;
  promisedAt?: string;
  callbackAt?: string; // voice support: when the specialist calls the client
  needsReview: boolean;
  failure?: { step: string; error: string; at: string }; // a step that failed for good
}

export const staffUpdates = {
  triage: defineUpdate<TicketView, [TriageRequest]>('triage'),
  take: defineUpdate<TicketView, [TakeRequest]>('take'),
  comment: defineUpdate<TicketView, [CommentRequest]>('comment'),
  'log-time': defineUpdate<TicketView, [LogTimeRequest]>('log-time'),
  reschedule: defineUpdate<TicketView, [RescheduleRequest]>('reschedule'),
  assign: defineUpdate<TicketView, [AssignRequest]>('assign'),
  'wait-for-client': defineUpdate<TicketView, [WaitForClientRequest]>('wait-for-client'),
  refuse: defineUpdate<TicketView, [RefuseRequest]>('refuse'),
  resolve: defineUpdate<TicketView, [ResolveRequest]>('resolve'),
} satisfies Record<StaffAction, unknown>;

export interface ClientReply {
  inboundMessageId: number;
  from: string;
  subject: string;
}

export const clientReplySignal = defineSignal<[ClientReply]>('clientReply');

/** The scheduler moved this ticket's booking (an emergency pre-empted its specialist). */
export interface PromiseMoved {
  promisedAt: string;
  cause: 'emergency';
  startsAt?: string; // when the moved work now starts: a voice ticket's new callback time
}
export const promiseMovedSignal = defineSignal<[PromiseMoved]>('promiseMoved');

/** Ops put a letter that failed for good back in the ticket's outbox (`npm run letters -- retry`). */
export interface LetterRetry {
  key: string;
  actor: string;
}
export const retryLetterSignal = defineSignal<[LetterRetry]>('retryLetter');
export const ticketViewQuery = defineQuery<TicketView>('ticketView');

/** What assigning the ticket now would book, as the assign Update would decide it; the query changes nothing. */
export interface AssignPreview {
  refused?: string; // why the ticket cannot be assigned in its state (a 409)
  booking?: BookingOrder;
  calendar: WorkingCalendar; // the ticket's policy calendar, which the booking follows
  promiseTarget?: number; // the ticket's policy on margins, which the booking calibrates by
  promiseMarginShare?: number;
}
export const assignPreviewQuery = defineQuery<AssignPreview, [AssignRequest]>('assignPreview');

/** ApplicationFailure types the API maps to HTTP statuses. */
export const WRONG_STATE = 'WrongState'; // 409
export const INVALID_INPUT = 'InvalidInput'; // 422
export const STEP_FAILED = 'StepFailed'; // 502: the action was recorded, a step after it failed for good
