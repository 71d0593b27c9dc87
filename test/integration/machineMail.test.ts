// Mail from machines over real SMTP that says so only in its subject or in one list manager's header:
// it is stored like all mail, and no letter of ours answers it.
import { eventually } from '../support/eventually';
import { lettersTo, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

let counter = 0;
const sender = (name: string) => `${name}-${++counter}-${Date.now()}@client.example`;

const storedFrom = async (address: string) =>
  (
    await system.db.query(
      'SELECT automatic, ignored_reason AS "ignoredReason" FROM inbound_messages WHERE from_address = $1',
      [address],
    )
  ).rows;

const ticketsOf = async (address: string) =>
  (await system.db.query('SELECT number FROM tickets WHERE client_email = $1', [address])).rows;

/**
 * A client's request sent after the machine's mail, and its receipt: once that is out, the machine's
 * mail (stored and handed off before our listener said 250) has had its turn; a moment more covers a
 * workflow that would still be sending.
 */
async function afterControlRequest() {
  await openTicket(system);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

test.each([
  'Automatic reply: Счёт за март',
  'Автоответ: Re: Не формируется отчёт',
  'AUTO: Jane Doe is out of the office (returning 05.06.2024)',
])(
  'an auto-reply known only by its subject "%s" is stored, opens no ticket and gets no letter',
  async (subject) => {
    const robot = sender('away');
    await system.sendMail({
      from: robot,
      subject,
      text: 'I am away until Monday. Я в отпуске до понедельника.',
    });
    await afterControlRequest();

    expect(await storedFrom(robot)).toEqual([
      { automatic: 'auto-reply', ignoredReason: expect.stringMatching(/no ticket/) },
    ]);
    expect(await ticketsOf(robot)).toHaveLength(0);
    expect(lettersTo(system, robot)).toHaveLength(0);
  },
);

test('list mail known only by its Mailing-List header becomes a ticket, and its receipt is held back', async () => {
  const list = sender('users-list');
  await system.sendMail({
    from: list,
    subject: 'Новости недели',
    text: 'Новости недели от рассылки.',
    headers: { 'Mailing-List': 'contact users-help@lists.client.example; run by ezmlm' },
  });
  await eventually(async () => {
    const receipts = await system.db.query(
      "SELECT suppressed_reason FROM letters WHERE kind = 'receipt' AND $1 = ANY(recipients)",
      [list],
    );
    expect(receipts.rows).toEqual([{ suppressed_reason: expect.stringMatching(/automatic message/) }]);
  });
  await afterControlRequest();

  expect(await storedFrom(list)).toEqual([{ automatic: 'list', ignoredReason: null }]);
  expect(await ticketsOf(list)).toHaveLength(1);
  expect(lettersTo(system, list)).toHaveLength(0);
});

test('a client writing about the auto-reply feature gets a ticket and its receipt', async () => {
  const { number } = await openTicket(system, { subject: 'Автоответ не работает в Triceps' });
  expect(number).toMatch(/^TRC-\d{6}$/);
});
