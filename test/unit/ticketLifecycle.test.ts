// The lifecycle's decisions on the real Moscow support calendar: weekends, closing time, New Year holidays.
import { defaultTicketPolicy, HOUR, MINUTE } from '../../domain/policy';
import {
  assignPreview,
  decide,
  nextAlarm,
  recordOf,
  type Decision,
  type TicketEvent,
  type TicketState,
} from '../../domain/ticketLifecycle';

import { registeredTicket } from '../support/registeredTicket';
const policy = defaultTicketPolicy({
  timeZone: 'Europe/Moscow',
  defaultLanguage: 'ru',
  leadAddress: 'lead@netix.example',
  headAddress: 'head@netix.example',
  onCallAddresses: [],
});
const anna = { email: 'anna@netix.example', name: 'Анна' };
const at = (moscow: string) => new Date(`${moscow}+03:00`);
const guess = (urgency: 'normal' | 'emergency' = 'normal') => ({
  urgency,
  rootCause: 'unknown' as const,
  phoneRequested: false,
  reasons: [],
});

function registered(receivedAt: string, urgency: 'normal' | 'emergency' = 'normal'): Decision {
  return registeredTicket(policy, at(receivedAt), guess(urgency));
}

/** Applies events in turn, feeding each booking back as booked at the given promise. */
function run(
  state: TicketState,
  steps: [TicketEvent, string][],
  promisedAt = at('2026-12-08T12:00'),
): Decision {
  let decision: Decision | undefined;
  for (const [event, when] of steps) {
    decision = decide(state, event, policy, at(when));
    state = decision.state;
    if (decision.booking) {
      decision = decide(
        state,
        {
          type: 'booked',
          order: decision.booking,
          result: { specialist: anna.email, promisedAt: promisedAt.toISOString() },
        },
        policy,
        at(when),
      );
      state = decision.state;
    }
  }
  return decision!;
}

/** The answer queued on the ticket (its promise or refusal) goes out at `when`. */
function answerDelivered(state: TicketState, when: string): Decision {
  const answer = state.outbox.find((letter) => letter.acknowledges)!;
  return decide(
    state,
    { type: 'letterDelivered', key: answer.key, sentAt: at(when).toISOString() },
    policy,
    at(when),
  );
}

/** A request of Monday 10:00 (its answer due at 12:00) refused at `when`. */
function refusedAt(when: string): Decision {
  const { state } = registered('2026-12-07T10:00');
  return decide(state, { type: 'refuse', actor: anna, reason: 'Не наш продукт' }, policy, at(when));
}

describe('registration', () => {
  test('a request gets a number, a receipt, and an answer due two working hours later', () => {
    const decision = registered('2026-12-04T17:00'); // Friday
    expect(decision.letters.map((letter) => [letter.kind, letter.to])).toEqual([['receipt', 'client']]);
    expect(decision.history.map((entry) => entry.kind)).toEqual(['auto_triage']);
    // Friday 17:00 + 2 working hours: one hour on Friday, one on Monday morning.
    expect(decision.changes.ackDeadline).toBe(at('2026-12-07T10:00').toISOString());
    expect(decision.changes.status).toBe('awaiting_triage');
  });

  test('an emergency pages the on-call staff and the leads at once, even on a Saturday night', () => {
    const decision = registered('2026-12-05T23:30', 'emergency');
    const page = decision.letters.find((letter) => letter.kind === 'emergency_page');
    expect(page?.to).toEqual(['on_call', 'leads']);
    expect(nextAlarm(decision.state, policy)).toEqual({
      at: at('2026-12-05T23:45').toISOString(),
      event: { type: 'emergencyEscalationDue' },
    });
  });
});

describe('the two working hours', () => {
  test('a reminder due at closing time waits for the next working morning, not 18:00', () => {
    const { state } = registered('2026-12-04T17:00'); // half the time runs out at Friday 18:00
    expect(nextAlarm(state, policy)).toEqual({
      at: at('2026-12-07T09:00').toISOString(),
      event: { type: 'leadReminderDue' },
    });
  });

  test('over the New Year holidays the reminder waits until 11 January', () => {
    const { state } = registered('2026-12-30T17:00');
    expect(nextAlarm(state, policy)?.at).toBe(at('2027-01-11T09:00').toISOString());
    expect(state.ackDeadline).toBe(at('2027-01-11T10:00').toISOString());
  });

  test('the reminder goes to the leads once; then the automatic promise is due at 85 %', () => {
    const { state } = registered('2026-12-07T10:00');
    const reminded = decide(state, { type: 'leadReminderDue' }, policy, at('2026-12-07T11:00'));
    expect(reminded.letters.map((letter) => [letter.kind, letter.to])).toEqual([
      ['lead_reminder', ['leads']],
    ]);
    expect(
      decide(reminded.state, { type: 'leadReminderDue' }, policy, at('2026-12-07T11:00')).letters,
    ).toEqual([]);
    expect(nextAlarm(reminded.state, policy)).toEqual({
      at: at('2026-12-07T11:42').toISOString(),
      event: { type: 'autoPromiseDue' },
    });
  });

  test('untriaged at 85 %, the client gets a promise from the automatic guess and the leads are asked to review', () => {
    const { state } = registered('2026-12-07T10:00');
    const decision = run(state, [[{ type: 'autoPromiseDue' }, '2026-12-07T11:42']]);
    expect(decision.state).toMatchObject({ status: 'scheduled', needsReview: true, answered: true });
    expect(decision.letters.map((letter) => letter.kind)).toEqual(['promise', 'ack_escalation']);
    expect(decision.state.ackBreachedAt).toBeUndefined();
  });

  test('a promise that goes out after the deadline is recorded as a breach and escalated', () => {
    const { state } = registered('2026-12-07T10:00');
    const triaged = run(state, [
      [
        { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
        '2026-12-07T11:00',
      ],
    ]);
    const late = answerDelivered(triaged.state, '2026-12-07T12:05');
    expect(late.changes).toMatchObject({
      acknowledgedAt: at('2026-12-07T12:05').toISOString(),
      ackBreachedAt: at('2026-12-07T12:05').toISOString(),
    });
    expect(late.history.map((entry) => entry.kind)).toEqual(['ack_deadline_breached']);
    expect(late.letters.map((letter) => [letter.kind, letter.to])).toEqual([['ack_escalation', ['leads']]]);
  });

  test('a refusal is the answer too: its delivery is saved as the acknowledgement', () => {
    const refused = refusedAt('2026-12-07T10:30');
    expect(refused.releaseBookings).toBe(true);
    expect(refused.changes).toMatchObject({ status: 'refused', refusalReason: 'Не наш продукт' });
    const letter = refused.state.outbox.find((queued) => queued.acknowledges);
    const delivered = decide(
      refused.state,
      { type: 'letterDelivered', key: letter!.key },
      policy,
      at('2026-12-07T10:31'),
    );
    expect(delivered.changes).toEqual({ acknowledgedAt: at('2026-12-07T10:31').toISOString() });
    expect(delivered.state.outbox.map((queued) => queued.key)).toEqual(['receipt']);
  });
});

describe('the deadline passing while the answer waits', () => {
  const triage = {
    type: 'triage',
    actor: anna,
    urgency: 'normal',
    rootCause: 'misuse',
    estimateMinutes: 60,
  } as const;
  const breachOf = (decision: Decision) => ({
    ackBreachedAt: decision.changes.ackBreachedAt,
    history: decision.history.map((entry) => entry.kind),
    letters: decision.letters.map((letter) => [letter.kind, letter.to]),
  });

  test('a promise made on Friday 17:30 and held by the relay down is a breach at Monday 10:00, recorded once', () => {
    const { state } = registered('2026-12-04T17:00'); // Friday: one working hour left, the other on Monday
    const promised = run(state, [[triage, '2026-12-04T17:30']]).state;
    expect(promised.outbox.find((letter) => letter.acknowledges)).toBeDefined(); // queued, not delivered
    // Not at Friday 19:00 (closing time) nor over the weekend: when the second working hour ends.
    const alarm = nextAlarm(promised, policy);
    expect(alarm).toEqual({ at: at('2026-12-07T10:00').toISOString(), event: { type: 'ackDeadlinePassed' } });

    const passed = decide(promised, alarm!.event, policy, at('2026-12-07T10:00'));
    expect(breachOf(passed)).toEqual({
      ackBreachedAt: at('2026-12-07T10:00').toISOString(),
      history: ['ack_deadline_breached'],
      letters: [['ack_escalation', ['leads']]],
    });
    expect(passed.letters[0]!.params).toEqual({
      ackDeadline: at('2026-12-07T10:00').toISOString(),
      autoPromised: false,
    });
    expect(nextAlarm(passed.state, policy)?.event.type).not.toBe('ackDeadlinePassed');

    // The relay is back at 10:40: the promise goes, and is the acknowledgement, but no second breach.
    const delivered = answerDelivered(passed.state, '2026-12-07T10:40');
    expect(delivered.changes).toEqual({ acknowledgedAt: at('2026-12-07T10:40').toISOString() });
    expect(delivered.history).toEqual([]);
    expect(delivered.letters).toEqual([]);
  });

  test('over the New Year holidays a promise queued on 30 December is a breach only on 11 January at 10:00', () => {
    const { state } = registered('2026-12-30T17:00');
    const promised = run(state, [[triage, '2026-12-30T17:20']], at('2027-01-12T12:00')).state;
    expect(nextAlarm(promised, policy)).toEqual({
      at: at('2027-01-11T10:00').toISOString(),
      event: { type: 'ackDeadlinePassed' },
    });
    // Were the clock to fire early, it finds the deadline still ahead and records nothing.
    expect(decide(promised, { type: 'ackDeadlinePassed' }, policy, at('2027-01-05T10:00')).history).toEqual(
      [],
    );
  });

  test('with no answer at all (the automatic promise could not be booked) the deadline is a breach when it passes', () => {
    const { state } = registered('2026-12-04T17:00');
    const reminded = decide(state, { type: 'leadReminderDue' }, policy, at('2026-12-07T09:00')).state;
    const autoPromise = decide(reminded, { type: 'autoPromiseDue' }, policy, at('2026-12-07T09:42'));
    expect(autoPromise.booking?.purpose).toBe('promise');
    const unbooked = decide(
      autoPromise.state,
      { type: 'stepFailed', step: 'book the work', error: 'no specialist has the skill' },
      policy,
      at('2026-12-07T09:43'),
    ).state;
    expect(unbooked).toMatchObject({ status: 'awaiting_triage', answered: false, needsReview: true });
    expect(nextAlarm(unbooked, policy)).toEqual({
      at: at('2026-12-07T10:00').toISOString(),
      event: { type: 'ackDeadlinePassed' },
    });
    const passed = decide(unbooked, { type: 'ackDeadlinePassed' }, policy, at('2026-12-07T10:00'));
    expect(breachOf(passed).history).toEqual(['ack_deadline_breached']);
  });

  test('a refusal queued before the deadline and not yet delivered keeps the clock, and is a breach when it passes', () => {
    const refused = refusedAt('2026-12-07T10:30');
    expect(nextAlarm(refused.state, policy)).toEqual({
      at: at('2026-12-07T12:00').toISOString(),
      event: { type: 'ackDeadlinePassed' },
    });
    expect(
      breachOf(decide(refused.state, { type: 'ackDeadlinePassed' }, policy, at('2026-12-07T12:00'))).history,
    ).toEqual(['ack_deadline_breached']);
  });

  test('an answer delivered in time stops the clock: nothing to wait for, nothing recorded', () => {
    const refused = refusedAt('2026-12-07T10:30');
    const delivered = answerDelivered(refused.state, '2026-12-07T10:31');
    expect(nextAlarm(delivered.state, policy)).toBeUndefined();
    expect(
      decide(delivered.state, { type: 'ackDeadlinePassed' }, policy, at('2026-12-07T12:00')).history,
    ).toEqual([]);
  });

  test('an automatic promise that comes at the deadline records the breach itself; the deadline then finds it done', () => {
    const late = { ...policy, autoPromiseShare: 1 };
    const { state } = registered('2026-12-07T10:00');
    const reminded = decide(state, { type: 'leadReminderDue' }, late, at('2026-12-07T11:00')).state;
    // Both clocks are due at 12:00: the automatic promise comes first.
    expect(nextAlarm(reminded, late)).toEqual({
      at: at('2026-12-07T12:00').toISOString(),
      event: { type: 'autoPromiseDue' },
    });
    const autoPromised = decide(reminded, { type: 'autoPromiseDue' }, late, at('2026-12-07T12:00'));
    expect(autoPromised.history.map((entry) => entry.kind)).toEqual([
      'ack_deadline_breached',
      'auto_promised',
    ]);
    expect(nextAlarm(autoPromised.state, late)).toBeUndefined();
    expect(
      decide(autoPromised.state, { type: 'ackDeadlinePassed' }, late, at('2026-12-07T12:00')).history,
    ).toEqual([]);
  });

  test('a run that started before the deadline clock existed keeps its old clocks (it replays without this one)', () => {
    const { state } = registered('2026-12-04T17:00');
    const promised = run(state, [[triage, '2026-12-04T17:30']]).state;
    expect(nextAlarm(promised, policy, { ackDeadlineAlarm: false })).toEqual({
      at: at('2026-12-08T12:00').toISOString(),
      event: { type: 'promiseOverdue', promisedAt: at('2026-12-08T12:00').toISOString() },
    });
  });
});

describe('promises', () => {
  test('work promised for Friday 18:00 and not done escalates on Monday morning, once', () => {
    const { state } = registered('2026-12-04T10:00');
    const booked = run(
      state,
      [
        [
          { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
          '2026-12-04T10:30',
        ],
      ],
      at('2026-12-04T18:00'),
    ).state;
    // Its letters went out at once: the client has had the promise.
    const scheduled = { ...booked, outbox: [], acknowledgedAt: at('2026-12-04T10:31').toISOString() };
    const alarm = nextAlarm(scheduled, policy);
    expect(alarm).toEqual({
      at: at('2026-12-07T09:00').toISOString(),
      event: { type: 'promiseOverdue', promisedAt: at('2026-12-04T18:00').toISOString() },
    });
    const escalated = decide(scheduled, alarm!.event, policy, at('2026-12-07T09:00'));
    expect(escalated.letters.map((letter) => [letter.kind, letter.to])).toEqual([
      ['overdue_escalation', ['leads']],
    ]);
    expect(nextAlarm(escalated.state, policy)).toBeUndefined();
  });

  test('waiting for the client pauses the working time left; the reply books exactly that again', () => {
    const { state } = registered('2026-12-04T10:00');
    const scheduled = run(
      state,
      [
        [
          { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
          '2026-12-04T10:30',
        ],
      ],
      at('2026-12-07T11:00'),
    ).state;
    // Friday 17:00 → Monday 11:00 holds one hour on Friday and two on Monday.
    const waiting = decide(
      scheduled,
      { type: 'wait-for-client', actor: anna, question: 'Версия?' },
      policy,
      at('2026-12-04T17:00'),
    );
    expect(waiting.state.pausedWorkMs).toBe(3 * HOUR);
    const replied = decide(
      waiting.state,
      { type: 'clientReply', inboundMessageId: 7, from: 'client@example.com', subject: 'Re: Версия' },
      policy,
      at('2026-12-09T10:00'),
    );
    expect(replied.booking).toMatchObject({ purpose: 'resume', effortMinutes: 180, specialist: anna.email });
    expect(replied.booking?.estimateMinutes).toBeUndefined(); // the work left, not an estimate to calibrate
    expect(replied.history[0]).toMatchObject({ key: 'reply-7', kind: 'client_reply' });
  });

  test('triage orders the estimate for calibration with the fixed margin beside it; the history shows the margin booked', () => {
    const { state } = registered('2026-12-04T10:00');
    const triaged = decide(
      state,
      { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 },
      policy,
      at('2026-12-04T10:30'),
    );
    expect(triaged.booking).toMatchObject({
      purpose: 'promise',
      estimateMinutes: 60,
      effortMinutes: 78, // what a ticket without calibration books: the hour and the 30 % margin
      skill: 'product_defect',
    });
    const booked = decide(
      triaged.state,
      {
        type: 'booked',
        order: triaged.booking!,
        result: {
          specialist: anna.email,
          promisedAt: at('2026-12-04T12:04').toISOString(),
          marginShare: 0.5666,
        },
      },
      policy,
      at('2026-12-04T10:30'),
    );
    expect(booked.history.find((entry) => entry.kind === 'scheduled')?.details).toEqual({
      promisedAt: at('2026-12-04T12:04').toISOString(),
      specialist: anna.email,
      marginPercent: 57,
    });
  });

  test('a booking from before margins were recorded shows none', () => {
    const { state } = registered('2026-12-04T10:00');
    const booked = run(state, [
      [
        { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
        '2026-12-04T10:30',
      ],
    ]);
    expect(booked.history.find((entry) => entry.kind === 'scheduled')?.details).not.toHaveProperty(
      'marginPercent',
    );
  });
});

describe('emergencies', () => {
  test('an emergency nobody takes climbs to the leads, then the head of support, then stops', () => {
    let { state } = registered('2026-12-05T23:30', 'emergency');
    const told: unknown[] = [];
    for (const minute of ['23:45', '23:59']) {
      const decision = decide(state, { type: 'emergencyEscalationDue' }, policy, at(`2026-12-05T${minute}`));
      told.push(...decision.letters.map((letter) => [letter.kind, letter.params.level, letter.to]));
      state = decision.state;
    }
    expect(told).toEqual([
      ['emergency_escalation', 1, ['leads']],
      ['emergency_escalation', 2, ['heads']],
    ]);
    expect(nextAlarm(state, policy)?.event.type).not.toBe('emergencyEscalationDue');
  });

  test('taking an emergency stops the escalation and tells the client who started', () => {
    const { state } = registered('2026-12-05T23:30', 'emergency');
    const taken = run(state, [[{ type: 'take', actor: anna }, '2026-12-05T23:40']], at('2026-12-06T03:40'));
    expect(taken.letters.map((letter) => [letter.kind, letter.params.specialist])).toEqual([
      ['emergency_taken', 'Анна'],
    ]);
    expect(taken.state).toMatchObject({ status: 'in_progress', takenBy: anna.email, answered: true });
    expect(nextAlarm(taken.state, policy)?.event.type).toBe('promiseOverdue');
  });
});

describe('the record follows the state', () => {
  test('a reopened ticket clears its review flag in PostgreSQL as well as in the workflow', () => {
    const { state } = registered('2026-12-07T10:00');
    const autoPromised = run(state, [[{ type: 'autoPromiseDue' }, '2026-12-07T11:42']]).state;
    const resolved = decide(
      autoPromised,
      { type: 'resolve', actor: anna, whatWasFixed: 'a', how: 'b', prevention: 'c' },
      policy,
      at('2026-12-07T15:00'),
    ).state;
    expect(resolved.needsReview).toBe(true);
    const reopened = decide(
      resolved,
      { type: 'clientReply', inboundMessageId: 9, from: 'client@example.com', subject: 'Re: не работает' },
      policy,
      at('2026-12-08T10:00'),
    );
    expect(reopened.state.needsReview).toBe(false);
    expect(reopened.changes).toMatchObject({
      needsReview: false,
      status: 'awaiting_triage',
      promisedAt: null,
    });
    expect(recordOf(reopened.state).needsReview).toBe(reopened.state.needsReview);
    expect(reopened.letters.map((letter) => letter.kind)).toEqual(['reopened']);
  });

  test('a step that failed for good shows on the ticket, tells the leads, and drops the letter it could not queue', () => {
    const { state } = registered('2026-12-07T10:00');
    const failed = decide(
      state,
      { type: 'stepFailed', step: 'queue the receipt letter', error: 'boom', droppedLetters: ['receipt'] },
      policy,
      at('2026-12-07T10:01'),
    );
    expect(failed.changes.failure).toEqual({
      step: 'queue the receipt letter',
      error: 'boom',
      at: at('2026-12-07T10:01').toISOString(),
    });
    expect(failed.state.outbox.map((letter) => letter.key)).toEqual([expect.stringMatching(/^step_failed-/)]);
    expect(failed.letters.map((letter) => [letter.kind, letter.to])).toEqual([['step_failed', ['leads']]]);
  });

  test('a promise that failed for good and is retried goes back in the outbox and acknowledges when it goes', () => {
    const { state } = registered('2026-12-07T10:00');
    const triaged = run(state, [
      [
        { type: 'triage', actor: anna, urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 },
        '2026-12-07T10:30',
      ],
    ]);
    const promise = triaged.state.outbox.find((letter) => letter.acknowledges)!;
    const failed = decide(
      triaged.state,
      {
        type: 'stepFailed',
        step: `deliver the letter ${promise.key}`,
        error: '550',
        droppedLetters: [promise.key],
      },
      policy,
      at('2026-12-07T10:35'),
    );
    expect(failed.state.outbox.map((letter) => letter.key)).not.toContain(promise.key);

    const retried = decide(
      failed.state,
      { type: 'letterRetried', key: promise.key, actor: 'ops' },
      policy,
      at('2026-12-07T11:00'),
    );
    expect(retried.state.outbox.at(-1)).toEqual({ key: promise.key, acknowledges: true });
    expect(retried.history).toEqual([
      {
        key: expect.stringMatching(/^letter_retried-/),
        kind: 'letter_retried',
        actor: 'ops',
        details: { letter: promise.key },
      },
    ]);
    expect(retried.letters).toEqual([]);
    // Asked twice, it is queued once.
    const twice = decide(
      retried.state,
      { type: 'letterRetried', key: promise.key, actor: 'ops' },
      policy,
      at('2026-12-07T11:01'),
    );
    expect(twice.state.outbox.filter((letter) => letter.key === promise.key)).toHaveLength(1);
    expect(twice.history).toEqual([]);

    const delivered = answerDelivered(retried.state, '2026-12-07T11:02');
    expect(delivered.changes).toMatchObject({ acknowledgedAt: at('2026-12-07T11:02').toISOString() });
  });

  test('a retried letter that is not the answer acknowledges nothing', () => {
    const { state } = registered('2026-12-07T10:00');
    const retried = decide(
      state,
      { type: 'letterRetried', key: 'comment-7', actor: 'ops' },
      policy,
      at('2026-12-07T10:10'),
    );
    expect(retried.state.outbox.at(-1)).toEqual({ key: 'comment-7', acknowledges: false });
  });

  test('the reopen window closes the ticket seven days after completion', () => {
    const { state } = registered('2026-12-07T10:00');
    const resolved = decide(
      { ...state, status: 'in_progress' },
      { type: 'resolve', actor: anna, whatWasFixed: 'a', how: 'b', prevention: 'c' },
      policy,
      at('2026-12-07T15:00'),
    ).state;
    expect(nextAlarm(resolved, policy)).toEqual({
      at: new Date(at('2026-12-07T15:00').getTime() + policy.reopenWindowMs).toISOString(),
      event: { type: 'reopenWindowPassed' },
    });
    expect(policy.reopenWindowMs).toBe(7 * 24 * 60 * MINUTE);
  });
});

describe('assign preview', () => {
  const boris = { email: 'boris@netix.example', name: 'Борис' };

  test('orders the booking the assign itself would order, and leaves the state as it was', () => {
    const { state } = registered('2026-12-04T10:00');
    const scheduled = run(state, [
      [
        { type: 'triage', actor: anna, urgency: 'high', rootCause: 'misuse', estimateMinutes: 60 },
        '2026-12-04T10:30',
      ],
    ]).state;
    const copy = JSON.parse(JSON.stringify(scheduled));
    const request = { actor: anna, specialist: boris.email };
    const preview = assignPreview(scheduled, request, policy, at('2026-12-04T11:00'));
    const assigned = decide(scheduled, { type: 'assign', ...request }, policy, at('2026-12-04T11:00'));
    expect(preview).toEqual({ booking: assigned.booking });
    expect(preview.booking).toMatchObject({
      purpose: 'rebook',
      specialist: boris.email,
      effortMinutes: 78, // the hour and the 30 % margin
      skill: 'misuse',
      urgency: 'high',
    });
    expect(scheduled).toEqual(copy);
  });

  test('an untriaged ticket cannot be assigned, so there is nothing to preview', () => {
    const { state } = registered('2026-12-04T10:00');
    expect(
      assignPreview(state, { actor: anna, specialist: boris.email }, policy, at('2026-12-04T10:05')),
    ).toEqual({ refused: expect.stringMatching(/cannot assign a ticket that is awaiting_triage/) });
  });
});
