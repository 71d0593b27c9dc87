// The audit log: who did what through the API or the command line, when, from where, and how it ended.
import type { PoolClient } from 'pg';
import type { Database } from './pool';

export interface AuditActor {
  id: number;
  email: string;
}

/** Where an audited deed came from: the staff member (null: nobody recognised), their address and client. */
export interface AuditContext {
  actor: AuditActor | null;
  remoteAddress?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry extends AuditContext {
  action: string;
  method?: string | null;
  route?: string | null;
  ticket?: string | null;
  changes?: unknown;
  status?: number | null;
}

export async function recordAudit(
  db: Database | Pick<PoolClient, 'query'>,
  entry: AuditEntry,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (staff_id, actor_email, action, method, route, ticket_number, changes, status,
                            remote_address, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.actor?.id ?? null,
      entry.actor?.email ?? null,
      entry.action,
      entry.method ?? null,
      entry.route ?? null,
      entry.ticket ?? null,
      entry.changes === undefined ? null : JSON.stringify(entry.changes),
      entry.status ?? null,
      entry.remoteAddress ?? null,
      entry.userAgent ?? null,
    ],
  );
}

export interface AuditFilter {
  actor?: string; // email
  ticket?: string;
  action?: string; // an action name or a route pattern
  from?: Date;
  to?: Date;
  status?: number;
  before?: number; // the cursor: entries older than this id
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string | null;
  action: string;
  method: string | null;
  route: string | null;
  ticket: string | null;
  changes: unknown;
  status: number | null;
  remoteAddress: string | null;
  userAgent: string | null;
}

/** Newest first; one more row than asked for is read so that the caller knows whether a next page exists. */
export async function auditEntries(
  db: Database,
  filter: AuditFilter,
): Promise<{ entries: AuditRecord[]; more: boolean }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (filter.actor !== undefined) where((p) => `actor_email = lower(${p})`, filter.actor);
  if (filter.ticket !== undefined) where((p) => `ticket_number = ${p}`, filter.ticket);
  if (filter.action !== undefined) where((p) => `(action = ${p} OR route = ${p})`, filter.action);
  if (filter.from !== undefined) where((p) => `at >= ${p}`, filter.from);
  if (filter.to !== undefined) where((p) => `at < ${p}`, filter.to);
  if (filter.status !== undefined) where((p) => `status = ${p}`, filter.status);
  if (filter.before !== undefined) where((p) => `id < ${p}`, filter.before);
  values.push(filter.limit + 1);
  const result = await db.query<AuditRecord & { id: string }>(
    `SELECT id, at, actor_email AS actor, action, method, route, ticket_number AS ticket, changes, status,
            remote_address AS "remoteAddress", user_agent AS "userAgent"
       FROM audit_log ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${values.length}`,
    values,
  );
  const rows = result.rows.map((row) => ({ ...row, id: Number(row.id) }));
  return { entries: rows.slice(0, filter.limit), more: rows.length > filter.limit };
}
