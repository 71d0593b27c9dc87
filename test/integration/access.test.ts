// Staff tokens expire, can be rotated and revoked (from the command line and by an admin through the API), and
// their last use is kept. The first admin can be created from the command line on an empty database.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { createTestDatabase, startTestSystem, type TestSystem } from '../support/testSystem';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** `npm run staff -- …` without the build step: the same bin/staff.ts, compiled in memory. */
async function staffCommand(databaseUrl: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, ['-r', './bench/register.js', 'bin/staff.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
  });
  const lines = stdout.trimEnd().split('\n');
  return { stdout, lastLine: lines.at(-1)! };
}

let system: TestSystem;
let adminToken: string;

beforeAll(async () => {
  system = await startTestSystem();
  adminToken = await system.addStaff('olga@netix.example', 'admin');
});
afterAll(async () => {
  await system?.close();
});

async function idOf(email: string): Promise<number> {
  const { body } = await system.api(adminToken, '/api/specialists');
  return body.specialists.find((member: { email: string }) => member.email === email).id;
}

describe('from the command line', () => {
  test('the first admin is created on an empty database, and their token is the last line', async () => {
    const database = await createTestDatabase();
    try {
      const { lastLine } = await staffCommand(
        database.url,
        'add',
        'first@netix.example',
        'First Admin',
        '--role',
        'admin',
      );
      expect(lastLine).toMatch(/^trc_[\w-]{32}$/);
      const client = new PgClient({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT s.role, t.expires_at - t.created_at AS lifetime FROM staff s JOIN staff_tokens t ON t.staff_id = s.id`,
        );
        expect(rows).toEqual([{ role: 'admin', lifetime: expect.objectContaining({ days: 90 }) }]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  test('rotate prints a new token that works, and the old one is refused at once; revoke leaves none', async () => {
    const url = system.config.database.url!;
    const { lastLine: first } = await staffCommand(
      url,
      'add',
      'pavel@netix.example',
      'Pavel',
      '--role',
      'lead',
    );
    expect((await system.api(first, '/api/tickets')).status).toBe(200);

    const { lastLine: second } = await staffCommand(url, 'rotate', 'pavel@netix.example');
    expect(second).toMatch(/^trc_/);
    expect(second).not.toBe(first);
    const old = await system.api(first, '/api/tickets');
    expect(old.status).toBe(401);
    expect(old.body.detail).toMatch(/revoked/);
    expect((await system.api(second, '/api/tickets')).status).toBe(200);

    const { stdout } = await staffCommand(url, 'revoke', 'pavel@netix.example');
    expect(stdout).toMatch(/1 token\(s\) of pavel@netix.example revoked/);
    expect((await system.api(second, '/api/tickets')).status).toBe(401);
  });
});

describe('through the API', () => {
  test('an admin rotates a token: the new one is answered once and works, the old one stops at once', async () => {
    const oldToken = await system.addStaff('anna@netix.example');
    const id = await idOf('anna@netix.example');

    const rotated = await system.api(adminToken, `/api/specialists/${id}/token`, { method: 'POST' });

    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      specialist: 'anna@netix.example',
      token: expect.stringMatching(/^trc_/),
    });
    expect((await system.api(oldToken, '/api/tickets')).status).toBe(401);
    expect((await system.api(rotated.body.token, '/api/tickets')).status).toBe(200);
    const tokens = await system.api(adminToken, `/api/specialists/${id}/tokens`);
    expect(JSON.stringify(tokens.body)).not.toContain(rotated.body.token);
    expect(tokens.body.tokens.map((token: { revokedAt: string | null }) => token.revokedAt === null)).toEqual(
      [true, false],
    );
  });

  test('an admin revokes a token: it is refused from the next request on', async () => {
    const token = await system.addStaff('boris@netix.example');
    const id = await idOf('boris@netix.example');
    expect((await system.api(token, '/api/tickets')).status).toBe(200);

    const revoked = await system.api(adminToken, `/api/specialists/${id}/token`, { method: 'DELETE' });

    expect(revoked).toMatchObject({ status: 200, body: { revoked: 1 } });
    const refused = await system.api(token, '/api/tickets');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ title: 'Unauthorized', detail: expect.stringMatching(/revoked/) });
  });

  test('only an admin rotates or revokes tokens', async () => {
    const leadToken = await system.addStaff('lena@netix.example', 'lead');
    const id = await idOf('olga@netix.example');

    for (const method of ['POST', 'DELETE']) {
      const refused = await system.api(leadToken, `/api/specialists/${id}/token`, { method });
      expect(refused.status).toBe(403);
    }
    expect((await system.api(adminToken, '/api/tickets')).status).toBe(200);
  });

  test('rotating the token of nobody answers 404', async () => {
    const answer = await system.api(adminToken, '/api/specialists/999999/token', { method: 'POST' });
    expect(answer.status).toBe(404);
  });
});

test('an expired token is refused, saying so', async () => {
  const token = await system.addStaff('sergey@netix.example');
  await system.db.query(
    `UPDATE staff_tokens SET expires_at = now() - interval '1 second'
      WHERE staff_id = (SELECT id FROM staff WHERE email = 'sergey@netix.example') AND revoked_at IS NULL`,
  );

  const refused = await system.api(token, '/api/tickets');

  expect(refused.status).toBe(401);
  expect(refused.body.detail).toMatch(/expired on .*ask an admin to rotate it/);
});

test('the last use of a token is kept, written at most once a minute', async () => {
  const token = await system.addStaff('vera@netix.example');
  const id = await idOf('vera@netix.example');
  const lastUse = async () => {
    const { body } = await system.api(adminToken, `/api/specialists/${id}/tokens`);
    return body.tokens[0].lastUsedAt as string | null;
  };
  expect(await lastUse()).toBeNull();

  await system.api(token, '/api/tickets');
  const first = await lastUse();
  expect(first).not.toBeNull();
  await system.api(token, '/api/tickets');
  expect(await lastUse()).toBe(first);

  await system.db.query(
    `UPDATE staff_tokens SET last_used_at = last_used_at - interval '61 seconds' WHERE staff_id = $1`,
    [id],
  );
  const backdated = await lastUse();
  await system.api(token, '/api/tickets');
  expect(new Date((await lastUse())!).getTime()).toBeGreaterThan(new Date(backdated!).getTime());
});

test('the OpenAPI document describes the token and audit routes and the answers of access control', async () => {
  const response = await fetch(`${system.apiUrl}/api/openapi.json`);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { responses: Record<string, { headers?: Record<string, unknown> }> };
  };

  expect(Object.keys(document.paths['/api/specialists/{id}/token']!).sort()).toEqual(['delete', 'post']);
  expect(Object.keys(document.paths['/api/audit']!.get!.responses)).toEqual(
    expect.arrayContaining(['200', '401', '403', '422', '429']),
  );
  expect(Object.keys(document.paths['/api/tickets/{number}/comment']!.post!.responses)).toEqual(
    expect.arrayContaining(['400', '401', '413', '429']),
  );
  expect(document.components.responses.TooManyRequests?.headers).toHaveProperty('Retry-After');
});
