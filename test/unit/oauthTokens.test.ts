import { createAccessTokens, OAuthTokenError, type OAuthSettings } from '../../mail/oauthTokens';

const MINUTE = 60_000;
const refreshGrant: OAuthSettings = {
  tokenUrl: 'https://login.example/tenant/oauth2/v2.0/token?x=1',
  clientId: 'desk-client',
  clientSecret: 'client-secret-value',
  grant: { type: 'refresh_token', refreshToken: 'refresh-token-value' },
};
const clientCredentials: OAuthSettings = {
  tokenUrl: 'https://login.example/tenant/oauth2/v2.0/token',
  clientId: 'desk-client',
  clientSecret: 'client-secret-value',
  scope: 'https://outlook.office365.com/.default',
  grant: { type: 'client_credentials' },
};

/** The token endpoint's answers, in order; every request's form is kept. */
type Answer = { status: number; body: object } | Error | Record<string, unknown>;

function tokenEndpoint(...answers: Answer[]) {
  const forms: URLSearchParams[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    forms.push(new URLSearchParams(String(init?.body)));
    const answer = answers.shift() ?? { access_token: `token-${forms.length}`, expires_in: 3600 };
    if (answer instanceof Error) throw answer;
    const { status, body } =
      'status' in answer ? (answer as { status: number; body: object }) : { status: 200, body: answer };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return forms;
}

afterEach(() => jest.restoreAllMocks());

test('an hour-long token is reused until five minutes before it expires, then fetched again', async () => {
  let now = 0;
  const forms = tokenEndpoint();
  const tokens = createAccessTokens(refreshGrant, { now: () => now });

  expect((await tokens.get()).value).toBe('token-1');
  now = 54 * MINUTE;
  expect((await tokens.get()).value).toBe('token-1');
  now = 55 * MINUTE;
  expect((await tokens.get()).value).toBe('token-2');
  expect(forms).toHaveLength(2);
});

test('a short-lived token is used for the first half of its life', async () => {
  let now = 0;
  tokenEndpoint({ access_token: 'short', expires_in: 2 }, { access_token: 'next', expires_in: 2 });
  const tokens = createAccessTokens(refreshGrant, { now: () => now });

  expect(await tokens.get()).toEqual({ value: 'short', refreshAt: 1_000 });
  now = 999;
  expect((await tokens.get()).value).toBe('short');
  now = 1_000;
  expect((await tokens.get()).value).toBe('next');
});

test('the refresh-token grant sends the client and the refresh token; the client-credentials grant the scope', async () => {
  const forms = tokenEndpoint();
  await createAccessTokens(refreshGrant).get();
  await createAccessTokens(clientCredentials).get();

  expect(Object.fromEntries(forms[0]!)).toEqual({
    grant_type: 'refresh_token',
    client_id: 'desk-client',
    client_secret: 'client-secret-value',
    refresh_token: 'refresh-token-value',
  });
  expect(Object.fromEntries(forms[1]!)).toEqual({
    grant_type: 'client_credentials',
    client_id: 'desk-client',
    client_secret: 'client-secret-value',
    scope: 'https://outlook.office365.com/.default',
  });
});

test('a refresh token the provider rotates is the one sent next time', async () => {
  let now = 0;
  const forms = tokenEndpoint({ access_token: 'a', expires_in: 60, refresh_token: 'rotated' });
  const tokens = createAccessTokens(refreshGrant, { now: () => now });
  await tokens.get();
  now = 10 * MINUTE;
  await tokens.get();
  expect(forms.map((form) => form.get('refresh_token'))).toEqual(['refresh-token-value', 'rotated']);
});

test('the poller and the relay asking at once share one request', async () => {
  const forms = tokenEndpoint();
  const tokens = createAccessTokens(refreshGrant);
  const [first, second] = await Promise.all([tokens.get(), tokens.get()]);
  expect(first.value).toBe(second.value);
  expect(forms).toHaveLength(1);
});

test('a token the mail server refused is not handed out again', async () => {
  tokenEndpoint();
  const tokens = createAccessTokens(refreshGrant);
  const refused = await tokens.get();
  tokens.refused('some older token');
  expect((await tokens.get()).value).toBe(refused.value);
  tokens.refused(refused.value);
  expect((await tokens.get()).value).not.toBe(refused.value);
});

test('a revoked refresh token is a lasting error that says which variable to renew, without any secret', async () => {
  tokenEndpoint({
    status: 400,
    body: {
      error: 'invalid_grant',
      error_description: 'AADSTS70000: The refresh token has been revoked.\r\nTrace ID: 1',
    },
  });
  const error = await createAccessTokens(refreshGrant)
    .get()
    .catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(OAuthTokenError);
  expect(error).toMatchObject({
    lasting: true,
    message:
      'OAuth2 token endpoint https://login.example/tenant/oauth2/v2.0/token refused the refresh_token grant ' +
      '(invalid_grant: AADSTS70000: The refresh token has been revoked.); the refresh token was revoked or has ' +
      'expired: obtain a new one and set OAUTH_REFRESH_TOKEN',
  });
  expect((error as Error).message).not.toMatch(/refresh-token-value|client-secret-value/);
});

test('a wrong client secret points at the client settings', async () => {
  tokenEndpoint({ status: 401, body: { error: 'invalid_client' } });
  await expect(createAccessTokens(clientCredentials).get()).rejects.toMatchObject({
    lasting: true,
    message: expect.stringMatching(
      /\(invalid_client\); check OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET and OAUTH_SCOPE$/,
    ),
  });
});

test('an endpoint that is down or overloaded is a passing error, and the next call tries again', async () => {
  tokenEndpoint(new TypeError('fetch failed'), { status: 503, body: {} });
  const tokens = createAccessTokens(clientCredentials);
  await expect(tokens.get()).rejects.toMatchObject({
    lasting: false,
    message: 'OAuth2 token endpoint https://login.example/tenant/oauth2/v2.0/token could not be reached',
  });
  await expect(tokens.get()).rejects.toMatchObject({
    lasting: false,
    message: expect.stringContaining('(HTTP 503)'),
  });
  expect((await tokens.get()).value).toBe('token-3');
});
