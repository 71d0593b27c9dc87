// Frozen: the ticket workflow as it was before the lifecycle became a reducer (workflows/ticket.ts).
// Tickets started on this type finish here; new tickets start ticketLifecycle. Change nothing but imports:
// its recorded histories (test/histories/ticketWorkflow) must replay. Delete it, with those histories, once
// `WorkflowType = "ticketWorkflow" AND ExecutionStatus = "Running"` finds nothing in the Temporal UI.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { TicketActivities } from '../../activities';
import type { LetterKind, LetterParams } from '../../domain/letters';
import type { TicketChanges } from '../../domain/ticketRecord';
import {
  addWorkingTime,
  isWorkingMoment,
  nextWorkingMoment,
  workingTimeBetween,
} from '../../domain/calendar';
import { bookedMinutes, type TicketPolicy } from '../../domain/policy';
import type { RootCause, TicketStatus, Urgency } from '../../domain/ticket';
import type { AutoTriage } from '../../domain/triage';
import type { StaffAction } from '../../domain/ticketRules';
import {
  clientReplySignal,
  promiseMovedSignal,
  staffUpdates,
  ticketViewQuery,
  WRONG_STATE,
  type StaffRequests,
  type TicketView,
} from '../messages';
import { refuseIfInvalid } from '../staffActionChecks';
import { publishSearchAttributes } from '../ticketSearch';

export interface TicketInput {
  inboundMessageId: number;
  policy: TicketPolicy;
  resumeFrom?: TicketState; // carried over by continue-as-new
}

/** Everything the workflow knows; it survives continue-as-new, so timers are kept as absolute times. */
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
  receivedAt: string;
  ackDeadline: string;
  answered: boolean; // the client's dated promise or refusal is decided and queued
  acknowledgedAt?: string; // when that letter actually went out
  outbox: QueuedLetter[]; // letters queued and not yet delivered, in order
  leadReminded: boolean;
  ackBreached: boolean;
  promisedAt?: string;
  overdueEscalatedFor?: string; // the promise whose passing was already escalated
  pausedWorkMs?: number; // working time left on the promise while waiting for the client
  resumeStatus?: TicketStatus;
  emergencyLevel?: number; // 0 once paged, then each escalation level reached
  nextEmergencyEscalationAt?: string;
  resolvedAt?: string;
  reopenRequested: boolean;
  round: number; // 1, then +1 each time a reply reopens the ticket
  loggedMinutes: number;
  sequence: number; // numbers history events, letters and bookings deterministically
}

export interface QueuedLetter {
  key: string;
  acknowledges: boolean; // the answer the two working hours are about
}

const { registerTicket, saveTicket, queueLetter, bookWork, releaseWork } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Delivery retries for as long as the relay is down; it runs beside the ticket's logic, never blocking it.
const { deliverLetter } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const activeStatuses: TicketStatus[] = ['scheduled', 'in_progress', 'waiting_for_client'];

// When work changes hands, a date that would move by less than this keeps the promise the client holds.
const NOT_WORTH_A_LETTER_MS = 15 * 60_000;

export async function ticketWorkflow(input: TicketInput): Promise<TicketView> {
  const policy = input.policy;
  const calendar = policy.calendar;
  let state = input.resumeFrom;
  const now = () => new Date(Date.now());
  const iso = (at: Date) => at.toISOString();
  const next = () => ++ticket().sequence;
  let pagingStarted = false; // in this run: paging resumes from the state after continue-as-new
  function ticket(): TicketState {
    if (!state)
      throw ApplicationFailure.create({ type: WRONG_STATE, message: 'the ticket is still being registered' });
    return state;
  }

  // ── messages: registered before the first await, so none is rejected for arriving early ──
  let busy = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const run = busy.then(work);
    busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function handle<A extends StaffAction>(action: A, act: (request: StaffRequests[A]) => Promise<void>) {
    const update = staffUpdates[action] as UpdateDefinition<TicketView, [StaffRequests[A]]>;
    setHandler(
      update,
      (request) =>
        serially(async () => {
          refuseIfInvalid(action, request, ticket()); // the state may have moved while the Update waited its turn
          await act(request);
          return view();
        }),
      { validator: (request) => refuseIfInvalid(action, request, ticket()) },
    );
  }

  setHandler(ticketViewQuery, () => view());

  handle('triage', async (request) => {
    const t = ticket();
    const firstAssessment = t.status === 'awaiting_triage';
    const effortChanged = t.estimateMinutes !== request.estimateMinutes;
    Object.assign(t, {
      urgency: request.urgency,
      rootCause: request.rootCause,
      estimateMinutes: request.estimateMinutes,
      phoneRequested: request.phoneRequested ?? t.phoneRequested,
      triaged: true,
      needsReview: false,
    });
    await save(
      {
        urgency: t.urgency,
        rootCause: t.rootCause,
        estimateMinutes: t.estimateMinutes,
        phoneRequested: t.phoneRequested,
        needsReview: false,
      },
      { kind: 'triaged', actor: request.actor.email, details: { ...request, actor: undefined } },
    );
    if (t.urgency === 'emergency') startEmergencyPaging();
    if (firstAssessment) await promise(request.actor.email);
    else if (effortChanged) await rebook(request.actor.email, 'the effort was re-estimated');
  });

  handle('take', async (request) => {
    const t = ticket();
    const bookedTo = t.assignee;
    t.takenBy = t.assignee = request.actor.email;
    const wasWaiting = t.status === 'waiting_for_client';
    if (!wasWaiting) t.status = 'in_progress';
    else t.resumeStatus = 'in_progress';
    await save({ status: t.status, assignee: t.assignee }, { kind: 'taken', actor: request.actor.email });
    if (t.urgency === 'emergency' && !t.answered) {
      t.estimateMinutes ??= policy.defaultEstimateMinutes;
      const booked = await bookWork({
        ticketId: t.ticketId,
        bookingKey: `booking-${next()}`,
        effortMinutes: bookedMinutes(policy, t.estimateMinutes),
        calendar,
        specialist: t.takenBy,
        urgency: 'emergency',
      });
      t.promisedAt = booked.promisedAt;
      await acknowledge('emergency_taken', { promisedAt: t.promisedAt, specialist: request.actor.name });
    } else if (t.promisedAt && bookedTo !== t.takenBy && !wasWaiting && patched('rebook-on-take')) {
      // The work moves to the taker's calendar; the client hears only if that makes it later.
      await rebook(request.actor.email, 'taken by another specialist', { keepEarlierPromise: true });
    }
  });

  handle('comment', async (request) => {
    await save(
      {},
      {
        kind: 'comment',
        actor: request.actor.email,
        details: { text: request.text, toClient: !!request.toClient },
      },
    );
    if (request.toClient) await letter('client_note', { note: request.text });
  });

  handle('log-time', async (request) => {
    const t = ticket();
    t.loggedMinutes += request.minutes;
    await save(
      { loggedMinutes: t.loggedMinutes },
      {
        kind: 'time_logged',
        actor: request.actor.email,
        details: { minutes: request.minutes, note: request.note },
      },
    );
  });

  handle('reschedule', async (request) => {
    const t = ticket();
    if (request.promisedAt !== undefined) {
      const previous = t.promisedAt;
      t.promisedAt = iso(new Date(request.promisedAt));
      await save(
        { promisedAt: t.promisedAt },
        { kind: 'rescheduled', actor: request.actor.email, details: { ...request, actor: undefined } },
      );
      await letter('new_date', {
        promisedAt: t.promisedAt,
        previousPromisedAt: previous,
        reason: request.reason,
      });
    } else {
      t.estimateMinutes = request.estimateMinutes;
      await save({ estimateMinutes: t.estimateMinutes });
      await rebook(request.actor.email, request.reason);
    }
  });

  handle('assign', async (request) => {
    const t = ticket();
    t.pinnedTo = request.specialist.toLowerCase();
    if (t.takenBy && t.takenBy !== t.pinnedTo) t.takenBy = undefined; // the new specialist takes it up
    await rebook(request.actor.email, `assigned to ${t.pinnedTo}`);
  });

  handle('wait-for-client', async (request) => {
    const t = ticket();
    t.pausedWorkMs = t.promisedAt ? workingTimeBetween(calendar, now(), new Date(t.promisedAt)) : 0;
    t.resumeStatus = t.status;
    t.status = 'waiting_for_client';
    await save(
      { status: t.status },
      { kind: 'waiting_for_client', actor: request.actor.email, details: { question: request.question } },
    );
    await letter('question', { question: request.question });
  });

  handle('refuse', async (request) => {
    const t = ticket();
    t.status = 'refused';
    await save(
      { status: 'refused', refusalReason: request.reason, promisedAt: null },
      { kind: 'refused', actor: request.actor.email, details: { reason: request.reason } },
    );
    await releaseWork({ ticketId: t.ticketId });
    await acknowledge('refusal', { reason: request.reason });
  });

  handle('resolve', async (request) => {
    const t = ticket();
    t.status = 'resolved';
    t.resolvedAt = iso(now());
    t.reopenRequested = false;
    const { actor, ...resolution } = request;
    await save(
      { status: 'resolved', resolvedAt: t.resolvedAt },
      { kind: 'resolved', actor: actor.email, details: resolution },
    );
    await releaseWork({ ticketId: t.ticketId });
    await letter('completion', resolution);
  });

  setHandler(promiseMovedSignal, (moved) =>
    serially(async () => {
      const t = ticket();
      if (!['scheduled', 'in_progress'].includes(t.status) || t.promisedAt === moved.promisedAt) return;
      const previous = t.promisedAt;
      t.promisedAt = moved.promisedAt;
      await save(
        { promisedAt: t.promisedAt },
        { kind: 'promise_moved', actor: 'scheduler', details: { ...moved, previousPromisedAt: previous } },
      );
      await letter('new_date', { promisedAt: t.promisedAt, previousPromisedAt: previous });
    }),
  );

  setHandler(clientReplySignal, (reply) =>
    serially(async () => {
      const t = ticket();
      // Keyed by the message, so a reply handed off twice is recorded once.
      await save(
        {},
        {
          key: `reply-${reply.inboundMessageId}`,
          kind: 'client_reply',
          actor: reply.from,
          details: { ...reply },
        },
      );
      if (t.status === 'waiting_for_client') {
        t.status = t.resumeStatus ?? 'scheduled';
        const previous = t.promisedAt;
        if (patched('rebook-when-client-replies')) {
          // The work left is booked again, so the specialist's calendar shows it and nobody else gets that time.
          const booked = await bookWork({
            ticketId: t.ticketId,
            bookingKey: `booking-${next()}`,
            effortMinutes: Math.max(1, Math.ceil((t.pausedWorkMs ?? 0) / 60_000)),
            calendar,
            specialist: t.takenBy ?? t.pinnedTo ?? t.assignee,
            skill: t.rootCause,
            urgency: t.urgency,
          });
          t.promisedAt = booked.promisedAt;
        } else {
          t.promisedAt = iso(addWorkingTime(calendar, now(), t.pausedWorkMs ?? 0));
        }
        t.pausedWorkMs = undefined;
        await save({ status: t.status, promisedAt: t.promisedAt }, { kind: 'resumed', actor: reply.from });
        await letter('new_date', { promisedAt: t.promisedAt, previousPromisedAt: previous });
      } else if (t.status === 'resolved') {
        t.reopenRequested = true;
      }
    }),
  );

  // ── the ticket's path ──
  if (!state) state = await register();
  else startWatchers();
  void deliverQueuedLetters();

  for (;;) {
    const t = ticket();
    if (t.status === 'awaiting_triage') await condition(() => t.status !== 'awaiting_triage');
    if (activeStatuses.includes(t.status)) await awaitCompletion();
    if (t.status === 'refused') break;
    if (t.status === 'resolved') {
      const replied = await condition(
        () => t.reopenRequested,
        remainingMs(addMs(t.resolvedAt!, policy.reopenWindowMs)),
      );
      if (!replied) {
        await serially(async () => {
          t.status = 'closed';
          await save({ status: 'closed', closedAt: iso(now()) }, { kind: 'closed' });
        });
        break;
      }
      await serially(reopen);
    }
  }
  await condition(() => allHandlersFinished() && ticket().outbox.length === 0);
  return view();

  // ── stages ──
  async function register(): Promise<TicketState> {
    const registered = await registerTicket({
      inboundMessageId: input.inboundMessageId,
      workflowId: workflowInfo().workflowId,
      defaultLanguage: policy.defaultLanguage,
    });
    const guess = registered.autoTriage;
    state = {
      ticketId: registered.ticketId,
      number: registered.number,
      status: 'awaiting_triage',
      urgency: guess.urgency,
      rootCause: guess.rootCause,
      phoneRequested: guess.phoneRequested,
      autoTriage: guess,
      triaged: false,
      needsReview: false,
      receivedAt: registered.receivedAt,
      ackDeadline: iso(addWorkingTime(calendar, new Date(registered.receivedAt), policy.ackWorkingMs)),
      leadReminded: false,
      ackBreached: false,
      reopenRequested: false,
      answered: false,
      outbox: [],
      round: 1,
      loggedMinutes: 0,
      sequence: 0,
    };
    await save(
      {
        urgency: state.urgency,
        rootCause: state.rootCause,
        phoneRequested: state.phoneRequested,
        ackDeadline: state.ackDeadline,
      },
      { kind: 'auto_triage', actor: 'system', details: { ...guess } },
    );
    await letter('receipt', {});
    startWatchers();
    return state;
  }

  function startWatchers() {
    const t = ticket();
    if (!t.answered && t.status === 'awaiting_triage') void watchAcknowledgement();
    if (t.urgency === 'emergency' && !t.takenBy) startEmergencyPaging();
  }

  /** The regulation's two working hours: remind the lead, promise from the automatic triage, record a breach. */
  async function watchAcknowledgement() {
    const t = ticket();
    const round = t.round;
    const received = new Date(t.receivedAt);
    const acknowledged = () => t.answered || t.round !== round;
    const notBy = async (share: number) =>
      !(await condition(
        acknowledged,
        remainingMs(iso(addWorkingTime(calendar, received, policy.ackWorkingMs * share))),
      ));

    if (!t.leadReminded && (await notBy(policy.leadReminderShare))) {
      await serially(async () => {
        if (acknowledged()) return;
        t.leadReminded = true;
        await atWorkingTime();
        await letter('lead_reminder', { ackDeadline: t.ackDeadline }, [policy.leadAddress]);
        await save({}, { kind: 'lead_reminded', actor: 'system' });
      });
    }
    if (await notBy(Math.min(policy.autoPromiseShare, 1))) {
      await serially(async () => {
        if (acknowledged()) return;
        if (Date.now() >= new Date(t.ackDeadline).getTime()) await recordBreach();
        t.needsReview = true;
        t.estimateMinutes ??= policy.defaultEstimateMinutes;
        await save(
          { needsReview: true, estimateMinutes: t.estimateMinutes },
          { kind: 'auto_promised', actor: 'system' },
        );
        await promise('system');
        await letter('ack_escalation', { ackDeadline: t.ackDeadline, autoPromised: true }, [
          policy.leadAddress,
        ]);
      });
    }
  }

  async function recordBreach() {
    const t = ticket();
    if (t.ackBreached) return;
    t.ackBreached = true;
    await save(
      { ackBreachedAt: iso(now()) },
      { kind: 'ack_deadline_breached', actor: 'system', details: { ackDeadline: t.ackDeadline } },
    );
    await letter('ack_escalation', { ackDeadline: t.ackDeadline, autoPromised: false }, [policy.leadAddress]);
  }

  /** Emergencies page around the clock and climb the escalation chain until someone takes them. */
  function startEmergencyPaging() {
    const t = ticket();
    if (t.takenBy || pagingStarted) return;
    pagingStarted = true;
    void (async () => {
      if (t.emergencyLevel === undefined) {
        t.emergencyLevel = 0;
        t.nextEmergencyEscalationAt = iso(new Date(Date.now() + policy.emergencyTakeWindowMs));
        await letter('emergency_page', {}, [...policy.onCallAddresses, policy.leadAddress]);
        await save({}, { kind: 'emergency_paged', actor: 'system', details: { to: policy.onCallAddresses } });
      }
      while (t.emergencyLevel < policy.emergencyEscalationChain.length) {
        const taken = await condition(
          () => t.takenBy !== undefined || !isOpen(t.status),
          remainingMs(t.nextEmergencyEscalationAt!),
        );
        if (taken) return;
        const level = ++t.emergencyLevel;
        t.nextEmergencyEscalationAt = iso(new Date(Date.now() + policy.emergencyTakeWindowMs));
        const to = policy.emergencyEscalationChain[level - 1]!;
        await letter('emergency_escalation', { level }, [to]);
        await save({}, { kind: 'emergency_escalated', actor: 'system', details: { level, to } });
      }
    })();
  }

  /** Waits for the work to end; a promise that passes unfulfilled is escalated to the lead, once. */
  async function awaitCompletion() {
    const t = ticket();
    while (activeStatuses.includes(t.status)) {
      if (workflowInfo().continueAsNewSuggested) {
        await condition(() => allHandlersFinished() && t.outbox.length === 0);
        await continueAsNew<typeof ticketWorkflow>({ ...input, resumeFrom: t });
      }
      const promised = t.promisedAt;
      const status = t.status;
      const changed = () =>
        t.promisedAt !== promised || t.status !== status || workflowInfo().continueAsNewSuggested;
      const overdueWatch = promised && status !== 'waiting_for_client' && t.overdueEscalatedFor !== promised;
      if (!overdueWatch) {
        await condition(changed);
        continue;
      }
      if (!(await condition(changed, remainingMs(promised)))) {
        await serially(async () => {
          if (t.promisedAt !== promised || !activeStatuses.includes(t.status)) return;
          t.overdueEscalatedFor = promised;
          await atWorkingTime();
          await letter('overdue_escalation', { promisedAt: promised, specialist: t.assignee }, [
            policy.leadAddress,
          ]);
          await save({}, { kind: 'overdue_escalated', actor: 'system', details: { promisedAt: promised } });
        });
      }
    }
  }

  async function reopen() {
    const t = ticket();
    t.round += 1;
    t.status = 'awaiting_triage';
    t.triaged = false;
    t.answered = false;
    t.acknowledgedAt = undefined;
    t.leadReminded = false;
    t.ackBreached = false;
    t.takenBy = undefined;
    t.promisedAt = undefined;
    t.resolvedAt = undefined;
    t.emergencyLevel = undefined;
    t.reopenRequested = false;
    t.receivedAt = iso(now());
    t.ackDeadline = iso(addWorkingTime(calendar, now(), policy.ackWorkingMs));
    await save(
      {
        status: t.status,
        ackDeadline: t.ackDeadline,
        promisedAt: null,
        resolvedAt: null,
        needsReview: false,
      },
      { kind: 'reopened', actor: 'system', details: { round: t.round } },
    );
    await letter('reopened', {});
    pagingStarted = false;
    startWatchers();
  }

  // ── helpers ──
  async function promise(actor: string) {
    const t = ticket();
    const booked = await bookWork({
      ticketId: t.ticketId,
      bookingKey: `booking-${next()}`,
      effortMinutes: bookedMinutes(policy, t.estimateMinutes ?? policy.defaultEstimateMinutes),
      calendar,
      skill: t.rootCause,
      urgency: t.urgency,
    });
    t.promisedAt = booked.promisedAt;
    t.assignee = t.takenBy ?? booked.specialist ?? undefined;
    t.status = t.takenBy ? 'in_progress' : 'scheduled';
    await save(
      { status: t.status, promisedAt: t.promisedAt, assignee: t.assignee ?? null },
      { kind: 'scheduled', actor, details: { promisedAt: t.promisedAt, specialist: t.assignee } },
    );
    await acknowledge('promise', { promisedAt: t.promisedAt });
  }

  async function rebook(actor: string, reason: string, options: { keepEarlierPromise?: boolean } = {}) {
    const t = ticket();
    const previous = t.promisedAt;
    const booked = await bookWork({
      ticketId: t.ticketId,
      bookingKey: `booking-${next()}`,
      effortMinutes: bookedMinutes(policy, t.estimateMinutes ?? policy.defaultEstimateMinutes),
      calendar,
      specialist: t.takenBy ?? t.pinnedTo,
      skill: t.rootCause,
      urgency: t.urgency,
    });
    const earlier =
      previous !== undefined &&
      new Date(booked.promisedAt).getTime() <= new Date(previous).getTime() + NOT_WORTH_A_LETTER_MS;
    t.promisedAt = options.keepEarlierPromise && earlier ? previous : booked.promisedAt;
    t.assignee = t.takenBy ?? booked.specialist ?? t.assignee;
    await save(
      { promisedAt: t.promisedAt, assignee: t.assignee ?? null },
      {
        kind: 'rescheduled',
        actor,
        details: { promisedAt: t.promisedAt, previousPromisedAt: previous, reason },
      },
    );
    if (t.promisedAt !== previous)
      await letter('new_date', { promisedAt: t.promisedAt, previousPromisedAt: previous, reason });
  }

  /** The client's dated promise or refusal: the letter the two working hours are about. */
  async function acknowledge(kind: LetterKind, params: LetterParams) {
    const t = ticket();
    const first = !t.answered;
    t.answered = true;
    await letter(kind, params, undefined, first);
  }

  async function letter(
    kind: LetterKind,
    params: LetterParams,
    staffRecipients?: string[],
    acknowledges = false,
  ) {
    const t = ticket();
    const key = kind === 'receipt' ? 'receipt' : `${kind}-${next()}`;
    await queueLetter({
      ticketId: t.ticketId,
      letterKey: key,
      kind,
      params,
      staffRecipients,
      staffLanguage: policy.defaultLanguage,
    });
    t.outbox.push({ key, acknowledges });
  }

  /** The ticket's courier: delivers queued letters in order, however long the relay is down. */
  async function deliverQueuedLetters() {
    const t = ticket();
    for (;;) {
      await condition(() => t.outbox.length > 0);
      const next = t.outbox[0]!;
      const delivered = await deliverLetter({ ticketId: t.ticketId, letterKey: next.key });
      t.outbox.shift();
      if (next.acknowledges && !t.acknowledgedAt) {
        t.acknowledgedAt = delivered.sentAt ?? iso(now());
        await save({ acknowledgedAt: t.acknowledgedAt });
        if (new Date(t.acknowledgedAt).getTime() > new Date(t.ackDeadline).getTime()) await recordBreach();
      }
    }
  }

  async function save(
    changes: TicketChanges,
    event?: { key?: string; kind: string; actor?: string; details?: Record<string, unknown> },
  ) {
    const t = ticket();
    publishSearchAttributes(t);
    await saveTicket({
      ticketId: t.ticketId,
      changes,
      event: event && { ...event, key: event.key ?? `${event.kind}-${next()}` },
    });
  }

  /** Ordinary reminders and escalations wait for working hours: no mail to the lead at midnight. */
  async function atWorkingTime() {
    if (!isWorkingMoment(calendar, now())) await sleep(remainingMs(iso(nextWorkingMoment(calendar, now()))));
  }

  function view(): TicketView {
    const t = ticket();
    return {
      number: t.number,
      status: t.status,
      urgency: t.urgency,
      rootCause: t.rootCause,
      triaged: t.triaged,
      assignee: t.assignee,
      ackDeadline: t.ackDeadline,
      acknowledgedAt: t.acknowledgedAt,
      promisedAt: t.promisedAt,
      needsReview: t.needsReview,
    };
  }
}

function isOpen(status: TicketStatus) {
  return status !== 'resolved' && status !== 'refused' && status !== 'closed';
}

function addMs(at: string, ms: number): string {
  return new Date(new Date(at).getTime() + ms).toISOString();
}

/** Time left until a moment, as a timer duration (at least 1 ms: a timer must have some length). */
function remainingMs(until: string): number {
  return Math.max(1, new Date(until).getTime() - Date.now());
}
