// The knowledge base's rules, pure: where an article is read, and which of the articles that share words with a
// request the receipt suggests.
import type { Language, RootCause } from './ticket';

export const articleLanguages = ['ru', 'en'] as const satisfies readonly Language[];

export interface Article {
  id: number;
  language: Language;
  title: string;
  body: string; // Markdown
  tags: string[];
  rootCause: RootCause | null;
  productArea: string | null;
  revision: number;
  archivedAt: Date | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** An article as a letter names it. */
export interface ArticleLink {
  id: number;
  title: string;
  url: string;
}

/** The public page's path: served by the API process without a token. */
export function articlePath(id: number): string {
  return `/kb/${id}`;
}

/** The public page's address on the site staff and clients reach (CONSOLE_URL), or its path when none is known. */
export function articleUrl(siteUrl: string | undefined, id: number): string {
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}${articlePath(id)}` : articlePath(id);
}

/**
 * How well an article matches a request (db/articleSuggestions.ts measures it): for each word the two share, the
 * word's rarity among the articles (its inverse document frequency) times where the article has it (title 1,
 * tags and product area 0.6, body 0.25), summed, in units of one distinctive title word (a word no other article
 * has, in this one's title, scores 1).
 */
export interface ScoredArticle {
  id: number;
  title: string;
  score: number;
  sharedWords: number; // distinct words (stems, exact codes) the request and the article share
  headlineWords: number; // of them, those in the article's title, tags or product area
}

export interface SuggestionRule {
  atMost: number; // the receipt names at most this many
  minScore: number; // below this an article does not match well enough to be worth the client's time
  minHeadlineWords: number; // the request must name what the article is about, not only share its body's words
}

/**
 * Chosen with `npm run bench:articles` on its labelled set (figures in the README): one distinctive word in the
 * title (1.0) is not enough, since a client's "печатная форма" or "users" names many topics; one and a little
 * more (a tag, a few body words, a second title word) is. On the set, every request an article answers scored
 * at least 1.5 with it, and of the requests nothing answers all but one scored at most 1.25 with any article.
 * A match in the body alone never suggests: a long request shares many body words with every article.
 */
export const suggestionRule: SuggestionRule = {
  atMost: 3,
  minScore: 1.4,
  minHeadlineWords: 1,
};

/** The articles the receipt suggests, best first: none when nothing matches well. */
export function chooseSuggestions(
  scored: readonly ScoredArticle[],
  rule: SuggestionRule = suggestionRule,
): ScoredArticle[] {
  return [...scored]
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .filter((article) => article.score >= rule.minScore && article.headlineWords >= rule.minHeadlineWords)
    .slice(0, rule.atMost);
}

/** The text a request is matched by: its subject and the client's own words, cut where a long log would begin. */
export function requestTextForSuggestions(subject: string, summary: string, limit = 4000): string {
  return `${subject}\n${summary}`.slice(0, limit);
}

/** Tags as staff type them: trimmed, lower-case, each once, in the order given. */
export function normalisedTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
