// The knowledge base for staff: every member reads articles, leads, the head of support and admins write them;
// each change is a new revision, and the history is kept.
import { Router, type Request } from 'express';
import {
  createArticle,
  findArticle,
  listArticles,
  revisionsOf,
  updateArticle,
  type ArticleWithUse,
} from '../db/articles';
import type { Database } from '../db/pool';
import type { StaffRole } from '../db/staff';
import { renderArticleBody } from '../domain/articlePage';
import { articleUrl, normalisedTags } from '../domain/articles';
import { requireRole } from './auth';
import { Problem } from './problem';
import { ArticleChanges, articleListQuery, articleParams, NewArticle } from './schemas';
import { parseOrProblem } from './validation';

/** Who writes the knowledge base: those who answer for what clients are told. */
export const articleWriters: readonly StaffRole[] = ['lead', 'head', 'admin'];

const iso = (at: Date | null) => at && at.toISOString();

export function articleRoutes(db: Database, siteUrl: () => string | undefined): Router {
  const router = Router();

  const summaryOf = (article: ArticleWithUse) => ({
    id: article.id,
    language: article.language,
    title: article.title,
    tags: article.tags,
    rootCause: article.rootCause,
    productArea: article.productArea,
    revision: article.revision,
    archived: article.archivedAt !== null,
    archivedAt: iso(article.archivedAt),
    createdAt: iso(article.createdAt),
    createdBy: article.createdBy,
    updatedAt: iso(article.updatedAt),
    updatedBy: article.updatedBy,
    url: articleUrl(siteUrl(), article.id),
    suggested: article.suggested,
    solved: article.solved,
  });
  const viewOf = (article: ArticleWithUse) => ({
    ...summaryOf(article),
    body: article.body,
    html: renderArticleBody(article.body),
  });

  async function existing(request: Request): Promise<ArticleWithUse> {
    const { id } = parseOrProblem(articleParams, request.params);
    const article = await findArticle(db, id);
    if (!article) throw new Problem(404, 'Not Found', `There is no article ${id}; see GET /api/articles.`);
    return article;
  }

  router.get('/articles', async (request, response) => {
    const filters = parseOrProblem(articleListQuery, request.query);
    const { articles, total } = await listArticles(db, filters);
    response.json({ articles: articles.map(summaryOf), total, limit: filters.limit, offset: filters.offset });
  });

  router.post('/articles', async (request, response) => {
    const author = requireRole(request, articleWriters, 'write knowledge-base articles');
    const body = parseOrProblem(NewArticle, request.body ?? {});
    const article = await createArticle(db, { ...body, tags: normalisedTags(body.tags) }, author.email);
    response.status(201).location(`/api/articles/${article.id}`).json(viewOf(article));
  });

  router.get('/articles/:id', async (request, response) => {
    response.json(viewOf(await existing(request)));
  });

  router.patch('/articles/:id', async (request, response) => {
    const author = requireRole(request, articleWriters, 'write knowledge-base articles');
    const { id } = parseOrProblem(articleParams, request.params);
    const { revision, ...changes } = parseOrProblem(ArticleChanges, request.body ?? {});
    const saved = await updateArticle(
      db,
      id,
      { ...changes, ...(changes.tags && { tags: normalisedTags(changes.tags) }) },
      author.email,
      revision,
    );
    if (saved.outcome === 'missing') {
      throw new Problem(404, 'Not Found', `There is no article ${id}; see GET /api/articles.`);
    }
    if (saved.outcome === 'stale') {
      throw new Problem(
        409,
        'Conflict',
        `revision: the article is at revision ${saved.article.revision} (by ${saved.article.updatedBy}), not ` +
          `${revision}; read it again and redo the change`,
        { currentRevision: saved.article.revision },
      );
    }
    response.json(viewOf(saved.article));
  });

  router.get('/articles/:id/revisions', async (request, response) => {
    const article = await existing(request);
    const revisions = await revisionsOf(db, article.id);
    response.json({
      article: article.id,
      revisions: revisions.map((revision) => ({ ...revision, at: revision.at.toISOString() })),
    });
  });

  return router;
}
