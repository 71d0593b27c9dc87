// Knowledge-base articles in PostgreSQL: the current revision in `articles`, every revision in
// `article_revisions` (written by 019_knowledge_base.sql's trigger), and how often each was suggested and linked.
import type { Article } from '../domain/articles';
import type { Language, RootCause } from '../domain/ticket';
import type { PoolClient } from 'pg';
import { inTransaction, type Database } from './pool';
import { parseSearchQuery } from './searchQuery';

/** An article with what staff judge it by: how many receipts suggested it, how many tickets it solved. */
export interface ArticleWithUse extends Article {
  suggested: number;
  solved: number;
}

export interface ArticleContent {
  language: Language;
  title: string;
  body: string;
  tags: string[];
  rootCause: RootCause | null;
  productArea: string | null;
}

export interface ArticleRevision extends ArticleContent {
  revision: number;
  at: Date;
  author: string;
  archived: boolean;
}

const articleColumns = `a.id::int AS id, a.language, a.title, a.body, a.tags, a.root_cause AS "rootCause",
  a.product_area AS "productArea", a.revision, a.archived_at AS "archivedAt", a.created_at AS "createdAt",
  a.created_by AS "createdBy", a.updated_at AS "updatedAt", a.updated_by AS "updatedBy",
  (SELECT count(*)::int FROM article_suggestions s WHERE s.article_id = a.id) AS suggested,
  (SELECT count(*)::int FROM article_solutions s WHERE s.article_id = a.id) AS solved`;

export async function createArticle(
  db: Database,
  content: ArticleContent,
  author: string,
): Promise<ArticleWithUse> {
  const created = await db.query<{ id: number }>(
    `INSERT INTO articles (language, title, body, tags, root_cause, product_area, created_by, updated_by, document)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, ''::tsvector) RETURNING id::int`,
    [
      content.language,
      content.title,
      content.body,
      content.tags,
      content.rootCause,
      content.productArea,
      author,
    ],
  );
  return (await findArticle(db, created.rows[0]!.id))!;
}

export async function findArticle(
  db: Database | PoolClient,
  id: number,
): Promise<ArticleWithUse | undefined> {
  const found = await db.query<ArticleWithUse>(`SELECT ${articleColumns} FROM articles a WHERE a.id = $1`, [
    id,
  ]);
  return found.rows[0];
}

export type ArticleChanges = Partial<ArticleContent> & { archived?: boolean };

export type ArticleUpdate =
  | { outcome: 'updated' | 'unchanged'; article: ArticleWithUse }
  | { outcome: 'missing' }
  | { outcome: 'stale'; article: ArticleWithUse }; // another revision was saved since the one the editor read

/**
 * Saves the changes as the next revision, unless nothing changes. With `basedOn`, refuses (stale) when the
 * current revision is another: two editors never overwrite each other silently.
 */
export async function updateArticle(
  db: Database,
  id: number,
  changes: ArticleChanges,
  author: string,
  basedOn?: number,
): Promise<ArticleUpdate> {
  return inTransaction(db, async (client) => {
    const locked = await client.query<ArticleContent & { revision: number; archived: boolean }>(
      `SELECT language, title, body, tags, root_cause AS "rootCause", product_area AS "productArea", revision,
              archived_at IS NOT NULL AS archived
         FROM articles WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const current = locked.rows[0];
    if (!current) return { outcome: 'missing' };
    if (basedOn !== undefined && basedOn !== current.revision) {
      return { outcome: 'stale', article: (await findArticle(client, id))! };
    }
    const next = { ...current, ...withoutUndefined(changes) };
    const same =
      JSON.stringify([next.language, next.title, next.body, next.tags, next.rootCause, next.productArea]) ===
        JSON.stringify([
          current.language,
          current.title,
          current.body,
          current.tags,
          current.rootCause,
          current.productArea,
        ]) && next.archived === current.archived;
    if (same) return { outcome: 'unchanged', article: (await findArticle(client, id))! };
    await client.query(
      `UPDATE articles
          SET language = $2, title = $3, body = $4, tags = $5, root_cause = $6, product_area = $7,
              archived_at = CASE WHEN NOT $8::boolean THEN NULL ELSE coalesce(archived_at, now()) END,
              revision = revision + 1, updated_at = now(), updated_by = $9
        WHERE id = $1`,
      [
        id,
        next.language,
        next.title,
        next.body,
        next.tags,
        next.rootCause,
        next.productArea,
        next.archived,
        author,
      ],
    );
    return { outcome: 'updated', article: (await findArticle(client, id))! };
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

export async function revisionsOf(db: Database, id: number): Promise<ArticleRevision[]> {
  const found = await db.query<ArticleRevision>(
    `SELECT revision, at, author, language, title, body, tags, root_cause AS "rootCause",
            product_area AS "productArea", archived
       FROM article_revisions WHERE article_id = $1 ORDER BY revision DESC`,
    [id],
  );
  return found.rows;
}

export interface ArticleFilters {
  language?: Language;
  tag?: string;
  rootCause?: RootCause;
  productArea?: string;
  q?: string; // words of the title, tags or body, stemmed in the article's language; the last one a prefix
  state: 'active' | 'archived' | 'all';
  limit: number;
  offset: number;
}

/** Articles matching the filters, the most recently changed first; total counts all that match. */
export async function listArticles(
  db: Database,
  filters: ArticleFilters,
): Promise<{ articles: ArticleWithUse[]; total: number }> {
  const values: unknown[] = [];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const where: string[] = [];
  if (filters.state === 'active') where.push('a.archived_at IS NULL');
  if (filters.state === 'archived') where.push('a.archived_at IS NOT NULL');
  if (filters.language) where.push(`a.language = ${parameter(filters.language)}`);
  if (filters.tag) where.push(`a.tags @> ARRAY[${parameter(filters.tag.trim().toLowerCase())}]`);
  if (filters.rootCause) where.push(`a.root_cause = ${parameter(filters.rootCause)}`);
  if (filters.productArea)
    where.push(`lower(a.product_area) = lower(${parameter(filters.productArea.trim())})`);
  if (filters.q) {
    const query = parseSearchQuery(filters.q);
    const parts = [
      query.words === null
        ? null
        : `to_tsquery(article_configuration(a.language), ${parameter(query.words)})`,
      query.exact === null ? null : `${parameter(query.exact)}::tsquery`,
    ].filter((part) => part !== null);
    where.push(parts.length ? `a.document @@ (${parts.join(' && ')})` : 'false');
  }
  const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM articles a ${condition}`,
    values,
  );
  const page = await db.query<ArticleWithUse>(
    `SELECT ${articleColumns} FROM articles a ${condition}
      ORDER BY a.updated_at DESC, a.id DESC LIMIT ${parameter(filters.limit)} OFFSET ${parameter(filters.offset)}`,
    values,
  );
  return { articles: page.rows, total: total.rows[0]!.n };
}

/** Of these ids, those naming an article, and whether each is archived. */
export async function articlesNamed(
  db: Database,
  ids: readonly number[],
): Promise<{ id: number; title: string; language: Language; archived: boolean }[]> {
  if (ids.length === 0) return [];
  const found = await db.query<{ id: number; title: string; language: Language; archived: boolean }>(
    `SELECT id::int, title, language, archived_at IS NOT NULL AS archived FROM articles WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const byId = new Map(found.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** The articles of a language clients may read, newest first (the public index). */
export async function publishedArticles(
  db: Database,
  language: Language,
): Promise<{ id: number; title: string }[]> {
  const found = await db.query<{ id: number; title: string }>(
    `SELECT id::int, title FROM articles WHERE language = $1 AND archived_at IS NULL ORDER BY title, id`,
    [language],
  );
  return found.rows;
}
