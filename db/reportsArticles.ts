// Which articles helped: in a range, the articles receipts suggested and the articles that solved tickets
// (linked by the specialist who resolved them), and how many suggestions turned out to be the answer.
import type { Language } from '../domain/ticket';
import type { Database } from './pool';

export interface ArticleUseRow {
  id: number;
  title: string;
  language: Language;
  suggested: number;
  solved: number;
  solvedAfterSuggestion: number;
}

export interface ArticleUse {
  receipts: number;
  receiptsWithSuggestions: number;
  resolved: number;
  resolvedWithArticle: number;
  articles: ArticleUseRow[];
}

export async function articleUse(db: Database, range: { from: Date; to: Date }): Promise<ArticleUse> {
  const totals = await db.query<Omit<ArticleUse, 'articles'>>(
    `SELECT (SELECT count(*)::int FROM tickets WHERE received_at >= $1 AND received_at < $2) AS receipts,
            (SELECT count(DISTINCT ticket_id)::int FROM article_suggestions WHERE at >= $1 AND at < $2)
              AS "receiptsWithSuggestions",
            (SELECT count(DISTINCT ticket_id)::int FROM ticket_events
              WHERE kind = 'resolved' AND at >= $1 AND at < $2) AS resolved,
            (SELECT count(DISTINCT ticket_id)::int FROM article_solutions WHERE at >= $1 AND at < $2)
              AS "resolvedWithArticle"`,
    [range.from, range.to],
  );
  const articles = await db.query<ArticleUseRow>(
    `WITH suggested AS (
       SELECT article_id, count(*)::int AS n FROM article_suggestions WHERE at >= $1 AND at < $2 GROUP BY 1
     ),
     solved AS (
       SELECT s.article_id, count(*)::int AS n,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM article_suggestions g
                                                WHERE g.ticket_id = s.ticket_id AND g.article_id = s.article_id)))::int
                AS after_suggestion
         FROM article_solutions s WHERE s.at >= $1 AND s.at < $2 GROUP BY 1
     )
     SELECT a.id::int AS id, a.title, a.language, coalesce(suggested.n, 0) AS suggested,
            coalesce(solved.n, 0) AS solved, coalesce(solved.after_suggestion, 0) AS "solvedAfterSuggestion"
       FROM articles a
       LEFT JOIN suggested ON suggested.article_id = a.id
       LEFT JOIN solved ON solved.article_id = a.id
      WHERE suggested.n IS NOT NULL OR solved.n IS NOT NULL
      ORDER BY solved DESC, suggested DESC, a.id`,
    [range.from, range.to],
  );
  return { ...totals.rows[0]!, articles: articles.rows };
}
