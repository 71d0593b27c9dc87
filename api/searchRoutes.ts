// GET /api/search: ranked hits over everything written about tickets, a page at a time.
import { Router } from 'express';
import type { Database } from '../db/pool';
import { searchRecord, type SearchHit } from '../db/search';
import { decodeCursor, encodeCursor } from '../db/searchQuery';
import { Problem } from './problem';
import { searchQuery } from './schemas';
import { parseOrProblem } from './validation';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// How ts_headline marks a match (see db/search.ts): characters no stored text contains.
const MATCH_START = '\u0001';
const MATCH_END = '\u0002';

/** The snippet as safe HTML: the client's text escaped, the matches in <mark>. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)
    .replaceAll(MATCH_START, '<mark>')
    .replaceAll(MATCH_END, '</mark>');
}

const hitView = (hit: SearchHit) => ({
  number: hit.number,
  subject: hit.subject,
  status: hit.status,
  source: hit.source,
  at: hit.at.toISOString(),
  snippet: snippetHtml(hit.snippet),
  url: `/api/tickets/${hit.number}`,
});

export function searchRoutes(db: Database): Router {
  const router = Router();

  router.get('/search', async (request, response) => {
    const { q, limit, cursor } = parseOrProblem(searchQuery, request.query);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) {
      throw new Problem(
        422,
        'Unprocessable Content',
        'cursor: not a cursor this search gave; start without it',
        {
          errors: [{ field: 'cursor', rule: 'a nextCursor from an earlier page' }],
        },
      );
    }
    const hits = await searchRecord(db, q, { limit: limit + 1, after });
    const page = hits.slice(0, limit);
    const last = page.at(-1);
    response.json({
      q,
      hits: page.map(hitView),
      nextCursor:
        hits.length > limit && last ? encodeCursor({ rank: last.rank, ticketId: last.ticketId }) : null,
    });
  });

  return router;
}
