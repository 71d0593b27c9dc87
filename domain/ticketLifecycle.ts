// The ticket lifecycle's decisions, pure: (state, event, policy, now) → (state, record changes, history,
// letters, booking). The ticket workflow only carries out what this decides and feeds the results back.
import type { StepFailure, TicketChanges } from './ticketRecord';
import { addWorkingTime, isWorkingMoment, nextWorkingMoment, workingTimeBetween } from './calendar';
import {
  acknowledgementCalendar,
  bookingUrgency,
  isVoiceWork,
  voiceEffortMinutes,
  voiceOption,
} from './contract';
import type { LetterKind, LetterParams } from './letters';
import { bookedMinutes, type TicketPolicy } from './policy';
import type { RootCause, TicketStatus, Urgency } from './ticket';
import type { AutoTriage } from './triage';
import { wrongStateFor } from './ticketRules';

/** Everything the workflow knows; it survives continue-as-new, so every clock is an absolute time. */
export interface TicketState {
  ticketId: number;
  number: string;
  status: TicketStatus;
  urgency: Urgency;
  rootCause: RootCause;
  phoneRequested: boolean;
  autoTriage: AutoTriage;
  triaged: boolean; // a specialist has assessed it (otherwise the automatic guess stands)
  needsReview: boolean; // promised from the automatic triage
  estimateMinutes?: number;
  assignee?: string; // the specialist booked or working on it
  takenBy?: string;
  pinnedTo?: string; // staff moved the ticket to this specialist's calendar
  receivedAt: string; // of the request, or of the reply that reopened it
  ackDeadline: string;
  answered: boolean; // the client's dated promise or refusal is decided and queued
  acknowledgedAt?: string; // when that letter actually went out
  ackBreachedAt?: string;
  leadReminded: boolean;
  outbox: QueuedLetter[]; // letters queued and not yet delivered, in order
  promisedAt?: string;
  callbackAt?: string; // voice support: when the specialist calls the client (the start of the booked work)
  overdueEscalatedFor?: string; // the promise whose passing was already escalated
  pausedWorkMs?: number; // working time left on the promise while waiting for the client
  resumeStatus?: TicketStatus;
  emergencyLevel?: number; // 0 once paged, then each escalation level reached
  nextEmergencyEscalationAt?: string;
  resolvedAt?: string;
  refusalReason?: string;
  closedAt?: string;
  failure?: StepFailure; // the last step that failed for good
  round: number; // 1, then +1 each time a reply reopens the ticket
  loggedMinutes: number;
  sequence: number; // numbers history events, letters and bookings deterministically
}

export interface QueuedLetter {
  key: string;
  acknowledges: boolean; // the answer the two working hours are about
}

/** Who a staff letter goes to: the staff with that role (or duty) when it is queued. */
export type StaffAudience = 'leads' | 'heads' | 'on_call';

/** The emergency escalation chain, level by level: the leads, then the head of support. */
export const escalationChain: readonly StaffAudience[] = ['leads', 'heads'];

export interface LetterOrder {
  key: string;
  kind: LetterKind;
  params: LetterParams;
  to: 'client' | readonly StaffAudience[];
}

export interface HistoryEntry {
  key: string; // unique within the ticket: a retried write records it once
  kind: string;
  actor: string;
  details?: Record<string, unknown>;
}

/** Effort to book; its result comes back as a `booked` event carrying this order. */
export interface BookingOrder {
  key: string;
  purpose: 'promise' | 'rebook' | 'emergency_taken' | 'resume';
  effortMinutes: number; // the estimate and the policy's fixed margin; the booking calibrates it when it can
  estimateMinutes?: number; // what effortMinutes was made from; absent when it is the work left (resume)
  specialist?: string;
  skill?: RootCause;
  urgency: Urgency;
  actor: string;
  actorName?: string; // emergency_taken: named in the client's letter
  reason?: string; // rebook: told to the client
  keepEarlierPromise?: boolean; // rebook: a date that barely moves keeps the promise the client holds
  askLeadsToReview?: boolean; // promise: made from the automatic triage
  channel?: 'voice'; // worked by phone: a callback, with the effort of voice work
}

export interface BookingResult {
  specialist: string | null;
  promisedAt: string;
  startsAt?: string; // when the work begins in the specialist's working time: a callback's time
  marginShare?: number | null; // the margin booked on the estimate, shown in the history; none for resume
}

export interface StaffActor {
  email: string;
  name: string;
}

export interface RegisteredTicket {
  ticketId: number;
  number: string;
  receivedAt: string;
  autoTriage: AutoTriage;
}

export type StaffEvent =
  | {
      type: 'triage';
      actor: StaffActor;
      urgency: Urgency;
      rootCause: RootCause;
      estimateMinutes: number;
      phoneRequested?: boolean;
    }
  | { type: 'take'; actor: StaffActor }
  | { type: 'comment'; actor: StaffActor; text: string; toClient?: boolean }
  | { type: 'log-time'; actor: StaffActor; minutes: number; note?: string }
  | { type: 'reschedule'; actor: StaffActor; reason: string; estimateMinutes?: number; promisedAt?: string }
  | { type: 'assign'; actor: StaffActor; specialist: string }
  | { type: 'wait-for-client'; actor: StaffActor; question: string }
  | { type: 'refuse'; actor: StaffActor; reason: string }
  | {
      type: 'resolve';
      actor: StaffActor;
      whatWasFixed: string;
      how: string;
      prevention: string;
      articleIds?: number[]; // carried to the completion letter and the `resolved` event as given
    };

/** The clocks of the regulation; each is re-checked against the state when it fires. */
export type AlarmEvent =
  | { type: 'leadReminderDue' }
  | { type: 'autoPromiseDue' }
  | { type: 'ackDeadlinePassed' }
  | { type: 'emergencyEscalationDue' }
  | { type: 'promiseOverdue'; promisedAt: string }
  | { type: 'reopenWindowPassed' };

export type TicketEvent =
  | { type: 'registered'; ticket: RegisteredTicket }
  | StaffEvent
  | AlarmEvent
  | { type: 'clientReply'; inboundMessageId: number; from: string; subject: string }
  | { type: 'promiseMoved'; promisedAt: string; cause: string; startsAt?: string }
  | { type: 'booked'; order: BookingOrder; result: BookingResult }
  | { type: 'letterDelivered'; key: string; sentAt?: string }
  | { type: 'letterRetried'; key: string; actor: string }
  | { type: 'stepFailed'; step: string; error: string; droppedLetters?: readonly string[] };

export interface Decision {
  state: TicketState;
  changes: TicketChanges; // the record's columns that differ from before
  history: HistoryEntry[];
  letters: LetterOrder[];
  booking?: BookingOrder;
  releaseBookings: boolean;
}

export const activeStatuses: readonly TicketStatus[] = ['scheduled', 'in_progress', 'waiting_for_client'];

// The letters that answer a request: the first one sent is the acknowledgement the deadline measures.
const answerKinds = ['promise', 'refusal', 'emergency_taken'] as const satisfies readonly LetterKind[];

// When work changes hands, a date that would move by less than this keeps the promise the client holds.
const NOT_WORTH_A_LETTER_MS = 15 * 60_000;

export function isFinished(state: TicketState): boolean {
  return state.status === 'refused' || state.status === 'closed';
}

export function isOpen(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'refused' && status !== 'closed';
}

/** Decides what an event does to the ticket. `state` is undefined only for `registered`. */
export function decide(
  state: TicketState | undefined,
  event: TicketEvent,
  policy: TicketPolicy,
  now: Date,
): Decision {
  if (event.type === 'registered')
    return new Deciding(registeredState(event.ticket, policy), policy, now).registered();
  if (!state) throw new Error(`${event.type} before the ticket was registered`);
  const deciding = new Deciding(JSON.parse(JSON.stringify(state)) as TicketState, policy, now);
  deciding.on(event);
  return deciding.decision(state);
}

/** The booking an assign would order now, or why the state refuses it: the same decision, nothing changed. */
export function assignPreview(
  state: TicketState,
  request: { actor: StaffActor; specialist: string },
  policy: TicketPolicy,
  now: Date,
): { refused?: string; booking?: BookingOrder } {
  const refused = wrongStateFor('assign', state, request.actor.email);
  if (refused) return { refused };
  return { booking: decide(state, { ...request, type: 'assign' }, policy, now).booking };
}

/** The first state of a registered ticket: the automatic guess stands until a specialist assesses it. */
function registeredState(ticket: RegisteredTicket, policy: TicketPolicy): TicketState {
  const guess = ticket.autoTriage;
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    status: 'awaiting_triage',
    urgency: guess.urgency,
    rootCause: guess.rootCause,
    phoneRequested: guess.phoneRequested,
    autoTriage: guess,
    triaged: false,
    needsReview: false,
    receivedAt: ticket.receivedAt,
    ackDeadline: iso(
      addWorkingTime(acknowledgementCalendar(policy), new Date(ticket.receivedAt), policy.ackWorkingMs),
    ),
    answered: false,
    leadReminded: false,
    outbox: [],
    round: 1,
    loggedMinutes: 0,
    sequence: 0,
  };
}

/** The ticket's row in PostgreSQL, as a projection of the state: the two can never drift apart. */
export function recordOf(state: TicketState): Required<TicketChanges> {
  return {
    status: state.status,
    urgency: state.urgency,
    rootCause: state.rootCause,
    phoneRequested: state.phoneRequested,
    estimateMinutes: state.estimateMinutes ?? null,
    assignee: state.assignee ?? null,
    ackDeadline: state.ackDeadline,
    acknowledgedAt: state.acknowledgedAt ?? null,
    promisedAt: state.promisedAt ?? null,
    callbackAt: state.callbackAt ?? null,
    resolvedAt: state.resolvedAt ?? null,
    needsReview: state.needsReview,
    ackBreachedAt: state.ackBreachedAt ?? null,
    loggedMinutes: state.loggedMinutes,
    refusalReason: state.refusalReason ?? null,
    closedAt: state.closedAt ?? null,
    failure: state.failure ?? null,
  };
}

function changedColumns(before: TicketState | undefined, after: TicketState): TicketChanges {
  const old = before ? recordOf(before) : undefined;
  const current = recordOf(after);
  const changes: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(current)) {
    const previous = old?.[column as keyof TicketChanges];
    if (old === undefined ? value !== null : JSON.stringify(previous) !== JSON.stringify(value)) {
      changes[column] = value;
    }
  }
  return changes as TicketChanges;
}

/** Which clocks a run keeps: a run that started before a clock existed replays without it. */
export interface AlarmOptions {
  ackDeadlineAlarm: boolean; // the breach is recorded when the deadline passes, not when the late answer goes
}

/** The next clock the ticket waits for, if any: the workflow sleeps until then, outside any lock. */
export function nextAlarm(
  state: TicketState,
  policy: TicketPolicy,
  options: AlarmOptions = { ackDeadlineAlarm: true },
): { at: string; event: AlarmEvent } | undefined {
  const calendar = policy.calendar; // the desk's: staff are reminded in their working time
  const ackCalendar = acknowledgementCalendar(policy); // the client's two working hours
  const received = new Date(state.receivedAt);
  const duringWorkingTime = (at: Date) =>
    isWorkingMoment(calendar, at) ? at : nextWorkingMoment(calendar, at);
  const alarms: { at: Date; event: AlarmEvent }[] = [];

  if (awaitingAnswer(state) && !state.leadReminded) {
    const due = addWorkingTime(ackCalendar, received, policy.ackWorkingMs * policy.leadReminderShare);
    alarms.push({ at: duringWorkingTime(due), event: { type: 'leadReminderDue' } });
  }
  if (awaitingAnswer(state) && !state.needsReview) {
    const autoPromise = addWorkingTime(ackCalendar, received, policy.ackWorkingMs * policy.autoPromiseShare);
    alarms.push({ at: autoPromise, event: { type: 'autoPromiseDue' } });
  }
  // After the automatic promise: due at the same moment, it records the breach itself, and this finds it done.
  if (options.ackDeadlineAlarm && answerOwed(state) && !state.ackBreachedAt) {
    alarms.push({ at: new Date(state.ackDeadline), event: { type: 'ackDeadlinePassed' } });
  }
  if (emergencyUntaken(state) && state.emergencyLevel! < escalationChain.length) {
    alarms.push({
      at: new Date(state.nextEmergencyEscalationAt!),
      event: { type: 'emergencyEscalationDue' },
    });
  }
  if (overdueWatched(state)) {
    alarms.push({
      at: duringWorkingTime(new Date(state.promisedAt!)),
      event: { type: 'promiseOverdue', promisedAt: state.promisedAt! },
    });
  }
  if (state.status === 'resolved' && state.resolvedAt) {
    alarms.push({
      at: new Date(new Date(state.resolvedAt).getTime() + policy.reopenWindowMs),
      event: { type: 'reopenWindowPassed' },
    });
  }
  const first = alarms.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  return first && { at: iso(first.at), event: first.event };
}

function awaitingAnswer(state: TicketState): boolean {
  return state.status === 'awaiting_triage' && !state.answered;
}

/**
 * The client has not had the answer the deadline is about: none is decided yet on an open ticket, or the one
 * decided (a promise or a refusal) is still queued, say while the relay is down.
 */
function answerOwed(state: TicketState): boolean {
  return !state.acknowledgedAt && (state.answered || isOpen(state.status));
}

function emergencyUntaken(state: TicketState): boolean {
  return (
    state.urgency === 'emergency' &&
    state.takenBy === undefined &&
    isOpen(state.status) &&
    state.emergencyLevel !== undefined
  );
}

function overdueWatched(state: TicketState): boolean {
  return (
    (state.status === 'scheduled' || state.status === 'in_progress') &&
    state.promisedAt !== undefined &&
    state.overdueEscalatedFor !== state.promisedAt
  );
}

/** One decision in the making: the state is a private copy, changed in place, then compared. */
class Deciding {
  private readonly history: HistoryEntry[] = [];
  private readonly letters: LetterOrder[] = [];
  private booking?: BookingOrder;
  private releaseBookings = false;

  constructor(
    private readonly t: TicketState,
    private readonly policy: TicketPolicy,
    private readonly now: Date,
  ) {}

  registered(): Decision {
    this.record('auto_triage', 'system', { ...this.t.autoTriage });
    // A request for a call is answered in the receipt: a callback to come, or why voice support is paid.
    const voice = this.t.phoneRequested ? voiceOption(this.policy) : undefined;
    if (voice) this.record('voice_requested', 'system', { option: voice });
    this.letter('receipt', voice ? { voice } : {});
    this.pageIfEmergency();
    return this.decision(undefined);
  }

  decision(before: TicketState | undefined): Decision {
    return {
      state: this.t,
      changes: changedColumns(before, this.t),
      history: this.history,
      letters: this.letters,
      booking: this.booking,
      releaseBookings: this.releaseBookings,
    };
  }

  on(event: TicketEvent): void {
    const t = this.t;
    switch (event.type) {
      case 'registered':
        throw new Error('a ticket is registered once');

      case 'triage': {
        const firstAssessment = t.status === 'awaiting_triage';
        const effortChanged = t.estimateMinutes !== event.estimateMinutes;
        const wasVoiceWork = isVoiceWork(this.policy, t.phoneRequested);
        t.urgency = event.urgency;
        t.rootCause = event.rootCause;
        t.estimateMinutes = event.estimateMinutes;
        t.phoneRequested = event.phoneRequested ?? t.phoneRequested;
        const channelChanged = wasVoiceWork !== isVoiceWork(this.policy, t.phoneRequested);
        t.triaged = true;
        t.needsReview = false;
        const { type: _type, actor, ...assessment } = event;
        this.record('triaged', actor.email, assessment);
        this.pageIfEmergency();
        if (firstAssessment) this.book('promise', actor.email);
        else if (effortChanged) this.book('rebook', actor.email, { reason: 'the effort was re-estimated' });
        else if (channelChanged) {
          const reason = t.phoneRequested ? 'the work is done by phone' : 'the work is done by mail';
          this.book('rebook', actor.email, { reason });
        }
        return;
      }

      case 'take': {
        const bookedTo = t.assignee;
        const wasWaiting = t.status === 'waiting_for_client';
        t.takenBy = t.assignee = event.actor.email;
        if (wasWaiting) t.resumeStatus = 'in_progress';
        else t.status = 'in_progress';
        this.record('taken', event.actor.email);
        if (t.urgency === 'emergency' && !t.answered) {
          t.estimateMinutes ??= this.policy.defaultEstimateMinutes;
          this.book('emergency_taken', event.actor.email, {
            specialist: event.actor.email,
            urgency: 'emergency',
            actorName: event.actor.name,
          });
        } else if (t.promisedAt && bookedTo !== t.takenBy && !wasWaiting) {
          // The work moves to the taker's calendar; the client hears only if that makes it later.
          this.book('rebook', event.actor.email, {
            reason: 'taken by another specialist',
            keepEarlierPromise: true,
          });
        }
        return;
      }

      case 'comment':
        this.record('comment', event.actor.email, { text: event.text, toClient: !!event.toClient });
        if (event.toClient) this.letter('client_note', { note: event.text });
        return;

      case 'log-time':
        t.loggedMinutes += event.minutes;
        this.record('time_logged', event.actor.email, { minutes: event.minutes, note: event.note });
        return;

      case 'reschedule':
        if (event.promisedAt !== undefined) {
          const previous = t.promisedAt;
          t.promisedAt = iso(new Date(event.promisedAt));
          this.record('rescheduled', event.actor.email, {
            reason: event.reason,
            promisedAt: t.promisedAt,
            previousPromisedAt: previous,
          });
          this.letter('new_date', {
            promisedAt: t.promisedAt,
            previousPromisedAt: previous,
            reason: event.reason,
          });
        } else {
          t.estimateMinutes = event.estimateMinutes;
          this.book('rebook', event.actor.email, { reason: event.reason });
        }
        return;

      case 'assign':
        t.pinnedTo = event.specialist.toLowerCase();
        if (t.takenBy && t.takenBy !== t.pinnedTo) t.takenBy = undefined; // the new specialist takes it up
        this.book('rebook', event.actor.email, { reason: `assigned to ${t.pinnedTo}` });
        return;

      case 'wait-for-client':
        t.pausedWorkMs = t.promisedAt
          ? workingTimeBetween(this.policy.calendar, this.now, new Date(t.promisedAt))
          : 0;
        t.resumeStatus = t.status;
        t.status = 'waiting_for_client';
        this.record('waiting_for_client', event.actor.email, { question: event.question });
        this.letter('question', { question: event.question });
        return;

      case 'refuse':
        t.status = 'refused';
        t.refusalReason = event.reason;
        t.promisedAt = undefined;
        this.record('refused', event.actor.email, { reason: event.reason });
        this.releaseBookings = true;
        this.acknowledge('refusal', { reason: event.reason });
        return;

      case 'resolve': {
        const { type: _type, actor, ...resolution } = event;
        t.status = 'resolved';
        t.resolvedAt = iso(this.now);
        this.record('resolved', actor.email, resolution);
        this.releaseBookings = true;
        this.letter('completion', resolution);
        return;
      }

      case 'clientReply': {
        const { type: _type, ...reply } = event;
        this.record('client_reply', reply.from, reply, `reply-${reply.inboundMessageId}`);
        if (t.status === 'waiting_for_client') {
          // The work left is booked again, so the calendar shows it and nobody else gets that time.
          this.book('resume', reply.from, {
            effortMinutes: Math.max(1, Math.ceil((t.pausedWorkMs ?? 0) / 60_000)),
            estimateMinutes: undefined,
            specialist: t.takenBy ?? t.pinnedTo ?? t.assignee,
          });
          t.pausedWorkMs = undefined;
        } else if (t.status === 'resolved') {
          this.reopen();
        }
        return;
      }

      case 'promiseMoved': {
        if ((t.status !== 'scheduled' && t.status !== 'in_progress') || t.promisedAt === event.promisedAt)
          return;
        const previous = t.promisedAt;
        t.promisedAt = event.promisedAt;
        this.record('promise_moved', 'scheduler', {
          promisedAt: event.promisedAt,
          cause: event.cause,
          previousPromisedAt: previous,
        });
        // A callback moves with its work: to the first working moment of the work's new start.
        if (t.callbackAt && event.startsAt) {
          const startsAt = new Date(event.startsAt);
          const calendar = this.policy.calendar;
          t.callbackAt = iso(
            isWorkingMoment(calendar, startsAt) ? startsAt : nextWorkingMoment(calendar, startsAt),
          );
        }
        this.letter('new_date', {
          promisedAt: t.promisedAt,
          previousPromisedAt: previous,
          ...(t.callbackAt && { callbackAt: t.callbackAt }),
        });
        return;
      }

      case 'booked':
        return this.booked(event.order, event.result);

      case 'letterDelivered': {
        const letter = t.outbox.find((queued) => queued.key === event.key);
        t.outbox = t.outbox.filter((queued) => queued.key !== event.key);
        if (letter?.acknowledges && !t.acknowledgedAt) {
          t.acknowledgedAt = event.sentAt ?? iso(this.now);
          if (new Date(t.acknowledgedAt).getTime() > new Date(t.ackDeadline).getTime()) this.recordBreach();
        }
        return;
      }

      case 'letterRetried': {
        if (t.outbox.some((queued) => queued.key === event.key)) return;
        // An answer that never went out is still the one the deadline is about: its delivery acknowledges.
        const acknowledges =
          t.answered && !t.acknowledgedAt && answerKinds.some((kind) => event.key.startsWith(`${kind}-`));
        t.outbox.push({ key: event.key, acknowledges });
        this.record('letter_retried', event.actor, { letter: event.key });
        return;
      }

      case 'stepFailed':
        t.failure = { step: event.step, error: event.error, at: iso(this.now) };
        t.outbox = t.outbox.filter((queued) => !event.droppedLetters?.includes(queued.key));
        this.record('step_failed', 'system', { step: event.step, error: event.error });
        this.letter('step_failed', { step: event.step, error: event.error }, ['leads']);
        return;

      case 'leadReminderDue':
        if (!awaitingAnswer(t) || t.leadReminded) return;
        t.leadReminded = true;
        this.letter('lead_reminder', { ackDeadline: t.ackDeadline }, ['leads']);
        this.record('lead_reminded', 'system');
        return;

      case 'autoPromiseDue':
        // Tried once per round: a promise whose booking failed for good is the lead's to make.
        if (!awaitingAnswer(t) || t.needsReview) return;
        if (this.now.getTime() >= new Date(t.ackDeadline).getTime()) this.recordBreach();
        t.needsReview = true;
        t.estimateMinutes ??= this.policy.defaultEstimateMinutes;
        this.record('auto_promised', 'system');
        this.book('promise', 'system', { askLeadsToReview: true });
        return;

      case 'ackDeadlinePassed':
        if (!answerOwed(t) || this.now.getTime() < new Date(t.ackDeadline).getTime()) return;
        this.recordBreach(); // once: the late answer's delivery finds it recorded
        return;

      case 'emergencyEscalationDue': {
        if (!emergencyUntaken(t) || t.emergencyLevel! >= escalationChain.length) return;
        const level = ++t.emergencyLevel!;
        const audience = escalationChain[level - 1]!;
        t.nextEmergencyEscalationAt = iso(new Date(this.now.getTime() + this.policy.emergencyTakeWindowMs));
        this.letter('emergency_escalation', { level }, [audience]);
        this.record('emergency_escalated', 'system', { level, to: audience });
        return;
      }

      case 'promiseOverdue':
        if (!overdueWatched(t) || t.promisedAt !== event.promisedAt) return;
        t.overdueEscalatedFor = event.promisedAt;
        this.letter('overdue_escalation', { promisedAt: event.promisedAt, specialist: t.assignee }, [
          'leads',
        ]);
        this.record('overdue_escalated', 'system', { promisedAt: event.promisedAt });
        return;

      case 'reopenWindowPassed':
        if (t.status !== 'resolved') return;
        t.status = 'closed';
        t.closedAt = iso(this.now);
        this.record('closed', 'system');
        return;
    }
  }

  private booked(order: BookingOrder, result: BookingResult): void {
    const t = this.t;
    const previous = t.promisedAt;
    const previousCallback = t.callbackAt;
    const callback = this.callbackBooked(order, result);
    // Staff see what margin the promise carries; bookings made before calibration recorded none.
    const margin =
      typeof result.marginShare === 'number' ? { marginPercent: Math.round(result.marginShare * 100) } : {};
    switch (order.purpose) {
      case 'promise':
        t.promisedAt = result.promisedAt;
        t.assignee = t.takenBy ?? result.specialist ?? undefined;
        t.status = t.takenBy ? 'in_progress' : 'scheduled';
        this.record('scheduled', order.actor, {
          promisedAt: t.promisedAt,
          specialist: t.assignee,
          ...margin,
        });
        this.acknowledge('promise', { promisedAt: t.promisedAt, ...callback });
        if (order.askLeadsToReview) {
          this.letter('ack_escalation', { ackDeadline: t.ackDeadline, autoPromised: true }, ['leads']);
        }
        return;

      case 'emergency_taken':
        t.promisedAt = result.promisedAt;
        this.record('scheduled', order.actor, {
          promisedAt: t.promisedAt,
          specialist: order.specialist,
          ...margin,
        });
        this.acknowledge('emergency_taken', {
          promisedAt: t.promisedAt,
          specialist: order.actorName,
          ...callback,
        });
        return;

      case 'resume':
        t.status = t.resumeStatus ?? 'scheduled';
        t.promisedAt = result.promisedAt;
        this.record('resumed', order.actor, { promisedAt: t.promisedAt, previousPromisedAt: previous });
        this.letter('new_date', { promisedAt: t.promisedAt, previousPromisedAt: previous, ...callback });
        return;

      case 'rebook': {
        const barelyMoved =
          previous !== undefined &&
          new Date(result.promisedAt).getTime() <= new Date(previous).getTime() + NOT_WORTH_A_LETTER_MS;
        t.promisedAt = order.keepEarlierPromise && barelyMoved ? previous : result.promisedAt;
        t.assignee = t.takenBy ?? result.specialist ?? t.assignee;
        this.record('rescheduled', order.actor, {
          promisedAt: t.promisedAt,
          previousPromisedAt: previous,
          reason: order.reason,
          ...margin,
        });
        if (t.promisedAt !== previous || t.callbackAt !== previousCallback) {
          this.letter('new_date', {
            promisedAt: t.promisedAt,
            previousPromisedAt: previous,
            reason: order.reason,
            ...callback,
          });
        }
        return;
      }
    }
  }

  /** Voice work's booking is the specialist's call to the client: its time is told with the date. */
  private callbackBooked(order: BookingOrder, result: BookingResult): { callbackAt?: string } {
    const t = this.t;
    if (order.channel !== 'voice' || !result.startsAt) {
      t.callbackAt = undefined;
      return {};
    }
    t.callbackAt = result.startsAt;
    this.record('callback_booked', order.actor, {
      callbackAt: t.callbackAt,
      specialist: result.specialist,
      effortMinutes: order.effortMinutes,
    });
    return { callbackAt: t.callbackAt };
  }

  private reopen(): void {
    const t = this.t;
    t.round += 1;
    t.status = 'awaiting_triage';
    t.triaged = false;
    t.needsReview = false;
    t.answered = false;
    t.acknowledgedAt = undefined;
    t.ackBreachedAt = undefined;
    t.leadReminded = false;
    t.takenBy = undefined;
    t.promisedAt = undefined;
    t.resolvedAt = undefined;
    t.emergencyLevel = undefined;
    t.nextEmergencyEscalationAt = undefined;
    t.receivedAt = iso(this.now);
    t.ackDeadline = iso(
      addWorkingTime(acknowledgementCalendar(this.policy), this.now, this.policy.ackWorkingMs),
    );
    this.record('reopened', 'system', { round: t.round });
    this.letter('reopened', {});
    this.pageIfEmergency();
  }

  /** Emergencies page the on-call staff and the leads at once, around the clock. */
  private pageIfEmergency(): void {
    const t = this.t;
    if (t.urgency !== 'emergency' || t.takenBy !== undefined || t.emergencyLevel !== undefined) return;
    t.emergencyLevel = 0;
    t.nextEmergencyEscalationAt = iso(new Date(this.now.getTime() + this.policy.emergencyTakeWindowMs));
    this.letter('emergency_page', {}, ['on_call', 'leads']);
    this.record('emergency_paged', 'system', { to: ['on_call', 'leads'] });
  }

  private recordBreach(): void {
    const t = this.t;
    if (t.ackBreachedAt) return;
    t.ackBreachedAt = iso(this.now);
    this.record('ack_deadline_breached', 'system', { ackDeadline: t.ackDeadline });
    this.letter('ack_escalation', { ackDeadline: t.ackDeadline, autoPromised: false }, ['leads']);
  }

  private book(
    purpose: BookingOrder['purpose'],
    actor: string,
    options: Partial<Omit<BookingOrder, 'key' | 'purpose' | 'actor'>> = {},
  ): void {
    const t = this.t;
    const estimate = t.estimateMinutes ?? this.policy.defaultEstimateMinutes;
    const voice = isVoiceWork(this.policy, t.phoneRequested);
    // Voice work takes longer; the margin (fixed, or calibrated by the booking) goes on top of that.
    const estimateMinutes = voice ? voiceEffortMinutes(this.policy, estimate) : estimate;
    this.booking = {
      key: `booking-${this.next()}`,
      purpose,
      actor,
      effortMinutes: bookedMinutes(this.policy, estimateMinutes),
      estimateMinutes,
      specialist: purpose === 'promise' ? undefined : (t.takenBy ?? t.pinnedTo),
      skill: t.rootCause,
      urgency: bookingUrgency(this.policy, t.urgency),
      ...(voice && { channel: 'voice' as const }),
      ...options,
    };
  }

  /** The client's dated promise or refusal: the letter the two working hours are about. */
  private acknowledge(kind: (typeof answerKinds)[number], params: LetterParams): void {
    const first = !this.t.answered;
    this.t.answered = true;
    this.letter(kind, params, 'client', first);
  }

  private letter(
    kind: LetterKind,
    params: LetterParams,
    to: LetterOrder['to'] = 'client',
    acknowledges = false,
  ): void {
    const key = kind === 'receipt' ? 'receipt' : `${kind}-${this.next()}`;
    this.letters.push({ key, kind, params, to });
    this.t.outbox.push({ key, acknowledges });
  }

  private record(kind: string, actor: string, details?: Record<string, unknown>, key?: string): void {
    this.history.push({ key: key ?? `${kind}-${this.next()}`, kind, actor, details });
  }

  private next(): number {
    return ++this.t.sequence;
  }
}

/** The ticket as staff actions answer it: small, never the mail itself. */
export function viewOf(state: TicketState) {
  return {
    number: state.number,
    status: state.status,
    urgency: state.urgency,
    rootCause: state.rootCause,
    triaged: state.triaged,
    assignee: state.assignee,
    ackDeadline: state.ackDeadline,
    acknowledgedAt: state.acknowledgedAt,
    promisedAt: state.promisedAt,
    callbackAt: state.callbackAt,
    needsReview: state.needsReview,
    failure: state.failure,
  };
}

function iso(at: Date): string {
  return at.toISOString();
}
