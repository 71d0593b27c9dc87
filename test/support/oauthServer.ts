// A small OAuth2 provider for one test, on a loopback port: a token endpoint (refresh-token and
// client-credentials grants) issuing short-lived access tokens, and an RFC 7662 introspection
// endpoint that a Dovecot oauth2 passdb asks about every login.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthSettings } from '../../mail/oauthTokens';

export interface IssuedToken {
  value: string;
  grant: string;
  expiresAt: number;
}

export interface OAuthServer {
  tokenUrl: string;
  introspectionUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The scope the client-credentials grant must ask for, as Microsoft's .default scope. */
  scope: string;
  /** Every access token handed out, oldest first. */
  issued: IssuedToken[];
  /** Every token Dovecot asked about, and what it was told. */
  introspected: { value: string; active: boolean }[];
  /** From now on the refresh token is refused with invalid_grant, as after a password change or a revocation. */
  revokeRefreshToken(): void;
  /** The access tokens handed out so far stop working before they expire, as when an admin revokes a session. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

const secret = () => randomBytes(16).toString('hex');

/** `mailbox` is the login every token is good for; tokens live `tokenSeconds`. */
export async function startOAuthServer(mailbox: string, tokenSeconds = 2): Promise<OAuthServer> {
  const clientId = `client-${secret().slice(0, 8)}`;
  const clientSecret = secret();
  const refreshToken = `refresh-${secret()}`;
  const scope = 'https://outlook.office365.com/.default';
  const issued: IssuedToken[] = [];
  const introspected: { value: string; active: boolean }[] = [];
  let revoked = false;
  const revokedAccess = new Set<string>();

  function grant(form: URLSearchParams): { status: number; answer: object } {
    const refuse = (error: string, description: string) => ({
      status: 400,
      answer: { error, error_description: description },
    });
    if (form.get('client_id') !== clientId) return refuse('invalid_client', 'Unknown client.');
    const type = form.get('grant_type');
    if (type === 'refresh_token') {
      if (form.get('refresh_token') !== refreshToken || revoked)
        return refuse('invalid_grant', 'Token has been expired or revoked.');
    } else if (type === 'client_credentials') {
      if (form.get('client_secret') !== clientSecret) return refuse('invalid_client', 'Wrong client secret.');
      if (form.get('scope') !== scope) return refuse('invalid_scope', `The scope must be ${scope}.`);
    } else {
      return refuse('unsupported_grant_type', `No ${type} grant here.`);
    }
    const token = { value: `access-${secret()}`, grant: type, expiresAt: Date.now() + tokenSeconds * 1000 };
    issued.push(token);
    return {
      status: 200,
      answer: { access_token: token.value, token_type: 'Bearer', expires_in: tokenSeconds, scope },
    };
  }

  function introspect(form: URLSearchParams): object {
    const value = form.get('token') ?? '';
    const token = issued.find((candidate) => candidate.value === value);
    const active = token !== undefined && Date.now() < token.expiresAt && !revokedAccess.has(value);
    introspected.push({ value, active });
    return active
      ? { active, username: mailbox, exp: Math.floor(token.expiresAt / 1000), scope }
      : { active: false };
  }

  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const answer = (status: number, json: object) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (request.method === 'POST' && request.url === '/token') {
        const { status, answer: json } = grant(form);
        answer(status, json);
      } else if (request.method === 'POST' && request.url === '/introspect') {
        answer(200, introspect(form));
      } else {
        answer(404, { error: 'not_found' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    tokenUrl: `${base}/token`,
    introspectionUrl: `${base}/introspect`,
    clientId,
    clientSecret,
    refreshToken,
    scope,
    issued,
    introspected,
    revokeRefreshToken: () => (revoked = true),
    revokeAccessTokens: () => issued.forEach((token) => revokedAccess.add(token.value)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The desk's OAuth2 settings for this provider with the refresh-token grant (as for a delegated mailbox). */
export function refreshTokenGrant(oauth: OAuthServer): OAuthSettings {
  return {
    tokenUrl: oauth.tokenUrl,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    grant: { type: 'refresh_token', refreshToken: oauth.refreshToken },
  };
}
