// Voice support as the paid extra it is, through real SMTP, Temporal and PostgreSQL on the Russian production
// calendar: a client whose organisation did not buy it (or who has none) is told so in the receipt, in their own
// language; a client whose organisation bought it gets a callback booked as voice work (65 % more effort) and is
// told the call's date and time. A ticket keeps the contract it arrived under.
import { isWorkingMoment, nextWorkingMoment, russianCalendar } from '../../domain/calendar';
import { MINUTE } from '../../domain/policy';
import { act, asWritten, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;
let withoutVoice: number;
let callback: string; // the ticket worked by phone
let byMail: string; // the same organisation's ticket by mail
const moscow = russianCalendar();

beforeAll(async () => {
  // No promise margin, so that a booking's effort is the estimate itself or the voice effort alone.
  system = await startTestSystem(
    { SUPPORT_CALENDAR: 'russia', VOICE_ORDER_ADDRESS: 'sales@netix.example' },
    { ackWorkingMs: 120 * MINUTE, promiseMarginShare: 0 },
  );
  lead = await system.addStaff('lead@netix.example', 'lead');
  await system.addStaff('anna@netix.example');
  withoutVoice = (await createOrganisation('Стройкомплект', 'stroy.example', false)).id;
  await createOrganisation('Голос и Ко', 'golos.example', true);
}, 60_000);

afterAll(async () => {
  await system?.close();
});

async function createOrganisation(name: string, domain: string, voiceSupport: boolean) {
  const created = await system.api(lead, '/api/organisations', {
    body: { name, domains: [domain], voiceSupport },
  });
  expect(created.status).toBe(201);
  return created.body.organisation as { id: number };
}

async function ticket(number: string) {
  return (await system.api(lead, `/api/tickets/${number}`)).body;
}

async function bookingOf(number: string) {
  const booking = await system.db.query<{ effort_minutes: number; channel: string; starts_at: Date }>(
    `SELECT b.effort_minutes, b.channel, b.starts_at FROM bookings b JOIN tickets t ON t.id = b.ticket_id
      WHERE t.number = $1 AND b.cancelled_at IS NULL`,
    [number],
  );
  expect(booking.rows).toHaveLength(1);
  return booking.rows[0]!;
}

const triage = (estimateMinutes: number) => ({ urgency: 'normal', rootCause: 'misuse', estimateMinutes });

test('a client of an organisation without voice support asking for a call is told in Russian that it is paid', async () => {
  const { number, receipt } = await openTicket(system, {
    from: 'buh@stroy.example',
    subject: 'Не проводится накладная',
    text: 'Накладная не проводится, пишет ошибку. Позвоните мне, пожалуйста, так будет быстрее.',
  });
  expect(receipt.text).toContain(`Ваш запрос зарегистрирован под номером ${number}.`);
  expect(receipt.text).toContain('голосовая поддержка — платная услуга');
  expect(receipt.text).toContain('напишите на sales@netix.example');
  const opened = await ticket(number);
  expect(opened.organisation).toMatchObject({ id: withoutVoice, name: 'Стройкомплект', voiceSupport: false });
  expect(opened.phoneRequested).toBe(true);
  expect(opened.history.map((event: { kind: string }) => event.kind)).toContain('voice_requested');
});

test('the same client writing in English is told so in English', async () => {
  const { receipt } = await openTicket(system, {
    from: 'it@stroy.example',
    subject: 'Invoice cannot be posted',
    text: 'The invoice cannot be posted, there is an error. Please call me back, it will be quicker.',
  });
  expect(receipt.text).toContain('voice support is a paid service that is not included for you');
  expect(receipt.text).toContain('write to sales@netix.example and we will send you the terms');
  expect(receipt.text).not.toMatch(/[а-я]/i);
});

test('a client of no organisation is treated as one without the option', async () => {
  const { number, receipt } = await openTicket(system, {
    from: 'ivan@nobody.example',
    subject: 'Вопрос по лицензии',
    text: 'Перезвоните мне по поводу лицензии.',
  });
  expect(receipt.text).toContain('голосовая поддержка — платная услуга');
  expect((await ticket(number)).organisation).toBeNull();
});

test('an organisation with voice support gets a callback booked with 1.65 times the effort, and its time in the letter', async () => {
  const { number, client, receipt } = await openTicket(system, {
    from: 'director@golos.example',
    subject: 'Не формируется отчёт',
    text: 'Отчёт за месяц не формируется. Позвоните мне, пожалуйста.',
  });
  expect(receipt.text).toContain('мы сообщим дату и время звонка специалиста');
  expect(receipt.text).not.toContain('платная услуга');

  const beforeTriage = system.sink.mark();
  const triaged = await act(system, lead, number, 'triage', triage(60));
  expect(triaged.status).toBe(200);
  const booking = await bookingOf(number);
  expect(booking).toMatchObject({ channel: 'voice', effort_minutes: 99 }); // 60 × 1.65

  const callbackAt = (await ticket(number)).callbackAt as string;
  // The call is at the first working moment of the booked work in the specialist's Russian calendar: a request
  // triaged at night, on a weekend or over a holiday is called back the next working morning.
  expect(new Date(callbackAt).getTime()).toBe(nextWorkingMoment(moscow, booking.starts_at).getTime());
  expect(isWorkingMoment(moscow, new Date(callbackAt))).toBe(true);
  const promise = await waitForLetter(system, { to: client, number, kind: 'promise', after: beforeTriage });
  expect(promise.text).toContain(`Специалист позвонит вам ${asWritten(system, callbackAt)}.`);
  expect(promise.text).toContain(asWritten(system, triaged.body.promisedAt));
  callback = number;

  // The same organisation's request by mail alone is booked with the mail estimate.
  byMail = (await openTicket(system, { from: 'director@golos.example', subject: 'Ошибка в отчёте' })).number;
  expect((await act(system, lead, byMail, 'triage', triage(60))).status).toBe(200);
  expect(await bookingOf(byMail)).toMatchObject({ channel: 'email', effort_minutes: 60 });
  expect((await ticket(byMail)).callbackAt).toBeNull();
});

test('a ticket keeps the contract it arrived under: voice bought later does not change a running one', async () => {
  const before = await openTicket(system, {
    from: 'sklad@stroy.example',
    subject: 'Остатки не сходятся',
    text: 'Остатки на складе не сходятся. Позвоните нам.',
  });
  expect(before.receipt.text).toContain('платная услуга');
  const bought = await system.api(lead, `/api/organisations/${withoutVoice}`, {
    method: 'PATCH',
    body: { voiceSupport: true },
  });
  expect(bought.status).toBe(200);
  expect((await act(system, lead, before.number, 'triage', triage(60))).status).toBe(200);
  expect(await bookingOf(before.number)).toMatchObject({ channel: 'email', effort_minutes: 60 });

  const after = await openTicket(system, {
    from: 'sklad@stroy.example',
    subject: 'Снова остатки',
    text: 'Позвоните нам, пожалуйста.',
  });
  expect(after.receipt.text).toContain('мы сообщим дату и время звонка специалиста');
  expect((await act(system, lead, after.number, 'triage', triage(60))).status).toBe(200);
  expect(await bookingOf(after.number)).toMatchObject({ channel: 'voice', effort_minutes: 99 });
});

test('the reports count voice requests, callbacks and explanations by organisation, and effort by channel', async () => {
  expect((await act(system, lead, callback, 'log-time', { minutes: 90 })).status).toBe(200);
  expect((await act(system, lead, byMail, 'log-time', { minutes: 60 })).status).toBe(200);
  const voice = await system.api(lead, '/api/reports/voice');
  expect(voice.status).toBe(200);
  expect(voice.body).toMatchObject({ requests: 6, callbacks: 2, explained: 4, callbackMinutes: 198 });
  expect(voice.body.organisations).toEqual([
    {
      organisation: expect.objectContaining({ name: 'Голос и Ко', voiceSupport: true }),
      requests: 1,
      callbacks: 1,
      explained: 0,
      callbackMinutes: 99,
    },
    {
      organisation: { id: withoutVoice, name: 'Стройкомплект', voiceSupport: true }, // bought it meanwhile
      requests: 4,
      callbacks: 1,
      explained: 3,
      callbackMinutes: 99,
    },
    { organisation: null, requests: 1, callbacks: 0, explained: 1, callbackMinutes: 0 },
  ]);
  const effort = await system.api(lead, '/api/reports/effort?by=channel');
  expect(effort.body.rows).toEqual([
    { key: 'voice', minutes: 90, tickets: 1 },
    { key: 'email', minutes: 60, tickets: 1 },
  ]);
});
