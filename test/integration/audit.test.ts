// Every staff change, token issue or revocation and failed authentication is in the audit log, with who,
// when, what, the outcome, the address and the client; admins read it through GET /api/audit. No token ever.
import { act, openTicket } from '../support/tickets';
import { rawRequest } from '../support/rawHttp';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let adminToken: string;
let annaToken: string;

beforeAll(async () => {
  system = await startTestSystem();
  adminToken = await system.addStaff('olga@netix.example', 'admin');
  annaToken = await system.addStaff('anna@netix.example', 'specialist');
});
afterAll(async () => {
  await system?.close();
});

async function audit(query: string) {
  const answer = await system.api(adminToken, `/api/audit?${query}`);
  expect(answer.status).toBe(200);
  return answer.body as { entries: Record<string, any>[]; nextCursor: string | null }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every stored column of the audit log as text, to look for what must never be there. */
async function wholeAuditLog(): Promise<string> {
  const { rows } = await system.db.query('SELECT row_to_json(a)::text AS line FROM audit_log a');
  return rows.map((row: { line: string }) => row.line).join('\n');
}

test('a ticket action is recorded with who, the action and its fields, the outcome, the address and the client', async () => {
  const { number } = await openTicket(system);
  const triage = { urgency: 'high', rootCause: 'product_defect', estimateMinutes: 90 };

  const answer = await act(system, annaToken, number, 'triage', triage);
  expect(answer.status).toBe(200);

  const { entries } = await audit(`ticket=${number}`);
  expect(entries).toEqual([
    {
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: 'anna@netix.example',
      action: 'triage',
      method: 'POST',
      route: '/api/tickets/:number/:action',
      ticket: number,
      changes: triage,
      status: 200,
      remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: expect.any(String),
    },
  ]);
});

test('a refused action is recorded with its refusal', async () => {
  const { number } = await openTicket(system);

  const refused = await act(system, annaToken, number, 'resolve', { whatWasFixed: 'x' });
  expect(refused.status).toBe(422);

  const { entries } = await audit(`ticket=${number}&action=resolve`);
  expect(entries).toMatchObject([
    { actor: 'anna@netix.example', status: 422, changes: { whatWasFixed: 'x' } },
  ]);
});

test('adding a specialist is recorded with the body, and the token it answers is stored nowhere', async () => {
  const added = await system.api(adminToken, '/api/specialists', {
    body: { email: 'ivan@netix.example', name: 'Ivan', role: 'lead', skills: ['database'] },
  });
  expect(added.status).toBe(201);

  const { entries } = await audit('action=POST%20/api/specialists');
  expect(entries[0]).toMatchObject({
    actor: 'olga@netix.example',
    status: 201,
    changes: { email: 'ivan@netix.example', name: 'Ivan', role: 'lead', skills: ['database'] },
  });
  const issued = await audit('action=token_issued&actor=olga@netix.example');
  expect(issued.entries[0]?.changes).toMatchObject({ staff: 'ivan@netix.example' });
  expect(await wholeAuditLog()).not.toContain(added.body.token);
});

test('rotating and revoking a token are recorded; neither token is', async () => {
  const oldToken = await system.addStaff('boris@netix.example');
  const { body } = await system.api(adminToken, '/api/specialists');
  const boris = body.specialists.find((member: { email: string }) => member.email === 'boris@netix.example');
  const since = new Date().toISOString();

  const rotated = await system.api(adminToken, `/api/specialists/${boris.id}/token`, { method: 'POST' });
  await system.api(adminToken, `/api/specialists/${boris.id}/token`, { method: 'DELETE' });

  const { entries } = await audit(`actor=olga@netix.example&from=${encodeURIComponent(since)}`);
  expect(entries.map((entry) => [entry.action, entry.status])).toEqual([
    ['token_revoke_requested', 200],
    ['token_revoked', null],
    ['token_rotate_requested', 201],
    ['token_issued', null],
    ['token_revoked', null],
  ]);
  expect(entries.every((entry) => entry.remoteAddress && entry.userAgent)).toBe(true);
  const log = await wholeAuditLog();
  expect(log).not.toContain(oldToken);
  expect(log).not.toContain(rotated.body.token);
});

test('a failed authentication is recorded without the token; a revoked one names its owner', async () => {
  const guess = 'trc_guessedGuessedGuessedGuessed00';
  const refused = await rawRequest(system.apiUrl, { path: '/api/tickets?status=scheduled', token: guess });
  expect(refused.status).toBe(401);
  const revokedToken = await system.addStaff('vera@netix.example');
  await system.db.query(
    `UPDATE staff_tokens SET revoked_at = now() WHERE staff_id = (SELECT id FROM staff WHERE email = 'vera@netix.example')`,
  );
  expect((await system.api(revokedToken, '/api/tickets', { method: 'POST', body: {} })).status).toBe(401);

  const { entries } = await audit('action=authentication_failed&status=401');
  expect(entries.slice(0, 2)).toMatchObject([
    { actor: 'vera@netix.example', method: 'POST', route: '/api/tickets' },
    { actor: null, method: 'GET', route: '/api/tickets', changes: null },
  ]);
  const log = await wholeAuditLog();
  expect(log).not.toContain(guess);
  expect(log).not.toContain(revokedToken);
});

test('secrets in a request body are not kept', async () => {
  const { body } = await system.api(adminToken, '/api/specialists');
  const anna = body.specialists.find((member: { email: string }) => member.email === 'anna@netix.example');

  await system.api(adminToken, `/api/specialists/${anna.id}`, {
    method: 'PATCH',
    body: { name: 'Anna Ivanova', password: 'hunter2', token: annaToken },
  });

  const { entries } = await audit(`action=PATCH%20/api/specialists/:id`);
  expect(entries[0]).toMatchObject({
    status: 200,
    changes: { name: 'Anna Ivanova', password: '[redacted]', token: '[redacted]' },
  });
  const log = await wholeAuditLog();
  expect(log).not.toContain('hunter2');
  expect(log).not.toContain(annaToken);
});

test('reading the log does not add to it, and pages follow the cursor to the end without repeats', async () => {
  const all = await audit('limit=500');
  const seen: number[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page = await audit(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.entries.map((entry) => entry.id as number));
    cursor = page.nextCursor;
  }
  expect(seen).toEqual(all.entries.map((entry) => entry.id));
  expect(seen.length).toBeGreaterThan(4);
});

test('filters by outcome and time select only what matches', async () => {
  const everything = await audit('limit=500');
  const refusals = await audit('status=422');
  expect(refusals.entries.length).toBeGreaterThan(0);
  expect(refusals.entries.every((entry) => entry.status === 422)).toBe(true);
  const future = await audit(`from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
  expect(future.entries).toEqual([]);
  const past = await audit(`to=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`);
  expect(past.entries).toEqual([]);
  expect(everything.entries.length).toBeGreaterThan(refusals.entries.length);
});

test('only admins read the log, and a bad filter is 422 naming it', async () => {
  expect((await system.api(annaToken, '/api/audit')).status).toBe(403);
  for (const query of ["actor=' OR 1=1 --", 'ticket=1;DROP TABLE audit_log', 'status=abc', 'cursor=-1']) {
    const answer = await system.api(adminToken, `/api/audit?${query.replace(/ /g, '%20')}`);
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].field).toBe(query.split('=')[0]);
  }
  expect((await audit('limit=1')).entries).toHaveLength(1);
});

test('a body the guards refused is recorded with the refusal, not the body', async () => {
  const { number } = await openTicket(system);

  const answer = await act(system, annaToken, number, 'comment', { text: 'a\u0000b' });
  expect(answer.status).toBe(400);

  const { entries } = await audit(`ticket=${number}&action=comment`);
  expect(entries).toMatchObject([
    { actor: 'anna@netix.example', status: 400, changes: { omitted: expect.stringMatching(/NUL/) } },
  ]);
});
