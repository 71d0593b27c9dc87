// `npm run bench:articles`: how well the receipt's suggestions match requests, on the labelled set of
// bench/articleSet.ts (Triceps articles in Russian and English, and client requests labelled with the articles
// that answer them, a quarter answered by none). Seeds the articles into a database of its own on
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), scores every request through the
// product's own search (db/articleSuggestions.ts), and prints precision and recall for the rule the receipt uses
// (domain/articles.ts suggestionRule) beside other thresholds, so that the choice can be judged.
// `npm run bench:articles -- --verbose` also prints each request's suggestions. Prints figures, asserts nothing.
import { createArticle } from '../db/articles';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
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
import { fixed, percent, quantile, table } from './stats';

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

function latency(scored: { ms: number }[]): string {
  const times = scored.map((one) => one.ms);
  return `p50 ${fixed(quantile(times, 0.5), 1)} ms, p95 ${fixed(quantile(times, 0.95), 1)} ms (one at a time)`;
}

/** Articles up to `total`, each a mix of two seeded ones' sentences, so that the words repeat as a real base's do. */
async function growKnowledgeBase(db: Database, total: number): Promise<void> {
  for (let i = seedArticles.length; i < total; i++) {
    const a = seedArticles[i % seedArticles.length]!;
    const b = seedArticles[(i * 7 + 3) % seedArticles.length]!;
    await createArticle(
      db,
      {
        language: a.language,
        title: `${a.title.split(' ').slice(0, 3).join(' ')} ${b.title.split(' ').slice(-3).join(' ')} (${i})`,
        body: `${a.body.slice(0, 400)}\n\n${b.body.slice(-400)}`,
        tags: [...a.tags.slice(0, 2), ...b.tags.slice(-1)],
        rootCause: a.rootCause,
        productArea: b.productArea,
      },
      'bench@triceps.local',
    );
  }
}

export async function runArticleBench(verbose = false): Promise<void> {
  const database = await createTestDatabase();
  const db = createPool(database.url);
  try {
    await migrate(db);
    const ids = await seedKnowledgeBase(db);
    const scored = await scoreLabelledRequests(db, ids);
    const chosen = judge(scored);
    const relevance = relevanceOf(chosen);
    console.log(
      `bench:articles: ${seedArticles.length} articles, ${relevance.requests} labelled requests ` +
        `(${relevance.answerable} answered by an article, ${relevance.requests - relevance.answerable} by none); ` +
        `scoring a request ${latency(scored)}\n`,
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
    // The cost of the look-up a receipt waits for, on a knowledge base of a thousand articles.
    await growKnowledgeBase(db, 1000);
    console.log(`\nwith 1,000 articles, scoring a request ${latency(await scoreLabelledRequests(db, ids))}`);
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
