// The regulation's clocks on a real Temporal server, with seconds for hours: the acknowledgement
// deadline (reminder, automatic promise, breach), emergency paging and escalation, overdue work.
import { TicketNumber } from '../../workflows/searchAttributes';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, lettersTo, openTicket, waitForLetter } from '../support/tickets';
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
    {
      ackWorkingMs: 4000,
      leadReminderShare: 0.5,
      autoPromiseShare: 0.85,
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

test('an untriaged ticket reminds the lead, then the client gets a promise from the automatic triage, flagged for review', async () => {
  const { number, client } = await openTicket(system);
  const reminder = await waitForLetter(system, LEAD, number, /./);
  expect(reminder.headers.get('auto-submitted')).toBe('auto-generated');
  const promise = await waitForLetter(system, client, number, /\d{4}/);
  expect(promise.subject).toContain(number);

  const ticket = await eventually(async () => {
    const response = await system.api(token, `/api/tickets/${number}`);
    expect(response.body).toMatchObject({ status: 'scheduled', needsReview: true, ackBreachedAt: null });
    return response.body;
  });
  expect(new Date(ticket.acknowledgedAt).getTime()).toBeLessThan(new Date(ticket.ackDeadline).getTime());
  expect(await historyKinds(number)).toEqual(
    expect.arrayContaining(['lead_reminded', 'auto_promised', 'scheduled']),
  );
  // The reminder, then the request to review the automatic promise.
  await eventually(async () => expect(lettersTo(system, LEAD, number)).toHaveLength(2));

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
  await act(system, token, number, 'triage', {
    urgency: 'high',
    rootCause: 'product_defect',
    estimateMinutes: 30,
  });
  await new Promise((resolve) => setTimeout(resolve, 4500));
  expect(lettersTo(system, LEAD, number)).toHaveLength(0);
  expect((await system.api(token, `/api/tickets/${number}`)).body.ackBreachedAt).toBeNull();
});

test('an emergency pages on-call and the lead at once; taking it in time stops the escalation', async () => {
  const { number, client } = await openTicket(system, emergencyRequest);
  const page = await waitForLetter(system, ONCALL, number, /./);
  expect(page.to).toEqual(expect.arrayContaining([ONCALL, LEAD]));
  // What ops see when they filter the Temporal UI for untriaged emergencies.
  await eventually(async () => {
    const listed: string[] = [];
    const query = `TicketStatus = "awaiting_triage" AND Urgency = "emergency" AND TaskQueue = "${system.config.temporal.taskQueue}"`;
    for await (const execution of system.temporal.workflow.list({ query })) {
      listed.push(execution.typedSearchAttributes.get(TicketNumber) ?? '');
    }
    expect(listed).toContain(number);
  }, 3000);

  const taken = await act(system, token, number, 'take');
  expect(taken.body).toMatchObject({
    status: 'in_progress',
    urgency: 'emergency',
    assignee: 'irina@netix.example',
  });
  await waitForLetter(system, client, number, /irina/i);
  await new Promise((resolve) => setTimeout(resolve, 3500));
  expect(await historyKinds(number)).not.toContain('emergency_escalated');
  expect(lettersTo(system, HEAD, number)).toHaveLength(0);
  await recordHistory(system, number, 'emergency-taken');
});

test('an emergency nobody takes escalates level by level: first the lead, then the head of support', async () => {
  const { number } = await openTicket(system, emergencyRequest);
  await waitForLetter(system, ONCALL, number, /./);
  await waitForLetter(system, HEAD, number, /./, 15_000);
  await eventually(async () => {
    const escalations = await system.db.query(
      `SELECT e.details FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE t.number = $1 AND e.kind = 'emergency_escalated' ORDER BY e.id`,
      [number],
    );
    expect(escalations.rows.map((row) => row.details)).toEqual([
      { level: 1, to: LEAD },
      { level: 2, to: HEAD },
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
  await act(system, token, number, 'reschedule', { reason: 'Срок уточнён', promisedAt: soon });
  await eventually(async () => expect(await historyKinds(number)).toContain('overdue_escalated'), 15_000);
  const escalation = await waitForLetter(system, LEAD, number, /./);
  expect(escalation.text).toContain(number);
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
    const { number, client } = await openTicket(late);
    await waitForLetter(late, client, number, /\d{4}/);
    const admin = await late.addStaff('admin@netix.example', 'admin');
    const ticket = await eventually(async () => {
      const response = await late.api(admin, `/api/tickets/${number}`);
      expect(response.body.ackBreachedAt).not.toBeNull();
      return response.body;
    });
    expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('ack_deadline_breached');
    await eventually(async () => expect(lettersTo(late, LEAD, number).length).toBeGreaterThanOrEqual(2));
    await recordHistory(late, number, 'ack-deadline-breached');
  });
});
