// A run ends, or continues as new, only when all it started is done: what PostgreSQL holds afterwards is
// the whole story of the ticket, read once the workflow itself has finished.
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const LEAD = 'lead@netix.example';
const HEAD = 'head@netix.example';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem(
    {},
    // The answer is due 1.5 s after receipt and never promised automatically: a late refusal is possible.
    { ackWorkingMs: 1500, leadReminderShare: 0.5, autoPromiseShare: 1000, emergencyTakeWindowMs: 15_000 },
  );
  token = await system.addStaff('pavel@netix.example');
});

afterAll(async () => {
  await system?.close();
});

async function ticketRow(number: string) {
  const row = await system.db.query(
    `SELECT status, acknowledged_at, ack_breached_at, workflow_id FROM tickets WHERE number = $1`,
    [number],
  );
  return row.rows[0];
}

async function eventKinds(number: string): Promise<string[]> {
  const events = await system.db.query(
    `SELECT e.kind FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = $1 ORDER BY e.id`,
    [number],
  );
  return events.rows.map((row) => row.kind);
}

const workflowOf = async (number: string) =>
  system.temporal.workflow.getHandle((await ticketRow(number)).workflow_id);

test('a refusal on time: when the workflow has ended, PostgreSQL holds when the answer went out', async () => {
  const { number, client, since } = await openTicket(system);
  const refused = await act(system, token, number, 'refuse', {
    reason: 'Это вопрос к вашему администратору',
  });
  expect(refused.status).toBe(200);
  const handle = await workflowOf(number);
  await handle.result();

  const ticket = await ticketRow(number);
  expect(ticket.status).toBe('refused');
  expect(ticket.acknowledged_at).toBeInstanceOf(Date);
  const refusal = await waitForLetter(system, { to: client, kind: 'refusal', number, after: since });
  expect(refusal.text).toContain('администратору');
});

test('a late refusal: the breach is recorded when the deadline passes, once, and the lead told before the workflow ends', async () => {
  const { number, client, since } = await openTicket(system);
  await new Promise((resolve) => setTimeout(resolve, 2500)); // past the 1.5 s deadline
  await act(system, token, number, 'refuse', { reason: 'Запрос не относится к Triceps' });
  await (await workflowOf(number)).result();

  const ticket = await ticketRow(number);
  expect(ticket.acknowledged_at).toBeInstanceOf(Date);
  expect(ticket.ack_breached_at).toBeInstanceOf(Date);
  // At the deadline, with no answer yet: not when the refusal went out a second later.
  expect(ticket.ack_breached_at.getTime()).toBeLessThan(ticket.acknowledged_at.getTime());
  expect((await eventKinds(number)).filter((kind) => kind === 'ack_deadline_breached')).toHaveLength(1);
  const escalation = await waitForLetter(system, { to: LEAD, kind: 'ack_escalation', number, after: since });
  expect(escalation.text).toContain(number);
  await waitForLetter(system, { to: client, kind: 'refusal', number, after: since });
  await recordHistory(system, number, 'refused-late');
});

test('an emergency that continues as new while paging pages once and escalates each level once', async () => {
  const { number, since } = await openTicket(system, {
    subject: 'Авария: сервер Triceps недоступен',
    text: 'Авария! Все пользователи остановлены, работа компании стоит.',
  });
  await waitForLetter(system, { to: LEAD, kind: 'emergency_page', number, after: since });
  const handle = await workflowOf(number);
  const firstRun = (await handle.describe()).runId;
  for (let i = 1; i <= 70; i++) {
    const logged = await act(system, token, number, 'log-time', { minutes: 1, note: `диагностика ${i}` });
    expect(logged.status).toBe(200);
  }
  expect((await handle.describe()).runId).not.toBe(firstRun);

  await waitForLetter(system, {
    to: HEAD,
    kind: 'emergency_escalation',
    number,
    after: since,
    timeoutMs: 45_000,
  });
  await eventually(async () => {
    const kinds = await eventKinds(number);
    expect(kinds.filter((kind) => kind === 'emergency_paged')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'emergency_escalated')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'time_logged')).toHaveLength(70);
  });
  const letters = await system.db.query(
    `SELECT l.kind, count(*)::int AS n FROM letters l JOIN tickets t ON t.id = l.ticket_id
      WHERE t.number = $1 GROUP BY l.kind ORDER BY l.kind`,
    [number],
  );
  expect(letters.rows).toEqual(
    expect.arrayContaining([
      { kind: 'emergency_escalation', n: 2 },
      { kind: 'emergency_page', n: 1 },
      { kind: 'receipt', n: 1 },
    ]),
  );
  expect(letters.rows.map((row) => row.kind)).toEqual([
    'ack_escalation', // the 1.5 s answer deadline passed with no answer: a breach
    'emergency_escalation',
    'emergency_page',
    'lead_reminder', // the 1.5 s answer deadline's reminder
    'receipt',
  ]);
  const taken = await act(system, token, number, 'take');
  expect(taken.body.status).toBe('in_progress');
  await recordHistory(system, number, 'emergency-continued-as-new-while-paging');
}, 90_000);
