// The staff console signs in with a token or a mailed one-time link, and then works with an HttpOnly cookie alone;
// changes made with the cookie need the session's CSRF token, bearer tokens still need none.
import type { CapturedLetter } from '../support/smtpSink';
import { assertDescribedAnswer } from '../support/openapiValidation';
import { openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let adminToken: string;
let annaToken: string;

beforeAll(async () => {
  // Many refusals come from one address here; the limit on guessing has its own test below.
  system = await startTestSystem({ AUTH_FAILURES_PER_MINUTE: '1000' });
  adminToken = await system.addStaff('olga@netix.example', 'admin');
  annaToken = await system.addStaff('anna@netix.example', 'specialist');
});
afterAll(async () => {
  await system?.close();
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  setCookie: string[];
}

/** A request as the browser console makes it: no bearer token, the cookie if it has one, the CSRF header if set. */
async function browser(
  route: string,
  init: { method?: string; body?: unknown; cookie?: string; csrf?: string } = {},
  on: TestSystem = system,
): Promise<Answer> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf !== undefined) headers['x-csrf-token'] = init.csrf;
  const response = await fetch(`${on.apiUrl}${route}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  assertDescribedAnswer(method, route, response.status, response.headers.get('content-type'), body);
  return { status: response.status, body, setCookie: response.headers.getSetCookie() };
}

/** `triceps_session=…`, as the browser would send it back. */
function cookieOf(answer: Answer): string {
  const set = answer.setCookie.find((line) => line.startsWith('triceps_session='));
  if (!set) throw new Error(`no session cookie set: ${JSON.stringify(answer.setCookie)}`);
  return set.split(';')[0]!;
}

async function signInWithToken(token: string) {
  const answer = await browser('/api/session', { body: { token } });
  expect(answer.status).toBe(200);
  return { cookie: cookieOf(answer), csrf: answer.body.csrfToken as string, answer };
}

const isSignInLetterTo = (address: string) => (letter: CapturedLetter) =>
  letter.to.includes(address) && letter.headers.get('x-triceps-letter') === 'sign_in_link';

/** Asks for a link for `email` and answers the code in the letter that arrives. */
async function mailedCode(email: string): Promise<{ code: string; letter: CapturedLetter }> {
  const after = system.sink.mark();
  const asked = await browser('/api/session/link', { body: { email } });
  expect(asked).toMatchObject({ status: 202, body: { sent: true } });
  const letter = await system.sink.waitFor(isSignInLetterTo(email), { after });
  const link = new RegExp(`${system.apiUrl.replaceAll('.', '\\.')}/#/sign-in/(trl_[\\w-]+)`).exec(
    letter.text,
  );
  if (!link) throw new Error(`no sign-in link in the letter: ${letter.text}`);
  return { code: link[1]!, letter };
}

async function idOf(email: string): Promise<number> {
  const { body } = await system.api(adminToken, '/api/specialists');
  return body.specialists.find((member: { email: string }) => member.email === email).id;
}

async function auditEntries(action: string, actor?: string) {
  const answer = await system.api(
    adminToken,
    `/api/audit?action=${action}${actor ? `&actor=${encodeURIComponent(actor)}` : ''}`,
  );
  expect(answer.status).toBe(200);
  return answer.body.entries as Record<string, unknown>[];
}

test('a token signs in: an HttpOnly SameSite=Strict cookie, and GET /api/tickets works with the cookie alone', async () => {
  const { cookie, answer } = await signInWithToken(annaToken);

  expect(answer.body).toEqual({
    staff: {
      id: await idOf('anna@netix.example'),
      email: 'anna@netix.example',
      name: 'anna',
      role: 'specialist',
    },
    csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
    expiresAt: expect.any(String),
  });
  const hoursLeft = (Date.parse(answer.body.expiresAt) - Date.now()) / 3_600_000;
  expect(hoursLeft).toBeGreaterThan(11.9);
  expect(hoursLeft).toBeLessThanOrEqual(12);
  const [setCookie] = answer.setCookie;
  expect(setCookie).toMatch(/^triceps_session=trs_[\w-]{40,}; /);
  expect(setCookie).toMatch(/; HttpOnly/);
  expect(setCookie).toMatch(/; SameSite=Strict/);
  expect(setCookie).toMatch(/; Path=\//);
  expect(setCookie).toMatch(/; Max-Age=4319\d/); // 12 hours, less the moment it took
  expect(setCookie).not.toMatch(/Secure/); // the request came over plain http

  const tickets = await browser('/api/tickets', { cookie });
  expect(tickets.status).toBe(200);
  expect(Array.isArray(tickets.body.tickets)).toBe(true);
  const current = await browser('/api/session', { cookie });
  expect(current).toMatchObject({ status: 200, body: answer.body });

  expect((await browser('/api/tickets')).status).toBe(401);
  expect((await browser('/api/session')).status).toBe(401);
  expect(
    (await browser('/api/tickets', { cookie: 'triceps_session=trs_made_up_by_someone_else' })).status,
  ).toBe(401);
});

test('an unknown, expired or revoked token does not sign in', async () => {
  const unknown = await browser('/api/session', { body: { token: 'trc_not_a_real_token_at_all_0123' } });
  expect(unknown.status).toBe(401);
  expect(unknown.body.detail).toMatch(/not known/);
  expect(unknown.setCookie).toEqual([]);

  const token = await system.addStaff('expired@netix.example');
  await system.db.query(
    `UPDATE staff_tokens SET expires_at = now() - interval '1 minute'
      WHERE staff_id = (SELECT id FROM staff WHERE email = 'expired@netix.example')`,
  );
  const expired = await browser('/api/session', { body: { token } });
  expect(expired.status).toBe(401);
  expect(expired.body.detail).toMatch(/expired on/);

  const revokedToken = await system.addStaff('revoked@netix.example');
  await system.db.query(
    `UPDATE staff_tokens SET revoked_at = now()
      WHERE staff_id = (SELECT id FROM staff WHERE email = 'revoked@netix.example')`,
  );
  const revoked = await browser('/api/session', { body: { token: revokedToken } });
  expect(revoked.status).toBe(401);
  expect(revoked.body.detail).toMatch(/revoked on/);

  expect((await browser('/api/session', { body: { token: annaToken, code: 'x' } })).status).toBe(422);
});

test('a change with the cookie needs the X-CSRF-Token header: without it or with a wrong one 403, with it done', async () => {
  const { number } = await openTicket(system);
  const { cookie, csrf } = await signInWithToken(annaToken);
  const comment = (csrfHeader?: string) =>
    browser(`/api/tickets/${number}/comment`, { body: { text: 'Смотрю логи' }, cookie, csrf: csrfHeader });

  const without = await comment();
  expect(without.status).toBe(403);
  expect(without.body.title).toBe('CSRF token missing or wrong');
  expect(without.body.detail).toMatch(/X-CSRF-Token/);
  const wrong = await comment(`${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`);
  expect(wrong.status).toBe(403);
  const ticketBefore = await system.api(annaToken, `/api/tickets/${number}`);
  expect(JSON.stringify(ticketBefore.body)).not.toContain('Смотрю логи');

  const done = await comment(csrf);
  expect(done.status).toBe(200);
  const ticket = await system.api(annaToken, `/api/tickets/${number}`);
  expect(JSON.stringify(ticket.body)).toContain('Смотрю логи');
  const [entry] = await auditEntries('comment', 'anna@netix.example');
  expect(entry).toMatchObject({ ticket: number, status: 200 });
});

test('a bearer token still works with no CSRF header', async () => {
  const answer = await system.api(annaToken, '/api/tickets/TRC-999999/comment', { body: { text: 'x' } });
  expect(answer.status).toBe(404); // past authentication and the CSRF check, to the route
});

test('a mailed link signs in once: the letter carries it, the code works the first time only', async () => {
  const { code, letter } = await mailedCode('anna@netix.example');
  expect(letter.subject).toBe('Вход в консоль Triceps Support / Sign-in link');
  expect(letter.text.indexOf('Чтобы войти')).toBeLessThan(letter.text.indexOf('To sign in'));
  expect(letter.text).toContain(`${system.apiUrl}/#/sign-in/${code}`);

  const first = await browser('/api/session', { body: { code } });
  expect(first.status).toBe(200);
  expect(first.body.staff.email).toBe('anna@netix.example');
  expect((await browser('/api/tickets', { cookie: cookieOf(first) })).status).toBe(200);

  const second = await browser('/api/session', { body: { code } });
  expect(second.status).toBe(401);
  expect(second.body.detail).toMatch(/already used/);
  expect(second.setCookie).toEqual([]);
});

test('an unknown address is answered 202 as well, and no letter is sent', async () => {
  const after = system.sink.mark();
  const unknown = await browser('/api/session/link', { body: { email: 'nobody@netix.example' } });
  expect(unknown).toMatchObject({ status: 202, body: { sent: true } });
  // A letter asked for afterwards arrives; by then the first would have, had it been sent.
  await mailedCode('anna@netix.example');
  expect(
    system.sink.letters.slice(after).filter((letter) => letter.to.includes('nobody@netix.example')),
  ).toEqual([]);
  const [unknownEntry] = (await auditEntries('sign_in_link_requested')).filter(
    (candidate) => (candidate.changes as { email: string }).email === 'nobody@netix.example',
  );
  expect(unknownEntry).toMatchObject({ actor: null, status: 202 });
});

test('a code older than 15 minutes is refused', async () => {
  const { code } = await mailedCode('anna@netix.example');
  await system.db.query(
    `UPDATE sign_in_links SET created_at = created_at - interval '15 minutes',
                              expires_at = expires_at - interval '15 minutes'
      WHERE id = (SELECT max(id) FROM sign_in_links)`,
  );
  const answer = await browser('/api/session', { body: { code } });
  expect(answer.status).toBe(401);
  expect(answer.body.detail).toMatch(/expired on/);
});

test('at most 5 links an address in 15 minutes: the 6th request is answered alike, but no letter goes', async () => {
  await system.addStaff('petr@netix.example');
  const after = system.sink.mark();
  for (let i = 0; i < 6; i++) {
    expect((await browser('/api/session/link', { body: { email: 'petr@netix.example' } })).status).toBe(202);
  }
  await mailedCode('anna@netix.example'); // a later letter: the earlier ones have arrived by now
  expect(system.sink.letters.slice(after).filter(isSignInLetterTo('petr@netix.example'))).toHaveLength(5);
  const entries = await auditEntries('sign_in_link_requested', 'petr@netix.example');
  expect(entries.map((entry) => (entry.changes as { letter: string }).letter)).toEqual([
    expect.stringMatching(/^held back: 5 links/),
    'mailed',
    'mailed',
    'mailed',
    'mailed',
    'mailed',
  ]);
});

test('signing out ends the session: DELETE needs the CSRF header, then the cookie opens nothing', async () => {
  const { cookie, csrf } = await signInWithToken(annaToken);

  expect((await browser('/api/session', { method: 'DELETE', cookie })).status).toBe(403);
  expect((await browser('/api/tickets', { cookie })).status).toBe(200);

  const out = await browser('/api/session', { method: 'DELETE', cookie, csrf });
  expect(out.status).toBe(204);
  expect(out.setCookie).toEqual([expect.stringMatching(/^triceps_session=; Max-Age=0; Path=\/;.*HttpOnly/)]);

  const after = await browser('/api/tickets', { cookie });
  expect(after.status).toBe(401);
  expect(after.body.detail).toMatch(/session ended on/);
  expect((await browser('/api/session', { cookie })).status).toBe(401);
});

test('a session ends after STAFF_SESSION_HOURS', async () => {
  const { cookie } = await signInWithToken(annaToken);
  await system.db.query(
    `UPDATE console_sessions SET expires_at = now() - interval '1 second' WHERE id = (SELECT max(id) FROM console_sessions)`,
  );
  const answer = await browser('/api/tickets', { cookie });
  expect(answer.status).toBe(401);
  expect(answer.body.detail).toMatch(/session expired on/);
});

test("revoking a member's tokens ends their console sessions, by token and by link alike", async () => {
  const borisToken = await system.addStaff('boris@netix.example');
  const byToken = await signInWithToken(borisToken);
  const { code } = await mailedCode('boris@netix.example');
  const byLink = cookieOf(await browser('/api/session', { body: { code } }));
  expect((await browser('/api/tickets', { cookie: byToken.cookie })).status).toBe(200);
  expect((await browser('/api/tickets', { cookie: byLink })).status).toBe(200);

  const id = await idOf('boris@netix.example');
  const revoked = await system.api(adminToken, `/api/specialists/${id}/token`, { method: 'DELETE' });
  expect(revoked).toMatchObject({ status: 200, body: { revoked: 1 } });

  expect((await browser('/api/tickets', { cookie: byToken.cookie })).status).toBe(401);
  expect((await browser('/api/tickets', { cookie: byLink })).status).toBe(401);
});

test('rotating a token ends the sessions signed in with the old one, not those from a link', async () => {
  const token = await system.addStaff('vera@netix.example');
  const byToken = await signInWithToken(token);
  const { code } = await mailedCode('vera@netix.example');
  const byLink = cookieOf(await browser('/api/session', { body: { code } }));

  const id = await idOf('vera@netix.example');
  expect((await system.api(adminToken, `/api/specialists/${id}/token`, { method: 'POST' })).status).toBe(201);

  expect((await browser('/api/tickets', { cookie: byToken.cookie })).status).toBe(401);
  expect((await browser('/api/tickets', { cookie: byLink })).status).toBe(200);
});

test('the audit log has sign-ins with their method, failures, link requests and sign-outs, never a secret', async () => {
  const token = await system.addStaff('galina@netix.example');
  const viaToken = await signInWithToken(token);
  const { code } = await mailedCode('galina@netix.example');
  const viaLink = await browser('/api/session', { body: { code } });
  expect(viaLink.status).toBe(200);
  expect((await browser('/api/session', { body: { code } })).status).toBe(401);
  expect(
    (await browser('/api/session', { method: 'DELETE', cookie: viaToken.cookie, csrf: viaToken.csrf }))
      .status,
  ).toBe(204);

  const of = (action: string) => auditEntries(action, 'galina@netix.example');
  expect(await of('signed_in')).toEqual([
    expect.objectContaining({ route: '/api/session', changes: { method: 'link' }, status: 200 }),
    expect.objectContaining({ route: '/api/session', changes: { method: 'token' }, status: 200 }),
  ]);
  expect(await of('sign_in_failed')).toEqual([
    expect.objectContaining({ changes: { method: 'link' }, status: 401 }),
  ]);
  expect(await of('sign_in_link_requested')).toEqual([
    expect.objectContaining({ changes: { email: 'galina@netix.example', letter: 'mailed' }, status: 202 }),
  ]);
  expect(await of('signed_out')).toEqual([expect.objectContaining({ method: 'DELETE', status: 204 })]);

  const { rows } = await system.db.query('SELECT row_to_json(a)::text AS line FROM audit_log a');
  const log = rows.map((row: { line: string }) => row.line).join('\n');
  for (const secret of [token, code, viaToken.cookie.split('=')[1]!, cookieOf(viaLink).split('=')[1]!]) {
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(/tr[csl]_[\w-]{20}/);
});

describe('with a small limit on failed authentications, and CONSOLE_URL set', () => {
  let limited: TestSystem;
  beforeAll(async () => {
    limited = await startTestSystem({
      AUTH_FAILURES_PER_MINUTE: '3',
      CONSOLE_URL: 'https://support.netix.example',
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  test('the sign-in link points at CONSOLE_URL, not at whoever asked', async () => {
    await limited.addStaff('irina@netix.example');
    const after = limited.sink.mark();
    const asked = await browser('/api/session/link', { body: { email: 'irina@netix.example' } }, limited);
    expect(asked.status).toBe(202);
    const letter = await limited.sink.waitFor(isSignInLetterTo('irina@netix.example'), { after });
    expect(letter.text).toMatch(/https:\/\/support\.netix\.example\/#\/sign-in\/trl_[\w-]{40,}/);
    expect(letter.text).not.toContain(limited.apiUrl);
  });

  // Last: it leaves this address blocked for a minute.
  test('guessing codes is cut off after the limit, while a console merely checking for a session is not counted', async () => {
    for (let i = 0; i < 5; i++) expect((await browser('/api/session', {}, limited)).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const guess = await browser(
        '/api/session',
        { body: { code: `trl_guess_number_${i}_abcdefgh` } },
        limited,
      );
      expect(guess.status).toBe(401);
    }
    const fourth = await browser('/api/session', { body: { code: 'trl_guess_number_4_abcdefgh' } }, limited);
    expect(fourth.status).toBe(429);
  });
});
