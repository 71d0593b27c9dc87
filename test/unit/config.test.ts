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

test('calibrated margins aim to keep 90 % of promises by default; a target of 100 % is refused', () => {
  expect(loadConfig({}).policy.promiseTarget).toBe(0.9);
  expect(loadConfig({ PROMISE_TARGET: '0.95' }).policy.promiseTarget).toBe(0.95);
  expect(() => loadConfig({ PROMISE_TARGET: '1' })).toThrow(
    /PROMISE_TARGET="1": .*0\.99.*PROMISE_TARGET=0\.9/,
  );
  expect(() => loadConfig({ PROMISE_TARGET: '90' })).toThrow(/PROMISE_TARGET/);
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

test('metrics: the API serves them; METRICS_PORT adds a listener of their own, empty meaning none', () => {
  expect(loadConfig({}).metrics).toEqual({ port: undefined, cacheMs: 15_000, temporalPort: 0 });
  expect(loadConfig({ METRICS_PORT: '' }).metrics.port).toBeUndefined();
  expect(loadConfig({ METRICS_PORT: '9464', METRICS_CACHE_SECONDS: '0' }).metrics).toMatchObject({
    port: 9464,
    cacheMs: 0,
  });
  expect(() => loadConfig({ TEMPORAL_METRICS_PORT: 'abc' })).toThrow(/TEMPORAL_METRICS_PORT/);
});

test('the worker keeps 100 ticket workflows in memory unless configured; 0 keeps none', () => {
  expect(loadConfig({}).worker).toEqual({ cachedWorkflows: 100 });
  expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '0' }).worker.cachedWorkflows).toBe(0);
  expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: '-1' })).toThrow(
    /WORKER_CACHED_WORKFLOWS="-1": must be at least 0 \(e\.g\. WORKER_CACHED_WORKFLOWS=100\)/,
  );
});

describe('OAuth2 for the hosted mailbox', () => {
  const imap = { IMAP_URL: 'imaps://support%40netix.ru@outlook.office365.com:993', IMAP_AUTH: 'oauth2' };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the configuration was accepted');
  };

  test('IMAP_AUTH=oauth2 alone names every variable it still needs', () => {
    const message = problemsOf(imap);
    expect(message).toContain('OAUTH_TOKEN_URL=unset: IMAP_AUTH=oauth2 needs the token endpoint');
    expect(message).toContain('OAUTH_CLIENT_ID=unset: IMAP_AUTH=oauth2 needs the application (client) id');
    expect(message).toContain(
      'OAUTH_REFRESH_TOKEN=unset: IMAP_AUTH=oauth2 needs OAUTH_REFRESH_TOKEN (refresh-token grant) or OAUTH_CLIENT_SECRET with OAUTH_SCOPE (client-credentials grant)',
    );
  });

  test('the refresh-token grant (Google Workspace) is chosen when a refresh token is set', () => {
    const config = loadConfig({
      ...imap,
      OAUTH_TOKEN_URL: 'https://oauth2.googleapis.com/token',
      OAUTH_CLIENT_ID: 'id.apps.googleusercontent.com',
      OAUTH_CLIENT_SECRET: 'secret',
      OAUTH_REFRESH_TOKEN: '1//refresh',
    });
    expect(config.imap?.auth).toBe('oauth2');
    expect(config.outbound.auth).toBe('password');
    expect(config.oauth2).toEqual({
      tokenUrl: 'https://oauth2.googleapis.com/token',
      clientId: 'id.apps.googleusercontent.com',
      clientSecret: 'secret',
      scope: undefined,
      grant: { type: 'refresh_token', refreshToken: '1//refresh' },
    });
  });

  test('without a refresh token it is the client-credentials grant (Microsoft 365 app-only), which needs a scope', () => {
    const microsoft = {
      ...imap,
      SMTP_URL: 'smtp://support%40netix.ru@smtp.office365.com:587',
      SMTP_URL_AUTH: 'oauth2',
      OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/netix.ru/oauth2/v2.0/token',
      OAUTH_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      OAUTH_CLIENT_SECRET: 'secret',
    };
    expect(problemsOf(microsoft)).toContain(
      'OAUTH_SCOPE=unset: the client-credentials grant (no OAUTH_REFRESH_TOKEN) needs a scope, e.g. https://outlook.office365.com/.default',
    );
    const config = loadConfig({ ...microsoft, OAUTH_SCOPE: 'https://outlook.office365.com/.default' });
    expect(config.outbound.auth).toBe('oauth2');
    expect(config.oauth2).toMatchObject({
      scope: 'https://outlook.office365.com/.default',
      grant: { type: 'client_credentials' },
    });
  });

  test('the mailbox URL names the user and carries no password; a missing one is named', () => {
    const settings = {
      OAUTH_TOKEN_URL: 'https://oauth2.googleapis.com/token',
      OAUTH_CLIENT_ID: 'id',
      OAUTH_REFRESH_TOKEN: 'refresh',
    };
    expect(problemsOf({ ...settings, IMAP_AUTH: 'oauth2' })).toContain(
      "IMAP_URL=unset: IMAP_AUTH=oauth2 needs IMAP_URL with the mailbox's address as the user",
    );
    const withPassword = problemsOf({
      ...settings,
      IMAP_AUTH: 'oauth2',
      IMAP_URL: 'imaps://support%40netix.ru:hunter2@imap.gmail.com:993',
    });
    expect(withPassword).toMatch(/IMAP_URL=\S+: with IMAP_AUTH=oauth2 the URL carries no password/);
    expect(withPassword).not.toContain('hunter2');
    expect(problemsOf({ ...settings, SMTP_URL_AUTH: 'oauth2' })).toContain(
      "SMTP_URL=unset: SMTP_URL_AUTH=oauth2 needs SMTP_URL with the mailbox's address as the user",
    );
  });

  test('a refresh token or client secret is never printed', () => {
    const message = problemsOf({
      ...imap,
      OAUTH_TOKEN_URL: 'ftp://wrong',
      OAUTH_CLIENT_SECRET: 'very-secret',
      OAUTH_REFRESH_TOKEN: 'very-refresh',
    });
    expect(message).toContain('OAUTH_TOKEN_URL="ftp://wrong": must look like https://');
    expect(message).not.toMatch(/very-secret|very-refresh/);
  });

  test('passwords stay the default', () => {
    const config = loadConfig({ IMAP_URL: 'imaps://u:p@imap.example:993' });
    expect(config.imap?.auth).toBe('password');
    expect(config.oauth2).toBeUndefined();
  });
});

test('a process runs every role by default, or the roles PROCESS_ROLES names, and nothing unknown', () => {
  expect([...loadConfig({}).roles]).toEqual(['worker', 'api', 'intake']);
  expect([...loadConfig({ PROCESS_ROLES: 'worker' }).roles]).toEqual(['worker']);
  expect([...loadConfig({ PROCESS_ROLES: ' api, intake ,api' }).roles]).toEqual(['api', 'intake']);
  expect(() => loadConfig({ PROCESS_ROLES: 'api,smtp' })).toThrow(
    /PROCESS_ROLES="api,smtp": must be one of worker, api, intake/,
  );
  expect(() => loadConfig({ PROCESS_ROLES: ' , ' })).toThrow(/PROCESS_ROLES=" , ": must be at least 1/);
});
