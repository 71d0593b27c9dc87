// The staff API over real HTTP: health, the OpenAPI contract, bearer tokens, problem+json errors.
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem();
  token = await system.addStaff('anna@netix.example', 'specialist');
});

afterAll(async () => {
  await system?.close();
});

test('GET /healthz answers 200 when PostgreSQL and Temporal are reachable', async () => {
  const response = await fetch(`${system.apiUrl}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', postgres: 'ok', temporal: 'ok' });
});

test('GET /readyz answers 200 when PostgreSQL, Temporal and the SMTP listener are ready', async () => {
  const answer = await system.api('', '/readyz');
  expect(answer).toEqual({
    status: 200,
    body: { status: 'ready', postgres: 'ok', temporal: 'ok', smtp: 'ok', draining: false },
  });
});

test('the OpenAPI document is served without a token and describes the ticket routes', async () => {
  const response = await fetch(`${system.apiUrl}/api/openapi.json`);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toMatch(/^3\./);
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining(['/api/tickets', '/api/tickets/{number}', '/api/tickets/{number}/resolve']),
  );
});

test('a request without a valid bearer token is refused with 401 problem+json', async () => {
  const response = await fetch(`${system.apiUrl}/api/tickets`);
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(((await response.json()) as { detail: string }).detail).toMatch(/Bearer/);
  expect((await system.api('wrong-token', '/api/tickets')).status).toBe(401);
});

test('staff find a ticket by number with its history, and list it by client', async () => {
  const since = system.sink.mark();
  await system.sendMail({
    from: 'petr@client.example',
    subject: 'Ошибка печати',
    text: 'Не печатает отчёт.',
  });
  const receipt = await system.sink.waitFor(
    (letter) => letter.kind === 'receipt' && letter.to.includes('petr@client.example'),
    { after: since },
  );
  const number = /TRC-\d{6}/.exec(receipt.subject)![0];

  const ticket = await eventually(async () => {
    const response = await system.api(token, `/api/tickets/${number}`);
    expect(response.body.history.map((event: { kind: string }) => event.kind)).toEqual([
      'request_received',
      'auto_triage',
      'letter_sent',
    ]);
    return response;
  });
  expect(ticket.status).toBe(200);
  expect(ticket.body).toMatchObject({
    number,
    status: 'awaiting_triage',
    subject: 'Ошибка печати',
    client: { email: 'petr@client.example' },
    language: 'ru',
  });
  expect(ticket.body.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

  const list = await system.api(token, '/api/tickets?client=petr@client.example');
  expect(list.body.tickets.map((t: { number: string }) => t.number)).toEqual([number]);
});

test('an unknown ticket is 404 and a bad filter is 422 naming the field', async () => {
  expect((await system.api(token, '/api/tickets/TRC-999999')).status).toBe(404);
  const bad = await system.api(token, '/api/tickets?status=sleeping');
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('status');
});
