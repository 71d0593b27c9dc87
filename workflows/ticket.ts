// One durable workflow per client request: register → triage → schedule → await completion → notify.
// The decisions are domain/ticketLifecycle.ts's; this workflow carries them out: it saves, queues letters,
// books work, delivers letters in order and sleeps until the next clock of the regulation.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { TicketActivities } from '../activities';
import { clientTimeZone } from '../domain/contract';
import { permanentFailureTypes } from '../domain/failures';
import type { TicketPolicy } from '../domain/policy';
import {
  assignPreview,
  decide,
  isFinished,
  nextAlarm,
  viewOf,
  type Decision,
  type TicketEvent,
  type TicketState,
} from '../domain/ticketLifecycle';
import { staffActions, type StaffAction } from '../domain/ticketRules';
import {
  assignPreviewQuery,
  clientReplySignal,
  promiseMovedSignal,
  retryLetterSignal,
  STEP_FAILED,
  staffUpdates,
  ticketViewQuery,
  WRONG_STATE,
  type StaffRequests,
  type TicketView,
} from './messages';
import { refuseIfInvalid } from './staffActionChecks';
import { publishSearchAttributes } from './ticketSearch';
import { publishTicketDetails } from './ticketDetails';

export interface TicketLifecycleInput {
  inboundMessageId: number;
  policy: TicketPolicy;
  ticketNumber?: string; // allocated at intake; tickets started before that allocate it on registration
  resumeFrom?: TicketState; // carried over by continue-as-new
}

// The breach is recorded when the acknowledgement deadline passes with the answer undelivered (a new timer).
const ACK_DEADLINE_ALARM = 'ack-deadline-alarm';

// Errors no retry can fix: the step fails at once and the ticket shows it.
const nonRetryableErrorTypes = [...permanentFailureTypes];

// Short database steps: retried through a database restart, then given up so that the failure shows.
const databaseStepOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '30 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes,
  },
} as const;
// Booking stays an activity: it queues for the specialists' calendar lock and signals every ticket whose promise
// it moved, work that may outlast a workflow task.
const { bookWork } = proxyActivities<TicketActivities>(databaseStepOptions);

// The same steps as local activities: the worker runs them inside the workflow task that asks for them, with no
// round trip through the server's queues and no workflow task to wake up after each. Retries after the first few
// seconds wait on a durable timer. Tickets whose history scheduled them as activities go on doing so.
const localDatabaseSteps = proxyLocalActivities<TicketActivities>({
  ...databaseStepOptions,
  localRetryThreshold: '10 seconds',
});
const remoteDatabaseSteps = proxyActivities<TicketActivities>(databaseStepOptions);

function databaseSteps(): Pick<
  TicketActivities,
  'registerTicket' | 'saveTicket' | 'queueLetter' | 'releaseWork'
> {
  return patched('local-database-steps') ? localDatabaseSteps : remoteDatabaseSteps;
}

// Delivery retries while the relay is down, beside the ticket's logic and never blocking it, for two days.
const { deliverLetter } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '2 days',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes,
  },
});

export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketView> {
  const policy = termsInForce(input.policy);
  const letterTimeZone = clientTimeZone(policy);
  let state = input.resumeFrom;
  let changes = 0; // counts decisions, so that the clock loop wakes when the state moved
  let inFlight = 0; // events accepted and not yet carried out
  let delivering = false; // the courier's delivery activity is running
  let stopping = false; // the run is about to continue as new: the courier starts nothing more
  let queue = Promise.resolve();

  // ── messages: registered before the first await, so none is rejected for arriving early ──
  for (const action of staffActions) handleStaffAction(action);
  setHandler(ticketViewQuery, () => viewOf(current()));
  setHandler(assignPreviewQuery, (request) => ({
    ...assignPreview(current(), request, policy, now()),
    calendar: policy.calendar,
    promiseTarget: policy.promiseTarget,
    promiseMarginShare: policy.promiseMarginShare,
  }));
  setHandler(clientReplySignal, (reply) => dispatch({ type: 'clientReply', ...reply }));
  setHandler(promiseMovedSignal, (moved) => dispatch({ type: 'promiseMoved', ...moved }));
  setHandler(retryLetterSignal, (retry) => dispatch({ type: 'letterRetried', ...retry }));

  // ── the ticket's path ──
  // The UI's current details belong to a run: a run continued as new says them again.
  if (state) publishTicketDetails(state);
  else {
    await inTurn(async () => {
      const ticket = await databaseSteps().registerTicket({
        inboundMessageId: input.inboundMessageId,
        workflowId: workflowInfo().workflowId,
        defaultLanguage: policy.defaultLanguage,
        ...(input.ticketNumber !== undefined && { ticketNumber: input.ticketNumber }),
        ...(policy.organisation && { organisationId: policy.organisation.id }),
      });
      await carryOut(decide(undefined, { type: 'registered', ticket }, policy, now()));
    });
  }
  void deliverLetters();

  for (;;) {
    // A refusal still queued keeps the deadline's clock; runs from before that clock ended at the refusal.
    const alarm = nextAlarm(current(), policy, { ackDeadlineAlarm: patched(ACK_DEADLINE_ALARM) });
    if (isFinished(current()) && !alarm) break;
    if (workflowInfo().continueAsNewSuggested) {
      stopping = true;
      await condition(settled);
      await continueAsNew<typeof ticketLifecycle>({ ...input, resumeFrom: current() });
    }
    const seen = changes;
    const moved = () => changes !== seen || workflowInfo().continueAsNewSuggested;
    if (!alarm) await condition(moved);
    else if (!(await condition(moved, remainingMs(alarm.at)))) await dispatch(alarm.event);
  }
  await condition(() => settled() && current().outbox.length === 0);
  return viewOf(current());

  // ── carrying out decisions, one at a time ──
  function current(): TicketState {
    if (!state)
      throw ApplicationFailure.create({ type: WRONG_STATE, message: 'the ticket is still being registered' });
    return state;
  }

  /** Nothing in flight: every activity started has finished and every handler has returned. */
  function settled(): boolean {
    return inFlight === 0 && !delivering && allHandlersFinished();
  }

  /** Runs `work` after everything accepted before it; only short state changes and their I/O, never a wait. */
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    const run = queue.then(work);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => inFlight--);
  }

  /** For signals, clocks and the courier: a step that failed for good is already reported, so it ends here. */
  function dispatch(event: TicketEvent): Promise<void> {
    return inTurn(() => apply(event)).catch((error) => {
      if (!(error instanceof ApplicationFailure && error.type === STEP_FAILED)) throw error;
    });
  }

  async function apply(event: TicketEvent): Promise<void> {
    await carryOut(decide(current(), event, policy, now()));
  }

  async function carryOut(decision: Decision): Promise<void> {
    state = decision.state;
    changes++;
    const t = state;
    publishTicketDetails(t);
    const step = { name: 'save the ticket', unqueued: decision.letters.map((letter) => letter.key) };
    try {
      if (Object.keys(decision.changes).length > 0 || decision.history.length > 0) {
        publishSearchAttributes(t);
        await databaseSteps().saveTicket({
          ticketId: t.ticketId,
          changes: decision.changes,
          events: decision.history,
        });
      }
      if (decision.releaseBookings) {
        step.name = 'release the bookings';
        await databaseSteps().releaseWork({ ticketId: t.ticketId });
      }
      for (const letter of decision.letters) {
        step.name = `queue the ${letter.kind} letter`;
        await databaseSteps().queueLetter({
          ticketId: t.ticketId,
          letterKey: letter.key,
          kind: letter.kind,
          params: letter.params,
          staffAudience: letter.to === 'client' ? undefined : [...letter.to],
          staffLanguage: policy.defaultLanguage,
          ...(letter.to === 'client' && letterTimeZone !== undefined && { timeZone: letterTimeZone }),
        });
        step.unqueued.shift();
      }
      if (decision.booking) {
        step.name = 'book the work';
        // The activity's input, not its commands, carries the calibration: a ticket started before it has no
        // promiseTarget in its policy and books the fixed margin it was promised under.
        const { specialist, promisedAt, workStartsAt, marginShare } = await bookWork({
          ticketId: t.ticketId,
          bookingKey: decision.booking.key,
          effortMinutes: decision.booking.effortMinutes,
          estimateMinutes: decision.booking.estimateMinutes,
          promiseTarget: policy.promiseTarget,
          promiseMarginShare: policy.promiseMarginShare,
          calendar: policy.calendar,
          specialist: decision.booking.specialist,
          skill: decision.booking.skill,
          urgency: decision.booking.urgency,
          ...(decision.booking.channel && { channel: decision.booking.channel }),
        });
        const result = {
          specialist,
          promisedAt,
          marginShare,
          ...(workStartsAt && { startsAt: workStartsAt }),
        };
        await apply({ type: 'booked', order: decision.booking, result });
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      await reportFailure(step.name, error, step.unqueued);
      throw ApplicationFailure.create({
        type: STEP_FAILED,
        message: `could not ${step.name}: ${failureMessage(error)}; the lead is told`,
      });
    }
  }

  /** A step failed for good: the ticket shows it, the leads are told, and the ticket goes on. */
  async function reportFailure(step: string, error: ActivityFailure, unqueued: readonly string[]) {
    const failed = decide(
      current(),
      { type: 'stepFailed', step, error: failureMessage(error), droppedLetters: unqueued },
      policy,
      now(),
    );
    try {
      await carryOut(failed);
    } catch (again) {
      log.error('could not record a failed step', {
        ticket: current().number,
        step,
        error: String(again),
      });
    }
  }

  /** The ticket's courier: delivers queued letters in order, however long the relay is down. */
  async function deliverLetters() {
    for (;;) {
      // Only letters whose queueing has finished: nothing is in flight then.
      await condition(() => current().outbox.length > 0 && inFlight === 0 && !stopping);
      const { key } = current().outbox[0]!;
      delivering = true;
      try {
        const delivered = await deliverLetter({ ticketId: current().ticketId, letterKey: key });
        await dispatch({ type: 'letterDelivered', key, sentAt: delivered.sentAt });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        await inTurn(() => reportFailure(`deliver the letter ${key}`, error, [key]));
      } finally {
        delivering = false;
      }
    }
  }

  function handleStaffAction<A extends StaffAction>(action: A) {
    const update = staffUpdates[action] as UpdateDefinition<TicketView, [StaffRequests[A]]>;
    setHandler(
      update,
      (request) =>
        inTurn(async () => {
          refuseIfInvalid(action, request, current()); // the state may have moved while the Update waited its turn
          await apply({ ...request, type: action } as TicketEvent);
          return viewOf(current());
        }),
      { validator: (request) => refuseIfInvalid(action, request, current()) },
    );
  }
}

/**
 * The policy the ticket runs under. Tickets whose history began before organisations and voice support replay
 * without them (their captured policy has no contract and no voice terms anyway; the patches make sure).
 */
function termsInForce(policy: TicketPolicy): TicketPolicy {
  const organisation = policy.organisation && patched('organisation-contract') ? policy.organisation : null;
  const voice = policy.voiceEffortShare !== undefined && patched('voice-callback');
  const { voiceEffortShare: _voiceEffortShare, ...rest } = policy;
  return { ...rest, organisation, ...(voice && { voiceEffortShare: policy.voiceEffortShare }) };
}

function now(): Date {
  return new Date(Date.now());
}

function failureMessage(error: ActivityFailure): string {
  return error.cause?.message ?? error.message;
}

/** Time left until a moment, as a timer duration (at least 1 ms: a timer must have some length). */
function remainingMs(until: string): number {
  return Math.max(1, new Date(until).getTime() - Date.now());
}
