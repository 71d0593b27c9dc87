// The knowledge base's public pages, served without a token: one per article, and the list of a language's
// articles. Read-only, with no script at all: the Content-Security-Policy allows only the pages' own style.
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { findArticle, publishedArticles } from '../db/articles';
import type { Database } from '../db/pool';
import {
  articleIndexPage,
  articleNotFoundPage,
  articlePage,
  articlePageStyle,
  type PageSettings,
} from '../domain/articlePage';
import type { Language } from '../domain/ticket';
import { articleParams, publicArticleQuery } from './schemas';

const styleHash = createHash('sha256').update(articlePageStyle).digest('base64');

/** Images may come from elsewhere (an article's screenshots); nothing else does, and nothing runs. */
export const articlePagePolicy = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "img-src 'self' https: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function send(response: Response, status: number, html: string): void {
  response
    .status(status)
    .setHeader('Content-Security-Policy', articlePagePolicy)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('Cache-Control', 'public, max-age=60')
    .type('html')
    .send(html);
}

/** The reader's language for pages that have none of their own: what the browser asks for, else ours. */
function readerLanguage(request: Request, fallback: Language): Language {
  const asked = request.acceptsLanguages('ru', 'en');
  return asked === 'ru' || asked === 'en' ? asked : fallback;
}

export function publicArticleRoutes(
  db: Database,
  settings: PageSettings & { defaultLanguage: Language },
): Router {
  const router = Router();

  router.get('/kb', async (request, response) => {
    const query = publicArticleQuery.safeParse(request.query);
    const language =
      (query.success && query.data.language) || readerLanguage(request, settings.defaultLanguage);
    send(response, 200, articleIndexPage(language, await publishedArticles(db, language), settings));
  });

  router.get('/kb/:id', async (request, response) => {
    const params = articleParams.safeParse(request.params);
    const article = params.success ? await findArticle(db, params.data.id) : undefined;
    if (!article) {
      send(response, 404, articleNotFoundPage(readerLanguage(request, settings.defaultLanguage), settings));
      return;
    }
    response.setHeader('Content-Language', article.language);
    if (article.archivedAt) response.setHeader('X-Robots-Tag', 'noindex');
    send(response, 200, articlePage(article, settings));
  });

  return router;
}
