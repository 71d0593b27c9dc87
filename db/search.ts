// Search over the written record (search_documents, kept by the triggers of 012_search.sql): hits ranked per
// ticket, each with a highlighted snippet of its best-matching text, paged by cursor.
import type { Database } from './pool';
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

/** The tsquery of `query`, as SQL over two parameters: its stemmed words ($words) and exact lexemes ($exact). */
export function tsquerySql(words: string, exact: string): string {
  return `(CASE WHEN ${words}::text IS NULL THEN ${exact}::tsquery
                WHEN ${exact}::text IS NULL THEN to_tsquery('russian', ${words})
                ELSE to_tsquery('russian', ${words}) && ${exact}::tsquery END)`;
}

export const searchParameters = (query: SearchQuery) => [query.words, query.exact];

/** True when the query has something to look for (not only punctuation). */
export const searchable = (query: SearchQuery) => query.words !== null || query.exact !== null;

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
  const result = await db.query<{
    ticket_id: string;
    number: string;
    subject: string;
    status: TicketStatus;
    rank: string;
    source: SearchSource;
    at: Date;
    snippet: string;
  }>(
    `WITH query AS (
       SELECT q, CASE WHEN $3 = '' THEN q ELSE q || plainto_tsquery('russian', $3) END AS highlight
         FROM (SELECT ${tsquerySql('$1', '$2')} AS q) AS built
     ),
     tickets_hit AS (
       SELECT d.ticket_id, max(ts_rank(d.document, query.q)) AS rank
         FROM search_documents d, query
        WHERE d.document @@ query.q
        GROUP BY d.ticket_id
     ),
     page AS (
       SELECT ticket_id, rank FROM tickets_hit
        WHERE $4::real IS NULL OR (rank, ticket_id) < ($4::real, $5::bigint)
        ORDER BY rank DESC, ticket_id DESC
        LIMIT $6
     )
     SELECT page.ticket_id, t.number, t.subject, t.status, page.rank::text AS rank, best.source, best.at,
            ts_headline('russian', best.body, query.highlight, ${HEADLINE_OPTIONS}) AS snippet
       FROM page
       JOIN tickets t ON t.id = page.ticket_id
       CROSS JOIN query
       CROSS JOIN LATERAL (
         SELECT d.source, d.at, d.body FROM search_documents d
          WHERE d.ticket_id = page.ticket_id AND d.document @@ query.q
          ORDER BY ts_rank(d.document, query.q) DESC, d.at DESC, d.id DESC
          LIMIT 1
       ) AS best
      ORDER BY page.rank DESC, page.ticket_id DESC`,
    [
      ...searchParameters(query),
      query.highlight,
      page.after?.rank ?? null,
      page.after?.ticketId ?? null,
      page.limit,
    ],
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
