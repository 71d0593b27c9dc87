// The regulation's clocks on a real Temporal server, with seconds for hours: the acknowledgement
// deadline (reminder, automatic promise, breach), emergency paging and escalation, overdue work.
import { TicketNumber } from '../../workflows/searchAttributes';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, asWritten, letterKinds, lettersTo, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const LEAD = 'lead@netix.example';
const HEAD = 'head@netix.example';
const ONCALL = 'oncall@netix.example';
const emergencyRequest = {
  subject: 'Авария: Triceps не работает',
  text: 'Авария! Ничего не работает, все пользователи остановлены, работа компании стоит.',
};

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem(
    {},
    // The automatic promise leaves half the time for its letter to go out, even on a loaded machine.
    {
      ackWorkingMs: 6000,
      leadReminderShare: 0.35,
      autoPromiseShare: 0.5,
      emergencyTakeWindowMs: 2500,
      defaultEstimateMinutes: 60,
    },
  );
  token = await system.addStaff('irina@netix.example');
});

afterAll(async () => {
  await system?.close();
});

const historyKinds = async (number: string): Promise<string[]> =>
  (await system.api(token, `/api/tickets/${number}`)).body.history.map(
    (event: { kind: string }) => event.kind,
  );

/** The ticket's events of these kinds, in the order they happened. */
const eventsAmong = (ticket: { history: { kind: string }[] }, kinds: string[]): string[] =>
  ticket.history.map((event) => event.kind).filter((kind) => kinds.includes(kind));

const sentAt = (ticket: { letters: { kind: string; sentAt: string | null }[] }, kind: string) =>
  ticket.letters.find((letter) => letter.kind === kind)?.sentAt;

test('an untriaged ticket reminds the lead, then the client gets a promise from the automatic triage, flagged for review', async () => {
  const { number, client, since } = await openTicket(system);
  const reminder = await waitForLetter(system, { to: LEAD, number, kind: 'lead_reminder', after: since });
  expect(reminder.headers.get('auto-submitted')).toBe('auto-generated');
  const promise = await waitForLetter(system, { to: client, number, kind: 'promise', after: since });
  expect(promise.subject).toContain(number);

  const ticket = await eventually(async () => {
    const response = await system.api(token, `/api/tickets/${number}`);
    expect(response.body).toMatchObject({ status: 'scheduled', needsReview: true, ackBreachedAt: null });
    expect(response.body.acknowledgedAt).not.toBeNull();
    return response.body;
  });
  expect(promise.text).toContain(asWritten(system, ticket.promisedAt));
  // The acknowledgement is the moment the promise letter went out, in time.
  expect(ticket.acknowledgedAt).toBe(sentAt(ticket, 'promise'));
  expect(new Date(ticket.acknowledgedAt).getTime()).toBeLessThan(new Date(ticket.ackDeadline).getTime());
  expect(eventsAmong(ticket, ['lead_reminded', 'auto_promised', 'scheduled'])).toEqual([
    'lead_reminded',
    'auto_promised',
    'scheduled',
  ]);
  // The reminder, then the request to review the automatic promise.
  await eventually(async () =>
    expect(letterKinds(system, LEAD, number)).toEqual(['lead_reminder', 'ack_escalation']),
  );
  expect(lettersTo(system, LEAD, number)[1]!.subject).toMatch(/проверьте оценку/);

  const reviewed = await act(system, token, number, 'triage', {
    urgency: 'normal',
    rootCause: 'misuse',
    estimateMinutes: 60,
  });
  expect(reviewed.body).toMatchObject({ needsReview: false, rootCause: 'misuse' });
  await recordHistory(system, number, 'auto-promised-then-reviewed');
});

test('a ticket triaged in time sends no reminder to the lead', async () => {
  const { number } = await openTicket(system);
  const triaged = await act(system, token, number, 'triage', {
    urgency: 'high',
    rootCause: 'product_defect',
    estimateMinutes: 30,
  });
  expect(triaged.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 6500)); // past the deadline
  expect(lettersTo(system, LEAD, number)).toHaveLength(0);
  expect((await system.api(token, `/api/tickets/${number}`)).body.ackBreachedAt).toBeNull();
});

test('an emergency pages on-call and the lead at once; taking it in time stops the escalation', async () => {
  const { number, client, since } = await openTicket(system, emergencyRequest);
  const page = await waitForLetter(system, { to: ONCALL, number, kind: 'emergency_page', after: since });
  expect([...page.to].sort()).toEqual([LEAD, ONCALL]);
  // What ops see when they filter the Temporal UI for untriaged emergencies.
  await eventually(async () => {
    const listed: string[] = [];
    const query = `TicketStatus = "awaiting_triage" AND Urgency = "emergency" AND TaskQueue = "${system.config.temporal.taskQueue}"`;
    for await (const execution of system.temporal.workflow.list({ query })) {
      listed.push(execution.typedSearchAttributes.get(TicketNumber) ?? '');
    }
    expect(listed).toContain(number);
  }, 3000);

  const beforeTaking = system.sink.mark();
  const taken = await act(system, token, number, 'take');
  expect(taken.body).toMatchObject({
    status: 'in_progress',
    urgency: 'emergency',
    assignee: 'irina@netix.example',
  });
  const told = await waitForLetter(system, {
    to: client,
    number,
    kind: 'emergency_taken',
    after: beforeTaking,
  });
  expect(told.text).toMatch(/irina/);
  await new Promise((resolve) => setTimeout(resolve, 3500));
  expect(await historyKinds(number)).not.toContain('emergency_escalated');
  expect(letterKinds(system, LEAD, number)).not.toContain('emergency_escalation');
  expect(lettersTo(system, HEAD, number)).toHaveLength(0);
  await recordHistory(system, number, 'emergency-taken');
});

test('an emergency nobody takes escalates level by level: first the lead, then the head of support', async () => {
  const { number, since } = await openTicket(system, emergencyRequest);
  await waitForLetter(system, { to: ONCALL, number, kind: 'emergency_page', after: since });
  const toHead = await waitForLetter(system, {
    to: HEAD,
    number,
    kind: 'emergency_escalation',
    after: since,
    timeoutMs: 15_000,
  });
  expect(toHead.subject).toMatch(/эскалация 2-го уровня/);
  expect(letterKinds(system, LEAD, number).filter((kind) => kind?.startsWith('emergency'))).toEqual([
    'emergency_page',
    'emergency_escalation',
  ]);
  await eventually(async () => {
    const escalations = await system.db.query(
      `SELECT e.details FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE t.number = $1 AND e.kind = 'emergency_escalated' ORDER BY e.id`,
      [number],
    );
    expect(escalations.rows.map((row) => row.details)).toEqual([
      { level: 1, to: 'leads' },
      { level: 2, to: 'heads' },
    ]);
  });
  const taken = await act(system, token, number, 'take');
  expect(taken.body.status).toBe('in_progress');
  await recordHistory(system, number, 'emergency-escalated');
});

test('work not done by the promised time escalates to the lead once', async () => {
  const { number } = await openTicket(system);
  await act(system, token, number, 'triage', {
    urgency: 'normal',
    rootCause: 'client_environment',
    estimateMinutes: 30,
  });
  const soon = new Date(Date.now() + 1500).toISOString();
  const beforeRescheduling = system.sink.mark();
  await act(system, token, number, 'reschedule', { reason: 'Срок уточнён', promisedAt: soon });
  const escalation = await waitForLetter(system, {
    to: LEAD,
    number,
    kind: 'overdue_escalation',
    after: beforeRescheduling,
    timeoutMs: 15_000,
  });
  expect(escalation.text).toContain(number);
  expect(escalation.text).toContain(asWritten(system, soon));
  // Give it a second chance to escalate the same promise again: it must not take it.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(letterKinds(system, LEAD, number).filter((kind) => kind === 'overdue_escalation')).toHaveLength(1);
  expect((await historyKinds(number)).filter((kind) => kind === 'overdue_escalated')).toHaveLength(1);
  await recordHistory(system, number, 'overdue-escalated');
});

describe('when even the automatic promise comes at the deadline', () => {
  let late: TestSystem;
  beforeAll(async () => {
    late = await startTestSystem({}, { ackWorkingMs: 2000, autoPromiseShare: 1, leadReminderShare: 0.5 });
  });
  afterAll(async () => {
    await late?.close();
  });

  test('the breach is recorded, the lead is told, and the client still gets a promise', async () => {
    const { number, client, since } = await openTicket(late);
    const promise = await waitForLetter(late, { to: client, number, kind: 'promise', after: since });
    const admin = await late.addStaff('admin@netix.example', 'admin');
    const ticket = await eventually(async () => {
      const response = await late.api(admin, `/api/tickets/${number}`);
      expect(response.body.ackBreachedAt).not.toBeNull();
      expect(response.body.acknowledgedAt).not.toBeNull();
      return response.body;
    });
    expect(promise.text).toContain(asWritten(late, ticket.promisedAt));
    expect(new Date(ticket.acknowledgedAt).getTime()).toBeGreaterThan(new Date(ticket.ackDeadline).getTime());
    expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('ack_deadline_breached');
    // The reminder, the breach, and the request to review the automatic promise (these two in either order).
    await eventually(async () =>
      expect(letterKinds(late, LEAD, number)).toEqual(['lead_reminder', 'ack_escalation', 'ack_escalation']),
    );
    expect(
      lettersTo(late, LEAD, number)
        .slice(1)
        .map((letter) => (/нарушен срок/.test(letter.subject) ? 'breach' : 'review'))
        .sort(),
    ).toEqual(['breach', 'review']);
    await recordHistory(late, number, 'ack-deadline-breached');
  });
});
