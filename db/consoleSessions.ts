// Staff console sessions and the one-time sign-in links that open them. The session secret and the link code are
// handed out once and kept only as sha256 hashes; the CSRF token is kept as it is, for the console to read back.
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Database } from './pool';
import { hashToken } from './secretHash';
import type { StaffMember } from './staff';

type Queryable = Pick<PoolClient, 'query'>;

export type SignInMethod = 'token' | 'link';

/** A session as its cookie presents it, whatever its state: the caller decides whether it opens the door. */
export interface PresentedSession {
  id: number;
  staff: StaffMember;
  csrfToken: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface OpenedSession {
  id: number;
  secret: string; // for the cookie, never stored
  csrfToken: string;
  expiresAt: Date;
}

const secret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export async function openSession(
  db: Database,
  opening: { staffId: number; method: SignInMethod; tokenId?: number; expiresAt: Date },
): Promise<OpenedSession> {
  const sessionSecret = secret('trs');
  const csrfToken = randomBytes(32).toString('base64url');
  const result = await db.query<{ id: string }>(
    `INSERT INTO console_sessions (staff_id, hash, csrf_token, method, token_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      opening.staffId,
      hashToken(sessionSecret),
      csrfToken,
      opening.method,
      opening.tokenId ?? null,
      opening.expiresAt,
    ],
  );
  return { id: Number(result.rows[0]!.id), secret: sessionSecret, csrfToken, expiresAt: opening.expiresAt };
}

export async function findPresentedSession(
  db: Database,
  sessionSecret: string,
): Promise<PresentedSession | undefined> {
  const result = await db.query<
    StaffMember & {
      sessionId: string;
      csrfToken: string;
      expiresAt: Date;
      revokedAt: Date | null;
      lastUsedAt: Date | null;
    }
  >(
    `SELECT c.id AS "sessionId", c.csrf_token AS "csrfToken", c.expires_at AS "expiresAt",
            c.revoked_at AS "revokedAt", c.last_used_at AS "lastUsedAt", s.id, s.email, s.name, s.role, s.skills
       FROM console_sessions c JOIN staff s ON s.id = c.staff_id
      WHERE c.hash = $1`,
    [hashToken(sessionSecret)],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { sessionId, csrfToken, expiresAt, revokedAt, lastUsedAt, ...staff } = row;
  return {
    id: Number(sessionId),
    staff: { ...staff, id: Number(staff.id) },
    csrfToken,
    expiresAt,
    revokedAt,
    lastUsedAt,
  };
}

export async function markSessionUsed(db: Database, sessionId: number, at: Date): Promise<void> {
  await db.query('UPDATE console_sessions SET last_used_at = $2 WHERE id = $1', [sessionId, at]);
}

/** Sign-out: answers whether the session was live. */
export async function endSession(db: Database, sessionId: number): Promise<boolean> {
  const result = await db.query(
    'UPDATE console_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [sessionId],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * Ends the member's live sessions: all of them, or only those signed in with one of `tokenIds` (a rotated token
 * takes its sessions with it). Answers how many ended.
 */
export async function endConsoleSessions(
  client: Queryable,
  staffId: number,
  only?: { tokenIds: number[] },
): Promise<number> {
  if (only && only.tokenIds.length === 0) return 0;
  const result = await client.query(
    `UPDATE console_sessions SET revoked_at = now()
      WHERE staff_id = $1 AND revoked_at IS NULL ${only ? 'AND token_id = ANY($2)' : ''}`,
    only ? [staffId, only.tokenIds] : [staffId],
  );
  return result.rowCount ?? 0;
}

/**
 * A new one-time sign-in code for the member, unless `limit` codes were issued to them within `windowMs`: then
 * undefined. Counting and inserting is one statement, so that simultaneous requests cannot slip past the limit.
 */
export async function issueSignInCode(
  db: Database,
  staffId: number,
  validMs: number,
  limit: { count: number; windowMs: number },
): Promise<{ code: string; expiresAt: Date } | undefined> {
  const code = secret('trl');
  const now = Date.now();
  const expiresAt = new Date(now + validMs);
  const result = await db.query(
    `INSERT INTO sign_in_links (staff_id, hash, expires_at)
     SELECT $1, $2, $3
      WHERE (SELECT count(*) FROM sign_in_links WHERE staff_id = $1 AND created_at > $4) < $5`,
    [staffId, hashToken(code), expiresAt, new Date(now - limit.windowMs), limit.count],
  );
  return result.rowCount ? { code, expiresAt } : undefined;
}

export type RedeemedCode =
  | { redeemed: true; staff: StaffMember }
  | { redeemed: false; staff: StaffMember | null; reason: 'unknown' | 'used' | 'expired'; at?: Date };

/** Uses a sign-in code up: only the first of any number of simultaneous attempts gets its staff member. */
export async function redeemSignInCode(db: Database, code: string, now: Date): Promise<RedeemedCode> {
  const hash = hashToken(code);
  const used = await db.query<{ staffId: string }>(
    `UPDATE sign_in_links SET used_at = $2
      WHERE hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING staff_id AS "staffId"`,
    [hash, now],
  );
  const why = await db.query<StaffMember & { usedAt: Date | null; expiresAt: Date }>(
    `SELECT l.used_at AS "usedAt", l.expires_at AS "expiresAt", s.id, s.email, s.name, s.role, s.skills
       FROM sign_in_links l JOIN staff s ON s.id = l.staff_id WHERE l.hash = $1`,
    [hash],
  );
  const row = why.rows[0];
  if (!row) return { redeemed: false, staff: null, reason: 'unknown' };
  const { usedAt, expiresAt, ...member } = row;
  const staff = { ...member, id: Number(member.id) };
  if (used.rowCount) return { redeemed: true, staff };
  return usedAt
    ? { redeemed: false, staff, reason: 'used', at: usedAt }
    : { redeemed: false, staff, reason: 'expired', at: expiresAt };
}
