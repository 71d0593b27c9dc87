// The knowledge base's public pages: Markdown rendered without letting an article inject markup, in the
// article's language.
import { articleIndexPage, articlePage, renderArticleBody } from '../../domain/articlePage';

const settings = { timeZone: 'Europe/Moscow', supportAddress: 'support@netix.ru' };
const article = {
  id: 12,
  language: 'ru' as const,
  title: 'Касса не пробивает чеки: <ошибка> ФН',
  body: '## Что делать\n\n1. Закройте **смену**.\n2. Проверьте связь с ОФД.\n\n`ФН` — фискальный накопитель.',
  tags: ['касса', 'фн'],
  updatedAt: new Date('2026-11-25T14:30:00Z'),
  archivedAt: null,
};

describe('renderArticleBody', () => {
  test('Markdown becomes headings, lists, emphasis and code', () => {
    const html = renderArticleBody(article.body);
    expect(html).toContain('<h2>Что делать</h2>');
    expect(html).toContain('<ol>\n<li>Закройте <strong>смену</strong>.</li>');
    expect(html).toContain('<code>ФН</code>');
  });

  test('raw HTML in an article is shown as text, never as markup', () => {
    const html = renderArticleBody('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('javascript: links are not links; web links leave without a referrer', () => {
    expect(renderArticleBody('[click](javascript:alert(1))')).not.toContain('href');
    expect(renderArticleBody('[Netix](https://netix.ru)')).toBe(
      '<p><a href="https://netix.ru" rel="nofollow noopener noreferrer">Netix</a></p>\n',
    );
  });
});

describe('articlePage', () => {
  test("the page is in the article's language, its title escaped, with the date in the desk's time zone", () => {
    const page = articlePage(article, settings);
    expect(page).toMatch(/^<!doctype html>\n<html lang="ru">/);
    expect(page).toContain('<h1>Касса не пробивает чеки: &#60;ошибка&#62; ФН</h1>');
    expect(page).toContain('Обновлено: <time datetime="2026-11-25T14:30:00.000Z">25 ноября 2026</time>');
    expect(page).toContain('<span class="tag">касса</span>');
    expect(page).toContain('<a href="mailto:support@netix.ru">support@netix.ru</a>');
    expect(page).not.toContain('<script');
  });

  test('an English article gets an English page', () => {
    const page = articlePage({ ...article, language: 'en', title: 'Blank pages' }, settings);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Updated: <time');
    expect(page).toContain('Netix Triceps knowledge base');
  });

  test('an archived article says it may be out of date', () => {
    expect(articlePage({ ...article, archivedAt: new Date() }, settings)).toContain(
      'Статья в архиве: она могла устареть.',
    );
    expect(articlePage(article, settings)).not.toContain('в архиве');
  });
});

test('the index lists the articles of one language and links the other', () => {
  const page = articleIndexPage('en', [{ id: 4, title: 'Blank pages & drivers' }], settings);
  expect(page).toContain('<html lang="en">');
  expect(page).toContain('<li><a href="/kb/4">Blank pages &#38; drivers</a></li>');
  expect(page).toContain('<a href="/kb?language=ru" lang="ru">Русский</a>');
});
