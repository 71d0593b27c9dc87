// Hostile callers: token guessing and hammering the expensive routes are rate-limited (429 with Retry-After);
// oversized, malformed, deeply nested or injected input answers 4xx problem+json and changes nothing.
import { openTicket, type OpenedTicket } from '../support/tickets';
import { rawRequest, type RawAnswer } from '../support/rawHttp';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;
let otherToken: string;
let ticket: OpenedTicket;

beforeAll(async () => {
  system = await startTestSystem({ AUTH_FAILURES_PER_MINUTE: '3', SEARCHES_PER_MINUTE: '2' });
  token = await system.addStaff('anna@netix.example', 'lead');
  otherToken = await system.addStaff('boris@netix.example', 'lead');
  ticket = await openTicket(system);
});
afterAll(async () => {
  await system?.close();
});

function expectProblem(answer: RawAnswer, status: number, title?: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, ...(title ? { title } : {}) });
}

/** What a hostile request could have changed: the ticket as staff see it, the staff, the tickets. */
async function record() {
  const view = await system.api(token, `/api/tickets/${ticket.number}`);
  const staff = await system.api(token, '/api/specialists');
  const tickets = await system.db.query('SELECT count(*)::int AS n FROM tickets');
  return { view: view.body, staff: staff.body, tickets: tickets.rows[0] };
}

describe('rate limits', () => {
  const period = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
  const report = `/api/reports/promise-accuracy?from=${period.from}&to=${period.to}`;

  test('after 3 failed authentications a minute from one address, it gets 429 with Retry-After, right token or not', async () => {
    const guesser = '127.0.0.7';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const guess = await rawRequest(system.apiUrl, {
        path: '/api/tickets',
        token: `trc_guess${attempt}`,
        localAddress: guesser,
      });
      expectProblem(guess, 401);
    }

    const blocked = await rawRequest(system.apiUrl, {
      path: '/api/tickets',
      token: 'trc_guess4',
      localAddress: guesser,
    });
    expectProblem(blocked, 429, 'Too Many Requests');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    const right = await rawRequest(system.apiUrl, { path: '/api/tickets', token, localAddress: guesser });
    expectProblem(right, 429);

    const elsewhere = await rawRequest(system.apiUrl, {
      path: '/api/tickets',
      token,
      localAddress: '127.0.0.8',
    });
    expect(elsewhere.status).toBe(200);
  });

  test('requests that authenticate do not count towards the limit', async () => {
    for (let request = 0; request < 10; request++) {
      const answer = await rawRequest(system.apiUrl, {
        path: '/api/tickets',
        token,
        localAddress: '127.0.0.9',
      });
      expect(answer.status).toBe(200);
    }
  });

  test('reports past 2 a minute with one token get 429 with Retry-After; another token still gets its own', async () => {
    for (let request = 0; request < 2; request++) {
      expect((await rawRequest(system.apiUrl, { path: report, token })).status).toBe(200);
    }

    const limited = await rawRequest(system.apiUrl, { path: report, token });
    expectProblem(limited, 429, 'Too Many Requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await rawRequest(system.apiUrl, { path: report, token: otherToken })).status).toBe(200);
    expect((await rawRequest(system.apiUrl, { path: '/api/tickets', token })).status).toBe(200);
  });
});

describe('bodies', () => {
  const comment = () => `/api/tickets/${ticket.number}/comment`;

  test('a body over 1 MB answers 413 "Content Too Large" and records nothing', async () => {
    const before = await record();
    const huge = JSON.stringify({ text: 'я'.repeat(600_000) }); // 1.2 MB of UTF-8

    const answer = await rawRequest(system.apiUrl, { path: comment(), token, body: huge });

    expectProblem(answer, 413, 'Content Too Large');
    expect(await record()).toEqual(before);
  });

  test.each([
    ['malformed JSON', Buffer.from('{"text": "Проверка",')],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]),
    ],
    ['JSON nested 21 deep', Buffer.from(`{"text": "x", "extra": ${'['.repeat(21)}${']'.repeat(21)}}`)],
    ['JSON nested 100 000 deep', Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['a NUL in a string', Buffer.from('{"text": "a\\u0000b"}')],
  ])('%s answers 400 problem+json and changes nothing', async (_case, body) => {
    const before = await record();

    const answer = await rawRequest(system.apiUrl, { path: comment(), token, body });

    expectProblem(answer, 400, 'Bad Request');
    expect(await record()).toEqual(before);
  });

  test('JSON nested 20 deep is still read', async () => {
    const answer = await rawRequest(system.apiUrl, {
      path: comment(),
      token,
      body: `{"text": "nested but fine", "extra": ${'['.repeat(19)}${']'.repeat(19)}}`,
    });
    expect(answer.status).toBe(200);
  });
});

describe('SQL injection', () => {
  const injections = [
    "' OR '1'='1",
    '1; DROP TABLE staff; --',
    "TRC-000001' UNION SELECT token_hash FROM staff --",
  ];

  test.each(injections)('%s in filters and ids answers 4xx and changes nothing', async (injection) => {
    const before = await record();
    const q = encodeURIComponent(injection);
    const reads = [
      `/api/tickets?status=${q}`,
      `/api/tickets?limit=${q}`,
      `/api/tickets/${q}`,
      `/api/specialists/${q}/calendar`,
      `/api/calendar?from=${q}`,
      `/api/audit?actor=${q}`,
    ];
    for (const path of reads) {
      const answer = await rawRequest(system.apiUrl, { path, token });
      expect([path, answer.status >= 400 && answer.status < 500]).toEqual([path, true]);
    }
    const writes = [
      { method: 'POST', path: `/api/tickets/${q}/comment`, body: '{"text":"x"}' },
      { method: 'POST', path: `/api/tickets/${ticket.number}/${q}`, body: '{"text":"x"}' },
      { method: 'PATCH', path: `/api/specialists/${q}`, body: '{"name":"x"}' },
      { method: 'POST', path: `/api/specialists/${q}/token` },
    ];
    for (const write of writes) {
      const answer = await rawRequest(system.apiUrl, { ...write, token });
      expect([write.path, answer.status >= 400 && answer.status < 500]).toEqual([write.path, true]);
    }
    expect(await record()).toEqual(before);
  });

  test('an injection in a free-text filter is searched for as text and finds nothing', async () => {
    const answer = await system.api(token, `/api/tickets?client=${encodeURIComponent("' OR '1'='1")}`);
    expect(answer.status).toBe(200);
    expect(answer.body.tickets).toEqual([]);
  });
});

describe('path tricks', () => {
  test.each([
    '/api/tickets/..%2F..%2Fetc%2Fpasswd',
    '/api/tickets/%2e%2e/%2e%2e/specialists',
    '/api/tickets/..',
    '/api/attachments/..%2F..%2Fetc%2Fpasswd',
    '/api/attachments/%2e%2e%2fpackage.json',
    '/api/attachments/1%00.txt',
    '/api/specialists/1%00/calendar',
    '/api/tickets?client=a%00b',
    '/api/tickets/%E0%A4%A',
  ])('%s answers 4xx and shows no file', async (path) => {
    const answer = await rawRequest(system.apiUrl, { path, token });

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toMatch(/root:|"dependencies"/);
  });

  test('a NUL in a ticket number of an action answers 400 and changes nothing', async () => {
    const before = await record();
    const answer = await rawRequest(system.apiUrl, {
      path: `/api/tickets/${ticket.number}%00/comment`,
      token,
      body: '{"text":"x"}',
    });
    expectProblem(answer, 400);
    expect(await record()).toEqual(before);
  });
});
