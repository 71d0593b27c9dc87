import { Writable } from 'node:stream';
import { createLogger, type LogFormat } from '../../platform/logger';

async function logged(format: LogFormat): Promise<string> {
  return loggedWith(format, { ticket: 'TRC-000123' });
}

async function loggedWith(format: LogFormat, fields: object, message = 'receipt sent'): Promise<string> {
  let output = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  createLogger('info', format, destination).info(fields, message);
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

test('a URL with credentials is logged without its password, wherever it is', async () => {
  const line = await loggedWith(
    'json',
    {
      relay: 'smtps://support%40netix.ru:relay-pass-9@smtp.netix.ru:465',
      imap: { url: 'imaps://support:imap-pass-10@imap.netix.ru:993/INBOX' },
      err: new Error('connect ECONNREFUSED smtp://relay:err-pass-11@10.0.0.1:25'),
      ticket: 'TRC-000123',
    },
    'relaying through smtp://relay:message-pass-12@10.0.0.1:25',
  );

  for (const secret of ['relay-pass-9', 'imap-pass-10', 'err-pass-11', 'message-pass-12'])
    expect(line).not.toContain(secret);
  expect(line).toContain('smtps://support%40netix.ru:***@smtp.netix.ru:465');
  expect(line).toContain('imaps://support:***@imap.netix.ru:993/INBOX');
  expect(line).toContain('smtp://relay:***@10.0.0.1:25');
});

test('cookies, refresh tokens, CSRF tokens and sign-in codes are redacted; error codes are kept', async () => {
  const failure = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
  const line = await loggedWith('json', {
    res: { headers: { 'set-cookie': 'triceps_session=cookie-13' } },
    oauth: { refreshToken: 'refresh-14', accessToken: 'access-15', clientSecret: 'client-16' },
    session: { csrfToken: 'csrf-17', signInCode: 'code-18' },
    err: failure,
  });

  for (const secret of ['cookie-13', 'refresh-14', 'access-15', 'client-16', 'csrf-17', 'code-18'])
    expect(line).not.toContain(secret);
  expect(JSON.parse(line).err).toMatchObject({ code: 'ECONNREFUSED', message: 'connection refused' });
});
