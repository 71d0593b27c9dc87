// OAuth2 access tokens for the hosted mailbox (IMAP poller and outbound relay alike): fetched from the
// provider's token endpoint, cached, and fetched again shortly before they expire.

export type OAuthGrant =
  /** A user's consent once, kept as a refresh token (Google Workspace, Microsoft 365 delegated). */
  | { type: 'refresh_token'; refreshToken: string }
  /** The application's own identity, no user (Microsoft 365 app-only: IMAP.AccessAsApp, SMTP.SendAsApp). */
  | { type: 'client_credentials' };

export interface OAuthSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string; // a public client (refresh-token grant only) has none
  scope?: string;
  grant: OAuthGrant;
}

export interface AccessToken {
  value: string;
  /** When to stop using it: a little before the provider's expiry, so a login never races it. */
  refreshAt: number;
}

export interface AccessTokens {
  /** A token valid for a while yet: the cached one, or a fresh one from the token endpoint. */
  get(): Promise<AccessToken>;
  /** The mail server refused this token (revoked early, say): the next get() fetches a new one. */
  refused(token: string): void;
  describe(): string;
}

/** The token endpoint refused or failed; `lasting` when retrying cannot help until someone changes the settings. */
export class OAuthTokenError extends Error {
  constructor(
    message: string,
    readonly lasting: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OAuthTokenError';
  }
}

// Errors of RFC 6749 §5.2 that mean the credentials themselves are wrong, revoked or expired.
const lastingErrors = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'unsupported_grant_type',
]);
const defaultRefreshMarginMs = 5 * 60_000;
const defaultLifetimeSeconds = 3600; // when the endpoint does not say (expires_in is only RECOMMENDED)
const requestTimeoutMs = 20_000;

export function createAccessTokens(
  settings: OAuthSettings,
  options: { refreshMarginMs?: number; now?: () => number } = {},
): AccessTokens {
  const now = options.now ?? Date.now;
  const refreshMarginMs = options.refreshMarginMs ?? defaultRefreshMarginMs;
  let cached: AccessToken | undefined;
  let fetching: Promise<AccessToken> | undefined;
  // Microsoft may rotate the refresh token; the newest one is used until the process restarts.
  let refreshToken = settings.grant.type === 'refresh_token' ? settings.grant.refreshToken : undefined;
  const endpoint = describeEndpoint(settings.tokenUrl);

  async function fetchToken(): Promise<AccessToken> {
    const form = new URLSearchParams({ grant_type: settings.grant.type, client_id: settings.clientId });
    if (settings.clientSecret) form.set('client_secret', settings.clientSecret);
    if (refreshToken) form.set('refresh_token', refreshToken);
    if (settings.scope) form.set('scope', settings.scope);
    const asked = now();
    let response: Response;
    try {
      response = await fetch(settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new OAuthTokenError(`OAuth2 token endpoint ${endpoint} could not be reached`, false, {
        cause: error,
      });
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof answer.access_token !== 'string' || !answer.access_token) {
      throw refusal(response.status, answer);
    }
    if (typeof answer.refresh_token === 'string' && answer.refresh_token) refreshToken = answer.refresh_token;
    const lifetimeMs = (Number(answer.expires_in) || defaultLifetimeSeconds) * 1000;
    // A short-lived token is still used for the first half of its life.
    return {
      value: answer.access_token,
      refreshAt: asked + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 2),
    };
  }

  function refusal(status: number, answer: Record<string, unknown>): OAuthTokenError {
    const code = typeof answer.error === 'string' ? answer.error : undefined;
    const description =
      typeof answer.error_description === 'string' ? answer.error_description.split(/\r?\n/)[0] : undefined;
    const said = [code, description].filter(Boolean).join(': ') || `HTTP ${status}`;
    const lasting = code ? lastingErrors.has(code) : status >= 400 && status < 500 && status !== 429;
    const fix =
      code === 'invalid_grant' && settings.grant.type === 'refresh_token'
        ? '; the refresh token was revoked or has expired: obtain a new one and set OAUTH_REFRESH_TOKEN'
        : lasting
          ? '; check OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET and OAUTH_SCOPE'
          : '';
    return new OAuthTokenError(
      `OAuth2 token endpoint ${endpoint} refused the ${settings.grant.type} grant (${said})${fix}`,
      lasting,
    );
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached);
      // One request at a time: the IMAP poller and the relay asking together share it.
      fetching ??= fetchToken()
        .then((token) => (cached = token))
        .finally(() => (fetching = undefined));
      return fetching;
    },
    refused(token) {
      if (cached?.value === token) cached = undefined;
    },
    describe: () => `OAuth2 ${settings.grant.type} grant at ${endpoint}`,
  };
}

/** The endpoint without a query or credentials, for messages. */
function describeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}
