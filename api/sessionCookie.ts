// The console's session cookie: HttpOnly, so page scripts cannot read it, and SameSite=Strict, so that other sites
// cannot make the browser send it; changes made with it also need the CSRF header (api/auth.ts).
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'triceps_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The session secret the request's Cookie header carries, if any. */
export function sessionSecretOf(request: Request): string | undefined {
  for (const pair of (request.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = pair
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    return value || undefined;
  }
  return undefined;
}

function options(request: Request) {
  return { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' } as const;
}

export function setSessionCookie(request: Request, response: Response, secret: string, expiresAt: Date) {
  const maxAge = Math.max(0, expiresAt.getTime() - Date.now());
  response.cookie(SESSION_COOKIE, secret, { ...options(request), maxAge });
}

export function clearSessionCookie(request: Request, response: Response) {
  response.cookie(SESSION_COOKIE, '', { ...options(request), maxAge: 0 });
}
