// The knowledge base's public pages, pure: an article's Markdown as safe HTML, and the read-only pages clients
// open from our letters (one article, and the list of them in a language).
import MarkdownIt from 'markdown-it';
import { DateTime } from 'luxon';
import { articlePath, type Article } from './articles';
import { escapeHtml } from './html';
import type { Language } from './ticket';

// Raw HTML in a body is shown as text (html: false), so an article cannot inject markup or scripts; markdown-it
// also refuses javascript:, vbscript:, file: and non-image data: links.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
markdown.renderer.rules.link_open = (tokens, i, options, env, self) => {
  // Links leave our site without telling where from, and lend it no ranking.
  if (/^https?:/i.test(tokens[i]!.attrGet('href') ?? ''))
    tokens[i]!.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** An article's body as HTML safe to put in a page as it is. */
export function renderArticleBody(body: string): string {
  return markdown.render(body);
}

/** The pages' only style, inline: the Content-Security-Policy allows it by its hash and nothing else. */
export const articlePageStyle = `
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1rem;color:#57606a;font-size:.9rem}
header a{color:inherit}
h1{font-size:1.8rem;line-height:1.25;margin:1rem 0 .5rem}
.meta{color:#57606a;font-size:.9rem;margin:0 0 1.5rem}
.tag{display:inline-block;background:#eef1f4;border-radius:.8rem;padding:0 .6rem;margin-right:.3rem}
.archived{background:#fff8c5;border:1px solid #d4a72c;padding:.6rem .9rem;border-radius:.4rem}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;border-radius:.4rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
img{max-width:100%}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3rem .6rem}
footer{border-top:1px solid #d0d7de;margin-top:3rem;padding-top:1rem;padding-bottom:2rem;color:#57606a;font-size:.9rem}
ul.articles{padding-left:1.2rem}ul.articles li{margin:.4rem 0}
`.trim();

const words = {
  ru: {
    knowledgeBase: 'База знаний Netix Triceps',
    updated: 'Обновлено',
    archived: 'Статья в архиве: она могла устареть. Если вопрос остался, напишите нам.',
    contact: 'Не нашли ответа? Напишите в службу поддержки:',
    none: 'Статей пока нет.',
    otherLanguage: 'English',
    notFound: 'Такой статьи нет.',
  },
  en: {
    knowledgeBase: 'Netix Triceps knowledge base',
    updated: 'Updated',
    archived: 'This article is archived and may be out of date. If your question remains, write to us.',
    contact: 'Did not find the answer? Write to support:',
    none: 'No articles yet.',
    otherLanguage: 'Русский',
    notFound: 'There is no such article.',
  },
} as const;

export interface PageSettings {
  timeZone: string;
  supportAddress: string;
}

function page(language: Language, title: string, content: string, settings: PageSettings): string {
  const w = words[language];
  const mail = escapeHtml(settings.supportAddress);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${articlePageStyle}</style>
</head>
<body>
<header><a href="/kb?language=${language}">${w.knowledgeBase}</a></header>
<main>
${content}
</main>
<footer>${w.contact} <a href="mailto:${mail}">${mail}</a></footer>
</body>
</html>
`;
}

export type PublicArticle = Pick<
  Article,
  'id' | 'language' | 'title' | 'body' | 'tags' | 'updatedAt' | 'archivedAt'
>;

/** One article's page, in the article's language. */
export function articlePage(article: PublicArticle, settings: PageSettings): string {
  const w = words[article.language];
  const updated = DateTime.fromJSDate(article.updatedAt, { zone: settings.timeZone })
    .setLocale(article.language)
    .toFormat('d MMMM yyyy');
  const tags = article.tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('');
  return page(
    article.language,
    `${article.title} — ${w.knowledgeBase}`,
    `<article>
${article.archivedAt ? `<p class="archived" role="note">${w.archived}</p>\n` : ''}<h1>${escapeHtml(article.title)}</h1>
<p class="meta">${w.updated}: <time datetime="${article.updatedAt.toISOString()}">${updated}</time> ${tags}</p>
${renderArticleBody(article.body)}</article>`,
    settings,
  );
}

/** The list of the articles in one language, for a client who wants to look around. */
export function articleIndexPage(
  language: Language,
  articles: readonly Pick<Article, 'id' | 'title'>[],
  settings: PageSettings,
): string {
  const w = words[language];
  const other: Language = language === 'ru' ? 'en' : 'ru';
  const list = articles.length
    ? `<ul class="articles">\n${articles
        .map((article) => `<li><a href="${articlePath(article.id)}">${escapeHtml(article.title)}</a></li>`)
        .join('\n')}\n</ul>`
    : `<p>${w.none}</p>`;
  return page(
    language,
    w.knowledgeBase,
    `<h1>${w.knowledgeBase}</h1>
<p class="meta"><a href="/kb?language=${other}" lang="${other}">${w.otherLanguage}</a></p>
${list}`,
    settings,
  );
}

/** The answer to an address that names no article. */
export function articleNotFoundPage(language: Language, settings: PageSettings): string {
  const w = words[language];
  return page(language, w.knowledgeBase, `<h1>${w.notFound}</h1>`, settings);
}
