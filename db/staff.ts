// Staff members (each also a specialist in the scheduler) and their bearer tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './pool';

export const staffRoles = ['specialist', 'lead', 'head', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffMember {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  skills: string[];
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a staff member and returns them with a new bearer token; only its hash is stored. */
export async function addStaffMember(
  db: Database,
  member: Omit<StaffMember, 'id'>,
): Promise<{ member: StaffMember; token: string }> {
  const token = `trc_${randomBytes(24).toString('base64url')}`;
  const result = await db.query<{ id: string }>(
    `INSERT INTO staff (email, name, role, skills, token_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, skills = EXCLUDED.skills,
                                      token_hash = EXCLUDED.token_hash
     RETURNING id`,
    [member.email.toLowerCase(), member.name, member.role, member.skills, hashToken(token)],
  );
  return { member: { ...member, email: member.email.toLowerCase(), id: Number(result.rows[0]!.id) }, token };
}

export async function findStaffByToken(db: Database, token: string): Promise<StaffMember | undefined> {
  const result = await db.query<StaffMember & { id: string }>(
    'SELECT id, email, name, role, skills FROM staff WHERE token_hash = $1',
    [hashToken(token)],
  );
  const row = result.rows[0];
  return row && { ...row, id: Number(row.id) };
}

export async function listStaff(db: Database): Promise<(StaffMember & { onCall: boolean })[]> {
  const result = await db.query<StaffMember & { id: string; onCall: boolean }>(
    'SELECT id, email, name, role, skills, on_call AS "onCall" FROM staff ORDER BY id',
  );
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}
