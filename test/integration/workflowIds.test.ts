// Ops see tickets, not hashes: a request's workflow is named by its ticket number, and the Temporal UI shows
// its number and subject in the list, the client and arrival on its page, and the ticket's state as it moves.
import type { temporal } from '@temporalio/proto';
import { formatTicketNumber } from '../../domain/ticket';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/testSystem';
import { act, waitForLetter } from '../support/tickets';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem();
  token = await system.addStaff('lead@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

/** What the UI's page shows as the workflow's current details (the SDK's built-in metadata query). */
async function currentDetails(workflowId: string): Promise<string> {
  const metadata = await system.temporal.workflow
    .getHandle(workflowId)
    .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

async function ticketsOf(client: string) {
  const rows = await system.db.query<{ number: string; workflow_id: string }>(
    'SELECT number, workflow_id FROM tickets WHERE client_email = $1 ORDER BY id',
    [client],
  );
  return rows.rows;
}

/** A client's request, once its receipt has come: its ticket number. */
async function requestWithReceipt(client: string, subject: string, text: string): Promise<string> {
  const since = system.sink.mark();
  await system.sendMail({ from: client, subject, text });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  return /TRC-\d{6}/.exec(receipt.subject)![0];
}

/** Workflows started on our task queue since a moment, as the UI would list them. */
async function workflowsStartedSince(since: Date): Promise<number> {
  const { count } = await system.temporal.workflow.count(
    `TaskQueue = "${system.config.temporal.taskQueue}" AND StartTime >= "${since.toISOString()}"`,
  );
  return count;
}

test('a new request’s workflow is named by its ticket number and shows the number, subject and client', async () => {
  const client = 'ivan.ids@client.example';
  const since = system.sink.mark();
  const before = new Date();
  await system.sendMail({ from: client, subject: 'Не печатается   отчёт\tза месяц', text: 'Ошибка 500.' });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];

  expect(await ticketsOf(client)).toEqual([{ number, workflow_id: number }]);
  const description = await system.temporal.workflow.getHandle(number).describe();
  expect(description.workflowId).toBe(number);
  expect(description.type).toBe('ticketLifecycle');
  expect(await description.staticSummary()).toBe(`${number} · Не печатается отчёт за месяц`);
  const details = await description.staticDetails();
  expect(details).toContain(`**Client:** ${client}`);
  const received = /\*\*Received:\*\* (\S+)/.exec(details ?? '')![1]!;
  expect(new Date(received).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  await eventually(async () =>
    expect(await currentDetails(number)).toContain(`**${number}** · awaiting_triage · urgency normal`),
  );
});

test('a request starts on the worker beside the intake, and its receipt takes two workflow tasks', async () => {
  const number = await requestWithReceipt(
    'olga.eager@client.example',
    'Отчёт не строится',
    'Пустая страница.',
  );
  const events = (await system.temporal.workflow.getHandle(number).fetchHistory()).events ?? [];

  // Eager start: the server handed the first workflow task back with the start, not through the queue.
  expect(events[0]!.workflowExecutionStartedEventAttributes?.eagerExecutionAccepted).toBe(true);
  // Registered, saved and its receipt queued inside that first task (local activities); then the one
  // activity that sends it, and the task that hears it went.
  const delivered = events.findIndex(
    (event) => event.activityTaskCompletedEventAttributes && scheduledType(events, event) === 'deliverLetter',
  );
  const tasksBefore = events
    .slice(0, delivered)
    .filter((event) => event.workflowTaskCompletedEventAttributes);
  expect(tasksBefore).toHaveLength(1);
  expect(events.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(1);
});

/** The activity type of a completed activity, from the event that scheduled it. */
function scheduledType(
  events: temporal.api.history.v1.IHistoryEvent[],
  completed: temporal.api.history.v1.IHistoryEvent,
): string | undefined {
  const scheduledId = Number(completed.activityTaskCompletedEventAttributes!.scheduledEventId);
  const scheduled = events.find((event) => Number(event.eventId) === scheduledId);
  return scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
}

test('the ticket’s state in the workflow’s details follows the ticket', async () => {
  const number = await requestWithReceipt(
    'olga.ids@client.example',
    'Хочу тёмную тему',
    'Добавьте, пожалуйста.',
  );
  const refused = await act(system, token, number, 'refuse', { reason: 'Это запрос на доработку' });
  expect(refused.status).toBe(200);
  await system.temporal.workflow.getHandle(number).result();
  // A finished workflow still answers the metadata query from its history.
  expect(await currentDetails(number)).toContain(`**${number}** · refused`);
});

test('a redelivered mail (same Message-ID) keeps its number: no second ticket, workflow or receipt', async () => {
  const client = 'petr.ids@client.example';
  const mail = {
    from: client,
    subject: 'Письмо, доставленное дважды',
    text: 'Текст',
    messageId: '<redelivered-ids@client.example>',
  };
  const since = system.sink.mark();
  const started = new Date();
  await system.sendMail(mail);
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];
  await system.sendMail(mail); // the hand-off is done before the relay hears 250

  const stored = await system.db.query(
    'SELECT ticket_number, workflow_id FROM inbound_messages WHERE message_key = $1',
    [mail.messageId],
  );
  expect(stored.rows).toEqual([{ ticket_number: number, workflow_id: number }]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await ticketsOf(client)).toEqual([{ number, workflow_id: number }]);
  expect(await workflowsStartedSince(started)).toBe(1);
  expect(system.sink.letters.slice(since).filter((letter) => letter.to.includes(client))).toHaveLength(1);
});

test('a redelivery after the ticket’s workflow has finished starts nothing either', async () => {
  const client = 'anna.ids@client.example';
  const mail = {
    from: client,
    subject: 'Отказанный запрос',
    text: 'Текст',
    messageId: '<refused-then-redelivered-ids@client.example>',
  };
  const since = system.sink.mark();
  await system.sendMail(mail);
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];
  await act(system, token, number, 'refuse', { reason: 'Не к нам' });
  const handle = system.temporal.workflow.getHandle(number);
  await handle.result();
  const refusedRun = (await handle.describe()).runId;

  await system.sendMail(mail);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await handle.describe()).runId).toBe(refusedRun);
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  expect(await ticketsOf(client)).toEqual([{ number, workflow_id: number }]);
});

test('a reply to a finished ticket becomes a request with a number of its own as its workflow ID', async () => {
  const client = 'boris.ids@client.example';
  const since = system.sink.mark();
  await system.sendMail({ from: client, subject: 'Первый вопрос', text: 'Текст' });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const first = /TRC-\d{6}/.exec(receipt.subject)![0];
  await act(system, token, first, 'refuse', { reason: 'Не к нам' });
  await system.temporal.workflow.getHandle(first).result();

  const again = system.sink.mark();
  await system.sendMail({
    from: client,
    subject: `Re: ${receipt.subject}`,
    text: 'А всё-таки?',
    inReplyTo: receipt.messageId,
    references: [receipt.messageId!],
  });
  const second = await waitForLetter(system, { to: client, kind: 'receipt', after: again });
  const number = /TRC-\d{6}/.exec(second.subject)![0];
  expect(number).not.toBe(first);
  expect(await ticketsOf(client)).toEqual([
    { number: first, workflow_id: first },
    { number, workflow_id: number },
  ]);
  expect(await (await system.temporal.workflow.getHandle(number).describe()).staticSummary()).toMatch(
    new RegExp(`^${number} · Re: `),
  );
});

test('a request whose number already names another desk’s workflow takes the next free number', async () => {
  // Another desk in the namespace (or this one before its database was restored from an older backup) holds
  // the workflow ID our next ticket number would get.
  const sequence = await system.db.query<{ last_value: string; is_called: boolean }>(
    'SELECT last_value, is_called FROM ticket_number_seq',
  );
  const { last_value, is_called } = sequence.rows[0]!;
  const next = Number(last_value) + (is_called ? 1 : 0);
  const taken = formatTicketNumber(next);
  const foreign = await system.temporal.workflow.start('foreignTicket', {
    workflowId: taken,
    taskQueue: `elsewhere-${system.config.temporal.taskQueue}`,
    staticSummary: 'another desk',
  });

  const client = 'gleb.ids@client.example';
  const since = system.sink.mark();
  await system.sendMail({ from: client, subject: 'Номер занят', text: 'Текст' });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];
  expect(number).toBe(formatTicketNumber(next + 1));
  expect(await ticketsOf(client)).toEqual([{ number, workflow_id: number }]);
  expect(await (await system.temporal.workflow.getHandle(number).describe()).staticSummary()).toBe(
    `${number} · Номер занят`,
  );
  const other = await foreign.describe();
  expect(other.runId).toBe(foreign.firstExecutionRunId);
  expect(await other.staticSummary()).toBe('another desk');
  await foreign.terminate('test over');
});
