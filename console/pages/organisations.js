// Client organisations: every staff member sees them and their clients; a lead adds and edits one (domains, its own
// time zone and weekday hours, voice support, priority) and assigns a client's address by hand.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatInstant } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';

defineStrings({
  ru: {
    'organisations.title': 'Организации',
    'organisations.none': 'Организаций пока нет.',
    'organisations.name': 'Название',
    'organisations.domains': 'Домены',
    'organisations.domainsHint': 'через запятую: netix.ru, msk.netix.ru',
    'organisations.timeZone': 'Часовой пояс',
    'organisations.timeZoneHint': 'пусто — как у службы поддержки; например Asia/Vladivostok',
    'organisations.hours': 'Рабочие часы пн–пт',
    'organisations.hoursHint': 'пусто — как у службы поддержки',
    'organisations.opens': 'с',
    'organisations.closes': 'до',
    'organisations.deskHours': 'как у службы',
    'organisations.voiceSupport': 'Голосовая поддержка (платная услуга)',
    'organisations.priority': 'Приоритетная: обычные заявки планируются как высокие',
    'organisations.clients': 'Клиентов',
    'organisations.add': 'Добавить организацию',
    'organisations.create': 'Добавить',
    'organisations.save': 'Сохранить',
    'organisations.saved': 'Сохранено.',
    'organisations.edit': 'Договор',
    'organisations.back': 'Все организации',
    'organisations.clientList': 'Клиенты',
    'organisations.noClients': 'Клиентов пока нет.',
    'organisations.address': 'Адрес',
    'organisations.assigned': 'Как определён',
    'organisations.byHand': 'назначен вручную',
    'organisations.byDomain': 'по домену',
    'organisations.tickets': 'Заявок',
    'organisations.lastTicket': 'Последняя заявка',
    'organisations.assign': 'Назначить клиента',
    'organisations.assignButton': 'Назначить',
    'organisations.unassign': 'Снять',
    'organisations.assignHint': 'назначение вручную важнее домена',
    'organisations.readOnly': 'Изменять организации могут руководители и администраторы.',
    'organisations.yes': 'да',
    'organisations.no': 'нет',
    'organisations.notFound': 'Организации {id} нет.',
    'organisations.ticketsLink': 'Заявки организации',
  },
  en: {
    'organisations.title': 'Organisations',
    'organisations.none': 'No organisations yet.',
    'organisations.name': 'Name',
    'organisations.domains': 'Domains',
    'organisations.domainsHint': 'comma-separated: netix.ru, msk.netix.ru',
    'organisations.timeZone': 'Time zone',
    'organisations.timeZoneHint': "empty: the desk's; e.g. Asia/Vladivostok",
    'organisations.hours': 'Working hours Mon–Fri',
    'organisations.hoursHint': "empty: the desk's",
    'organisations.opens': 'from',
    'organisations.closes': 'to',
    'organisations.deskHours': "the desk's",
    'organisations.voiceSupport': 'Voice support (paid extra)',
    'organisations.priority': 'Priority: normal requests are booked as high',
    'organisations.clients': 'Clients',
    'organisations.add': 'Add an organisation',
    'organisations.create': 'Add',
    'organisations.save': 'Save',
    'organisations.saved': 'Saved.',
    'organisations.edit': 'Contract',
    'organisations.back': 'All organisations',
    'organisations.clientList': 'Clients',
    'organisations.noClients': 'No clients yet.',
    'organisations.address': 'Address',
    'organisations.assigned': 'How',
    'organisations.byHand': 'assigned by hand',
    'organisations.byDomain': 'by domain',
    'organisations.tickets': 'Tickets',
    'organisations.lastTicket': 'Last ticket',
    'organisations.assign': 'Assign a client',
    'organisations.assignButton': 'Assign',
    'organisations.unassign': 'Remove',
    'organisations.assignHint': 'a hand assignment beats the domain',
    'organisations.readOnly': 'Leads and admins change organisations.',
    'organisations.yes': 'yes',
    'organisations.no': 'no',
    'organisations.notFound': 'There is no organisation {id}.',
    'organisations.ticketsLink': "The organisation's tickets",
  },
});

const weekdays = ['1', '2', '3', '4', '5'];

const canManage = (session) => session.staff.role !== 'specialist';

/** The contract's Monday–Friday hours, when they are the same each day; other shapes show as they are. */
function hoursOf(weeklyHours) {
  const monday = weeklyHours?.['1']?.[0];
  return monday ? { opens: monday.start, closes: monday.end } : { opens: '', closes: '' };
}

function hoursText(weeklyHours) {
  if (!weeklyHours) return t('organisations.deskHours');
  const { opens, closes } = hoursOf(weeklyHours);
  return opens ? `${opens}–${closes}` : '—';
}

function formOf(organisation) {
  return {
    name: organisation?.name ?? '',
    domains: (organisation?.domains ?? []).join(', '),
    timeZone: organisation?.timeZone ?? '',
    ...hoursOf(organisation?.weeklyHours),
    voiceSupport: organisation?.voiceSupport ?? false,
    priority: organisation?.priority ?? false,
  };
}

function bodyOf(form) {
  const hours = form.opens && form.closes ? [{ start: form.opens, end: form.closes }] : null;
  return {
    name: form.name.trim(),
    domains: form.domains
      .split(/[,\s]+/)
      .map((domain) => domain.trim())
      .filter(Boolean),
    timeZone: form.timeZone.trim() || null,
    weeklyHours: hours && Object.fromEntries(weekdays.map((day) => [day, hours])),
    voiceSupport: form.voiceSupport,
    priority: form.priority,
  };
}

/** The contract as a form; the API's refusal is shown beside the field it names, or under the button. */
function ContractForm({ organisation, submitLabel, onSaved }) {
  const [form, setForm] = useState(() => formOf(organisation));
  const [refusal, setRefusal] = useState(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(formOf(organisation)), [organisation?.updatedAt]);
  const set = (name) => (event) =>
    setForm({
      ...form,
      [name]: event.target.type === 'checkbox' ? event.target.checked : event.target.value,
    });
  const errorOf = (field) =>
    refusal?.problem?.errors?.find((error) => error.field === field || error.field.startsWith(`${field}.`))
      ?.rule;

  async function submit(event) {
    event.preventDefault();
    setRefusal(null);
    setSaved(false);
    try {
      const answer = organisation
        ? await api(`/api/organisations/${organisation.id}`, { method: 'PATCH', body: bodyOf(form) })
        : await api('/api/organisations', { method: 'POST', body: bodyOf(form) });
      setSaved(true);
      onSaved(answer);
      if (!organisation) setForm(formOf(null));
    } catch (error) {
      setRefusal(error);
    }
  }

  const field = (name, label, control, hint) => html`
    <div class="field">
      <label for=${`organisation-${name}`}>${label}</label>
      ${control} ${hint && html`<small class="muted">${hint}</small>`}
      ${errorOf(name) && html`<p class="field-error" role="alert">${errorOf(name)}</p>`}
    </div>
  `;
  const fieldsNamed = ['name', 'domains', 'timeZone', 'weeklyHours'];
  const formLevel =
    refusal &&
    !(refusal.problem?.errors ?? []).some((error) => fieldsNamed.includes(error.field.split('.')[0]))
      ? refusal.message
      : null;
  return html`
    <form class="action-form organisation-form" onSubmit=${submit} novalidate>
      ${field(
        'name',
        t('organisations.name'),
        html`<input id="organisation-name" value=${form.name} onInput=${set('name')} required />`,
      )}
      ${field(
        'domains',
        t('organisations.domains'),
        html`<input id="organisation-domains" value=${form.domains} onInput=${set('domains')} />`,
        t('organisations.domainsHint'),
      )}
      ${field(
        'timeZone',
        t('organisations.timeZone'),
        html`<input id="organisation-timeZone" value=${form.timeZone} onInput=${set('timeZone')} />`,
        t('organisations.timeZoneHint'),
      )}
      ${field(
        'weeklyHours',
        t('organisations.hours'),
        html`<span id="organisation-weeklyHours">
          ${t('organisations.opens')}
          <input
            type="time"
            aria-label=${t('organisations.opens')}
            value=${form.opens}
            onInput=${set('opens')}
          />
          ${t('organisations.closes')}
          <input
            type="time"
            aria-label=${t('organisations.closes')}
            value=${form.closes}
            onInput=${set('closes')}
          />
        </span>`,
        t('organisations.hoursHint'),
      )}
      <div class="field field-checkbox">
        <input
          id="organisation-voiceSupport"
          type="checkbox"
          checked=${form.voiceSupport}
          onChange=${set('voiceSupport')}
        />
        <label for="organisation-voiceSupport">${t('organisations.voiceSupport')}</label>
      </div>
      <div class="field field-checkbox">
        <input
          id="organisation-priority"
          type="checkbox"
          checked=${form.priority}
          onChange=${set('priority')}
        />
        <label for="organisation-priority">${t('organisations.priority')}</label>
      </div>
      <div class="form-actions">
        <button type="submit">${submitLabel}</button>
        ${saved && html`<span role="status" class="notice">${t('organisations.saved')}</span>`}
      </div>
      ${formLevel && html`<p class="form-error" role="alert">${formLevel}</p>`}
    </form>
  `;
}

function OrganisationList({ session }) {
  const [organisations, setOrganisations] = useState(null);
  const [error, setError] = useState(null);
  const load = () =>
    api('/api/organisations').then(
      (answer) => setOrganisations(answer.organisations),
      (failure) => setError(failure),
    );
  useEffect(() => {
    load();
  }, []);
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!organisations) return html`<p class="loading">${t('common.loading')}</p>`;
  return html`
    <section class="organisations" aria-labelledby="organisations-heading">
      <h1 id="organisations-heading">${t('organisations.title')}</h1>
      ${
        organisations.length === 0
          ? html`<p class="empty">${t('organisations.none')}</p>`
          : html`<table class="organisations-table">
              <thead>
                <tr>
                  <th scope="col">${t('organisations.name')}</th>
                  <th scope="col">${t('organisations.domains')}</th>
                  <th scope="col">${t('organisations.timeZone')}</th>
                  <th scope="col">${t('organisations.hours')}</th>
                  <th scope="col">${t('organisations.voiceSupport')}</th>
                  <th scope="col">${t('organisations.priority')}</th>
                  <th scope="col" class="num">${t('organisations.clients')}</th>
                </tr>
              </thead>
              <tbody>
                ${organisations.map(
                  (organisation) => html`
                    <tr data-organisation=${organisation.id}>
                      <th scope="row">
                        <a href=${`#/organisations/${organisation.id}`}>${organisation.name}</a>
                      </th>
                      <td>${organisation.domains.join(', ') || '—'}</td>
                      <td>${organisation.timeZone ?? '—'}</td>
                      <td>${hoursText(organisation.weeklyHours)}</td>
                      <td>${organisation.voiceSupport ? t('organisations.yes') : t('organisations.no')}</td>
                      <td>${organisation.priority ? t('organisations.yes') : t('organisations.no')}</td>
                      <td class="num">${organisation.clients}</td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>`
      }
      ${
        canManage(session)
          ? html`<section class="report" aria-labelledby="organisation-add-heading">
              <h2 id="organisation-add-heading">${t('organisations.add')}</h2>
              <${ContractForm}
                submitLabel=${t('organisations.create')}
                onSaved=${(answer) => navigate(`/organisations/${answer.organisation.id}`)}
              />
            </section>`
          : html`<p class="muted">${t('organisations.readOnly')}</p>`
      }
    </section>
  `;
}

function AssignClient({ organisation, onAssigned }) {
  const [address, setAddress] = useState('');
  const [refusal, setRefusal] = useState(null);
  async function submit(event) {
    event.preventDefault();
    setRefusal(null);
    try {
      await api(`/api/organisations/${organisation.id}/clients`, { method: 'POST', body: { address } });
      setAddress('');
      onAssigned();
    } catch (error) {
      setRefusal(error);
    }
  }
  return html`
    <form class="filters assign-client" onSubmit=${submit} novalidate>
      <label>
        ${t('organisations.assign')}
        <input
          type="email"
          name="address"
          value=${address}
          onInput=${(event) => setAddress(event.target.value)}
          placeholder="name@example.ru"
        />
      </label>
      <button type="submit">${t('organisations.assignButton')}</button>
      <small class="muted">${t('organisations.assignHint')}</small>
      ${refusal && html`<p class="field-error" role="alert">${refusal.message}</p>`}
    </form>
  `;
}

function OrganisationDetail({ id, session }) {
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  const load = () =>
    api(`/api/organisations/${encodeURIComponent(id)}`).then(setAnswer, (failure) => setError(failure));
  useEffect(() => {
    setAnswer(null);
    setError(null);
    load();
  }, [id]);
  if (error?.status === 404)
    return html`<p role="alert" class="error">${t('organisations.notFound', { id })}</p>`;
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!answer) return html`<p class="loading">${t('common.loading')}</p>`;
  const { organisation, clients } = answer;
  const manager = canManage(session);
  async function unassign(address) {
    await api(`/api/organisations/${organisation.id}/clients/${encodeURIComponent(address)}`, {
      method: 'DELETE',
    });
    load();
  }
  return html`
    <section class="organisation" aria-labelledby="organisation-heading" data-organisation=${organisation.id}>
      <p><a href="#/organisations">← ${t('organisations.back')}</a></p>
      <h1 id="organisation-heading">${organisation.name}</h1>
      <p><a href=${`#/queue/all?organisation=${organisation.id}`}>${t('organisations.ticketsLink')}</a></p>
      <div class="ticket__layout">
        <div class="ticket__main">
          <section class="report" aria-labelledby="organisation-contract-heading">
            <h2 id="organisation-contract-heading">${t('organisations.edit')}</h2>
            ${
              manager
                ? html`<${ContractForm}
                    organisation=${organisation}
                    submitLabel=${t('organisations.save')}
                    onSaved=${setAnswer}
                  />`
                : html`<dl class="facts">
                    <div>
                      <dt>${t('organisations.domains')}</dt>
                      <dd>${organisation.domains.join(', ') || '—'}</dd>
                    </div>
                    <div>
                      <dt>${t('organisations.timeZone')}</dt>
                      <dd>${organisation.timeZone ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>${t('organisations.hours')}</dt>
                      <dd>${hoursText(organisation.weeklyHours)}</dd>
                    </div>
                    <div>
                      <dt>${t('organisations.voiceSupport')}</dt>
                      <dd>${organisation.voiceSupport ? t('organisations.yes') : t('organisations.no')}</dd>
                    </div>
                    <div>
                      <dt>${t('organisations.priority')}</dt>
                      <dd>${organisation.priority ? t('organisations.yes') : t('organisations.no')}</dd>
                    </div>
                  </dl>`
            }
          </section>
        </div>
        <aside class="ticket__side">
          <section aria-labelledby="organisation-clients-heading">
            <h2 id="organisation-clients-heading">${t('organisations.clientList')} (${clients.length})</h2>
            ${manager && html`<${AssignClient} organisation=${organisation} onAssigned=${load} />`}
            ${
              clients.length === 0
                ? html`<p class="muted">${t('organisations.noClients')}</p>`
                : html`<table class="organisation-clients">
                    <thead>
                      <tr>
                        <th scope="col">${t('organisations.address')}</th>
                        <th scope="col">${t('organisations.assigned')}</th>
                        <th scope="col" class="num">${t('organisations.tickets')}</th>
                        <th scope="col">${t('organisations.lastTicket')}</th>
                        ${manager && html`<th scope="col"></th>`}
                      </tr>
                    </thead>
                    <tbody>
                      ${clients.map(
                        (client) => html`
                          <tr data-client=${client.address}>
                            <th scope="row">
                              <a href=${`#/queue/all?client=${encodeURIComponent(client.address)}`}
                                >${client.address}</a
                              >
                            </th>
                            <td>
                              ${client.assigned === 'hand' ? t('organisations.byHand') : t('organisations.byDomain')}
                            </td>
                            <td class="num">${client.tickets}</td>
                            <td>${formatInstant(client.lastTicketAt)}</td>
                            ${
                              manager &&
                              html`<td>
                                ${
                                  client.assigned === 'hand' &&
                                  html`<button
                                    type="button"
                                    class="link-button"
                                    onClick=${() => unassign(client.address)}
                                  >
                                    ${t('organisations.unassign')}
                                  </button>`
                                }
                              </td>`
                            }
                          </tr>
                        `,
                      )}
                    </tbody>
                  </table>`
            }
          </section>
        </aside>
      </div>
    </section>
  `;
}

export function OrganisationsPage({ id, session }) {
  return id
    ? html`<${OrganisationDetail} id=${id} session=${session} />`
    : html`<${OrganisationList} session=${session} />`;
}
