// Bearer-token authentication of staff: every action is taken by a named staff member holding a live token.
import type { NextFunction, Request, Response } from 'express';
import { findPresentedToken, markTokenUsed } from '../db/staffTokens';
import type { Database } from '../db/pool';
import type { StaffMember, StaffRole } from '../db/staff';
import { lastUseWorthRecording, tokenRefusal } from '../domain/access';
import { Problem } from './problem';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
    staffTokenId?: number;
    /** Set when authentication failed: the audit trail records the attempt, and whose token it was, if anyone's. */
    authenticationFailure?: { owner: StaffMember | null };
  }
}

function refuse(request: Request, detail: string, owner: StaffMember | null = null): never {
  request.authenticationFailure = { owner };
  throw new Problem(401, 'Unauthorized', detail);
}

export function requireStaff(db: Database) {
  return async (request: Request, _response: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '');
    if (!match) {
      refuse(request, 'Send a staff token as "Authorization: Bearer <token>" (npm run staff -- add).');
    }
    const presented = await findPresentedToken(db, match[1]!);
    if (!presented) refuse(request, 'The bearer token is not known; ask an admin for a new one.');
    const now = new Date();
    const refusal = tokenRefusal(presented, now);
    if (refusal) refuse(request, refusal, presented.staff);
    if (lastUseWorthRecording(presented.lastUsedAt, now)) await markTokenUsed(db, presented.id, now);
    request.staff = presented.staff;
    request.staffTokenId = presented.id;
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
