// A ticket's life through the staff API and the client's mail: triage → promise → work → completion.
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, asWritten, letterKinds, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let anna: string;
let boris: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 30 * MINUTE, reopenWindowMs: 3000 });
  anna = await system.addStaff('anna@netix.example');
  boris = await system.addStaff('boris@netix.example');
});

afterAll(async () => {
  await system?.close();
});

const triage = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 90 };

/** The ticket's events of these kinds, in the order they happened. */
const eventsAmong = (history: { kind: string }[], kinds: string[]): string[] =>
  history.map((event) => event.kind).filter((kind) => kinds.includes(kind));

test('triage books the effort and the client gets a dated promise; resolving sends what was fixed, how and how to prevent it', async () => {
  const { number, client } = await openTicket(system);

  const beforeTriage = system.sink.mark();
  const triaged = await act(system, anna, number, 'triage', triage);
  expect(triaged.status).toBe(200);
  expect(triaged.body).toMatchObject({
    number,
    status: 'scheduled',
    urgency: 'normal',
    rootCause: 'product_defect',
  });
  const promisedAt = new Date(triaged.body.promisedAt);
  expect(promisedAt.getTime() - Date.now()).toBeGreaterThan(80 * MINUTE);
  expect(triaged.body.assignee).toMatch(/@netix.example$/);

  const promise = await waitForLetter(system, { to: client, number, kind: 'promise', after: beforeTriage });
  expect(promise.text).toContain(asWritten(system, triaged.body.promisedAt));
  // The acknowledgement is the moment the promise letter went out.
  await eventually(async () => {
    const ticket = (await system.api(anna, `/api/tickets/${number}`)).body;
    expect(ticket.acknowledgedAt).not.toBeNull();
    const promiseLetter = ticket.letters.find((letter: { kind: string }) => letter.kind === 'promise');
    expect(ticket.acknowledgedAt).toBe(promiseLetter.sentAt);
    expect(new Date(ticket.acknowledgedAt).getTime()).toBeLessThan(new Date(ticket.ackDeadline).getTime());
  });

  const taken = await act(system, boris, number, 'take');
  expect(taken.body).toMatchObject({ status: 'in_progress', assignee: 'boris@netix.example' });
  // The work now sits in the taker's calendar; the client keeps the date they were given.
  const booking = await system.db.query(
    `SELECT s.email FROM bookings b JOIN staff s ON s.id = b.staff_id JOIN tickets t ON t.id = b.ticket_id
      WHERE t.number = $1 AND b.cancelled_at IS NULL`,
    [number],
  );
  expect(booking.rows).toEqual([{ email: 'boris@netix.example' }]);
  expect(taken.body.promisedAt).toBe(triaged.body.promisedAt);
  await act(system, boris, number, 'comment', { text: 'Воспроизвёл на тестовом стенде' });
  const logged = await act(system, boris, number, 'log-time', { minutes: 45 });
  expect(logged.body.loggedMinutes).toBe(45);

  const beforeResolving = system.sink.mark();
  const resolved = await act(system, boris, number, 'resolve', {
    whatWasFixed: 'Исправлена ошибка 500 в отчёте за месяц',
    how: 'Выпущено исправление 5.2.1',
    prevention: 'Установите обновление 5.2.1',
  });
  expect(resolved.body.status).toBe('resolved');
  const completion = await waitForLetter(system, {
    to: client,
    number,
    kind: 'completion',
    after: beforeResolving,
  });
  expect(completion.text).toContain('Исправлена ошибка 500 в отчёте за месяц');
  expect(completion.text).toContain('Выпущено исправление 5.2.1');
  expect(completion.text).toContain('Установите обновление 5.2.1');
  // Taking it kept the date, so the client heard nothing between the promise and the completion.
  expect(letterKinds(system, client, number)).toEqual(['receipt', 'promise', 'completion']);

  const lifecycle = [
    'request_received',
    'auto_triage',
    'triaged',
    'scheduled',
    'taken',
    'comment',
    'time_logged',
    'resolved',
  ];
  expect(eventsAmong(resolved.body.history, lifecycle)).toEqual(lifecycle);

  // With no reply within the reopen window, the ticket closes and its workflow ends.
  await eventually(
    async () => expect((await system.api(anna, `/api/tickets/${number}`)).body.status).toBe('closed'),
    15_000,
  );
  const ticket = await system.db.query('SELECT workflow_id FROM tickets WHERE number = $1', [number]);
  const handle = system.temporal.workflow.getHandle(ticket.rows[0].workflow_id);
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  await recordHistory(system, number, 'normal-path-closed');
});

test('a refusal needs a reason and tells the client why', async () => {
  const { number, client } = await openTicket(system, {
    subject: 'Хочу новую функцию',
    text: 'Добавьте тёмную тему.',
  });
  const missing = await act(system, anna, number, 'refuse', {});
  expect(missing.status).toBe(422);
  expect(missing.body.errors[0].field).toBe('reason');

  const beforeRefusing = system.sink.mark();
  const refused = await act(system, anna, number, 'refuse', {
    reason: 'Это запрос на доработку, а не обращение в поддержку',
  });
  expect(refused.body).toMatchObject({
    status: 'refused',
    refusalReason: 'Это запрос на доработку, а не обращение в поддержку',
  });
  const letter = await waitForLetter(system, { to: client, number, kind: 'refusal', after: beforeRefusing });
  expect(letter.text).toContain('Это запрос на доработку, а не обращение в поддержку');
  // The refusal is the answer the two working hours are about.
  await eventually(async () =>
    expect((await system.api(anna, `/api/tickets/${number}`)).body.acknowledgedAt).not.toBeNull(),
  );

  const again = await act(system, anna, number, 'resolve', { whatWasFixed: 'a', how: 'b', prevention: 'c' });
  expect(again.status).toBe(409);
  await recordHistory(system, number, 'refused');
});

test('actions in the wrong state are refused with 409 and invalid input with 422, naming the field', async () => {
  const { number } = await openTicket(system);
  const early = await act(system, anna, number, 'resolve', { whatWasFixed: 'a', how: 'b', prevention: 'c' });
  expect(early.status).toBe(409);
  expect(early.body.detail).toMatch(/awaiting_triage/);

  const takeFirst = await act(system, anna, number, 'take');
  expect(takeFirst.status).toBe(409);
  expect(takeFirst.body.detail).toMatch(/triage/);

  const bad = await act(system, anna, number, 'triage', {
    urgency: 'whenever',
    rootCause: 'misuse',
    estimateMinutes: 30,
  });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('urgency');
  const noEstimate = await act(system, anna, number, 'triage', { urgency: 'high', rootCause: 'misuse' });
  expect(noEstimate.body.errors[0].field).toBe('estimateMinutes');
  expect((await act(system, anna, number, 'dance')).status).toBe(404);
});

test('rescheduling tells the client the new date and the reason', async () => {
  const { number, client } = await openTicket(system);
  const triaged = await act(system, anna, number, 'triage', triage);
  const beforeRescheduling = system.sink.mark();
  const later = await act(system, anna, number, 'reschedule', {
    reason: 'Нужна консультация разработчиков',
    estimateMinutes: 600,
  });
  expect(later.status).toBe(200);
  expect(new Date(later.body.promisedAt).getTime()).toBeGreaterThan(
    new Date(triaged.body.promisedAt).getTime(),
  );
  const letter = await waitForLetter(system, {
    to: client,
    number,
    kind: 'new_date',
    after: beforeRescheduling,
  });
  expect(letter.subject).toContain(number);
  expect(letter.text).toContain('Нужна консультация разработчиков');
  expect(letter.text).toContain(asWritten(system, later.body.promisedAt));
  await recordHistory(system, number, 'rescheduled');
});

test('waiting for the client pauses the promise; their reply by mail resumes it with a new date', async () => {
  const { number, client } = await openTicket(system);
  await act(system, anna, number, 'triage', triage);
  const beforeAsking = system.sink.mark();
  const waiting = await act(system, anna, number, 'wait-for-client', {
    question: 'Какая у вас версия Triceps?',
  });
  expect(waiting.body.status).toBe('waiting_for_client');
  const question = await waitForLetter(system, { to: client, number, kind: 'question', after: beforeAsking });
  expect(question.text).toContain('Какая у вас версия Triceps?');

  const beforeReplying = system.sink.mark();
  await system.sendMail({
    from: client,
    subject: `Re: ${question.subject}`,
    text: 'Версия 5.2',
    inReplyTo: question.messageId,
    references: [question.messageId!],
  });
  const resumed = await eventually(async () => {
    const ticket = await system.api(anna, `/api/tickets/${number}`);
    expect(ticket.body.status).toBe('scheduled');
    return ticket;
  });
  expect(eventsAmong(resumed.body.history, ['waiting_for_client', 'client_reply', 'resumed'])).toEqual([
    'waiting_for_client',
    'client_reply',
    'resumed',
  ]);
  const newDate = await waitForLetter(system, {
    to: client,
    number,
    kind: 'new_date',
    after: beforeReplying,
  });
  expect(newDate.text).toContain(asWritten(system, resumed.body.promisedAt));
  const tickets = await system.db.query('SELECT count(*)::int AS n FROM tickets WHERE client_email = $1', [
    client,
  ]);
  expect(tickets.rows[0].n).toBe(1);
  await recordHistory(system, number, 'waited-for-client');
});

test('a reply by the ticket tag within the reopen window reopens the ticket', async () => {
  const { number, client } = await openTicket(system);
  await act(system, anna, number, 'triage', triage);
  const beforeResolving = system.sink.mark();
  await act(system, anna, number, 'resolve', {
    whatWasFixed: 'Исправлено',
    how: 'Патч',
    prevention: 'Обновляйтесь',
  });
  await waitForLetter(system, { to: client, number, kind: 'completion', after: beforeResolving });

  const beforeReplying = system.sink.mark();
  await system.sendMail({
    from: client,
    subject: `Re: [${number}] всё ещё не работает`,
    text: 'Ошибка вернулась.',
  });
  const reopened = await eventually(async () => {
    const ticket = await system.api(anna, `/api/tickets/${number}`);
    expect(ticket.body.status).toBe('awaiting_triage');
    return ticket;
  });
  expect(reopened.body.history.map((event: { kind: string }) => event.kind)).toContain('reopened');
  expect(new Date(reopened.body.ackDeadline).getTime()).toBeGreaterThan(Date.now());
  await waitForLetter(system, { to: client, number, kind: 'reopened', after: beforeReplying });
  expect(letterKinds(system, client, number)).toEqual(['receipt', 'promise', 'completion', 'reopened']);
  await recordHistory(system, number, 'reopened');
});
