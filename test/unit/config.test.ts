import { ConfigurationError, configVariables, loadConfig } from '../../platform/config';
import { exampleValues } from '../../platform/configProblems';

test('the defaults run everything locally in Moscow time, in Russian', () => {
  const config = loadConfig({});
  expect(config.api.port).toBe(3000);
  expect(config.smtp.port).toBe(2525);
  expect(config.database.url).toBeUndefined();
  expect(config.temporal.address).toBeUndefined();
  expect(config.policy.calendar.timeZone).toBe('Europe/Moscow');
  expect(config.policy.ackWorkingMs).toBe(2 * 60 * 60 * 1000);
  expect(config.support.language).toBe('ru');
});

test('a bad value stops start-up naming the variable and the rule', () => {
  expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigurationError);
  expect(() => loadConfig({ PORT: '70000' })).toThrow(
    /PORT="70000": must be at most 65535 \(e\.g\. PORT=3000\)/,
  );
});

test('every bad variable is named in one message, with what is wrong and a value that would do', () => {
  let message = '';
  try {
    loadConfig({
      PORT: 'abc',
      SMTP_PORT: '70000',
      LOG_LEVEL: 'verbose',
      SUPPORT_ADDRESS: 'support',
      ONCALL_ADDRESSES: 'anna@netix.ru, boris',
      ACK_WORKING_MINUTES: '0',
      CONSOLE_URL: 'support.netix.ru',
    });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    message = (error as Error).message;
  }
  expect(message.split('\n')).toEqual([
    'Invalid configuration (7 variables):',
    '  PORT="abc": must be a number (e.g. PORT=3000)',
    '  SMTP_PORT="70000": must be at most 65535 (e.g. SMTP_PORT=2525)',
    '  SUPPORT_ADDRESS="support": must be an email address (e.g. SUPPORT_ADDRESS=support@netix.ru)',
    '  ONCALL_ADDRESSES="anna@netix.ru, boris": "boris" is not an email address (e.g. ONCALL_ADDRESSES=anna@netix.ru, boris@netix.ru)',
    '  ACK_WORKING_MINUTES="0": must be more than 0 (e.g. ACK_WORKING_MINUTES=120)',
    '  CONSOLE_URL="support.netix.ru": must look like https://support.netix.ru (where the console is served) (e.g. CONSOLE_URL=https://support.netix.ru)',
    '  LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent (e.g. LOG_LEVEL=info)',
    'Fix them in the environment and start again; README.md lists every variable.',
  ]);
});

test('every variable has an example value to show beside a bad one', () => {
  expect(Object.keys(exampleValues).sort()).toEqual([...configVariables].sort());
  expect(() => loadConfig(exampleValues)).not.toThrow();
});

test('a password in a bad URL is not printed', () => {
  let message = '';
  try {
    loadConfig({ IMAP_URL: 'http://support:hunter2@mail.example' });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/IMAP_URL/);
  expect(message).not.toContain('hunter2');
});

test('IMAP polling is on only when IMAP_URL is set', () => {
  expect(loadConfig({}).imap).toBeUndefined();
  expect(
    loadConfig({ IMAP_URL: 'imaps://u:p@imap.example:993', IMAP_POLL_SECONDS: '30' }).imap,
  ).toMatchObject({
    mailbox: 'INBOX',
    pollIntervalMs: 30_000,
  });
});

test('promises carry a 30 % margin on the estimate by default, configurable', () => {
  expect(loadConfig({}).policy.promiseMarginShare).toBeCloseTo(0.3);
  expect(loadConfig({ PROMISE_MARGIN_PERCENT: '0' }).policy.promiseMarginShare).toBe(0);
});

test('staff tokens work 90 days, console sessions 12 hours, and failed authentications are limited to 10 a minute unless configured', () => {
  expect(loadConfig({}).access).toEqual({
    tokenDays: 90,
    sessionHours: 12,
    authFailuresPerMinute: 10,
    expensiveRequestsPerMinute: 30,
  });
  expect(
    loadConfig({ STAFF_TOKEN_DAYS: '30', AUTH_FAILURES_PER_MINUTE: '5', SEARCHES_PER_MINUTE: '100' }).access,
  ).toEqual({ tokenDays: 30, sessionHours: 12, authFailuresPerMinute: 5, expensiveRequestsPerMinute: 100 });
  expect(loadConfig({ STAFF_SESSION_HOURS: '8' }).access.sessionHours).toBe(8);
  expect(() => loadConfig({ STAFF_TOKEN_DAYS: '0' })).toThrow(/STAFF_TOKEN_DAYS/);
  expect(() => loadConfig({ STAFF_SESSION_HOURS: '0' })).toThrow(/STAFF_SESSION_HOURS/);
});

test('sign-in links point at CONSOLE_URL when set, which must be an http(s) address', () => {
  expect(loadConfig({}).console.url).toBeUndefined();
  expect(loadConfig({ CONSOLE_URL: 'https://support.netix.ru' }).console.url).toBe(
    'https://support.netix.ru',
  );
  expect(() => loadConfig({ CONSOLE_URL: 'support.netix.ru' })).toThrow(/CONSOLE_URL/);
});
