// The knowledge base's pure rules: where an article is read, and which scored articles a receipt suggests.
import {
  articleUrl,
  chooseSuggestions,
  normalisedTags,
  requestTextForSuggestions,
  suggestionRule,
  type ScoredArticle,
} from '../../domain/articles';

const scored = (id: number, score: number, headlineWords = 2): ScoredArticle => ({
  id,
  title: `article ${id}`,
  score,
  sharedWords: headlineWords + 1,
  headlineWords,
});

describe('articleUrl', () => {
  test('an article is read at /kb/<id> on the site, with or without its trailing slash', () => {
    expect(articleUrl('https://support.netix.ru', 12)).toBe('https://support.netix.ru/kb/12');
    expect(articleUrl('https://support.netix.ru/', 12)).toBe('https://support.netix.ru/kb/12');
  });

  test('without a known site the address is the path', () => {
    expect(articleUrl(undefined, 12)).toBe('/kb/12');
  });
});

describe('chooseSuggestions', () => {
  test('at most three articles, best first', () => {
    const chosen = chooseSuggestions([scored(1, 2), scored(2, 5), scored(3, 1.5), scored(4, 3)]);
    expect(chosen.map((article) => article.id)).toEqual([2, 4, 1]);
  });

  test('none when nothing scores as much as one distinctive title word and a little more', () => {
    expect(chooseSuggestions([scored(1, 1.39), scored(2, 1), scored(3, 0.25)])).toEqual([]);
    expect(chooseSuggestions([scored(1, 1.4)]).map((article) => article.id)).toEqual([1]);
    expect(suggestionRule.minScore).toBe(1.4);
  });

  test('an article sharing only body words is not suggested, however many', () => {
    expect(chooseSuggestions([scored(1, 4, 0), scored(2, 1.5, 1)]).map((article) => article.id)).toEqual([2]);
  });

  test('equal scores keep the older article first, so that the choice is stable', () => {
    expect(chooseSuggestions([scored(7, 2), scored(3, 2)]).map((article) => article.id)).toEqual([3, 7]);
  });
});

test('a request is matched by its subject and its first 4000 characters', () => {
  expect(requestTextForSuggestions('Касса', 'не пробивает чеки')).toBe('Касса\nне пробивает чеки');
  expect(requestTextForSuggestions('S', 'x'.repeat(10_000))).toHaveLength(4000);
});

test('tags are kept trimmed, lower-case and once each, in the order given', () => {
  expect(normalisedTags([' Касса ', 'ФН', 'касса', '', 'Oracle'])).toEqual(['касса', 'фн', 'oracle']);
});
