// Search over the written record (search_documents, kept by the triggers of 012_search.sql): hits ranked per
// ticket, each with a highlighted snippet of its best-matching text, paged by cursor.
import type { PoolClient } from 'pg';
import { inTransaction, type Database } from './pool';
import { parseSearchQuery, type SearchCursor, type SearchQuery } from './searchQuery';
import type { TicketStatus } from '../domain/ticket';

export type SearchSource = 'subject' | 'mail' | 'attachment' | 'letter' | 'comment' | 'resolution';

export interface SearchHit {
  ticketId: number;
  number: string;
  subject: string;
  status: TicketStatus;
  rank: string; // PostgreSQL's text of the rank, for the cursor
  source: SearchSource; // where the best-matching text is
  at: Date;
  snippet: string; // plain text; matches between \u0001 and \u0002
}

/**
 * The tsquery of a search as SQL, its values added through `parameter`. Only the parts the query has are written
 * out, so that PostgreSQL plans with the query itself in view: a common word is read newest-first along the
 * ticket order, a rare one through the GIN index.
 */
export function tsquerySql(query: SearchQuery, parameter: (value: string) => string): string {
  const words = query.words === null ? null : `to_tsquery('russian', ${parameter(query.words)})`;
  const exact = query.exact === null ? null : `${parameter(query.exact)}::tsquery`;
  return `(${[words, exact].filter((part) => part !== null).join(' && ') || "''::tsquery"})`;
}

/** True when the query has something to look for (not only punctuation). */
export const searchable = (query: SearchQuery) => query.words !== null || query.exact !== null;

/**
 * A query matching more tickets than this ranks the newest of them: reading every match of a word half the
 * tickets contain would take seconds, and the newest tickets are the ones staff look for.
 */
export const RANKED_CANDIDATES = 1000;

const HEADLINE_OPTIONS =
  `'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ` +
  `', MaxFragments=2, MinWords=8, MaxWords=25, FragmentDelimiter=" … "'`;

export async function searchRecord(
  db: Database,
  typed: string,
  page: { limit: number; after?: SearchCursor },
): Promise<SearchHit[]> {
  const query = parseSearchQuery(typed);
  if (!searchable(query)) return [];
  const values: unknown[] = [];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const tsquery = tsquerySql(query, parameter);
  const highlight = query.highlight
    ? `${tsquery} || plainto_tsquery('russian', ${parameter(query.highlight)})`
    : tsquery;
  const afterRank = parameter(page.after?.rank ?? null);
  const afterTicket = parameter(page.after?.ticketId ?? null);
  const result = await withoutJit(db, (client) =>
    client.query<{
      ticket_id: string;
      number: string;
      subject: string;
      status: TicketStatus;
      rank: string;
      source: SearchSource;
      at: Date;
      snippet: string;
    }>(
      `WITH candidates AS MATERIALIZED (
         SELECT s.ticket_id, ts_rank(s.document, ${tsquery}) AS rank
           FROM search_tickets s
          WHERE s.document @@ ${tsquery}
          ORDER BY s.ticket_id DESC
          LIMIT ${RANKED_CANDIDATES}
       ),
       page AS (
         SELECT ticket_id, rank FROM candidates
          WHERE ${afterRank}::real IS NULL OR (rank, ticket_id) < (${afterRank}::real, ${afterTicket}::bigint)
          ORDER BY rank DESC, ticket_id DESC
          LIMIT ${parameter(page.limit)}
       )
       SELECT page.ticket_id, t.number, t.subject, t.status, page.rank::text AS rank, best.source, best.at,
              ts_headline('russian', best.body, ${highlight}, ${HEADLINE_OPTIONS}) AS snippet
         FROM page
         JOIN tickets t ON t.id = page.ticket_id
         CROSS JOIN LATERAL (
           -- The text that matches best; the words of a query may also be spread over several of them.
           SELECT d.source, d.at, d.body FROM search_documents d
            WHERE d.ticket_id = page.ticket_id
            ORDER BY d.document @@ ${tsquery} DESC, ts_rank(d.document, ${tsquery}) DESC, d.at DESC, d.id DESC
            LIMIT 1
         ) AS best
        ORDER BY page.rank DESC, page.ticket_id DESC`,
      values,
    ),
  );
  return result.rows.map((row) => ({
    ticketId: Number(row.ticket_id),
    number: row.number,
    subject: row.subject,
    status: row.status,
    rank: row.rank,
    source: row.source,
    at: row.at,
    snippet: row.snippet,
  }));
}

/**
 * The tickets a search matches when they are at most `atMost`, else undefined. Cheap either way: a rare word is
 * read through the GIN index, and the reading of a common one stops at `atMost`.
 */
export async function fewTicketsMatching(
  client: PoolClient,
  query: SearchQuery,
  atMost = 500,
): Promise<number[] | undefined> {
  const values: unknown[] = [];
  const tsquery = tsquerySql(query, (value) => `$${values.push(value)}`);
  const found = await client.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM search_tickets WHERE document @@ ${tsquery} LIMIT ${atMost + 1}`,
    values,
  );
  return found.rows.length > atMost ? undefined : found.rows.map((row) => Number(row.ticket_id));
}

/**
 * Runs a search without JIT compilation: planned over many rows, PostgreSQL would spend more time compiling the
 * query than running it on the few rows it reads.
 */
export function withoutJit<T>(db: Database, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(db, async (client) => {
    await client.query('SET LOCAL jit = off');
    return work(client);
  });
}
