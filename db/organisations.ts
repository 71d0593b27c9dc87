// Client organisations in PostgreSQL: their contracts, the domains and the addresses assigned by hand that make a
// sender their client, and the clients counted for the reports. The choice among candidates is domain/organisations.
import type { PoolClient } from 'pg';
import { domainsToTry, organisationFor, type Organisation, type WeeklyHours } from '../domain/organisations';
import { inTransaction, type Database } from './pool';

/** An organisation as staff see it: its contract, its domains and how many clients it has. */
export interface OrganisationRecord extends Organisation {
  clients: number; // distinct addresses assigned to it by hand or that wrote to support under it
  createdAt: Date;
  updatedAt: Date;
}

export interface OrganisationClient {
  address: string;
  assigned: 'hand' | 'domain'; // a lead assigned it, or it wrote from one of the organisation's domains
  tickets: number; // opened under this organisation
  lastTicketAt: Date | null;
}

export type NewOrganisation = Omit<Organisation, 'id'>;
export type OrganisationChanges = Partial<NewOrganisation>;

/** A name or a domain another organisation already holds. */
export class OrganisationConflict extends Error {
  override readonly name = 'OrganisationConflict';
  constructor(
    readonly field: 'name' | 'domains',
    message: string,
  ) {
    super(message);
  }
}

interface OrganisationRow {
  id: string;
  name: string;
  domains: string[];
  time_zone: string | null;
  weekly_hours: WeeklyHours | null;
  voice_support: boolean;
  priority: boolean;
  clients: number;
  created_at: Date;
  updated_at: Date;
}

const domainsOfO = `COALESCE((SELECT array_agg(d.domain ORDER BY d.domain) FROM organisation_domains d
                    WHERE d.organisation_id = o.id), '{}') AS domains`;

const selectOrganisations = `
  SELECT o.*, ${domainsOfO},
         (SELECT count(*) FROM (SELECT c.address FROM organisation_clients c WHERE c.organisation_id = o.id
                                UNION
                                SELECT lower(t.client_email) FROM tickets t WHERE t.organisation_id = o.id) AS known
         )::int AS clients
    FROM organisations o`;

type ContractRow = Omit<OrganisationRow, 'clients' | 'created_at' | 'updated_at'>;

function toOrganisation(row: ContractRow): Organisation {
  return {
    id: Number(row.id),
    name: row.name,
    domains: row.domains,
    timeZone: row.time_zone,
    weeklyHours: row.weekly_hours,
    voiceSupport: row.voice_support,
    priority: row.priority,
  };
}

function toRecord(row: OrganisationRow): OrganisationRecord {
  return {
    ...toOrganisation(row),
    clients: row.clients,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listOrganisations(db: Database): Promise<OrganisationRecord[]> {
  const result = await db.query<OrganisationRow>(`${selectOrganisations} ORDER BY lower(o.name)`);
  return result.rows.map(toRecord);
}

export async function findOrganisation(
  db: Database | PoolClient,
  id: number,
): Promise<OrganisationRecord | undefined> {
  const result = await db.query<OrganisationRow>(`${selectOrganisations} WHERE o.id = $1`, [id]);
  return result.rows[0] && toRecord(result.rows[0]);
}

/** Two leads saving the same name or domain at once: the loser's unique violation is the same conflict. */
async function conflictsAsSuch<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== '23505') throw error;
    const field = constraint === 'organisations_name' ? 'name' : 'domains';
    throw new OrganisationConflict(
      field,
      `Another organisation was just saved with the same ${field}; try again.`,
    );
  }
}

export async function createOrganisation(db: Database, organisation: NewOrganisation): Promise<number> {
  return conflictsAsSuch(() =>
    inTransaction(db, async (client) => {
      await refuseTakenName(client, organisation.name);
      const created = await client.query<{ id: string }>(
        `INSERT INTO organisations (name, time_zone, weekly_hours, voice_support, priority)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          organisation.name,
          organisation.timeZone,
          organisation.weeklyHours === null ? null : JSON.stringify(organisation.weeklyHours),
          organisation.voiceSupport,
          organisation.priority,
        ],
      );
      const id = Number(created.rows[0]!.id);
      await setDomains(client, id, organisation.domains);
      return id;
    }),
  );
}

const changeColumns = {
  name: 'name',
  timeZone: 'time_zone',
  weeklyHours: 'weekly_hours',
  voiceSupport: 'voice_support',
  priority: 'priority',
} as const;

/** Changes the contract; running tickets keep the one they captured, new tickets get the new one. */
export async function updateOrganisation(
  db: Database,
  id: number,
  changes: OrganisationChanges,
): Promise<void> {
  await conflictsAsSuch(() =>
    inTransaction(db, async (client) => {
      if (changes.name !== undefined) await refuseTakenName(client, changes.name, id);
      const assignments: string[] = ['updated_at = now()'];
      const values: unknown[] = [id];
      for (const [field, column] of Object.entries(changeColumns) as [keyof typeof changeColumns, string][]) {
        const value = changes[field];
        if (value === undefined) continue;
        values.push(field === 'weeklyHours' && value !== null ? JSON.stringify(value) : value);
        assignments.push(`${column} = $${values.length}`);
      }
      await client.query(`UPDATE organisations SET ${assignments.join(', ')} WHERE id = $1`, values);
      if (changes.domains !== undefined) await setDomains(client, id, changes.domains);
    }),
  );
}

async function refuseTakenName(client: PoolClient, name: string, except?: number): Promise<void> {
  const taken = await client.query<{ id: string }>(
    'SELECT id FROM organisations WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2',
    [name, except ?? null],
  );
  if (taken.rows[0]) {
    throw new OrganisationConflict('name', `Organisation ${taken.rows[0].id} is already called "${name}".`);
  }
}

/** The organisation's domains become exactly these; one that another organisation holds is refused. */
async function setDomains(client: PoolClient, id: number, domains: readonly string[]): Promise<void> {
  const held = await client.query<{ domain: string; organisation_id: string; name: string }>(
    `SELECT d.domain, d.organisation_id, o.name FROM organisation_domains d JOIN organisations o ON o.id = d.organisation_id
      WHERE d.domain = ANY($1::text[]) AND d.organisation_id <> $2 ORDER BY d.domain`,
    [domains, id],
  );
  if (held.rows.length > 0) {
    const named = held.rows.map((row) => `${row.domain} (${row.name}, ${row.organisation_id})`).join(', ');
    throw new OrganisationConflict('domains', `Another organisation already holds ${named}.`);
  }
  await client.query('DELETE FROM organisation_domains WHERE organisation_id = $1', [id]);
  await client.query(
    `INSERT INTO organisation_domains (domain, organisation_id)
     SELECT DISTINCT domain, $2::bigint FROM unnest($1::text[]) AS domain`,
    [domains, id],
  );
}

/** Assigns an address by hand (it beats the domains): answers the organisation it belonged to by hand before. */
export async function assignClient(
  db: Database,
  organisationId: number,
  address: string,
  assignedBy: string,
): Promise<number | null> {
  return inTransaction(db, async (client) => {
    const before = await client.query<{ organisation_id: string }>(
      'SELECT organisation_id FROM organisation_clients WHERE address = $1 FOR UPDATE',
      [address.toLowerCase()],
    );
    await client.query(
      `INSERT INTO organisation_clients (address, organisation_id, assigned_by) VALUES ($1, $2, $3)
       ON CONFLICT (address) DO UPDATE
         SET organisation_id = EXCLUDED.organisation_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
         WHERE organisation_clients.organisation_id <> EXCLUDED.organisation_id`,
      [address.toLowerCase(), organisationId, assignedBy],
    );
    return before.rows[0] ? Number(before.rows[0].organisation_id) : null;
  });
}

/** Ends a hand assignment; the address then belongs wherever its domain says. False: it was not assigned there. */
export async function unassignClient(
  db: Database,
  organisationId: number,
  address: string,
): Promise<boolean> {
  const removed = await db.query(
    'DELETE FROM organisation_clients WHERE address = $1 AND organisation_id = $2',
    [address.toLowerCase(), organisationId],
  );
  return (removed.rowCount ?? 0) > 0;
}

/** The organisation's clients: assigned by hand, or that wrote under it, with their tickets. */
export async function clientsOf(db: Database, organisationId: number): Promise<OrganisationClient[]> {
  const result = await db.query<{
    address: string;
    by_hand: boolean;
    tickets: number;
    last_ticket_at: Date | null;
  }>(
    `WITH known AS (
       SELECT address FROM organisation_clients WHERE organisation_id = $1
       UNION SELECT lower(client_email) FROM tickets WHERE organisation_id = $1)
     SELECT k.address,
            EXISTS (SELECT 1 FROM organisation_clients c WHERE c.address = k.address AND c.organisation_id = $1)
              AS by_hand,
            (SELECT count(*) FROM tickets t WHERE lower(t.client_email) = k.address AND t.organisation_id = $1)::int
              AS tickets,
            (SELECT max(t.received_at) FROM tickets t WHERE lower(t.client_email) = k.address AND t.organisation_id = $1)
              AS last_ticket_at
       FROM known k ORDER BY k.address`,
    [organisationId],
  );
  return result.rows.map((row) => ({
    address: row.address,
    assigned: row.by_hand ? 'hand' : 'domain',
    tickets: row.tickets,
    lastTicketAt: row.last_ticket_at,
  }));
}

/**
 * The organisation a sender belongs to now, with its contract: their hand assignment, else the most specific
 * domain held. On every new request's hand-off, so one query when the address belongs to none.
 */
export async function organisationOfAddress(
  db: Database,
  address: string,
): Promise<Organisation | undefined> {
  const lower = address.toLowerCase();
  const candidates = await db.query<{ by_hand: boolean; organisation_id: string; domain: string | null }>(
    `SELECT true AS by_hand, organisation_id, NULL AS domain FROM organisation_clients WHERE address = $1
     UNION ALL
     SELECT false, organisation_id, domain FROM organisation_domains WHERE domain = ANY($2::text[])`,
    [lower, domainsToTry(lower)],
  );
  const byHand = candidates.rows.find((row) => row.by_hand);
  const id = organisationFor(lower, {
    assigned: byHand ? Number(byHand.organisation_id) : undefined,
    domains: candidates.rows
      .filter((row) => !row.by_hand)
      .map((row) => ({ domain: row.domain!, organisationId: Number(row.organisation_id) })),
  });
  if (id === undefined) return undefined;
  const found = await db.query<ContractRow>(
    `SELECT o.id, o.name, o.time_zone, o.weekly_hours, o.voice_support, o.priority, ${domainsOfO}
       FROM organisations o WHERE o.id = $1`,
    [id],
  );
  return found.rows[0] && toOrganisation(found.rows[0]);
}
