// Client organisations through the API and real mail on the Russian production calendar: who may manage them,
// a sender matched by domain (and subdomain) or assigned by hand, the ticket opened under its organisation, an
// organisation's own time zone counting the acknowledgement deadline, and the reports grouped by organisation.
import { DateTime } from 'luxon';
import { addWorkingTime, russianCalendar } from '../../domain/calendar';
import { HOUR } from '../../domain/policy';
import { act, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;
let anna: string;
let acme: { id: number; name: string };
let beta: { id: number; name: string };
const desk = russianCalendar();

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' }, { ackWorkingMs: 2 * HOUR });
  lead = await system.addStaff('lead@netix.example', 'lead');
  anna = await system.addStaff('anna@netix.example');
}, 60_000);

afterAll(async () => {
  await system?.close();
});

async function ticket(number: string) {
  return (await system.api(lead, `/api/tickets/${number}`)).body;
}

test('a lead adds organisations; a specialist reads them but may not change them', async () => {
  const created = await system.api(lead, '/api/organisations', {
    body: { name: 'Акме', domains: ['@ACME.example'], priority: true },
  });
  expect(created.status).toBe(201);
  expect(created.body.organisation).toMatchObject({
    name: 'Акме',
    domains: ['acme.example'],
    timeZone: null,
    weeklyHours: null,
    voiceSupport: false,
    priority: true,
    clients: 0,
  });
  acme = created.body.organisation;
  beta = (await system.api(lead, '/api/organisations', { body: { name: 'Бета', domains: ['beta.example'] } }))
    .body.organisation;

  const bySpecialist = await system.api(anna, '/api/organisations', { body: { name: 'Гамма' } });
  expect(bySpecialist.status).toBe(403);
  const listed = await system.api(anna, '/api/organisations');
  expect(listed.body.organisations.map((organisation: { name: string }) => organisation.name)).toEqual([
    'Акме',
    'Бета',
  ]);
});

test('a name or a domain another organisation holds is a conflict; a public mail service or a bad zone is refused', async () => {
  const sameName = await system.api(lead, '/api/organisations', { body: { name: 'акме' } });
  expect(sameName.status).toBe(409);
  const sameDomain = await system.api(lead, `/api/organisations/${beta.id}`, {
    method: 'PATCH',
    body: { domains: ['beta.example', 'acme.example'] },
  });
  expect(sameDomain.status).toBe(409);
  expect(sameDomain.body.detail).toContain('acme.example (Акме');
  const publicMail = await system.api(lead, '/api/organisations', {
    body: { name: 'Гамма', domains: ['gmail.com'] },
  });
  expect(publicMail.status).toBe(422);
  expect(publicMail.body.errors[0]).toMatchObject({ field: 'domains.0' });
  const badZone = await system.api(lead, '/api/organisations', {
    body: { name: 'Гамма', timeZone: 'Europe/Atlantis' },
  });
  expect(badZone.status).toBe(422);
  expect(badZone.body.errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
  const noHours = await system.api(lead, '/api/organisations', { body: { name: 'Гамма', weeklyHours: {} } });
  expect(noHours.status).toBe(422);
  expect((await system.api(lead, '/api/organisations')).body.organisations).toHaveLength(2);
});

test('a request from an organisation’s domain or subdomain is opened under it; a stranger’s under none', async () => {
  const fromDomain = await openTicket(system, { from: 'ivan@acme.example' });
  const fromSubdomain = await openTicket(system, { from: 'olga@msk.acme.example' });
  const stranger = await openTicket(system, { from: 'someone@elsewhere.example' });
  const lookalike = await openTicket(system, { from: 'petr@notacme.example' });
  expect((await ticket(fromDomain.number)).organisation).toEqual({
    id: acme.id,
    name: 'Акме',
    voiceSupport: false,
    priority: true,
  });
  expect((await ticket(fromSubdomain.number)).organisation?.id).toBe(acme.id);
  expect((await ticket(stranger.number)).organisation).toBeNull();
  expect((await ticket(lookalike.number)).organisation).toBeNull();

  const listed = await system.api(lead, `/api/tickets?organisation=${acme.id}`);
  expect(listed.body.tickets.map((one: { number: string }) => one.number).sort()).toEqual(
    [fromDomain.number, fromSubdomain.number].sort(),
  );
  const none = await system.api(lead, '/api/tickets?organisation=none');
  expect(none.body.tickets.map((one: { number: string }) => one.number).sort()).toEqual(
    [stranger.number, lookalike.number].sort(),
  );
  expect((await system.api(lead, '/api/tickets?organisation=acme')).status).toBe(422);
});

test('an address assigned by hand beats its domain, until the assignment ends', async () => {
  const assigned = await system.api(lead, `/api/organisations/${beta.id}/clients`, {
    body: { address: 'Director@ACME.example' },
  });
  expect(assigned.status).toBe(201);
  expect(assigned.body).toEqual({
    address: 'director@acme.example',
    organisation: { id: beta.id, name: 'Бета' },
    previousOrganisation: null,
  });
  expect(
    (await system.api(anna, `/api/organisations/${beta.id}/clients`, { body: { address: 'x@y.example' } }))
      .status,
  ).toBe(403);

  const byHand = await openTicket(system, { from: 'director@acme.example' });
  expect((await ticket(byHand.number)).organisation?.id).toBe(beta.id);
  // The same address taken off by hand: its domain decides again.
  const removed = await system.api(
    lead,
    `/api/organisations/${beta.id}/clients/${encodeURIComponent('director@acme.example')}`,
    { method: 'DELETE' },
  );
  expect(removed.status).toBe(204);
  const byDomain = await openTicket(system, { from: 'director@acme.example' });
  expect((await ticket(byDomain.number)).organisation?.id).toBe(acme.id);
  // The ticket opened under Бета stays there: it records the organisation at intake.
  expect((await ticket(byHand.number)).organisation?.id).toBe(beta.id);

  const betaClients = (await system.api(lead, `/api/organisations/${beta.id}`)).body;
  expect(betaClients.clients).toEqual([
    expect.objectContaining({ address: 'director@acme.example', assigned: 'domain', tickets: 1 }),
  ]);
  const acmeClients = (await system.api(lead, `/api/organisations/${acme.id}`)).body;
  expect(acmeClients.organisation.clients).toBe(3); // ivan, olga, director
});

test('an organisation in Vladivostok, working 08:00–17:00 there, is answered within two of its own working hours', async () => {
  const hours = [{ start: '08:00', end: '17:00' }];
  const far = await system.api(lead, '/api/organisations', {
    body: {
      name: 'Дальтранс',
      domains: ['daltrans.example'],
      timeZone: 'Asia/Vladivostok',
      weeklyHours: { '1': hours, '2': hours, '3': hours, '4': hours, '5': hours },
    },
  });
  expect(far.status).toBe(201);
  const { number } = await openTicket(system, { from: 'dispatcher@daltrans.example' });
  const opened = await ticket(number);
  const received = new Date(opened.receivedAt);
  const own = {
    ...desk,
    timeZone: 'Asia/Vladivostok',
    weeklyHours: { 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: [], 7: [] },
  };
  // Its hours (01:00–10:00 in Moscow) and the desk's (09:00–18:00) never end two working hours at the same moment.
  expect(opened.ackDeadline).toBe(addWorkingTime(own, received, 2 * HOUR).toISOString());
  expect(opened.ackDeadline).not.toBe(addWorkingTime(desk, received, 2 * HOUR).toISOString());
  expect(opened.organisation).toMatchObject({ name: 'Дальтранс' });
});

test('reports: emergencies per 100 clients, effort by organisation and channel, voice requests, by organisation', async () => {
  const emergency = await openTicket(system, {
    from: 'ivan@acme.example',
    subject: 'Авария',
    text: 'Авария! Ничего не работает у всех пользователей.',
  });
  expect((await ticket(emergency.number)).urgency).toBe('emergency');
  const assessed = await openTicket(system, { from: 'olga@msk.acme.example', subject: 'Отчёт' });
  expect(
    (
      await act(system, lead, assessed.number, 'triage', {
        urgency: 'normal',
        rootCause: 'misuse',
        estimateMinutes: 30,
      })
    ).status,
  ).toBe(200);
  expect((await act(system, anna, assessed.number, 'log-time', { minutes: 40 })).status).toBe(200);
  const strangers = await system.api(lead, '/api/tickets?organisation=none');
  expect(
    (await act(system, anna, strangers.body.tickets[0].number, 'log-time', { minutes: 15 })).status,
  ).toBe(200);

  const now = DateTime.now();
  const to = now.plus({ minutes: 1 }).toUTC().toISO();
  const from = now.minus({ days: 10 }).toUTC().toISO();
  const emergencies = await system.api(
    lead,
    `/api/reports/emergencies?from=${from}&to=${to}&by=organisation`,
  );
  expect(emergencies.status).toBe(200);
  const thisMonth = emergencies.body.months.at(-1);
  expect(thisMonth.organisations).toEqual(
    expect.arrayContaining([
      { organisation: { id: acme.id, name: 'Акме' }, emergencies: 1, clients: 3, per100Clients: 33.33 },
      { organisation: { id: beta.id, name: 'Бета' }, emergencies: 0, clients: 1, per100Clients: 0 },
      { organisation: null, emergencies: 0, clients: 2, per100Clients: 0 },
    ]),
  );
  const plain = await system.api(lead, `/api/reports/emergencies?from=${from}&to=${to}`);
  expect(plain.body.months.at(-1).organisations).toBeUndefined();

  const effort = await system.api(lead, `/api/reports/effort?from=${from}&to=${to}&by=organisation`);
  expect(effort.body.rows).toEqual([
    { key: String(acme.id), name: 'Акме', minutes: 40, tickets: 1 },
    { key: 'none', name: null, minutes: 15, tickets: 1 },
  ]);
  const channels = await system.api(lead, `/api/reports/effort?from=${from}&to=${to}&by=channel`);
  expect(channels.body.rows).toEqual([{ key: 'email', minutes: 55, tickets: 2 }]);

  const voice = await system.api(lead, `/api/reports/voice?from=${from}&to=${to}`);
  expect(voice.status).toBe(200);
  expect(voice.body).toMatchObject({ requests: 0, callbacks: 0, explained: 0, organisations: [] });
});

test('a priority organisation’s normal request goes into the queue as high', async () => {
  const { number } = await openTicket(system, { from: 'ivan@acme.example', subject: 'Вопрос' });
  expect(
    (
      await act(system, lead, number, 'triage', {
        urgency: 'normal',
        rootCause: 'misuse',
        estimateMinutes: 30,
      })
    ).status,
  ).toBe(200);
  const booking = await system.db.query(
    `SELECT b.urgency FROM bookings b JOIN tickets t ON t.id = b.ticket_id WHERE t.number = $1 AND b.cancelled_at IS NULL`,
    [number],
  );
  expect(booking.rows).toEqual([{ urgency: 'high' }]);
  expect((await ticket(number)).urgency).toBe('normal');
});
