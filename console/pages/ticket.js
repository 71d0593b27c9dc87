// One ticket: what we know, the whole conversation, the history, a form for every staff action, and the client's
// other tickets.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatInstant, formatMinutes } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { usePolling } from '../polling.js';
import { useShortcut } from '../shortcuts.js';
import { rootCauses, urgencies } from '../strings.js';
import { ActionForm } from '../components/actionForm.js';
import { StatusBadge, TimeLeft, UrgencyBadge } from '../components/badges.js';
import { Conversation } from '../components/conversation.js';
import { MovePreview } from '../components/movePreview.js';

defineStrings({
  ru: {
    'ticket.client': 'Клиент',
    'ticket.assignee': 'Исполнитель',
    'ticket.received': 'Получена',
    'ticket.ackDeadline': 'Ответить клиенту до',
    'ticket.acknowledged': 'Клиенту ответили',
    'ticket.promisedAt': 'Обещано к',
    'ticket.estimate': 'Оценка трудозатрат',
    'ticket.logged': 'Затрачено',
    'ticket.phone': 'Просит звонок (платная услуга)',
    'ticket.organisation': 'Организация',
    'ticket.noOrganisation': 'без организации',
    'ticket.voiceSupport': 'голосовая поддержка',
    'ticket.priority': 'приоритет',
    'ticket.callback': 'Звонок клиенту по договору голосовой поддержки: {time}',
    'ticket.needsReview': 'Срок обещан по автоматической оценке: проверьте её.',
    'ticket.failure': 'Шаг «{step}» не выполнен: {error}. Руководители извещены.',
    'ticket.refusal': 'Причина отказа',
    'ticket.guess': 'Автоматическая оценка: {urgency}, {cause}. {reasons}',
    'ticket.actions': 'Действия',
    'ticket.done': 'Готово: {action}.',
    'ticket.conversation': 'Переписка',
    'ticket.history': 'История',
    'ticket.letters': 'Наши письма и их доставка',
    'ticket.others': 'Другие заявки клиента',
    'ticket.noOthers': 'Других заявок нет.',
    'ticket.notFound': 'Заявки {number} нет.',
    'letter.sent': 'отправлено {at}',
    'letter.queued': 'в очереди, попыток: {attempts}',
    'letter.bounced': 'не доставлено: {reason}',
    'action.triage': 'Оценить',
    'action.take': 'Взять в работу',
    'action.comment': 'Комментарий',
    'action.log-time': 'Учесть время',
    'action.reschedule': 'Перенести срок',
    'action.assign': 'Передать',
    'action.wait-for-client': 'Спросить клиента',
    'action.refuse': 'Отказать',
    'action.resolve': 'Решить',
    'field.urgency': 'Срочность',
    'field.rootCause': 'Причина',
    'field.estimateMinutes': 'Трудозатраты, минут',
    'field.phoneRequested': 'Клиент просит звонок',
    'field.text': 'Текст',
    'field.toClient': 'Отправить клиенту письмом',
    'field.minutes': 'Минут',
    'field.note': 'Что сделано',
    'field.reason': 'Причина',
    'field.promisedAt': 'Новый срок',
    'field.specialist': 'Специалист',
    'field.question': 'Вопрос клиенту',
    'field.whatWasFixed': 'Что исправлено',
    'field.how': 'Как',
    'field.prevention': 'Как избежать в будущем',
    'field.articleIds': 'Статьи базы знаний для клиента',
    'ticket.suggestedArticle': '{title} (предложена в квитанции)',
  },
  en: {
    'ticket.client': 'Client',
    'ticket.assignee': 'Assignee',
    'ticket.received': 'Received',
    'ticket.ackDeadline': 'Answer the client by',
    'ticket.acknowledged': 'Client answered',
    'ticket.promisedAt': 'Promised by',
    'ticket.estimate': 'Estimated effort',
    'ticket.logged': 'Logged',
    'ticket.phone': 'Asks for a call (paid extra)',
    'ticket.organisation': 'Organisation',
    'ticket.noOrganisation': 'no organisation',
    'ticket.voiceSupport': 'voice support',
    'ticket.priority': 'priority',
    'ticket.callback': 'Callback under the voice support contract: {time}',
    'ticket.needsReview': 'Promised from the automatic assessment: check it.',
    'ticket.failure': 'Step "{step}" failed: {error}. The leads were told.',
    'ticket.refusal': 'Refused because',
    'ticket.guess': 'Automatic assessment: {urgency}, {cause}. {reasons}',
    'ticket.actions': 'Actions',
    'ticket.done': 'Done: {action}.',
    'ticket.conversation': 'Conversation',
    'ticket.history': 'History',
    'ticket.letters': 'Our letters and their delivery',
    'ticket.others': "The client's other tickets",
    'ticket.noOthers': 'No other tickets.',
    'ticket.notFound': 'There is no ticket {number}.',
    'letter.sent': 'sent {at}',
    'letter.queued': 'queued, attempts: {attempts}',
    'letter.bounced': 'bounced: {reason}',
    'action.triage': 'Triage',
    'action.take': 'Take',
    'action.comment': 'Comment',
    'action.log-time': 'Log time',
    'action.reschedule': 'Reschedule',
    'action.assign': 'Assign',
    'action.wait-for-client': 'Ask the client',
    'action.refuse': 'Refuse',
    'action.resolve': 'Resolve',
    'field.urgency': 'Urgency',
    'field.rootCause': 'Root cause',
    'field.estimateMinutes': 'Effort, minutes',
    'field.phoneRequested': 'The client asks for a call',
    'field.text': 'Text',
    'field.toClient': 'Mail it to the client',
    'field.minutes': 'Minutes',
    'field.note': 'What was done',
    'field.reason': 'Reason',
    'field.promisedAt': 'New date',
    'field.specialist': 'Specialist',
    'field.question': 'Question to the client',
    'field.whatWasFixed': 'What was fixed',
    'field.how': 'How',
    'field.prevention': 'How to prevent it',
    'field.articleIds': 'Knowledge-base articles for the client',
    'ticket.suggestedArticle': '{title} (suggested in the receipt)',
  },
});

const defaultEstimateMinutes = 120;

/** The automatic first guess, as recorded at registration. */
function automaticGuess(ticket) {
  return ticket.history.find((event) => event.kind === 'auto_triage')?.details ?? null;
}

/**
 * The articles a resolution may link, in the ticket's language: those its receipt suggested first, marked so.
 */
function articleOptions(ticket, articles) {
  const suggested = ticket.history
    .filter((event) => event.kind === 'articles_suggested')
    .flatMap((event) => event.details?.articles ?? [])
    .map((article) => article.id);
  const ordered = [
    ...articles.filter((article) => suggested.includes(article.id)),
    ...articles.filter((article) => !suggested.includes(article.id)),
  ];
  return ordered.map((article) => [
    String(article.id),
    suggested.includes(article.id) ? t('ticket.suggestedArticle', { title: article.title }) : article.title,
  ]);
}

function fieldsOf(action, specialists, articles = []) {
  const textarea = (name) => ({ name, kind: 'textarea' });
  switch (action) {
    case 'triage':
      return [
        { name: 'urgency', kind: 'select', options: urgencies.map((u) => [u, t(`urgency.${u}`)]) },
        { name: 'rootCause', kind: 'select', options: rootCauses.map((c) => [c, t(`cause.${c}`)]) },
        { name: 'estimateMinutes', kind: 'number' },
        { name: 'phoneRequested', kind: 'checkbox' },
      ];
    case 'comment':
      return [textarea('text'), { name: 'toClient', kind: 'checkbox' }];
    case 'log-time':
      return [
        { name: 'minutes', kind: 'number' },
        { name: 'note', kind: 'text' },
      ];
    case 'reschedule':
      return [
        textarea('reason'),
        { name: 'estimateMinutes', kind: 'number' },
        { name: 'promisedAt', kind: 'datetime' },
      ];
    case 'assign':
      return [
        {
          name: 'specialist',
          kind: 'select',
          options: [['', '—'], ...specialists.map((s) => [s.email, `${s.name} <${s.email}>`])],
        },
      ];
    case 'wait-for-client':
      return [textarea('question')];
    case 'refuse':
      return [textarea('reason')];
    case 'resolve':
      return [
        textarea('whatWasFixed'),
        textarea('how'),
        textarea('prevention'),
        ...(articles.length ? [{ name: 'articleIds', kind: 'multiselect', options: articles }] : []),
      ];
    default:
      return [];
  }
}

function initialValues(action, ticket) {
  if (action !== 'triage') return {};
  const guess = automaticGuess(ticket);
  return {
    urgency: ticket.urgency ?? guess?.urgency ?? 'normal',
    rootCause: ticket.rootCause ?? guess?.rootCause ?? 'unknown',
    estimateMinutes: String(ticket.estimateMinutes ?? defaultEstimateMinutes),
    phoneRequested: ticket.phoneRequested ?? guess?.phoneRequested ?? false,
  };
}

function firstActionFor(ticket) {
  const preferred = {
    awaiting_triage: ticket.urgency === 'emergency' ? 'take' : 'triage',
    scheduled: 'take',
    in_progress: 'resolve',
    waiting_for_client: 'comment',
  }[ticket.status];
  return ticket.allowedActions.includes(preferred) ? preferred : (ticket.allowedActions[0] ?? 'comment');
}

/** The client's organisation when the request arrived, with what its contract includes. */
function OrganisationFact({ organisation }) {
  if (!organisation)
    return html`<span class="muted" data-field="organisation">${t('ticket.noOrganisation')}</span>`;
  return html`
    <span data-field="organisation">
      <a href=${`#/organisations/${organisation.id}`}>${organisation.name}</a>
      ${organisation.voiceSupport && html` <span class="badge">${t('ticket.voiceSupport')}</span>`}
      ${organisation.priority && html` <span class="badge urgency-high">${t('ticket.priority')}</span>`}
    </span>
  `;
}

function Facts({ ticket }) {
  const guess = automaticGuess(ticket);
  const fact = (label, value) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  return html`
    <dl class="facts">
      ${fact(t('ticket.client'), html`${ticket.client.name ? `${ticket.client.name} ` : ''}<span class="muted">${ticket.client.email}</span>`)}
      ${fact(t('ticket.organisation'), html`<${OrganisationFact} organisation=${ticket.organisation} />`)}
      ${fact(t('ticket.assignee'), ticket.assignee ?? '—')}
      ${fact(t('ticket.received'), formatInstant(ticket.receivedAt))}
      ${
        ticket.acknowledgedAt
          ? fact(t('ticket.acknowledged'), formatInstant(ticket.acknowledgedAt))
          : fact(
              t('ticket.ackDeadline'),
              html`${formatInstant(ticket.ackDeadline)} <${TimeLeft} deadline=${ticket.ackDeadline} />`,
            )
      }
      ${fact(t('ticket.promisedAt'), html`<span data-field="promisedAt">${formatInstant(ticket.promisedAt)}</span>`)}
      ${fact(t('ticket.estimate'), ticket.estimateMinutes ? formatMinutes(ticket.estimateMinutes) : '—')}
      ${fact(t('ticket.logged'), formatMinutes(ticket.loggedMinutes))}
    </dl>
    ${
      ticket.callbackAt
        ? html`<p class="notice" data-field="callbackAt">
            ${t('ticket.callback', { time: formatInstant(ticket.callbackAt) })}
          </p>`
        : ticket.phoneRequested && html`<p class="notice">${t('ticket.phone')}</p>`
    }
    ${ticket.needsReview && html`<p class="warning">${t('ticket.needsReview')}</p>`}
    ${ticket.failure && html`<p class="error" role="alert">${t('ticket.failure', ticket.failure)}</p>`}
    ${ticket.refusalReason && html`<p><strong>${t('ticket.refusal')}:</strong> ${ticket.refusalReason}</p>`}
    ${
      guess &&
      ticket.status === 'awaiting_triage' &&
      html`<p class="muted guess">
        ${t('ticket.guess', {
          urgency: t(`urgency.${guess.urgency}`),
          cause: t(`cause.${guess.rootCause}`),
          reasons: (guess.reasons ?? []).join('; '),
        })}
      </p>`
    }
  `;
}

function Actions({ ticket, onChanged }) {
  const [action, setAction] = useState(() => firstActionFor(ticket));
  const [focusKey, setFocusKey] = useState(0);
  const [done, setDone] = useState(null);
  const [specialists, setSpecialists] = useState([]);
  const [assignTo, setAssignTo] = useState('');
  const [articles, setArticles] = useState([]);
  useEffect(() => {
    api('/api/specialists').then(
      (answer) => setSpecialists(answer.specialists),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    api(`/api/articles${query({ language: ticket.language, limit: 500 })}`).then(
      (answer) => setArticles(answer.articles),
      () => undefined,
    );
  }, [ticket.language]);
  useEffect(() => {
    if (!ticket.allowedActions.includes(action)) setAction(firstActionFor(ticket));
  }, [ticket.status]);

  const open = (name) => () => {
    if (!ticket.allowedActions.includes(name)) return;
    setAction(name);
    setFocusKey((key) => key + 1);
  };
  useShortcut('a', useCallback(open('triage'), [ticket.status]));
  useShortcut('k', useCallback(open('take'), [ticket.status]));
  useShortcut('c', useCallback(open('comment'), [ticket.status]));
  useShortcut('l', useCallback(open('log-time'), [ticket.status]));
  useShortcut('r', useCallback(open('resolve'), [ticket.status]));

  function finished(name) {
    return (updated) => {
      setDone(name);
      onChanged(updated);
    };
  }

  return html`
    <section class="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">${t('ticket.actions')}</h2>
      <div role="tablist" class="action-tabs">
        ${ticket.allowedActions.map(
          (name) => html`
            <button
              type="button"
              role="tab"
              aria-selected=${String(action === name)}
              onClick=${() => {
                setAction(name);
                setDone(null);
              }}
            >
              ${t(`action.${name}`)}
            </button>
          `,
        )}
      </div>
      <div role="tabpanel">
        <${ActionForm}
          key=${action}
          number=${ticket.number}
          action=${action}
          fields=${fieldsOf(action, specialists, articleOptions(ticket, articles))}
          initial=${initialValues(action, ticket)}
          focusKey=${focusKey}
          onDone=${finished(action)}
          onChange=${action === 'assign' ? (values) => setAssignTo(values.specialist ?? '') : undefined}
        >
          ${action === 'assign' && assignTo && html`<${MovePreview} number=${ticket.number} specialist=${assignTo} />`}
        </${ActionForm}>
      </div>
      ${done && html`<p role="status" class="notice">${t('ticket.done', { action: t(`action.${done}`) })}</p>`}
    </section>
  `;
}

function History({ history }) {
  return html`
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">${t('ticket.history')}</h2>
      <ol class="history">
        ${history.map(
          (event) => html`
            <li data-kind=${event.kind}>
              <div>
                <strong>${event.kind}</strong>
                <span class="muted"> · ${event.actor ?? '—'}</span>
                <time datetime=${event.at}>${formatInstant(event.at)}</time>
              </div>
              ${
                event.details && Object.keys(event.details).length
                  ? html`<code>${JSON.stringify(event.details)}</code>`
                  : null
              }
            </li>
          `,
        )}
      </ol>
    </section>
  `;
}

function Letters({ letters }) {
  if (!letters.length) return null;
  return html`
    <section aria-labelledby="letters-heading">
      <h2 id="letters-heading">${t('ticket.letters')}</h2>
      <ul class="letters">
        ${letters.map(
          (letter) => html`
            <li data-letter=${letter.kind}>
              <strong>${letter.kind}</strong> → ${letter.to.join(', ')} · ${letter.subject} ·
              ${
                letter.bouncedAt
                  ? html`<span class="error"
                      >${t('letter.bounced', { reason: letter.bounceReason ?? '' })}</span
                    >`
                  : letter.sentAt
                    ? t('letter.sent', { at: formatInstant(letter.sentAt) })
                    : html`<span class="warning">${t('letter.queued', { attempts: letter.attempts })}</span>
                        ${letter.lastError ? ` (${letter.lastError})` : ''}`
              }
            </li>
          `,
        )}
      </ul>
    </section>
  `;
}

function OtherTickets({ ticket }) {
  const [others, setOthers] = useState(null);
  useEffect(() => {
    api(`/api/tickets${query({ client: ticket.client.email, limit: 20 })}`).then(
      (answer) => setOthers(answer.tickets.filter((other) => other.number !== ticket.number)),
      () => setOthers([]),
    );
  }, [ticket.number]);
  return html`
    <section aria-labelledby="others-heading" class="others">
      <h2 id="others-heading">${t('ticket.others')}</h2>
      ${
        others === null
          ? t('common.loading')
          : others.length === 0
            ? html`<p class="muted">${t('ticket.noOthers')}</p>`
            : html`<ul>
                ${others.map(
                  (other) =>
                    html`<li>
                      <a href=${`#/ticket/${other.number}`}>${other.number}</a> ${other.subject}
                      <${StatusBadge} status=${other.status} />
                    </li>`,
                )}
              </ul>`
      }
    </section>
  `;
}

export function TicketPage({ number }) {
  const loaded = usePolling(() => api(`/api/tickets/${encodeURIComponent(number)}`), [number]);
  const [ticket, setTicket] = useState(null);
  useEffect(() => {
    if (loaded.data) setTicket(loaded.data);
  }, [loaded.data]);
  useEffect(() => setTicket(null), [number]);

  if (loaded.error?.status === 404)
    return html`<p role="alert" class="error">${t('ticket.notFound', { number })}</p>`;
  if (!ticket) return html`<p>${t('common.loading')}</p>`;
  return html`
    <article class="ticket" data-number=${ticket.number} data-status=${ticket.status}>
      <header class="ticket__header">
        <h1><span class="ticket__number">${ticket.number}</span> ${ticket.subject}</h1>
        <${StatusBadge} status=${ticket.status} /> <${UrgencyBadge} urgency=${ticket.urgency} />
        <span class="badge">${ticket.rootCause ? t(`cause.${ticket.rootCause}`) : t('cause.none')}</span>
      </header>
      <div class="ticket__layout">
        <div class="ticket__main">
          <${Facts} ticket=${ticket} />
          <${Actions} ticket=${ticket} onChanged=${setTicket} />
          <${Conversation} entries=${ticket.conversation} />
        </div>
        <aside class="ticket__side">
          <${OtherTickets} ticket=${ticket} />
          <${Letters} letters=${ticket.letters} />
          <${History} history=${ticket.history} />
        </aside>
      </div>
    </article>
  `;
}
