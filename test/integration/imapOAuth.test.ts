// Hosted mailboxes that take no passwords (Microsoft 365, Google Workspace): the IMAP poller and the
// outbound relay log in to a real Dovecot with OAuth2 access tokens (SASL XOAUTH2), which Dovecot checks
// at a token introspection endpoint the test runs; the tokens live 2 s, so refreshing them is exercised.
import { Writable } from 'node:stream';
import { ImapFlow, type ImapFlowError } from 'imapflow';
import { startImapIntake, type ImapIntake } from '../../mail/imapIntake';
import type { Intake } from '../../mail/intake';
import { createMailer } from '../../mail/mailer';
import { createAccessTokens, type OAuthSettings } from '../../mail/oauthTokens';
import { createLogger } from '../../platform/logger';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { eventually } from '../support/eventually';
import { intakeOf, mailboxRequest } from '../support/mailboxRequests';
import { refreshTokenGrant, startOAuthServer, type OAuthServer } from '../support/oauthServer';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';
import { startTestSystem, type TestSystem } from '../support/testSystem';

/** A client's request as their mail server would deliver it into the support mailbox. */
const request = (system: TestSystem, subject: string) =>
  mailboxRequest(system, 'oauth', subject, 'Ошибка 500 при формировании отчёта.');

/** Tries an IMAP login with this token as a mail client would; true when Dovecot lets it in. */
async function imapAccepts(dovecot: Dovecot, accessToken: string): Promise<boolean> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, accessToken },
    logger: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.logout();
    return true;
  } catch (error) {
    if ((error as ImapFlowError).authenticationFailed) return false;
    throw error;
  }
}

async function untilExpired(oauth: OAuthServer): Promise<void> {
  const latest = Math.max(...oauth.issued.map((token) => token.expiresAt));
  await new Promise((resolve) => setTimeout(resolve, latest - Date.now() + 200));
}

/** Log lines as the process would write them (JSON), kept for the assertions. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', 'json', destination), lines };
}

describe('the whole desk on a mailbox that takes OAuth2 tokens (Microsoft 365 style: XOAUTH2 only)', () => {
  let oauth: OAuthServer;
  let dovecot: Dovecot;
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem(async (sink) => {
      oauth = await startOAuthServer('support');
      dovecot = await startDovecot({
        oauth2: { introspectionUrl: oauth.introspectionUrl },
        submission: { relayPort: Number(new URL(sink.url).port) },
      });
      return {
        IMAP_URL: `imap://${dovecot.user}@${dovecot.host}:${dovecot.port}`,
        IMAP_AUTH: 'oauth2',
        IMAP_POLL_SECONDS: '0.3',
        SMTP_URL: `smtp://${dovecot.user}@${dovecot.host}:${dovecot.submissionPort}`,
        SMTP_URL_AUTH: 'oauth2',
        OAUTH_TOKEN_URL: oauth.tokenUrl,
        OAUTH_CLIENT_ID: oauth.clientId,
        OAUTH_CLIENT_SECRET: oauth.clientSecret,
        OAUTH_REFRESH_TOKEN: oauth.refreshToken,
      };
    });
  });

  afterAll(async () => {
    await system?.close();
    await dovecot?.close();
    await oauth?.close();
  });

  test('a request read from the mailbox with XOAUTH2 becomes a ticket, and its receipt leaves through the relay with XOAUTH2', async () => {
    const { raw, receipt } = await request(system, 'Не открывается отчёт по складу');
    await dovecot.deliver(raw);

    const letter = await receipt();
    expect(letter.subject).toMatch(/\[TRC-\d{6}\] Не открывается отчёт по складу/);
    const log = await dovecot.log();
    expect(log).toMatch(/imap-login: Info: Login: user=<support>, method=XOAUTH2/);
    expect(log).toMatch(/submission-login: Info: Login: user=<support>, method=XOAUTH2/);
    expect(oauth.issued.every((token) => token.grant === 'refresh_token')).toBe(true);
    expect(system.mailboxHealth()).toEqual({ connected: true, problem: undefined });
  });

  test('after the access token expires Dovecot refuses it, and the next logins fetch a new one', async () => {
    const { raw, receipt } = await request(system, 'Повторная ошибка после обновления');
    await untilExpired(oauth);
    const expired = oauth.issued.map((token) => token.value);
    for (const token of expired) expect(await imapAccepts(dovecot, token)).toBe(false);

    // The poller's session outlives its token; a new session (as after a network break) must log in afresh.
    const checked = oauth.introspected.length;
    await dovecot.kick();
    await dovecot.deliver(raw);
    await receipt();

    const accepted = oauth.introspected.slice(checked).filter((check) => check.active);
    expect(accepted.length).toBeGreaterThanOrEqual(2); // the poller's new session and the receipt's relay login
    for (const check of accepted) expect(expired).not.toContain(check.value);
  });
});

describe('the IMAP poller with OAuth2', () => {
  let system: TestSystem;
  let intake: Intake;
  let oauth: OAuthServer;
  let dovecot: Dovecot;
  let poller: ImapIntake | undefined;

  beforeAll(async () => {
    system = await startTestSystem();
    intake = intakeOf(system);
  });

  afterAll(async () => {
    await system?.close();
  });

  beforeEach(async () => {
    oauth = await startOAuthServer('support');
    dovecot = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } });
  });

  afterEach(async () => {
    await poller?.close();
    poller = undefined;
    await dovecot?.close();
    await oauth?.close();
  });

  async function startPoller(settings: OAuthSettings, logger = createLogger('silent')) {
    poller = await startImapIntake(
      intake,
      {
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: '',
        oauth2: createAccessTokens(settings),
        pollIntervalMs: 300,
        reconnectDelayMs: { min: 200, max: 500 },
      },
      logger,
    );
  }

  test('with the client-credentials grant (Microsoft 365 app-only access) the poller reads the mailbox', async () => {
    await startPoller({
      tokenUrl: oauth.tokenUrl,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      scope: oauth.scope,
      grant: { type: 'client_credentials' },
    });
    const { raw, receipt } = await request(system, 'Вход по токену приложения');
    await dovecot.deliver(raw);

    await receipt();
    expect(oauth.issued.map((token) => token.grant)).toEqual(['client_credentials']);
    expect(await dovecot.log()).toMatch(/imap-login: Info: Login: user=<support>, method=XOAUTH2/);
  });

  test('a refresh token revoked while running is reported in the log and the health, without a crash or a leaked secret', async () => {
    const { logger, lines } = capturingLogger();
    await startPoller(refreshTokenGrant(oauth), logger);
    expect(poller!.health().connected).toBe(true);

    oauth.revokeRefreshToken();
    await untilExpired(oauth);
    await dovecot.kick();

    const cause =
      'OAuth2 token endpoint ' +
      `${oauth.tokenUrl} refused the refresh_token grant (invalid_grant: Token has been expired or revoked.); ` +
      'the refresh token was revoked or has expired: obtain a new one and set OAUTH_REFRESH_TOKEN';
    await eventually(async () => expect(poller!.health()).toEqual({ connected: false, problem: cause }));
    // Still trying, in case it is fixed, and saying so each time at error level.
    await eventually(async () => {
      const errors = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 50);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors[0].msg).toBe(`IMAP mailbox cannot be read: ${cause}`);
    });

    const logged = lines.join('\n');
    for (const secret of [
      oauth.refreshToken,
      oauth.clientSecret,
      ...oauth.issued.map((token) => token.value),
    ])
      expect(logged).not.toContain(secret);
  });

  test('a refresh token already revoked at start fails the start, saying what to do', async () => {
    oauth.revokeRefreshToken();
    await expect(startPoller(refreshTokenGrant(oauth))).rejects.toThrow(
      /invalid_grant: Token has been expired or revoked\..*set OAUTH_REFRESH_TOKEN/,
    );
  });

  test('a token the mail server does not accept fails the start, naming the login', async () => {
    const other = await startOAuthServer('support'); // a provider Dovecot does not ask
    try {
      await expect(
        startPoller({
          tokenUrl: other.tokenUrl,
          clientId: other.clientId,
          grant: { type: 'refresh_token', refreshToken: other.refreshToken },
        }),
      ).rejects.toThrow(
        `IMAP login as support at 127.0.0.1:${dovecot.port} with an OAuth2 access token was refused`,
      );
    } finally {
      await other.close();
    }
  });
});

describe('an access token revoked before it expires', () => {
  let oauth: OAuthServer;
  let sink: SmtpSink;
  let dovecot: Dovecot;

  beforeAll(async () => {
    oauth = await startOAuthServer('support', 3600); // long-lived: only a refusal makes the desk fetch another
    sink = await startSmtpSink();
    dovecot = await startDovecot({
      oauth2: { introspectionUrl: oauth.introspectionUrl },
      submission: { relayPort: Number(new URL(sink.url).port) },
    });
  });

  afterAll(async () => {
    await dovecot?.close();
    await sink?.close();
    await oauth?.close();
  });

  const letter = (to: string) => ({
    from: 'support@triceps.local',
    to: [to],
    subject: 'Ваша заявка зарегистрирована',
    text: 'Номер заявки TRC-000001.',
    messageId: `<revoked-${to}>`,
  });

  test('the relay refusing the cached token gets a new one, and the letter goes out', async () => {
    const mailer = createMailer({
      relayUrl: `smtp://${dovecot.user}@${dovecot.host}:${dovecot.submissionPort}`,
      outboxDir: '/nonexistent',
      oauth2: createAccessTokens(refreshTokenGrant(oauth)),
    });
    try {
      await mailer.send(letter('first@client.example'));
      oauth.revokeAccessTokens();
      const mark = sink.mark();
      await mailer.send(letter('second@client.example'));

      await sink.waitFor((sent) => sent.to.includes('second@client.example'), { after: mark });
      expect(oauth.issued).toHaveLength(2);
      expect(oauth.introspected.map((check) => check.active)).toEqual([true, false, true]);
    } finally {
      mailer.close();
    }
  });

  test('the poller, refused with its cached token on reconnecting, logs in again with a new one', async () => {
    const issuedBefore = oauth.issued.length;
    const poller = await startImapIntake(
      { accept: () => Promise.reject(new Error('the mailbox is empty')) },
      {
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: '',
        oauth2: createAccessTokens(refreshTokenGrant(oauth)),
        reconnectDelayMs: { min: 200, max: 500 },
      },
      createLogger('silent'),
    );
    try {
      oauth.revokeAccessTokens();
      const checked = oauth.introspected.length;
      await dovecot.kick();
      await eventually(async () => {
        expect(oauth.introspected.slice(checked).map((check) => check.active)).toEqual([false, true]);
        expect(poller.health().connected).toBe(true);
      });
      expect(oauth.issued).toHaveLength(issuedBefore + 2);
    } finally {
      await poller.close();
    }
  });
});
