// The receipt's suggestions measured on the labelled set (bench/articleSet.ts), over the real PostgreSQL search:
// shared by `npm run bench:articles`, which prints the figures, and the test that guards a minimum.
import { createArticle } from '../db/articles';
import { scoreArticles } from '../db/articleSuggestions';
import type { Database } from '../db/pool';
import {
  chooseSuggestions,
  requestTextForSuggestions,
  suggestionRule,
  type ScoredArticle,
  type SuggestionRule,
} from '../domain/articles';
import { labelledRequests, seedArticles, type LabelledRequest } from './articleSet';

/** Creates the set's articles; answers each one's id by its key. */
export async function seedKnowledgeBase(db: Database): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const { key, ...content } of seedArticles) {
    ids.set(key, (await createArticle(db, content, 'bench@triceps.local')).id);
  }
  return ids;
}

export interface Judged {
  request: LabelledRequest;
  scored: ScoredArticle[];
  suggested: string[]; // keys, best first
}

export interface Relevance {
  requests: number;
  answerable: number; // requests some article answers
  precision: number; // of all the articles suggested, the share that answer their request
  recall: number; // of the articles that answer a request, the share suggested to it
  answeredShare: number; // answerable requests that got at least one answering article
  firstRightShare: number; // answerable requests whose first suggestion answers them
  quietShare: number; // requests nothing answers that got no suggestion at all
  suggestions: number;
}

/** Scores every labelled request against the seeded articles once, one at a time; a rule then only chooses. */
export async function scoreLabelledRequests(db: Database, ids: Map<string, number>) {
  const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
  const scored = [];
  for (const request of labelledRequests) {
    const started = performance.now();
    const articles = await scoreArticles(db, {
      language: request.language,
      text: requestTextForSuggestions(request.subject, request.text),
    });
    scored.push({ request, keyOf, scored: articles, ms: performance.now() - started });
  }
  return scored;
}

export function judge(
  scoredRequests: Awaited<ReturnType<typeof scoreLabelledRequests>>,
  rule: SuggestionRule = suggestionRule,
): Judged[] {
  return scoredRequests.map(({ request, keyOf, scored }) => ({
    request,
    scored,
    suggested: chooseSuggestions(scored, rule).map((article) => keyOf.get(article.id)!),
  }));
}

export function relevanceOf(judged: readonly Judged[]): Relevance {
  const answerable = judged.filter((one) => one.request.relevant.length > 0);
  const unanswerable = judged.filter((one) => one.request.relevant.length === 0);
  const right = (one: Judged) => one.suggested.filter((key) => one.request.relevant.includes(key));
  const suggestions = judged.reduce((sum, one) => sum + one.suggested.length, 0);
  const relevantTotal = answerable.reduce((sum, one) => sum + one.request.relevant.length, 0);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    requests: judged.length,
    answerable: answerable.length,
    precision: share(
      judged.reduce((sum, one) => sum + right(one).length, 0),
      suggestions,
    ),
    recall: share(
      answerable.reduce((sum, one) => sum + right(one).length, 0),
      relevantTotal,
    ),
    answeredShare: share(answerable.filter((one) => right(one).length > 0).length, answerable.length),
    firstRightShare: share(
      answerable.filter((one) => one.request.relevant.includes(one.suggested[0] ?? '')).length,
      answerable.length,
    ),
    quietShare: share(unanswerable.filter((one) => one.suggested.length === 0).length, unanswerable.length),
    suggestions,
  };
}
