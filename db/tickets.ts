// The queryable ticket record in PostgreSQL: rows, history events and lookups for the API.
import type { PoolClient } from 'pg';
import type { StepFailure, TicketChanges } from '../domain/ticketRecord';
import { inTransaction, type Database } from './pool';
import { fewTicketsMatching, searchable, tsquerySql, withoutJit } from './search';
import { parseSearchQuery, type SearchQuery } from './searchQuery';
import { queueSql, type TicketQueue } from './ticketQueues';
import {
  formatTicketNumber,
  type Language,
  type RootCause,
  type TicketStatus,
  type Urgency,
} from '../domain/ticket';

export interface TicketRecord {
  id: number;
  number: string;
  workflowId: string;
  sourceMessageId: number;
  clientEmail: string;
  clientName: string | null;
  subject: string;
  summary: string;
  language: Language;
  status: TicketStatus;
  urgency: Urgency | null;
  rootCause: RootCause | null;
  phoneRequested: boolean;
  estimateMinutes: number | null;
  assignee: string | null; // the specialist's email
  receivedAt: Date;
  ackDeadline: Date | null;
  acknowledgedAt: Date | null;
  promisedAt: Date | null;
  resolvedAt: Date | null;
  needsReview: boolean;
  ackBreachedAt: Date | null;
  loggedMinutes: number;
  refusalReason: string | null;
  closedAt: Date | null;
  linkedTicket: string | null; // the ticket a stranger's mail named: this request is linked to it
  failure: StepFailure | null; // a step the workflow could not carry out even after its retries
  organisation: TicketOrganisation | null; // the client's organisation when the request arrived
  callbackAt: Date | null; // voice support: when the specialist calls the client
}

/** The organisation a ticket was opened under, as it stands now. */
export interface TicketOrganisation {
  id: number;
  name: string;
  voiceSupport: boolean;
  priority: boolean;
}

export interface TicketEvent {
  at: Date;
  kind: string;
  actor: string | null;
  details: Record<string, unknown>;
}

interface TicketRow {
  id: string;
  number: string;
  workflow_id: string;
  source_message_id: string;
  client_email: string;
  client_name: string | null;
  subject: string;
  summary: string;
  language: Language;
  status: TicketStatus;
  urgency: Urgency | null;
  root_cause: RootCause | null;
  phone_requested: boolean;
  estimate_minutes: number | null;
  assignee: string | null;
  received_at: Date;
  ack_deadline: Date | null;
  acknowledged_at: Date | null;
  promised_at: Date | null;
  resolved_at: Date | null;
  needs_review: boolean;
  ack_breached_at: Date | null;
  logged_minutes: number;
  refusal_reason: string | null;
  closed_at: Date | null;
  linked_ticket: string | null;
  failure: StepFailure | null;
  organisation_id: string | null;
  organisation_name: string | null;
  organisation_voice_support: boolean | null;
  organisation_priority: boolean | null;
  callback_at: Date | null;
}

const selectTicket = `
  SELECT t.*, s.email AS assignee, linked.number AS linked_ticket, o.name AS organisation_name,
         o.voice_support AS organisation_voice_support, o.priority AS organisation_priority
    FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id LEFT JOIN tickets linked ON linked.id = t.linked_ticket_id
         LEFT JOIN organisations o ON o.id = t.organisation_id`;

function toRecord(row: TicketRow): TicketRecord {
  return {
    id: Number(row.id),
    number: row.number,
    workflowId: row.workflow_id,
    sourceMessageId: Number(row.source_message_id),
    clientEmail: row.client_email,
    clientName: row.client_name,
    subject: row.subject,
    summary: row.summary,
    language: row.language,
    status: row.status,
    urgency: row.urgency,
    rootCause: row.root_cause,
    phoneRequested: row.phone_requested,
    estimateMinutes: row.estimate_minutes,
    assignee: row.assignee,
    receivedAt: row.received_at,
    ackDeadline: row.ack_deadline,
    acknowledgedAt: row.acknowledged_at,
    promisedAt: row.promised_at,
    resolvedAt: row.resolved_at,
    needsReview: row.needs_review,
    ackBreachedAt: row.ack_breached_at,
    loggedMinutes: row.logged_minutes,
    refusalReason: row.refusal_reason,
    closedAt: row.closed_at,
    linkedTicket: row.linked_ticket,
    failure: row.failure,
    organisation:
      row.organisation_id === null
        ? null
        : {
            id: Number(row.organisation_id),
            name: row.organisation_name ?? '',
            voiceSupport: row.organisation_voice_support ?? false,
            priority: row.organisation_priority ?? false,
          },
    callbackAt: row.callback_at,
  };
}

export interface NewTicket {
  number?: string; // allocated at intake; absent for requests stored before that, which get one here
  workflowId: string;
  sourceMessageId: number;
  clientEmail: string;
  clientName: string | null;
  subject: string;
  summary: string;
  language: Language;
  receivedAt: Date;
  organisationId?: number; // the client's organisation, as matched when the request was handed off
}

/** A fresh ticket number. A number taken and then not used (two deliveries racing) leaves a gap. */
export async function nextTicketNumber(db: Database | PoolClient): Promise<string> {
  const sequence = await db.query<{ value: string }>("SELECT nextval('ticket_number_seq') AS value");
  return formatTicketNumber(sequence.rows[0]!.value);
}

/** Creates the ticket for a message, or returns the one already created for it (activity retries). */
export async function createTicket(db: Database, ticket: NewTicket): Promise<TicketRecord> {
  // A request numbered at intake is inserted at once (a retry inserts nothing); an older one takes a number
  // only when it has no ticket yet.
  if (ticket.number === undefined) {
    const existing = await db.query<TicketRow>(`${selectTicket} WHERE t.source_message_id = $1`, [
      ticket.sourceMessageId,
    ]);
    if (existing.rows[0]) return toRecord(existing.rows[0]);
  }
  const number = ticket.number ?? (await nextTicketNumber(db));
  await db.query(
    `INSERT INTO tickets (number, workflow_id, source_message_id, client_email, client_name, subject, summary,
                          language, status, received_at, organisation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'awaiting_triage', $9, $10)
     ON CONFLICT (source_message_id) DO NOTHING`,
    [
      number,
      ticket.workflowId,
      ticket.sourceMessageId,
      ticket.clientEmail,
      ticket.clientName,
      ticket.subject,
      ticket.summary,
      ticket.language,
      ticket.receivedAt,
      ticket.organisationId ?? null,
    ],
  );
  const created = await db.query<TicketRow>(`${selectTicket} WHERE t.source_message_id = $1`, [
    ticket.sourceMessageId,
  ]);
  return toRecord(created.rows[0]!);
}

export async function findTicketById(
  db: Database | PoolClient,
  id: number,
): Promise<TicketRecord | undefined> {
  const result = await db.query<TicketRow>(`${selectTicket} WHERE t.id = $1`, [id]);
  return result.rows[0] && toRecord(result.rows[0]);
}

export async function findTicketByNumber(db: Database, number: string): Promise<TicketRecord | undefined> {
  const result = await db.query<TicketRow>(`${selectTicket} WHERE t.number = $1`, [number.toUpperCase()]);
  return result.rows[0] && toRecord(result.rows[0]);
}

export interface TicketFilter {
  status?: TicketStatus;
  urgency?: Urgency;
  assignee?: string;
  client?: string;
  organisation?: number | 'none'; // opened under this organisation, or under none
  q?: string; // words anywhere in the ticket's record, as in search
  queue?: TicketQueue; // a work queue, in its own order
  me?: string; // the signed-in staff member's email: whose queue "mine" is
  limit: number;
  offset: number;
}

export interface TicketPage {
  tickets: TicketRecord[];
  total: number; // how many match the filter, whatever the limit and offset
}

export async function listTickets(db: Database, filter: TicketFilter): Promise<TicketPage> {
  if (!filter.q) return readPage(db, filter);
  // The same search as GET /api/search: any text of the ticket, its mail, letters and notes.
  const query = parseSearchQuery(filter.q);
  if (!searchable(query)) return { tickets: [], total: 0 };
  return withoutJit(db, async (client) =>
    readPage(client, filter, (await fewTicketsMatching(client, query)) ?? query),
  );
}

async function readPage(
  db: Database | PoolClient,
  filter: TicketFilter,
  search?: SearchQuery | number[],
): Promise<TicketPage> {
  const page = await db.query<TicketRow>(...listTicketsSql(filter, search));
  const total = await db.query<{ total: number }>(...listTicketsSql(filter, search, 'count'));
  return { tickets: page.rows.map(toRecord), total: total.rows[0]!.total };
}

/**
 * The list's SQL, or its count. A search that matches few tickets names them (the planner cannot tell a rare
 * word from one it has no statistics for); one that matches many reads tickets newest first through the
 * search index.
 */
function listTicketsSql(
  filter: TicketFilter,
  search?: SearchQuery | number[],
  count?: 'count',
): [string, unknown[]] {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  if (filter.status) conditions.push(`t.status = ${parameter(filter.status)}`);
  if (filter.urgency) conditions.push(`t.urgency = ${parameter(filter.urgency)}`);
  if (filter.assignee) conditions.push(`s.email = ${parameter(filter.assignee.toLowerCase())}`);
  if (filter.client) conditions.push(`lower(t.client_email) = ${parameter(filter.client.toLowerCase())}`);
  if (filter.organisation === 'none') conditions.push('t.organisation_id IS NULL');
  else if (filter.organisation !== undefined)
    conditions.push(`t.organisation_id = ${parameter(filter.organisation)}`);
  const queue = filter.queue && queueSql(filter.queue, () => parameter((filter.me ?? '').toLowerCase()));
  if (queue) conditions.push(queue.condition);
  const throughIndex = search !== undefined && !Array.isArray(search);
  if (Array.isArray(search)) conditions.push(`t.id = ANY(${parameter(search)}::bigint[])`);
  if (throughIndex) conditions.push(`found.document @@ ${tsquerySql(search, parameter)}`);
  const from = `${throughIndex ? 'JOIN search_tickets found ON found.ticket_id = t.id' : ''}
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`;
  if (count) {
    const sql = `SELECT count(*)::int AS total FROM tickets t LEFT JOIN staff s ON s.id = t.assignee_id ${from}`;
    return [sql, values];
  }
  const order = queue?.order ?? `${throughIndex ? 'found.ticket_id' : 't.id'} DESC`;
  const sql = `${selectTicket} ${from}
      ORDER BY ${order}
      LIMIT ${parameter(filter.limit)} OFFSET ${parameter(filter.offset)}`;
  return [sql, values];
}

export async function ticketHistory(db: Database, ticketId: number): Promise<TicketEvent[]> {
  const result = await db.query<TicketEvent>(
    'SELECT at, kind, actor, details FROM ticket_events WHERE ticket_id = $1 ORDER BY at, id',
    [ticketId],
  );
  return result.rows;
}

/** Appends to the ticket's history once per event key, however often the writer retries. */
export async function recordEvent(
  db: Database | PoolClient,
  ticketId: number,
  event: { key: string; kind: string; actor?: string | null; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO ticket_events (ticket_id, event_key, kind, actor, details, at)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()))
     ON CONFLICT (ticket_id, event_key) DO NOTHING`,
    [ticketId, event.key, event.kind, event.actor ?? null, event.details ?? {}, event.at ?? null],
  );
}

const changeColumns: Record<keyof TicketChanges, string> = {
  status: 'status',
  urgency: 'urgency',
  rootCause: 'root_cause',
  phoneRequested: 'phone_requested',
  estimateMinutes: 'estimate_minutes',
  assignee: 'assignee_id',
  ackDeadline: 'ack_deadline',
  acknowledgedAt: 'acknowledged_at',
  promisedAt: 'promised_at',
  callbackAt: 'callback_at',
  resolvedAt: 'resolved_at',
  needsReview: 'needs_review',
  ackBreachedAt: 'ack_breached_at',
  loggedMinutes: 'logged_minutes',
  refusalReason: 'refusal_reason',
  closedAt: 'closed_at',
  failure: 'failure',
};

export async function updateTicket(
  db: Database | PoolClient,
  id: number,
  changes: TicketChanges,
): Promise<void> {
  const assignments: string[] = ['updated_at = now()'];
  const values: unknown[] = [id];
  for (const [field, value] of Object.entries(changes) as [keyof TicketChanges, unknown][]) {
    if (value === undefined) continue;
    values.push(value);
    const column = changeColumns[field];
    assignments.push(
      field === 'assignee'
        ? `${column} = (SELECT id FROM staff WHERE email = $${values.length})`
        : `${column} = $${values.length}`,
    );
  }
  await db.query(`UPDATE tickets SET ${assignments.join(', ')} WHERE id = $1`, values);
  if (typeof changes.promisedAt === 'string') {
    await db.query(
      `INSERT INTO promises (ticket_id, promised_at, specialist_id)
       SELECT id, $2, assignee_id FROM tickets WHERE id = $1 ON CONFLICT (ticket_id, promised_at) DO NOTHING`,
      [id, changes.promisedAt],
    );
  }
}

/** Links a new request to the ticket its subject names (a mail from someone not on that ticket). */
export async function linkTicket(
  db: Database,
  ticketId: number,
  linkedNumber: string,
): Promise<string | undefined> {
  const linked = await db.query<{ number: string }>(
    `UPDATE tickets SET linked_ticket_id = (SELECT id FROM tickets WHERE number = $2)
      WHERE id = $1 AND number <> $2 AND EXISTS (SELECT 1 FROM tickets WHERE number = $2)
      RETURNING $2::text AS number`,
    [ticketId, linkedNumber],
  );
  return linked.rows[0]?.number;
}

export interface LetterRecord {
  key: string;
  kind: string;
  to: string[];
  subject: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null; // the relay's last refusal while it keeps being retried
  suppressedReason: string | null;
  bouncedAt: Date | null;
  bounceReason: string | null;
}

export async function lettersOf(db: Database, ticketId: number): Promise<LetterRecord[]> {
  const result = await db.query<LetterRecord>(
    `SELECT letter_key AS key, kind, recipients AS "to", subject, created_at AS "createdAt", sent_at AS "sentAt",
            attempts, last_error AS "lastError", suppressed_reason AS "suppressedReason", bounced_at AS "bouncedAt",
            bounce_reason AS "bounceReason"
       FROM letters WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return result.rows;
}

/** Writes the workflow's changes to a ticket and what happened, in one transaction. */
export async function saveTicketChanges(
  db: Database,
  ticketId: number,
  changes: TicketChanges,
  events: { key: string; kind: string; actor?: string | null; details?: Record<string, unknown> }[],
): Promise<void> {
  await inTransaction(db, async (client) => {
    await updateTicket(client, ticketId, changes);
    for (const event of events) await recordEvent(client, ticketId, event);
  });
}
