// `npm run bench:articles`: how well the receipt's suggestions match requests, on the labelled set of
// bench/articleSet.ts (Triceps articles in Russian and English, and client requests labelled with the articles
// that answer them, a quarter answered by none). Seeds the articles into a database of its own on
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), scores every request through the
// product's own search (db/articleSuggestions.ts), and prints precision and recall for the rule the receipt uses
// (domain/articles.ts suggestionRule) beside other thresholds, so that the choice can be judged.
// `npm run bench:articles -- --verbose` also prints each request's suggestions. Prints figures, asserts nothing.
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { suggestionRule } from '../domain/articles';
import { createTestDatabase } from '../test/support/testSystem';
import {
  judge,
  relevanceOf,
  scoreLabelledRequests,
  seedKnowledgeBase,
  type Relevance,
} from './articleRelevance';
import { seedArticles } from './articleSet';
import { fixed, percent, table } from './stats';

function figures(name: string, relevance: Relevance): string[] {
  return [
    name,
    percent(relevance.precision),
    percent(relevance.recall),
    percent(relevance.answeredShare),
    percent(relevance.firstRightShare),
    percent(relevance.quietShare),
    String(relevance.suggestions),
  ];
}

const head = [
  'rule',
  'precision',
  'recall',
  'answered',
  'first right',
  'quiet when none fits',
  'suggestions',
];

export async function runArticleBench(verbose = false): Promise<void> {
  const database = await createTestDatabase();
  const db = createPool(database.url);
  try {
    await migrate(db);
    const ids = await seedKnowledgeBase(db);
    const started = performance.now();
    const scored = await scoreLabelledRequests(db, ids);
    const elapsed = performance.now() - started;
    const chosen = judge(scored);
    const relevance = relevanceOf(chosen);
    console.log(
      `bench:articles: ${seedArticles.length} articles, ${relevance.requests} labelled requests ` +
        `(${relevance.answerable} answered by an article, ${relevance.requests - relevance.answerable} by none); ` +
        `scoring ${fixed(elapsed / relevance.requests, 2)} ms a request\n`,
    );
    const rule = suggestionRule;
    const rows = [head, figures(`receipt: score ≥ ${rule.minScore}`, relevance)];
    for (const minScore of [0, 0.5, 1, 1.2, 1.4, 1.6, 2, 2.5, 3]) {
      rows.push(figures(`score ≥ ${minScore}`, relevanceOf(judge(scored, { ...rule, minScore }))));
    }
    rows.push(figures('no headline-word rule', relevanceOf(judge(scored, { ...rule, minHeadlineWords: 0 }))));
    rows.push(figures('the best one only', relevanceOf(judge(scored, { ...rule, atMost: 1 }))));
    rows.push(figures('receipt, chosen-on part', relevanceOf(chosen.filter((one) => !one.request.heldOut))));
    rows.push(figures('receipt, held-out part', relevanceOf(chosen.filter((one) => one.request.heldOut))));
    console.log(table(rows));
    console.log(
      '\nprecision: suggested articles that answer their request; recall: answering articles suggested; ' +
        'answered: requests with an answer that got one; first right: …whose first suggestion answers them; ' +
        'quiet: requests nothing answers that got no suggestion.',
    );
    if (verbose) {
      console.log('');
      for (const one of chosen) {
        const top = one.scored
          .slice(0, 3)
          .map((article) => `${article.id}:${fixed(article.score, 2)}/${article.headlineWords}`)
          .join(' ');
        const mark = one.suggested.every((key) => one.request.relevant.includes(key)) ? ' ' : '✗';
        console.log(
          `${mark} [${one.request.relevant.join(',') || '—'}] → [${one.suggested.join(',')}]  ${one.request.subject}  (${top})`,
        );
      }
    }
  } finally {
    await db.end();
    await database.drop();
  }
}

if (require.main === module) {
  runArticleBench(process.argv.includes('--verbose')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
