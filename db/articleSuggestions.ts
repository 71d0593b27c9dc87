// Which articles match a request, by PostgreSQL's full-text search in the request's language, and which ones a
// ticket's receipt suggested. The choice among the scored articles is domain/articles.ts's.
import type { PoolClient } from 'pg';
import type { ScoredArticle } from '../domain/articles';
import type { Language } from '../domain/ticket';
import type { Database } from './pool';

/**
 * Scores the live articles of the language against a request's text: every word the two share (stemmed by the
 * language's configuration, as 019_knowledge_base.sql indexes the articles; error codes exact) counts its
 * rarity among those N articles, ln(1 + (N − n + 0.5) / (n + 0.5)) as BM25 weighs it when n of them have it,
 * times where the article has it: title 1, tags or product area (or an exact code) 0.6, body only 0.25. The sum
 * is divided by what a word only this article has would count (n = 1), so that a score reads as "so many
 * distinctive title words" however many articles there are: a word every article has counts nearly nothing.
 * Best first.
 */
export async function scoreArticles(
  db: Database | PoolClient,
  request: { language: Language; text: string },
  limit = 10,
): Promise<ScoredArticle[]> {
  const scored = await db.query<ScoredArticle>(
    `WITH request AS (
       SELECT to_tsvector(article_configuration($1), $2) || array_to_tsvector(search_tokens($2)) AS document
     ),
     words AS (SELECT DISTINCT word.lexeme FROM request, unnest(request.document) AS word),
     -- Any of the words, as a tsquery of lexemes taken as they are (quoted: not stemmed again).
     any_word AS MATERIALIZED (
       SELECT string_agg('''' || replace(replace(lexeme, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')
                ::tsquery AS query
         FROM words
     ),
     size AS MATERIALIZED (
       SELECT count(*)::float8 AS n FROM articles a WHERE a.language = $1 AND a.archived_at IS NULL
     ),
     -- The articles sharing a word, found through the GIN index: every word's frequency is counted among them.
     pool AS (
       SELECT a.id, a.title, a.document FROM articles a, any_word
        WHERE a.language = $1 AND a.archived_at IS NULL AND a.document @@ any_word.query
     ),
     shared AS (
       SELECT p.id, word.lexeme,
              CASE WHEN 'A' = ANY (word.weights) THEN 1.0
                   WHEN word.weights IS NULL OR 'B' = ANY (word.weights) THEN 0.6
                   ELSE 0.25 END AS place,
              word.weights IS NULL OR 'A' = ANY (word.weights) OR 'B' = ANY (word.weights) AS headline
         FROM pool p CROSS JOIN LATERAL unnest(p.document) AS word
        WHERE word.lexeme IN (SELECT lexeme FROM words)
     ),
     frequency AS (SELECT lexeme, count(*)::float8 AS n FROM shared GROUP BY lexeme)
     SELECT s.id::int AS id, p.title,
            (sum(ln(1 + (size.n - f.n + 0.5) / (f.n + 0.5)) * s.place) / ln(1 + (size.n - 0.5) / 1.5))::float8
              AS score,
            count(*)::int AS "sharedWords", (count(*) FILTER (WHERE s.headline))::int AS "headlineWords"
       FROM shared s JOIN frequency f USING (lexeme) JOIN pool p ON p.id = s.id CROSS JOIN size
      GROUP BY s.id, p.title, size.n
      ORDER BY score DESC, s.id
      LIMIT $3`,
    [request.language, request.text, limit],
  );
  return scored.rows;
}

export interface RecordedSuggestion {
  articleId: number;
  title: string;
  position: number;
  score: number;
}

/** The articles a ticket's receipt suggested, best first (none: nothing matched well, or not decided yet). */
export async function suggestionsOf(db: Database, ticketId: number): Promise<RecordedSuggestion[]> {
  const found = await db.query<RecordedSuggestion>(
    `SELECT s.article_id::int AS "articleId", a.title, s.position, s.score
       FROM article_suggestions s JOIN articles a ON a.id = s.article_id
      WHERE s.ticket_id = $1 ORDER BY s.position`,
    [ticketId],
  );
  return found.rows;
}

/** Records what the receipt suggests; a retried receipt finds them recorded and suggests the same. */
export async function recordSuggestions(
  db: Database,
  ticketId: number,
  chosen: readonly ScoredArticle[],
): Promise<void> {
  if (chosen.length === 0) return;
  await db.query(
    `INSERT INTO article_suggestions (ticket_id, article_id, position, score)
     SELECT $1, chosen.id, chosen.position, chosen.score
       FROM unnest($2::bigint[], $3::real[]) WITH ORDINALITY AS chosen (id, score, position)
     ON CONFLICT (ticket_id, article_id) DO NOTHING`,
    [ticketId, chosen.map((article) => article.id), chosen.map((article) => article.score)],
  );
}
