// Requests read from a real Dovecot mailbox over IMAP become tickets, exactly once, and a message
// leaves the unread pile only after intake has stored it.
import {
  imapOptionsFromUrl,
  startImapIntake,
  type ImapIntake,
  type ImapOptions,
} from '../../mail/imapIntake';
import type { Intake } from '../../mail/intake';
import { createLogger } from '../../platform/logger';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { eventually } from '../support/eventually';
import { intakeOf, mailboxRequest } from '../support/mailboxRequests';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const logger = createLogger('silent');
let system: TestSystem;
let intake: Intake;
let dovecot: Dovecot;
let poller: ImapIntake | undefined;

beforeAll(async () => {
  system = await startTestSystem();
  intake = intakeOf(system, logger);
});

afterAll(async () => {
  await system?.close();
});

/** A client's request as their mail server would deliver it, with its own sender and Message-ID. */
const request = (subject?: string, text?: string) => mailboxRequest(system, 'imap', subject, text);

async function startPoller(options: Partial<ImapOptions> = {}, through: Pick<Intake, 'accept'> = intake) {
  poller = await startImapIntake(
    through,
    {
      ...imapOptionsFromUrl(`imap://${dovecot.user}:${dovecot.password}@${dovecot.host}:${dovecot.port}`),
      pollIntervalMs: 300,
      reconnectDelayMs: { min: 200, max: 1_000 },
      ...options,
    },
    logger,
  );
}

async function seenInInbox(messageId: string): Promise<boolean> {
  const listed = await dovecot.messages();
  return listed.some((message) => message.messageId === messageId && message.seen);
}

async function count(sql: string, value: string): Promise<number> {
  return (await system.db.query(sql, [value])).rows[0].n;
}

describe('over IMAP', () => {
  beforeEach(async () => {
    dovecot = await startDovecot();
  });

  afterEach(async () => {
    await poller?.close();
    poller = undefined;
    await dovecot?.close();
  });

  test('a request delivered to the support mailbox becomes a ticket, and the message is then marked seen', async () => {
    await startPoller();
    const {
      client,
      messageId,
      raw,
      receipt: receiptOf,
    } = await request('Не запускается Triceps после обновления');
    await dovecot.deliver(raw);

    const receipt = await receiptOf();
    const number = /TRC-\d{6}/.exec(receipt.subject)?.[0];
    expect(number).toBeDefined();
    expect(receipt.subject).toContain(`[${number}] Не запускается Triceps после обновления`);
    expect(receipt.text).toContain(`зарегистрирован под номером ${number}`);
    await eventually(async () => expect(await seenInInbox(messageId)).toBe(true));

    const stored = await system.db.query(
      'SELECT envelope_from, envelope_to FROM inbound_messages WHERE message_key = $1',
      [messageId],
    );
    expect(stored.rows).toEqual([{ envelope_from: client, envelope_to: [system.config.support.address] }]);
  });

  test('with a processed mailbox configured, an accepted request is moved out of the inbox into it', async () => {
    await startPoller({ processedMailbox: 'Processed' });
    const { messageId, raw, receipt } = await request();
    await dovecot.deliver(raw);

    await receipt();
    await eventually(async () => {
      expect(await dovecot.messages('INBOX')).toEqual([]);
      expect((await dovecot.messages('Processed')).map((message) => message.messageId)).toEqual([messageId]);
    });
  });

  test('the same message delivered to the mailbox twice makes one ticket and one receipt', async () => {
    await startPoller();
    const { client, messageId, raw, receipt } = await request('Дважды доставленное письмо');
    await dovecot.deliver(raw);
    await receipt();
    await dovecot.deliver(raw);

    await eventually(async () => {
      const copies = (await dovecot.messages()).filter((message) => message.messageId === messageId);
      expect(copies.map((copy) => copy.seen)).toEqual([true, true]);
    });
    // Both copies went through intake before they were marked seen, so a second workflow would exist by now.
    expect(
      await count('SELECT count(*)::int AS n FROM inbound_messages WHERE message_key = $1', messageId),
    ).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM tickets WHERE client_email = $1', client)).toBe(1);
    expect(system.sink.letters.filter((letter) => letter.to.includes(client))).toHaveLength(1);
  });

  test('while intake cannot store a message it stays unseen and is retried on later polls, without holding up the others', async () => {
    const stuck = await request('Письмо во время сбоя базы');
    const other = await request('Письмо после него');
    let databaseDown = true;
    let stuckAttempts = 0;
    const flakyIntake: Pick<Intake, 'accept'> = {
      accept(raw, envelope) {
        if (raw.includes(stuck.messageId)) {
          stuckAttempts++;
          if (databaseDown) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        }
        return intake.accept(raw, envelope);
      },
    };
    await dovecot.deliver(stuck.raw);
    await dovecot.deliver(other.raw);
    await startPoller({ pollIntervalMs: 300 }, flakyIntake);

    await other.receipt();
    await eventually(async () => expect(stuckAttempts).toBeGreaterThanOrEqual(3));
    expect(await seenInInbox(stuck.messageId)).toBe(false);

    databaseDown = false;
    await stuck.receipt();
    await eventually(async () => expect(await seenInInbox(stuck.messageId)).toBe(true));
    expect(await count('SELECT count(*)::int AS n FROM tickets WHERE client_email = $1', stuck.client)).toBe(
      1,
    );
  });

  test('a message delivered while the poller idles is picked up within seconds, long before the next poll', async () => {
    await startPoller({ pollIntervalMs: 60_000 });
    const first = await request();
    await dovecot.deliver(first.raw);
    await first.receipt(10_000);
    await eventually(async () => expect(await seenInInbox(first.messageId)).toBe(true));

    const second = await request();
    const deliveredAt = Date.now();
    await dovecot.deliver(second.raw);
    await second.receipt(5_000);
    expect(Date.now() - deliveredAt).toBeLessThan(5_000);
  });

  test('after the server drops the connection, the poller reconnects and picks up mail delivered meanwhile', async () => {
    await startPoller({ pollIntervalMs: 60_000 });
    const before = await request();
    await dovecot.deliver(before.raw);
    await before.receipt(10_000);

    await dovecot.kick();
    const after = await request();
    await dovecot.deliver(after.raw);
    await after.receipt(10_000);
    await eventually(async () => expect(await seenInInbox(after.messageId)).toBe(true));
  });

  test('a mailbox that does not exist fails the start with a message naming it', async () => {
    await expect(startPoller({ mailbox: 'Requests' })).rejects.toThrow(
      `IMAP mailbox "Requests" at 127.0.0.1:${dovecot.port} cannot be used`,
    );
  });

  test('a wrong password fails the start with a message naming the login', async () => {
    await expect(startPoller({ password: 'wrong' })).rejects.toThrow(
      `IMAP login as ${dovecot.user} at 127.0.0.1:${dovecot.port} was refused`,
    );
  });
});

describe('the IMAP URL', () => {
  test('imaps means TLS on port 993, with the user and password URL-decoded', () => {
    expect(imapOptionsFromUrl('imaps://support%40netix.example:p%40ss@imap.netix.example')).toEqual({
      host: 'imap.netix.example',
      port: 993,
      secure: true,
      user: 'support@netix.example',
      password: 'p@ss',
      mailbox: 'INBOX',
      processedMailbox: undefined,
      pollIntervalMs: 60_000,
    });
  });

  test('imap on its own port, with the mailboxes named', () => {
    expect(
      imapOptionsFromUrl('imap://desk:secret@127.0.0.1:1143', 'Requests', 'Requests/Done'),
    ).toMatchObject({
      host: '127.0.0.1',
      port: 1143,
      secure: false,
      mailbox: 'Requests',
      processedMailbox: 'Requests/Done',
    });
  });

  test('another scheme is refused with an example of the right form', () => {
    expect(() => imapOptionsFromUrl('https://mail.example.com')).toThrow(/imaps:\/\/support%40example\.com/);
  });
});
