import { Writable } from 'node:stream';
import { createLogger, type LogFormat } from '../../platform/logger';

async function logged(format: LogFormat): Promise<string> {
  return loggedWith(format, { ticket: 'TRC-000123' });
}

async function loggedWith(format: LogFormat, fields: object): Promise<string> {
  let output = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  createLogger('info', format, destination).info(fields, 'receipt sent');
  await new Promise((resolve) => setImmediate(resolve));
  return output;
}

test('a person at a terminal reads a log line as text, not JSON', async () => {
  const line = await logged('pretty');

  expect(line).toMatch(/INFO.*receipt sent/);
  expect(line).toMatch(/ticket: "TRC-000123"/);
  expect(() => JSON.parse(line)).toThrow();
});

test('a log collector gets one JSON object per line', async () => {
  const line = await logged('json');

  expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'receipt sent', ticket: 'TRC-000123' });
});

describe('secrets and mail bodies never reach a log line', () => {
  const secrets = {
    authorization: 'Bearer trc_authorizationSecret0001',
    token: 'trc_tokenSecret0000000000002',
    password: 'hunter2-password-3',
    text: 'Здравствуйте, пароль от базы: hunter2-mail-4',
  };

  test.each(['json', 'pretty'] as LogFormat[])(
    'in %s lines, at the top, nested and in request headers',
    async (format) => {
      const line = await loggedWith(format, {
        ...secrets,
        req: { method: 'POST', headers: { authorization: 'Bearer trc_headerSecret000000005' } },
        smtp: { auth: { user: 'support', pass: 'relay-pass-6' } },
        letter: { to: 'ivan@client.example', html: '<p>hunter2-html-7</p>', raw: 'raw-mime-8' },
        ticket: 'TRC-000123',
      });

      for (const secret of ['trc_', 'hunter2', 'relay-pass-6', 'raw-mime-8'])
        expect(line).not.toContain(secret);
      expect(line).toContain('TRC-000123');
      expect(line).toContain('ivan@client.example');
      expect(line).toContain('[redacted]');
    },
  );
});
