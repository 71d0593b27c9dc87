// The knowledge base's part of our letters, looked up when a letter is queued (never in workflow code): the
// articles a receipt suggests, chosen and recorded once per ticket, and the articles a resolution linked.
import { articlesNamed } from '../db/articles';
import { recordSuggestions, scoreArticles, suggestionsOf } from '../db/articleSuggestions';
import type { Database } from '../db/pool';
import { recordEvent, type TicketRecord } from '../db/tickets';
import {
  articleUrl,
  chooseSuggestions,
  requestTextForSuggestions,
  type ArticleLink,
} from '../domain/articles';
import type { Logger } from '../platform/logger';

export function articleLinks(db: Database, siteUrl: () => string | undefined, logger: Logger) {
  const link = (article: { id: number; title: string }): ArticleLink => ({
    id: article.id,
    title: article.title,
    url: articleUrl(siteUrl(), article.id),
  });

  return {
    /**
     * The articles the ticket's receipt suggests: those recorded by an earlier try of the same receipt, else the
     * ones that match the request well now, recorded (with an event in the ticket's history) before the receipt
     * is. A failed look-up costs the suggestions, never the receipt.
     */
    async suggestedFor(ticket: Pick<TicketRecord, 'id' | 'number' | 'language' | 'subject' | 'summary'>) {
      try {
        const recorded = await suggestionsOf(db, ticket.id);
        if (recorded.length > 0) return recorded.map((row) => link({ id: row.articleId, title: row.title }));
        const scored = await scoreArticles(db, {
          language: ticket.language,
          text: requestTextForSuggestions(ticket.subject, ticket.summary),
        });
        const chosen = chooseSuggestions(scored);
        if (chosen.length === 0) return [];
        await recordSuggestions(db, ticket.id, chosen);
        await recordEvent(db, ticket.id, {
          key: 'articles_suggested',
          kind: 'articles_suggested',
          actor: 'system',
          details: {
            articles: chosen.map((article) => ({
              id: article.id,
              title: article.title,
              score: Math.round(article.score * 100) / 100,
            })),
          },
        });
        return chosen.map(link);
      } catch (error) {
        logger.warn({ err: error, ticket: ticket.number }, 'no article suggestions: the look-up failed');
        return [];
      }
    },

    /** The articles a resolution named, in its order (archived since or not: they solved it). */
    async linked(ids: readonly number[] | undefined): Promise<ArticleLink[]> {
      if (!ids?.length) return [];
      return (await articlesNamed(db, ids)).map(link);
    },
  };
}
