// Tickets outlive workers and grow without bound: a restart loses nothing and sends nothing twice,
// and a ticket with hundreds of actions continues as new with its state and timers intact.
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, letterKinds, lettersTo, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 30 * 60_000 });
  token = await system.addStaff('vera@netix.example');
});

afterAll(async () => {
  await system?.close();
});

const workflowOf = async (number: string) => {
  const row = await system.db.query('SELECT workflow_id FROM tickets WHERE number = $1', [number]);
  return system.temporal.workflow.getHandle(row.rows[0].workflow_id);
};

test('a worker restart in the middle of a ticket loses nothing and sends no letter twice', async () => {
  const { number, client, since } = await openTicket(system);
  await act(system, token, number, 'triage', { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 });
  await waitForLetter(system, { to: client, number, kind: 'promise', after: since });

  // A request that arrives while no worker runs is stored and waits for the next worker.
  let lateClient = '';
  const beforeRestart = system.sink.mark();
  await system.restartWorker(async () => {
    lateClient = `late-${Date.now()}@client.example`;
    await system.sendMail({
      from: lateClient,
      subject: 'Пока воркер перезапускался',
      text: 'Не открывается окно настроек.',
    });
  });
  await waitForLetter(system, { to: lateClient, kind: 'receipt', after: beforeRestart });

  await act(system, token, number, 'take');
  const beforeResolving = system.sink.mark();
  await act(system, token, number, 'resolve', {
    whatWasFixed: 'Настройка',
    how: 'Объяснили',
    prevention: 'Инструкция',
  });
  await waitForLetter(system, { to: client, number, kind: 'completion', after: beforeResolving });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const kinds = (
    await system.db.query(
      `SELECT l.kind FROM letters l JOIN tickets t ON t.id = l.ticket_id WHERE t.number = $1 ORDER BY l.id`,
      [number],
    )
  ).rows.map((row) => row.kind);
  expect(kinds).toEqual(['receipt', 'promise', 'completion']);
  expect(letterKinds(system, client, number)).toEqual(['receipt', 'promise', 'completion']);
  expect(lettersTo(system, lateClient)).toHaveLength(1);
});

test('a ticket whose history passes the continue-as-new threshold keeps its state, history and overdue timer', async () => {
  const { number } = await openTicket(system);
  await act(system, token, number, 'triage', {
    urgency: 'high',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  await act(system, token, number, 'take');
  const handle = await workflowOf(number);
  const firstRun = (await handle.describe()).runId;
  const dueSoon = new Date(Date.now() + 12_000).toISOString();
  await act(system, token, number, 'reschedule', { reason: 'Согласовано с клиентом', promisedAt: dueSoon });

  for (let i = 1; i <= 60; i++) {
    const response = await act(system, token, number, 'log-time', { minutes: 1, note: `шаг ${i}` });
    expect(response.status).toBe(200);
  }
  const continued = await handle.describe();
  expect(continued.runId).not.toBe(firstRun);

  const ticket = (await system.api(token, `/api/tickets/${number}`)).body;
  expect(ticket).toMatchObject({ status: 'in_progress', loggedMinutes: 60, assignee: 'vera@netix.example' });
  expect(new Date(ticket.promisedAt).toISOString()).toBe(dueSoon);
  expect(ticket.history.filter((event: { kind: string }) => event.kind === 'time_logged')).toHaveLength(60);

  // The promise's timer was re-armed in the new run: passing it still escalates.
  const escalations = async () =>
    (await system.api(token, `/api/tickets/${number}`)).body.history.filter(
      (event: { kind: string }) => event.kind === 'overdue_escalated',
    );
  await eventually(async () => expect(await escalations()).toHaveLength(1), 30_000);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // a second escalation would come by now
  expect(await escalations()).toHaveLength(1);
  await recordHistory(system, number, 'continued-as-new');
  const resolved = await act(system, token, number, 'resolve', {
    whatWasFixed: 'a',
    how: 'b',
    prevention: 'c',
  });
  expect(resolved.body.status).toBe('resolved');
});
