// Writes every staff change under /api (POST, PUT, PATCH, DELETE), console sign-ins and sign-outs, and every
// failed authentication to the audit log, with its outcome. The entry is committed before the answer leaves, so
// whatever a caller saw answered is already in the log.
import type { NextFunction, Request, Response } from 'express';
import { recordAudit, type AuditContext, type AuditEntry } from '../db/audit';
import type { Database } from '../db/pool';
import type { StaffMember } from '../db/staff';
import { findPresentedSession } from '../db/consoleSessions';
import { findPresentedToken } from '../db/staffTokens';
import { ticketNamedIn, withoutSecrets } from '../domain/access';
import { hostileJson } from './requestGuards';
import { sessionSecretOf } from './sessionCookie';

const changing = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_KEPT_BODY = 64 * 1024;

/** The route pattern that answered, e.g. /api/tickets/:number/:action; else the path as asked, cut short. */
function routeOf(request: Request): string {
  const pattern: unknown = request.route?.path;
  if (typeof pattern === 'string') return `${request.baseUrl || '/api'}${pattern}`;
  return request.originalUrl.split('?')[0]!.slice(0, 200);
}

/** A short name for the deed: the ticket action, the token deed, or method and route. */
function actionOf(request: Request, route: string): string {
  if (request.auditDeed) return request.auditDeed.action;
  if (request.authenticationFailure) return 'authentication_failed';
  const ticketAction = /^\/api\/tickets\/[^/]+\/([\w-]{1,40})$/.exec(request.originalUrl.split('?')[0]!);
  if (request.method === 'POST' && ticketAction) return ticketAction[1]!; // also when refused before routing
  if (route === '/api/specialists/:id/token') {
    return request.method === 'DELETE' ? 'token_revoke_requested' : 'token_rotate_requested';
  }
  return `${request.method} ${route}`;
}

function keptBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  // A body the guards refused may be nested past any stack or hold what jsonb cannot (NUL): its reason is kept.
  const refusal = hostileJson(body);
  if (refusal) return { omitted: refusal };
  const kept = withoutSecrets(body);
  const size = JSON.stringify(kept)?.length ?? 0;
  return size > MAX_KEPT_BODY ? { omitted: `a body of ${size} characters` } : kept;
}

/**
 * Who sent it: whom the route named (a sign-in link is asked for in its owner's name); the signed-in member; else
 * the owner of the token or session that failed; else, for a request refused before authentication (a hostile
 * body), whoever holds the token or session it carries.
 */
async function actorOf(db: Database, request: Request): Promise<StaffMember | null> {
  if (request.auditDeed?.actor !== undefined) return request.auditDeed.actor;
  if (request.staff) return request.staff;
  if (request.authenticationFailure) return request.authenticationFailure.owner;
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '');
  if (bearer) return (await findPresentedToken(db, bearer[1]!))?.staff ?? null;
  const sessionSecret = sessionSecretOf(request);
  return (sessionSecret && (await findPresentedSession(db, sessionSecret))?.staff) || null;
}

export function entryFor(request: Request, status: number, actor: StaffMember | null): AuditEntry {
  const route = routeOf(request);
  return {
    actor: actor && { id: actor.id, email: actor.email },
    action: actionOf(request, route),
    method: request.method,
    route,
    ticket: ticketNamedIn(request.originalUrl),
    changes: request.auditDeed
      ? request.auditDeed.changes
      : changing.has(request.method)
        ? keptBody(request.body)
        : undefined,
    status,
    remoteAddress: request.ip ?? request.socket.remoteAddress ?? null,
    userAgent: request.get('user-agent')?.slice(0, 500) ?? null,
  };
}

export function auditTrail(db: Database) {
  return (request: Request, response: Response, next: NextFunction) => {
    const end = response.end.bind(response) as (...args: unknown[]) => Response;
    response.end = ((...args: unknown[]) => {
      if (!changing.has(request.method) && !request.authenticationFailure) return end(...args);
      Promise.resolve()
        .then(async () => recordAudit(db, entryFor(request, response.statusCode, await actorOf(db, request))))
        .catch((error: unknown) => {
          // The deed is done either way; an answer withheld for want of its audit entry would hide it.
          if (!response.headersSent) response.setHeader('x-audit', 'failed');
          process.emitWarning(`audit entry not written: ${(error as Error)?.message}`);
        })
        .finally(() => end(...args));
      return response;
    }) as Response['end'];
    next();
  };
}

/** Who, from where: for deeds a route records itself, such as issuing a token. */
export function auditContextOf(request: Request): AuditContext {
  return {
    actor: request.staff ? { id: request.staff.id, email: request.staff.email } : null,
    remoteAddress: request.ip ?? null,
    userAgent: request.get('user-agent')?.slice(0, 500) ?? null,
  };
}
