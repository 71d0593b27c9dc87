// The receipt's suggestions stay relevant: on the labelled set of bench/articleSet.ts, through the real
// PostgreSQL search, with the rule the receipt uses. Floors a little under today's figures (npm run bench:articles),
// so that a change to the search, the weights or the threshold that costs relevance fails here.
import {
  judge,
  relevanceOf,
  scoreLabelledRequests,
  seedKnowledgeBase,
  type Judged,
} from '../../bench/articleRelevance';
import { scoreArticles } from '../../db/articleSuggestions';
import type { Database } from '../../db/pool';
import { openMigratedDatabase, type MigratedDatabase } from '../support/migratedDatabase';

let database: MigratedDatabase;
let db: Database;
let judged: Judged[];

beforeAll(async () => {
  database = await openMigratedDatabase();
  db = database.db;
  judged = judge(await scoreLabelledRequests(db, await seedKnowledgeBase(db)));
});

afterAll(() => database?.close());

test('suggestions: precision and recall at least 90 %, and no suggestion for at least 80 % of requests nothing answers', async () => {
  const relevance = relevanceOf(judged);
  expect(relevance.requests).toBeGreaterThanOrEqual(40);
  expect({
    precision: relevance.precision >= 0.9,
    recall: relevance.recall >= 0.9,
    answered: relevance.answeredShare >= 0.9,
    quiet: relevance.quietShare >= 0.8,
  }).toEqual({ precision: true, recall: true, answered: true, quiet: true });
  // The part written after the rule was chosen holds up as well.
  const heldOut = relevanceOf(judged.filter((one) => one.request.heldOut));
  expect(heldOut.precision).toBeGreaterThanOrEqual(0.8);
  expect(heldOut.recall).toBeGreaterThanOrEqual(0.8);
});

test('a receipt never suggests more than three articles, each in the language of the request', async () => {
  for (const one of judged) {
    expect(one.suggested.length).toBeLessThanOrEqual(3);
    for (const key of one.suggested) expect(key.endsWith(`-${one.request.language}`)).toBe(true);
  }
});

test('a request of quotes, backslashes and punctuation is scored without error, an empty one matches nothing', async () => {
  const odd = await scoreArticles(db, {
    language: 'ru',
    // The parser keeps a quote inside a URL's path: the lexeme "x.ru/a'b" must be quoted right in the query.
    text: "C:\\Triceps\\ it's 'ФН' \\\\ \"касса\" ORA-01555 http://x.ru/a'b !!!",
  });
  expect(odd.length).toBeGreaterThan(0);
  expect(await scoreArticles(db, { language: 'en', text: '' })).toEqual([]);
  expect(await scoreArticles(db, { language: 'en', text: '?! — …' })).toEqual([]);
});
