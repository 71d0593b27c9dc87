// Bearer-token authentication of staff: every action is taken by a named staff member.
import type { NextFunction, Request, Response } from 'express';
import type { Database } from '../db/pool';
import { findStaffByToken, type StaffMember } from '../db/staff';
import { Problem } from './problem';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
  }
}

export function requireStaff(db: Database) {
  return async (request: Request, _response: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '');
    if (!match) {
      throw new Problem(
        401,
        'Unauthorized',
        'Send a staff token as "Authorization: Bearer <token>" (npm run staff -- add).',
      );
    }
    const staff = await findStaffByToken(db, match[1]!);
    if (!staff)
      throw new Problem(401, 'Unauthorized', 'The bearer token is not known; ask an admin for a new one.');
    request.staff = staff;
    next();
  };
}

export function currentStaff(request: Request): StaffMember {
  if (!request.staff) throw new Problem(401, 'Unauthorized', 'No staff member is signed in.');
  return request.staff;
}
