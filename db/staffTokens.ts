// Staff bearer tokens: each expires, can be revoked, and is replaced at once by rotation. Only the sha256
// hash of a token is stored; the token itself is shown once, to whoever asked for it.
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { recordAudit, type AuditContext } from './audit';
import { endConsoleSessions } from './consoleSessions';
import { inTransaction, type Database } from './pool';
import { hashToken } from './secretHash';
import type { StaffMember } from './staff';

const DAY = 24 * 60 * 60 * 1000;

export { hashToken };

/** A token as presented, whoever holds it and whatever its state: the caller decides whether it opens the door. */
export interface PresentedToken {
  id: number;
  staff: StaffMember;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface IssuedToken {
  token: string;
  id: number;
  expiresAt: Date;
}

type Queryable = Pick<PoolClient, 'query'>;

async function issue(client: Queryable, staffId: number, validDays: number): Promise<IssuedToken> {
  const token = `trc_${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + validDays * DAY);
  const result = await client.query<{ id: string }>(
    'INSERT INTO staff_tokens (staff_id, hash, expires_at) VALUES ($1, $2, $3) RETURNING id',
    [staffId, hashToken(token), expiresAt],
  );
  return { token, id: Number(result.rows[0]!.id), expiresAt };
}

/** Revokes the member's live tokens, and ends the console sessions signed in with one of them. */
async function revokeLive(client: Queryable, staffId: number): Promise<number> {
  const result = await client.query<{ id: string }>(
    'UPDATE staff_tokens SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL RETURNING id',
    [staffId],
  );
  await endConsoleSessions(client, staffId, { tokenIds: result.rows.map((row) => Number(row.id)) });
  return result.rowCount ?? 0;
}

/**
 * Revokes the member's tokens and issues a new one in one transaction, so that the old token stops working the
 * moment the new one exists. Both deeds are in the audit log.
 */
export async function rotateToken(
  db: Database,
  member: Pick<StaffMember, 'id' | 'email'>,
  validDays: number,
  context: AuditContext,
  client?: Queryable,
): Promise<IssuedToken> {
  const work = async (transaction: Queryable) => {
    const revoked = await revokeLive(transaction, member.id);
    if (revoked > 0) {
      await recordAudit(transaction, {
        ...context,
        action: 'token_revoked',
        changes: { staff: member.email, tokens: revoked, reason: 'rotated' },
      });
    }
    const issued = await issue(transaction, member.id, validDays);
    await recordAudit(transaction, {
      ...context,
      action: 'token_issued',
      changes: { staff: member.email, tokenId: issued.id, expiresAt: issued.expiresAt.toISOString() },
    });
    return issued;
  };
  return client ? work(client) : inTransaction(db, work);
}

/** Revokes every live token of the member and ends all their console sessions; answers how many tokens. */
export async function revokeTokens(
  db: Database,
  member: Pick<StaffMember, 'id' | 'email'>,
  context: AuditContext,
): Promise<number> {
  return inTransaction(db, async (client) => {
    const sessions = await endConsoleSessions(client, member.id);
    const revoked = await revokeLive(client, member.id);
    await recordAudit(client, {
      ...context,
      action: 'token_revoked',
      changes: { staff: member.email, tokens: revoked, consoleSessions: sessions },
    });
    return revoked;
  });
}

export async function findPresentedToken(db: Database, token: string): Promise<PresentedToken | undefined> {
  const result = await db.query<
    StaffMember & { tokenId: string; expiresAt: Date; revokedAt: Date | null; lastUsedAt: Date | null }
  >(
    `SELECT t.id AS "tokenId", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
            t.last_used_at AS "lastUsedAt", s.id, s.email, s.name, s.role, s.skills
       FROM staff_tokens t JOIN staff s ON s.id = t.staff_id
      WHERE t.hash = $1`,
    [hashToken(token)],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const { tokenId, expiresAt, revokedAt, lastUsedAt, ...staff } = row;
  return { id: Number(tokenId), staff: { ...staff, id: Number(staff.id) }, expiresAt, revokedAt, lastUsedAt };
}

export async function markTokenUsed(db: Database, tokenId: number, at: Date): Promise<void> {
  await db.query('UPDATE staff_tokens SET last_used_at = $2 WHERE id = $1', [tokenId, at]);
}

export interface TokenState {
  id: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The member's tokens, newest first, for admins to see which are live and when each was last used. */
export async function tokensOf(db: Database, staffId: number): Promise<TokenState[]> {
  const result = await db.query<TokenState & { id: string }>(
    `SELECT id, created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt",
            last_used_at AS "lastUsedAt"
       FROM staff_tokens WHERE staff_id = $1 ORDER BY id DESC`,
    [staffId],
  );
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}
