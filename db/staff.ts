// Staff members (each also a specialist in the scheduler) and their bearer tokens.
import type { AuditContext } from './audit';
import { inTransaction, type Database } from './pool';
import { rotateToken } from './staffTokens';

export const staffRoles = ['specialist', 'lead', 'head', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffMember {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  skills: string[];
}

export interface NewStaffMember extends Omit<StaffMember, 'id'> {
  tokenDays?: number; // how long the new token is valid; 90 days unless configured
}

/**
 * Creates a staff member (or updates the one with that email) and issues them a new bearer token, revoking any
 * earlier one; only its hash is stored, and the issue is in the audit log.
 */
export async function addStaffMember(
  db: Database,
  member: NewStaffMember,
  context: AuditContext = { actor: null },
): Promise<{ member: StaffMember; token: string; expiresAt: Date }> {
  const email = member.email.toLowerCase();
  return inTransaction(db, async (client) => {
    const result = await client.query<{ id: string }>(
      `INSERT INTO staff (email, name, role, skills) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, skills = EXCLUDED.skills
       RETURNING id`,
      [email, member.name, member.role, member.skills],
    );
    const added: StaffMember = {
      id: Number(result.rows[0]!.id),
      email,
      name: member.name,
      role: member.role,
      skills: member.skills,
    };
    const { token, expiresAt } = await rotateToken(db, added, member.tokenDays ?? 90, context, client);
    return { member: added, token, expiresAt };
  });
}

export type Specialist = StaffMember & {
  onCall: boolean;
  weeklyHours: unknown;
  team: string | null;
  region: string | null; // its production calendar's days are laid over the desk's (e.g. 'ru-ta', Tatarstan)
};

async function selectSpecialists(db: Database, where: string, values: unknown[]): Promise<Specialist[]> {
  const result = await db.query<Specialist & { id: string }>(
    `SELECT id, email, name, role, skills, on_call AS "onCall", weekly_hours AS "weeklyHours", team, region
       FROM staff ${where} ORDER BY id`,
    values,
  );
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export function listStaff(db: Database, team?: string): Promise<Specialist[]> {
  return team ? selectSpecialists(db, 'WHERE team = $1', [team]) : selectSpecialists(db, '', []);
}

export async function findSpecialist(db: Database, key: { id: number } | { email: string }) {
  const [member] =
    'id' in key
      ? await selectSpecialists(db, 'WHERE id = $1', [key.id])
      : await selectSpecialists(db, 'WHERE email = $1', [key.email.toLowerCase()]);
  return member;
}

export interface StaffChanges {
  name?: string;
  role?: StaffRole;
  skills?: string[];
  onCall?: boolean;
  weeklyHours?: Record<string, { start: string; end: string }[]> | null; // null: the company's hours
  team?: string | null;
  region?: string | null; // null: the desk's calendar only
}

export async function updateStaffMember(db: Database, id: number, changes: StaffChanges): Promise<boolean> {
  const result = await db.query(
    `UPDATE staff SET name = COALESCE($2, name), role = COALESCE($3, role), skills = COALESCE($4, skills),
                      on_call = COALESCE($5, on_call),
                      weekly_hours = CASE WHEN $6::boolean THEN $7::jsonb ELSE weekly_hours END,
                      team = CASE WHEN $8::boolean THEN $9 ELSE team END,
                      region = CASE WHEN $10::boolean THEN $11 ELSE region END
      WHERE id = $1`,
    [
      id,
      changes.name ?? null,
      changes.role ?? null,
      changes.skills ?? null,
      changes.onCall ?? null,
      changes.weeklyHours !== undefined,
      changes.weeklyHours === undefined ? null : JSON.stringify(changes.weeklyHours),
      changes.team !== undefined,
      changes.team ?? null,
      changes.region !== undefined,
      changes.region ?? null,
    ],
  );
  return result.rowCount === 1;
}

/** The addresses of the staff who hold a role, e.g. the leads, who get reminders and escalations. */
export async function staffEmailsWithRole(db: Database, role: StaffRole): Promise<string[]> {
  const result = await db.query<{ email: string }>('SELECT email FROM staff WHERE role = $1 ORDER BY id', [
    role,
  ]);
  return result.rows.map((row) => row.email);
}

/** Who is paged for an emergency at `at`: those on call permanently, and those whose rota shift covers it. */
export async function onCallAddresses(db: Database, at = new Date()): Promise<string[]> {
  const result = await db.query<{ email: string }>(
    `SELECT email FROM staff s
      WHERE s.on_call OR EXISTS (SELECT 1 FROM on_call_shifts o WHERE o.staff_id = s.id AND o.starts_at <= $1 AND o.ends_at > $1)
      ORDER BY id`,
    [at],
  );
  return result.rows.map((row) => row.email);
}

export async function addOnCallShift(
  db: Database,
  staffId: number,
  startsAt: Date,
  endsAt: Date,
): Promise<void> {
  await db.query('INSERT INTO on_call_shifts (staff_id, starts_at, ends_at) VALUES ($1, $2, $3)', [
    staffId,
    startsAt,
    endsAt,
  ]);
}

export async function onCallShifts(db: Database, from: Date, to: Date) {
  const result = await db.query<{ email: string; startsAt: Date; endsAt: Date }>(
    `SELECT s.email, o.starts_at AS "startsAt", o.ends_at AS "endsAt"
       FROM on_call_shifts o JOIN staff s ON s.id = o.staff_id
      WHERE o.ends_at > $1 AND o.starts_at < $2 ORDER BY o.starts_at, s.email`,
    [from, to],
  );
  return result.rows;
}
