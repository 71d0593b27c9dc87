// The knowledge base: the articles with how often each was suggested and solved a ticket, one article as its
// public page shows it with its revisions, and (for leads, the head and admins) the form that writes one.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatInstant } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';
import { rootCauses } from '../strings.js';

defineStrings({
  ru: {
    'kb.title': 'База знаний',
    'kb.new': 'Новая статья',
    'kb.edit': 'Править',
    'kb.public': 'Публичная страница',
    'kb.empty': 'Статей не найдено.',
    'kb.words': 'Слова',
    'kb.language': 'Язык',
    'kb.anyLanguage': 'любой',
    'kb.tag': 'Метка',
    'kb.state': 'Статьи',
    'kb.state.active': 'действующие',
    'kb.state.archived': 'в архиве',
    'kb.state.all': 'все',
    'kb.show': 'Показать',
    'kb.column.title': 'Заголовок',
    'kb.column.language': 'Язык',
    'kb.column.tags': 'Метки',
    'kb.column.suggested': 'Предложена',
    'kb.column.solved': 'Решила заявок',
    'kb.column.updated': 'Изменена',
    'kb.total': 'Всего: {total}',
    'kb.meta': 'Редакция {revision} · {updatedBy} · {updatedAt}',
    'kb.use': 'Предложена в квитанциях: {suggested}; решила заявок: {solved}',
    'kb.archived': 'В архиве: не предлагается клиентам.',
    'kb.revisions': 'Редакции',
    'kb.revision': 'Редакция {revision}: «{title}» · {author} · {at}',
    'kb.notFound': 'Статьи {id} нет.',
    'kb.field.title': 'Заголовок',
    'kb.field.language': 'Язык статьи',
    'kb.field.tags': 'Метки (через запятую)',
    'kb.field.rootCause': 'Причина проблем, которые она решает',
    'kb.field.productArea': 'Раздел продукта',
    'kb.field.body': 'Текст (Markdown)',
    'kb.field.archived': 'В архиве',
    'kb.noCause': 'не указана',
    'kb.save': 'Сохранить',
    'kb.cancel': 'Отмена',
    'language.ru': 'русский',
    'language.en': 'английский',
  },
  en: {
    'kb.title': 'Knowledge base',
    'kb.new': 'New article',
    'kb.edit': 'Edit',
    'kb.public': 'Public page',
    'kb.empty': 'No articles found.',
    'kb.words': 'Words',
    'kb.language': 'Language',
    'kb.anyLanguage': 'any',
    'kb.tag': 'Tag',
    'kb.state': 'Articles',
    'kb.state.active': 'current',
    'kb.state.archived': 'archived',
    'kb.state.all': 'all',
    'kb.show': 'Show',
    'kb.column.title': 'Title',
    'kb.column.language': 'Language',
    'kb.column.tags': 'Tags',
    'kb.column.suggested': 'Suggested',
    'kb.column.solved': 'Tickets solved',
    'kb.column.updated': 'Changed',
    'kb.total': 'Total: {total}',
    'kb.meta': 'Revision {revision} · {updatedBy} · {updatedAt}',
    'kb.use': 'Suggested in receipts: {suggested}; tickets solved: {solved}',
    'kb.archived': 'Archived: not suggested to clients.',
    'kb.revisions': 'Revisions',
    'kb.revision': 'Revision {revision}: "{title}" · {author} · {at}',
    'kb.notFound': 'There is no article {id}.',
    'kb.field.title': 'Title',
    'kb.field.language': 'Language of the article',
    'kb.field.tags': 'Tags (comma-separated)',
    'kb.field.rootCause': 'Root cause of the problems it solves',
    'kb.field.productArea': 'Product area',
    'kb.field.body': 'Text (Markdown)',
    'kb.field.archived': 'Archived',
    'kb.noCause': 'not given',
    'kb.save': 'Save',
    'kb.cancel': 'Cancel',
    'language.ru': 'Russian',
    'language.en': 'English',
  },
});

const languages = ['ru', 'en'];
/** As api/articleRoutes.ts: those who answer for what clients are told write the knowledge base. */
const writers = ['lead', 'head', 'admin'];
const canWrite = (session) => writers.includes(session.staff.role);

function Filters({ params }) {
  const blank = { q: '', language: '', tag: '', state: 'active' };
  const [filters, setFilters] = useState({ ...blank, ...params });
  useEffect(() => setFilters({ ...blank, ...params }), [JSON.stringify(params)]);
  const set = (name) => (event) => setFilters({ ...filters, [name]: event.target.value });
  function apply(event) {
    event.preventDefault();
    navigate(`/kb${query({ ...filters, state: filters.state === 'active' ? '' : filters.state })}`);
  }
  return html`
    <form class="filters" onSubmit=${apply}>
      <label
        >${t('kb.words')}
        <input type="search" name="q" value=${filters.q} onInput=${set('q')} />
      </label>
      <label
        >${t('kb.language')}
        <select name="language" value=${filters.language} onChange=${set('language')}>
          <option value="">${t('kb.anyLanguage')}</option>
          ${languages.map((language) => html`<option value=${language}>${t(`language.${language}`)}</option>`)}
        </select>
      </label>
      <label
        >${t('kb.tag')}
        <input type="text" name="tag" value=${filters.tag} onInput=${set('tag')} />
      </label>
      <label
        >${t('kb.state')}
        <select name="state" value=${filters.state} onChange=${set('state')}>
          ${['active', 'archived', 'all'].map(
            (state) => html`<option value=${state}>${t(`kb.state.${state}`)}</option>`,
          )}
        </select>
      </label>
      <button type="submit">${t('kb.show')}</button>
    </form>
  `;
}

function ArticleList({ params, session }) {
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  const filters = {
    q: params.q,
    language: params.language,
    tag: params.tag,
    state: params.state,
    limit: 200,
  };
  useEffect(() => {
    setAnswer(null);
    api(`/api/articles${query(filters)}`).then(setAnswer, setError);
  }, [JSON.stringify(filters)]);
  return html`
    <section class="knowledge" aria-labelledby="kb-heading">
      <h1 id="kb-heading">
        ${t('kb.title')}
        ${answer && html`<small class="muted"> · ${t('kb.total', { total: answer.total })}</small>`}
      </h1>
      ${canWrite(session) && html`<p><a class="button-link" href="#/kb/new">${t('kb.new')}</a></p>`}
      <${Filters} params=${params} />
      ${error && html`<p role="alert" class="error">${error.message}</p>`}
      ${
        !answer
          ? !error && html`<p>${t('common.loading')}</p>`
          : answer.articles.length === 0
            ? html`<p class="empty">${t('kb.empty')}</p>`
            : html`<table class="articles">
                <thead>
                  <tr>
                    <th scope="col">${t('kb.column.title')}</th>
                    <th scope="col">${t('kb.column.language')}</th>
                    <th scope="col">${t('kb.column.tags')}</th>
                    <th scope="col" class="num">${t('kb.column.suggested')}</th>
                    <th scope="col" class="num">${t('kb.column.solved')}</th>
                    <th scope="col">${t('kb.column.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${answer.articles.map(
                    (article) => html`
                      <tr data-article=${article.id} class=${article.archived ? 'archived' : ''}>
                        <td><a href=${`#/kb/${article.id}`}>${article.title}</a></td>
                        <td>${article.language}</td>
                        <td>${article.tags.map((tag) => html`<span class="badge">${tag}</span> `)}</td>
                        <td class="num" data-field="suggested">${article.suggested}</td>
                        <td class="num" data-field="solved">${article.solved}</td>
                        <td>${formatInstant(article.updatedAt)}</td>
                      </tr>
                    `,
                  )}
                </tbody>
              </table>`
      }
    </section>
  `;
}

function ArticleView({ id, session }) {
  const [article, setArticle] = useState(null);
  const [revisions, setRevisions] = useState([]);
  const [error, setError] = useState(null);
  useEffect(() => {
    setArticle(null);
    setError(null);
    api(`/api/articles/${encodeURIComponent(id)}`).then(setArticle, setError);
    api(`/api/articles/${encodeURIComponent(id)}/revisions`).then(
      (answer) => setRevisions(answer.revisions),
      () => setRevisions([]),
    );
  }, [id]);
  if (error?.status === 404 || error?.status === 422)
    return html`<p role="alert" class="error">${t('kb.notFound', { id })}</p>`;
  if (error) return html`<p role="alert" class="error">${error.message}</p>`;
  if (!article) return html`<p>${t('common.loading')}</p>`;
  return html`
    <article class="knowledge-article" data-article=${article.id} lang=${article.language}>
      <p class="muted"><a href="#/kb">${t('kb.title')}</a></p>
      <h1>${article.title}</h1>
      ${article.archived && html`<p class="warning">${t('kb.archived')}</p>`}
      <p class="muted">
        ${t('kb.meta', {
          revision: article.revision,
          updatedBy: article.updatedBy,
          updatedAt: formatInstant(article.updatedAt),
        })}${' · '}${article.tags.map((tag) => html`<span class="badge">${tag}</span> `)}
        ${article.rootCause && html`<span class="badge">${t(`cause.${article.rootCause}`)}</span>`}
        ${article.productArea && html`<span class="badge">${article.productArea}</span>`}
      </p>
      <p class="notice" data-use>${t('kb.use', { suggested: article.suggested, solved: article.solved })}</p>
      <p>
        <a href=${article.url} target="_blank" rel="noopener">${t('kb.public')}</a>
        ${canWrite(session) && html` · <a href=${`#/kb/${article.id}/edit`}>${t('kb.edit')}</a>`}
      </p>
      <div class="article-body" dangerouslySetInnerHTML=${{ __html: article.html }}></div>
      <details class="revisions">
        <summary>${t('kb.revisions')} (${revisions.length})</summary>
        <ol>
          ${revisions.map(
            (revision) =>
              html`<li data-revision=${revision.revision}>
                ${t('kb.revision', { ...revision, at: formatInstant(revision.at) })}
              </li>`,
          )}
        </ol>
      </details>
    </article>
  `;
}

const emptyArticle = {
  title: '',
  language: 'ru',
  tags: '',
  rootCause: '',
  productArea: '',
  body: '',
  archived: false,
};

function ArticleEditor({ id }) {
  const [values, setValues] = useState(id ? null : emptyArticle);
  const [revision, setRevision] = useState(null);
  const [refusal, setRefusal] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!id) return;
    api(`/api/articles/${encodeURIComponent(id)}`).then((article) => {
      setRevision(article.revision);
      setValues({
        title: article.title,
        language: article.language,
        tags: article.tags.join(', '),
        rootCause: article.rootCause ?? '',
        productArea: article.productArea ?? '',
        body: article.body,
        archived: article.archived,
      });
    }, setRefusal);
  }, [id]);
  if (!values)
    return refusal
      ? html`<p role="alert" class="error">${refusal.message}</p>`
      : html`<p>${t('common.loading')}</p>`;

  const set = (name) => (event) =>
    setValues({
      ...values,
      [name]: event.target.type === 'checkbox' ? event.target.checked : event.target.value,
    });

  async function save(event) {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    const body = {
      title: values.title,
      language: values.language,
      tags: values.tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      rootCause: values.rootCause || null,
      productArea: values.productArea.trim() || null,
      body: values.body,
      ...(id ? { archived: values.archived, revision } : {}),
    };
    try {
      const saved = id
        ? await api(`/api/articles/${encodeURIComponent(id)}`, { method: 'PATCH', body })
        : await api('/api/articles', { method: 'POST', body });
      navigate(`/kb/${saved.id}`);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  }

  const field = (name, control) => {
    const error = refusal?.fieldError?.(name);
    return html`
      <div class="field">
        <label for=${`article-${name}`}>${t(`kb.field.${name}`)}</label>
        ${control({
          id: `article-${name}`,
          name,
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': error ? `article-${name}-error` : undefined,
        })}
        ${error && html`<p class="field-error" id=${`article-${name}-error`} role="alert">${error}</p>`}
      </div>
    `;
  };
  const known = ['title', 'language', 'tags', 'rootCause', 'productArea', 'body', 'archived'];
  const formLevel =
    refusal && (!refusal.fields?.length || refusal.fields.some((name) => !known.includes(name)))
      ? refusal.message
      : null;

  return html`
    <section class="knowledge-editor" aria-labelledby="editor-heading">
      <h1 id="editor-heading">${id ? `${t('kb.edit')}: ${values.title}` : t('kb.new')}</h1>
      <form class="action-form article-form" onSubmit=${save} novalidate>
        ${field('title', (common) => html`<input ...${common} type="text" value=${values.title} onInput=${set('title')} />`)}
        ${field(
          'language',
          (common) =>
            html`<select ...${common} value=${values.language} onChange=${set('language')}>
              ${languages.map((language) => html`<option value=${language}>${t(`language.${language}`)}</option>`)}
            </select>`,
        )}
        ${field('tags', (common) => html`<input ...${common} type="text" value=${values.tags} onInput=${set('tags')} />`)}
        ${field(
          'rootCause',
          (common) =>
            html`<select ...${common} value=${values.rootCause} onChange=${set('rootCause')}>
              <option value="">${t('kb.noCause')}</option>
              ${rootCauses.map((cause) => html`<option value=${cause}>${t(`cause.${cause}`)}</option>`)}
            </select>`,
        )}
        ${field(
          'productArea',
          (common) =>
            html`<input
              ...${common}
              type="text"
              value=${values.productArea}
              onInput=${set('productArea')}
            />`,
        )}
        ${field(
          'body',
          (common) => html`<textarea ...${common} rows="16" value=${values.body} onInput=${set('body')} />`,
        )}
        ${
          id &&
          html`<div class="field field-checkbox">
            <label for="article-archived">${t('kb.field.archived')}</label>
            <input
              id="article-archived"
              type="checkbox"
              checked=${values.archived}
              onChange=${set('archived')}
            />
          </div>`
        }
        <div class="form-actions">
          <button type="submit" disabled=${busy}>${t('kb.save')}</button>
          <a href=${id ? `#/kb/${id}` : '#/kb'}>${t('kb.cancel')}</a>
          ${formLevel && html`<p class="form-error" role="alert" data-status=${refusal.status}>${formLevel}</p>`}
        </div>
      </form>
    </section>
  `;
}

/** #/kb, #/kb/new, #/kb/12, #/kb/12/edit */
export function KnowledgePage({ segments, params, session }) {
  const [, id, mode] = segments;
  if (id === 'new')
    return canWrite(session)
      ? html`<${ArticleEditor} />`
      : html`<${ArticleList} params=${{}} session=${session} />`;
  if (id && mode === 'edit' && canWrite(session)) return html`<${ArticleEditor} id=${id} />`;
  if (id) return html`<${ArticleView} id=${id} session=${session} />`;
  return html`<${ArticleList} params=${params} session=${session} />`;
}
