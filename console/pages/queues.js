// The queues a specialist lives in, with their counts, refreshing on their own; "all" adds filters and full-text search.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatInstant } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';
import { statuses, urgencies } from '../strings.js';
import { usePolling } from '../polling.js';
import { StatusBadge, TimeLeft, UrgencyBadge } from '../components/badges.js';
import { Snippet } from '../components/snippet.js';

defineStrings({
  ru: {
    'queue.triage': 'Ждут оценки',
    'queue.emergencies': 'Аварии',
    'queue.mine': 'Мои',
    'queue.overdue': 'Просрочены',
    'queue.waiting': 'Ждут клиента',
    'queue.all': 'Все заявки',
    'queue.empty': 'В этой очереди пусто.',
    'column.number': 'Номер',
    'column.subject': 'Тема',
    'column.client': 'Клиент',
    'column.status': 'Статус',
    'column.urgency': 'Срочность',
    'column.assignee': 'Исполнитель',
    'column.ackDeadline': 'Ответить до',
    'column.promisedAt': 'Обещано',
    'column.received': 'Получена',
    'filter.status': 'Статус',
    'filter.urgency': 'Срочность',
    'filter.assignee': 'Исполнитель (адрес)',
    'filter.any': 'любой',
    'filter.apply': 'Показать',
    'search.label': 'Поиск по переписке',
    'search.placeholder': 'Поиск по переписке (/)',
    'search.hits': 'Найдено в переписке по запросу «{q}»',
    'search.none': 'Ничего не найдено.',
    'search.more': 'Ещё',
    'search.source.subject': 'тема',
    'search.source.mail': 'письмо клиента',
    'search.source.attachment': 'вложение',
    'search.source.letter': 'наше письмо',
    'search.source.comment': 'комментарий',
    'search.source.resolution': 'решение',
  },
  en: {
    'queue.triage': 'Awaiting triage',
    'queue.emergencies': 'Emergencies',
    'queue.mine': 'My work',
    'queue.overdue': 'Overdue',
    'queue.waiting': 'Waiting for client',
    'queue.all': 'All tickets',
    'queue.empty': 'Nothing in this queue.',
    'column.number': 'Number',
    'column.subject': 'Subject',
    'column.client': 'Client',
    'column.status': 'Status',
    'column.urgency': 'Urgency',
    'column.assignee': 'Assignee',
    'column.ackDeadline': 'Answer by',
    'column.promisedAt': 'Promised',
    'column.received': 'Received',
    'filter.status': 'Status',
    'filter.urgency': 'Urgency',
    'filter.assignee': 'Assignee (address)',
    'filter.any': 'any',
    'filter.apply': 'Show',
    'search.label': 'Search the correspondence',
    'search.placeholder': 'Search the correspondence (/)',
    'search.hits': 'Found in the correspondence for “{q}”',
    'search.none': 'Nothing found.',
    'search.more': 'More',
    'search.source.subject': 'subject',
    'search.source.mail': "client's mail",
    'search.source.attachment': 'attachment',
    'search.source.letter': 'our letter',
    'search.source.comment': 'comment',
    'search.source.resolution': 'resolution',
  },
});

export const queues = ['triage', 'emergencies', 'mine', 'overdue', 'waiting', 'all'];

function QueueTabs({ current, counts }) {
  return html`
    <nav class="tabs" aria-label=${t('nav.queues')}>
      ${queues.map(
        (name) => html`
          <a
            href=${`#/queue/${name}`}
            aria-current=${current === name ? 'page' : undefined}
            data-queue=${name}
          >
            ${t(`queue.${name}`)}
            <span class="count" aria-label=${`${counts?.[name] ?? 0}`}>${counts?.[name] ?? '…'}</span>
          </a>
        `,
      )}
    </nav>
  `;
}

function TicketTable({ tickets, queue, now }) {
  if (!tickets.length) return html`<p class="empty">${t('queue.empty')}</p>`;
  const deadlineColumn = queue === 'triage' || queue === 'emergencies';
  return html`
    <table class="tickets">
      <thead>
        <tr>
          <th scope="col">${t('column.number')}</th>
          <th scope="col">${t('column.subject')}</th>
          <th scope="col">${t('column.client')}</th>
          <th scope="col">${t('column.status')}</th>
          <th scope="col">${t('column.urgency')}</th>
          <th scope="col">${t('column.assignee')}</th>
          <th scope="col">${deadlineColumn ? t('column.ackDeadline') : t('column.promisedAt')}</th>
          <th scope="col">${t('column.received')}</th>
        </tr>
      </thead>
      <tbody>
        ${tickets.map(
          (ticket) => html`
            <tr data-ticket=${ticket.number} class=${ticket.urgency === 'emergency' ? 'row-emergency' : ''}>
              <td><a href=${`#/ticket/${ticket.number}`}>${ticket.number}</a></td>
              <td>${ticket.subject}</td>
              <td>${ticket.client.name ?? ticket.client.email}</td>
              <td><${StatusBadge} status=${ticket.status} /></td>
              <td><${UrgencyBadge} urgency=${ticket.urgency} /></td>
              <td>${ticket.assignee ?? '—'}</td>
              <td>
                ${
                  deadlineColumn && !ticket.acknowledgedAt
                    ? html`<${TimeLeft} deadline=${ticket.ackDeadline} now=${now} />`
                    : formatInstant(ticket.promisedAt)
                }
              </td>
              <td>${formatInstant(ticket.receivedAt)}</td>
            </tr>
          `,
        )}
      </tbody>
    </table>
  `;
}

function Filters({ params }) {
  const [filters, setFilters] = useState({ status: '', urgency: '', assignee: '', ...params });
  useEffect(() => setFilters({ status: '', urgency: '', assignee: '', ...params }), [JSON.stringify(params)]);
  const set = (name) => (event) => setFilters({ ...filters, [name]: event.target.value });
  function apply(event) {
    event.preventDefault();
    navigate(`/queue/all${query(filters)}`);
  }
  return html`
    <form class="filters" onSubmit=${apply}>
      <label
        >${t('filter.status')}
        <select value=${filters.status} onChange=${set('status')}>
          <option value="">${t('filter.any')}</option>
          ${statuses.map((status) => html`<option value=${status}>${t(`status.${status}`)}</option>`)}
        </select>
      </label>
      <label
        >${t('filter.urgency')}
        <select value=${filters.urgency} onChange=${set('urgency')}>
          <option value="">${t('filter.any')}</option>
          ${urgencies.map((urgency) => html`<option value=${urgency}>${t(`urgency.${urgency}`)}</option>`)}
        </select>
      </label>
      <label
        >${t('filter.assignee')}
        <input type="email" value=${filters.assignee} onInput=${set('assignee')} />
      </label>
      <label
        >${t('search.label')}
        <input type="search" name="q" value=${filters.q ?? ''} onInput=${set('q')} />
      </label>
      <button type="submit">${t('filter.apply')}</button>
    </form>
  `;
}

function SearchHits({ q }) {
  const [pages, setPages] = useState({ hits: [], nextCursor: null, loaded: false });
  useEffect(() => {
    setPages({ hits: [], nextCursor: null, loaded: false });
    api(`/api/search${query({ q })}`).then((page) => setPages({ ...page, loaded: true }));
  }, [q]);
  async function more() {
    const page = await api(`/api/search${query({ q, cursor: pages.nextCursor })}`);
    setPages({ hits: [...pages.hits, ...page.hits], nextCursor: page.nextCursor, loaded: true });
  }
  if (!pages.loaded) return html`<p>${t('common.loading')}</p>`;
  return html`
    <section aria-labelledby="hits-heading" class="search-hits">
      <h2 id="hits-heading">${t('search.hits', { q })}</h2>
      ${pages.hits.length === 0 && html`<p class="empty">${t('search.none')}</p>`}
      <ol>
        ${pages.hits.map(
          (hit) => html`
            <li class="hit" data-ticket=${hit.number}>
              <a href=${`#/ticket/${hit.number}`}>${hit.number}</a> ${hit.subject}
              <${StatusBadge} status=${hit.status} />
              <span class="muted">${t(`search.source.${hit.source}`)} · ${formatInstant(hit.at)}</span>
              <p><${Snippet} snippet=${hit.snippet} /></p>
            </li>
          `,
        )}
      </ol>
      ${pages.nextCursor && html`<button type="button" onClick=${more}>${t('search.more')}</button>`}
    </section>
  `;
}

export function QueuePage({ queue, params }) {
  const name = queues.includes(queue) ? queue : 'triage';
  const counts = usePolling(() => api('/api/queues'), []);
  // client and organisation come from links (a client's or an organisation's tickets), not from the form.
  const filters =
    name === 'all'
      ? {
          status: params.status,
          urgency: params.urgency,
          assignee: params.assignee,
          client: params.client,
          organisation: params.organisation,
        }
      : {};
  const list = usePolling(
    () => api(`/api/tickets${query({ ...(name === 'all' ? {} : { queue: name }), ...filters, limit: 200 })}`),
    [name, JSON.stringify(filters)],
  );
  return html`
    <section class="queue" aria-labelledby="queue-heading">
      <${QueueTabs} current=${name} counts=${counts.data?.counts} />
      <h1 id="queue-heading">
        ${t(`queue.${name}`)}
        ${list.loadedAt && html`<small class="muted" aria-live="off"> · ${t('common.refreshed', { time: list.loadedAt.toLocaleTimeString() })}</small>`}
      </h1>
      ${name === 'all' && html`<${Filters} params=${params} />`}
      ${name === 'all' && params.q && html`<${SearchHits} q=${params.q} />`}
      ${list.error && html`<p role="alert" class="error">${list.error.message}</p>`}
      ${
        name === 'all' && params.q
          ? null
          : list.data
            ? html`<${TicketTable}
                tickets=${list.data.tickets}
                queue=${name}
                now=${list.loadedAt?.getTime() ?? Date.now()}
              />`
            : html`<p>${t('common.loading')}</p>`
      }
    </section>
  `;
}
