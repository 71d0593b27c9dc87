// Authentication of staff: every action is taken by a named staff member holding a live bearer token (scripts) or
// a live console session cookie (the web console, whose changes must also carry the session's CSRF token).
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { findPresentedSession, markSessionUsed, type PresentedSession } from '../db/consoleSessions';
import { findPresentedToken, markTokenUsed } from '../db/staffTokens';
import type { Database } from '../db/pool';
import type { StaffMember, StaffRole } from '../db/staff';
import { lastUseWorthRecording, sessionRefusal, tokenRefusal } from '../domain/access';
import { Problem } from './problem';
import { CSRF_HEADER, sessionSecretOf } from './sessionCookie';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
    staffTokenId?: number;
    consoleSession?: PresentedSession;
    /** Set when authentication failed: the audit trail records the attempt, and whose token it was, if anyone's. */
    authenticationFailure?: { owner: StaffMember | null };
    /** Set by a route that names its own deed for the audit trail: it is recorded instead of the body. */
    auditDeed?: { action: string; changes?: unknown; actor?: StaffMember | null };
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function refuse(request: Request, detail: string, owner: StaffMember | null = null): never {
  request.authenticationFailure = { owner };
  throw new Problem(401, 'Unauthorized', detail);
}

async function bearerStaff(db: Database, request: Request, token: string): Promise<void> {
  const presented = await findPresentedToken(db, token);
  if (!presented) refuse(request, 'The bearer token is not known; ask an admin for a new one.');
  const now = new Date();
  const refusal = tokenRefusal(presented, now);
  if (refusal) refuse(request, refusal, presented.staff);
  if (lastUseWorthRecording(presented.lastUsedAt, now)) await markTokenUsed(db, presented.id, now);
  request.staff = presented.staff;
  request.staffTokenId = presented.id;
}

/** The live console session the request's cookie names, or why there is none. */
export async function liveSession(
  db: Database,
  secret: string,
): Promise<{ session: PresentedSession } | { refusal: string; owner: StaffMember | null }> {
  const presented = await findPresentedSession(db, secret);
  if (!presented) return { refusal: 'The console session is not known; sign in again.', owner: null };
  const now = new Date();
  const refusal = sessionRefusal(presented, now);
  if (refusal) return { refusal, owner: presented.staff };
  if (lastUseWorthRecording(presented.lastUsedAt, now)) await markSessionUsed(db, presented.id, now);
  return { session: presented };
}

/**
 * A change made with the session cookie must carry the session's CSRF token: another site can make the browser
 * send the cookie, but cannot read the token. (SameSite=Strict already stops most such requests; this stops the rest.)
 */
export function requireCsrfToken(request: Request, session: PresentedSession): void {
  if (!unsafeMethods.has(request.method)) return;
  const sent = Buffer.from(request.get(CSRF_HEADER) ?? '');
  const expected = Buffer.from(session.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new Problem(
      403,
      'CSRF token missing or wrong',
      `A change made with the console session cookie needs the header ${CSRF_HEADER} with the csrfToken of ` +
        'GET /api/session.',
    );
  }
}

export function requireStaff(db: Database) {
  return async (request: Request, _response: Response, next: NextFunction) => {
    const authorization = request.get('authorization');
    const sessionSecret = sessionSecretOf(request);
    if (authorization !== undefined || sessionSecret === undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) {
        refuse(
          request,
          'Send a staff token as "Authorization: Bearer <token>" (npm run staff -- add), ' +
            'or sign in to the console (POST /api/session).',
        );
      }
      await bearerStaff(db, request, match[1]!);
      return next();
    }
    const found = await liveSession(db, sessionSecret);
    if ('refusal' in found) refuse(request, found.refusal, found.owner);
    request.staff = found.session.staff;
    request.consoleSession = found.session;
    requireCsrfToken(request, found.session);
    next();
  };
}

export function currentStaff(request: Request): StaffMember {
  if (!request.staff) throw new Problem(401, 'Unauthorized', 'No staff member is signed in.');
  return request.staff;
}

/** The signed-in staff member, when their role is one of `roles`; else 403 naming who may. */
export function requireRole(request: Request, roles: readonly StaffRole[], deed: string): StaffMember {
  const actor = currentStaff(request);
  if (!roles.includes(actor.role)) {
    throw new Problem(403, 'Forbidden', `Only ${roles.join(' or ')} staff ${deed}.`);
  }
  return actor;
}
