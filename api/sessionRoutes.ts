// Sign-in to the staff web console: a bearer token or a one-time code from a mailed link opens a session held in
// an HttpOnly cookie; GET tells the console who is signed in, DELETE signs out.
import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  endSession,
  issueSignInCode,
  openSession,
  redeemSignInCode,
  type SignInMethod,
} from '../db/consoleSessions';
import type { Database } from '../db/pool';
import { findSpecialist, type StaffMember } from '../db/staff';
import { findPresentedToken, markTokenUsed } from '../db/staffTokens';
import {
  lastUseWorthRecording,
  SIGN_IN_CODE_MINUTES,
  SIGN_IN_LETTERS_LIMIT,
  signInCodeRefusal,
  tokenRefusal,
} from '../domain/access';
import { renderSignInLetter, SIGN_IN_LETTER_KIND, signInLink } from '../domain/signInLetter';
import type { Mailer } from '../mail/mailer';
import { liveSession, requireCsrfToken } from './auth';
import { Problem } from './problem';
import { signInBody, signInLinkRequest } from './schemas';
import { clearSessionCookie, sessionSecretOf, setSessionCookie } from './sessionCookie';
import { parseOrProblem } from './validation';

const HOUR = 60 * 60 * 1000;

export interface ConsoleSignIn {
  db: Database;
  mailer: Mailer;
  letterFrom: string; // the support address
  consoleUrl: () => string; // read when a link is mailed: the system knows its own address only once listening
  sessionHours: number;
  /** The limit on failed authentications, shared with every other route. */
  guessingLimit: RequestHandler;
}

function sessionAnswer(staff: StaffMember, csrfToken: string, expiresAt: Date) {
  return {
    staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role },
    csrfToken,
    expiresAt: expiresAt.toISOString(),
  };
}

function refuseSignIn(
  request: Request,
  method: SignInMethod,
  detail: string,
  owner: StaffMember | null,
): never {
  request.authenticationFailure = { owner };
  request.auditDeed = { action: 'sign_in_failed', changes: { method }, actor: owner };
  throw new Problem(401, 'Unauthorized', detail);
}

const noSession = () =>
  new Problem(401, 'Unauthorized', 'No console session: sign in with POST /api/session.');

export function sessionRoutes({
  db,
  mailer,
  letterFrom,
  consoleUrl,
  sessionHours,
  guessingLimit,
}: ConsoleSignIn): Router {
  const router = Router();
  const domain = letterFrom.split('@')[1] ?? 'triceps.local';

  /** Who the token or the code belongs to, when it opens the door now; else 401 saying why. */
  async function signingIn(request: Request, body: { token: string } | { code: string }) {
    const now = new Date();
    if ('token' in body) {
      const presented = await findPresentedToken(db, body.token);
      if (!presented)
        refuseSignIn(request, 'token', 'The bearer token is not known; ask an admin for a new one.', null);
      const refusal = tokenRefusal(presented, now);
      if (refusal) refuseSignIn(request, 'token', refusal, presented.staff);
      if (lastUseWorthRecording(presented.lastUsedAt, now)) await markTokenUsed(db, presented.id, now);
      return { staff: presented.staff, method: 'token' as const, tokenId: presented.id };
    }
    const redeemed = await redeemSignInCode(db, body.code, now);
    if (!redeemed.redeemed) {
      refuseSignIn(request, 'link', signInCodeRefusal(redeemed.reason, redeemed.at), redeemed.staff);
    }
    return { staff: redeemed.staff, method: 'link' as const };
  }

  router.post('/session', guessingLimit, async (request, response) => {
    request.auditDeed = { action: 'sign_in_failed' }; // whatever happens, the body (a secret) is not recorded
    const body = parseOrProblem(signInBody, request.body ?? {});
    const { staff, method, tokenId } = await signingIn(request, body);
    const session = await openSession(db, {
      staffId: staff.id,
      method,
      tokenId,
      expiresAt: new Date(Date.now() + sessionHours * HOUR),
    });
    request.staff = staff;
    request.auditDeed = { action: 'signed_in', changes: { method } };
    setSessionCookie(request, response, session.secret, session.expiresAt);
    response.json(sessionAnswer(staff, session.csrfToken, session.expiresAt));
  });

  /** A console that merely checks whether it is signed in, with no cookie at all, guesses nothing. */
  const cookieOrNoSession: RequestHandler = (request, _response, next) => {
    if (sessionSecretOf(request) === undefined) throw noSession();
    next();
  };

  async function currentSession(request: Request, response: Response) {
    const found = await liveSession(db, sessionSecretOf(request)!);
    if ('refusal' in found) {
      clearSessionCookie(request, response);
      throw new Problem(401, 'Unauthorized', found.refusal);
    }
    return found.session;
  }

  router.get('/session', cookieOrNoSession, guessingLimit, async (request, response) => {
    const session = await currentSession(request, response);
    response.json(sessionAnswer(session.staff, session.csrfToken, session.expiresAt));
  });

  router.delete('/session', cookieOrNoSession, guessingLimit, async (request, response) => {
    request.auditDeed = { action: 'signed_out' };
    const session = await currentSession(request, response);
    request.staff = session.staff;
    requireCsrfToken(request, session);
    await endSession(db, session.id);
    clearSessionCookie(request, response);
    response.status(204).end();
  });

  // Answers the same whether or not the address is a staff member's, and without waiting for the mail, so that
  // neither the answer nor its timing tells who works here.
  router.post('/session/link', guessingLimit, async (request, response) => {
    const { email } = parseOrProblem(signInLinkRequest, request.body ?? {});
    const member = await findSpecialist(db, { email });
    request.auditDeed = {
      action: 'sign_in_link_requested',
      changes: { email, letter: 'no staff member has this address' },
      actor: null,
    };
    if (member) {
      const issued = await issueSignInCode(
        db,
        member.id,
        SIGN_IN_CODE_MINUTES * 60_000,
        SIGN_IN_LETTERS_LIMIT,
      );
      const letter = issued
        ? 'mailed'
        : `held back: ${SIGN_IN_LETTERS_LIMIT.count} links were mailed within ${SIGN_IN_LETTERS_LIMIT.windowMs / 60_000} minutes`;
      request.auditDeed = { action: 'sign_in_link_requested', changes: { email, letter }, actor: member };
      if (issued) {
        const origin = consoleUrl();
        const rendered = renderSignInLetter(signInLink(origin, issued.code), member.name);
        mailer
          .send({
            from: letterFrom,
            to: [member.email],
            subject: rendered.subject,
            text: rendered.text,
            messageId: `<sign-in.${randomUUID()}@${domain}>`,
            headers: {
              'Auto-Submitted': 'auto-generated',
              'X-Auto-Response-Suppress': 'All',
              'X-Triceps-Letter': SIGN_IN_LETTER_KIND,
            },
          })
          .catch((error: unknown) =>
            process.emitWarning(`sign-in letter to ${member.email} not sent: ${(error as Error)?.message}`),
          );
      }
    }
    response.status(202).json({ sent: true });
  });

  return router;
}
