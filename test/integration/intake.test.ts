// A client's mail over SMTP becomes a ticket workflow and a receipt naming the ticket number.
import { TicketNumber } from '../../workflows/searchAttributes';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

/** What ops see in the Temporal UI when they filter by ticket number (visibility is eventually consistent). */
async function workflowsListedFor(number: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const listed = [];
    for await (const execution of system.temporal.workflow.list({
      query: `TicketNumber = "${number}" AND TaskQueue = "${system.config.temporal.taskQueue}"`,
    })) {
      listed.push(execution);
    }
    if (listed.length > 0) return listed;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return [];
}

/** The receipt to a client, among letters after the mark. */
const receiptTo = (client: string, after: number) =>
  system.sink.waitFor((letter) => letter.kind === 'receipt' && letter.to.includes(client), { after });

test('a mail to the support address starts a ticket workflow and the client gets a receipt with the number', async () => {
  const since = system.sink.mark();
  await system.sendMail({
    from: 'Иван Петров <ivan@client.example>',
    subject: 'Не запускается Triceps после обновления',
    text: 'После обновления до версии 5.2 Triceps не запускается. Что делать?',
  });

  const receipt = await receiptTo('ivan@client.example', since);
  const number = /TRC-\d{6}/.exec(receipt.subject)?.[0];
  expect(number).toBeDefined();
  expect(receipt.subject).toContain(`[${number}] Не запускается Triceps после обновления`);
  expect(receipt.text).toContain(`зарегистрирован под номером ${number}`);
  expect(receipt.headers.get('auto-submitted')).toBe('auto-replied');

  const row = await system.db.query('SELECT workflow_id FROM tickets WHERE number = $1', [number]);
  const handle = system.temporal.workflow.getHandle(row.rows[0].workflow_id);
  const description = await handle.describe();
  expect(description.type).toBe('ticketLifecycle');
  expect(description.status.name).toBe('RUNNING');
  expect(description.typedSearchAttributes.get(TicketNumber)).toBe(number);
  const listed = await workflowsListedFor(number!);
  expect(listed.map((execution) => execution.workflowId)).toEqual([handle.workflowId]);
});

test('a mail written in English gets its receipt in English', async () => {
  const since = system.sink.mark();
  await system.sendMail({
    from: 'jane@client.example',
    subject: 'Export fails',
    text: 'The export to PDF fails with error 42.',
  });
  const receipt = await receiptTo('jane@client.example', since);
  expect(receipt.text).toMatch(/Your request has been registered as TRC-\d{6}/);
});

test('the same message delivered twice creates one ticket and one receipt', async () => {
  const mail = {
    from: 'olga@client.example',
    subject: 'Дважды доставленное письмо',
    text: 'Текст',
    messageId: '<duplicate-1@client.example>',
  };
  const since = system.sink.mark();
  await system.sendMail(mail);
  await receiptTo('olga@client.example', since);
  await system.sendMail(mail);

  const messages = await system.db.query(
    "SELECT count(*)::int AS n FROM inbound_messages WHERE message_key = '<duplicate-1@client.example>'",
  );
  expect(messages.rows[0].n).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const tickets = await system.db.query(
    "SELECT count(*)::int AS n FROM tickets WHERE client_email = 'olga@client.example'",
  );
  expect(tickets.rows[0].n).toBe(1);
  expect(system.sink.letters.filter((letter) => letter.to.includes('olga@client.example'))).toHaveLength(1);
});

test('mail to an unknown mailbox is refused with 550 and stores nothing', async () => {
  await expect(
    system.sendMail({ to: 'nobody@elsewhere.example', from: 'x@client.example', subject: 's', text: 't' }),
  ).rejects.toThrow(/550/);
  const stored = await system.db.query(
    "SELECT count(*)::int AS n FROM inbound_messages WHERE from_address = 'x@client.example'",
  );
  expect(stored.rows[0].n).toBe(0);
});
