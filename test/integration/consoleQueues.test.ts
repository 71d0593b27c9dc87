// The staff console's work queues: what each holds and counts, in its own order, with the list's filters.
import { MINUTE } from '../../domain/policy';
import { act, openTicket, type OpenedTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;
let anna: string;
const tickets: Record<'untriaged' | 'overdue' | 'waiting' | 'emergency' | 'mine', OpenedTicket> = {} as never;
const triage = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 };

beforeAll(async () => {
  // No automatic promise, no escalation: tickets stay where staff put them while the test looks.
  system = await startTestSystem(
    {},
    { ackWorkingMs: 600 * MINUTE, autoPromiseShare: 0.99, emergencyTakeWindowMs: 600 * MINUTE },
  );
  lead = await system.addStaff('lead@netix.example', 'lead');

  tickets.untriaged = await openTicket(system, { subject: 'Не печатается накладная' });
  tickets.overdue = await openTicket(system, { subject: 'Медленный отчёт' });
  await act(system, lead, tickets.overdue.number, 'triage', triage);
  const yesterday = new Date(Date.now() - 24 * 60 * MINUTE).toISOString();
  const late = await act(system, lead, tickets.overdue.number, 'reschedule', {
    reason: 'нужна проверка',
    promisedAt: yesterday,
  });
  expect(late.body.promisedAt).toBe(yesterday);
  tickets.waiting = await openTicket(system, { subject: 'Ошибка при входе' });
  await act(system, lead, tickets.waiting.number, 'triage', triage);
  expect(
    (await act(system, lead, tickets.waiting.number, 'wait-for-client', { question: 'Какой браузер?' }))
      .status,
  ).toBe(200);
  tickets.emergency = await openTicket(system, {
    subject: 'Авария',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  anna = await system.addStaff('anna@netix.example');
  tickets.mine = await openTicket(system, { subject: 'Не сохраняется договор' });
  await act(system, lead, tickets.mine.number, 'triage', triage);
  expect((await act(system, anna, tickets.mine.number, 'take')).body.assignee).toBe('anna@netix.example');
});

afterAll(async () => {
  await system?.close();
});

const numbers = (body: { tickets: { number: string }[] }) => body.tickets.map((ticket) => ticket.number);

test("each queue's count, as the signed-in staff member sees it", async () => {
  const forAnna = await system.api(anna, '/api/queues');
  expect(forAnna.status).toBe(200);
  expect(forAnna.body).toEqual({
    counts: { triage: 2, emergencies: 1, mine: 1, overdue: 1, waiting: 1, all: 5 },
  });
  // The lead's own: the overdue ticket and the one waiting for the client are booked to them.
  expect((await system.api(lead, '/api/queues')).body.counts.mine).toBe(2);
});

test('each queue lists its tickets in its own order', async () => {
  const list = async (token: string, query: string) => {
    const answer = await system.api(token, `/api/tickets?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  // Nearest acknowledgement deadline first, not newest first as the plain list is.
  const triageQueue = await list(anna, 'queue=triage');
  expect(numbers(triageQueue)).toEqual([tickets.untriaged.number, tickets.emergency.number]);
  expect(triageQueue.total).toBe(2);
  expect(numbers(await list(anna, 'status=awaiting_triage'))).toEqual([
    tickets.emergency.number,
    tickets.untriaged.number,
  ]);
  expect(numbers(await list(anna, 'queue=emergencies'))).toEqual([tickets.emergency.number]);
  expect(numbers(await list(anna, 'queue=mine'))).toEqual([tickets.mine.number]);
  // The promise already past comes before the one still ahead.
  expect(numbers(await list(lead, 'queue=mine'))).toEqual([tickets.overdue.number, tickets.waiting.number]);
  expect(numbers(await list(anna, 'queue=overdue'))).toEqual([tickets.overdue.number]);
  expect(numbers(await list(anna, 'queue=waiting'))).toEqual([tickets.waiting.number]);
});

test('a queue combines with the filters and the search; total counts past the page', async () => {
  const page = await system.api(anna, '/api/tickets?queue=triage&limit=1&offset=1');
  expect(numbers(page.body)).toEqual([tickets.emergency.number]);
  expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
  const emergencies = await system.api(anna, '/api/tickets?queue=triage&urgency=emergency');
  expect(numbers(emergencies.body)).toEqual([tickets.emergency.number]);
  expect(emergencies.body.total).toBe(1);
  const searched = await system.api(anna, `/api/tickets?queue=triage&q=${encodeURIComponent('накладная')}`);
  expect(numbers(searched.body)).toEqual([tickets.untriaged.number]);
  expect(searched.body.total).toBe(1);
  const all = await system.api(anna, '/api/tickets?limit=2');
  expect(all.body.tickets).toHaveLength(2);
  expect(all.body.total).toBe(5);
  const unknown = await system.api(anna, '/api/tickets?queue=someday');
  expect(unknown.status).toBe(422);
  expect(unknown.body.errors[0].field).toBe('queue');
});

test('a ticket in a queue shows what the console needs to display', async () => {
  const [mine] = (await system.api(anna, '/api/tickets?queue=mine')).body.tickets;
  expect(mine).toMatchObject({
    number: tickets.mine.number,
    subject: 'Не сохраняется договор',
    status: 'in_progress',
    urgency: 'normal',
    rootCause: 'product_defect',
    assignee: 'anna@netix.example',
    client: { email: tickets.mine.client },
  });
  for (const field of ['receivedAt', 'ackDeadline', 'promisedAt']) {
    expect(mine[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  }
});
