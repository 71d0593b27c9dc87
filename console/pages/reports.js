// Reports for the head of support: each a chart with its numbers in a table beside it, over the last 4, 12 or 26
// weeks.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatDate, formatMinutes, fromLocalInput } from '../format.js';
import { html } from '../html.js';
import { currentLanguage, defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';
import { rootCauses, urgencies } from '../strings.js';
import { ChartCanvas, palette } from '../components/chart.js';
import { addDays, deskToday } from '../components/timeline.js';

defineStrings({
  ru: {
    'reports.title': 'Отчёты',
    'reports.range': 'Период',
    'reports.weeks': '{weeks} нед.',
    'reports.rangeShown': 'с {from} по {to}',
    'reports.noData': 'Данных пока нет.',
    'reports.failed': 'Отчёт не загрузился: {error}',
    'reports.numbers': 'Цифры',
    'reports.unassigned': 'без исполнителя',
    'reports.notTriaged': 'не оценена',
    'reports.total': 'Всего',
    'reports.ack.title': 'Ответ клиенту в течение двух рабочих часов',
    'reports.ack.summary':
      'В срок: {share} (вовремя {met}, с опозданием {missed}, ещё ждут ответа {pending}).',
    'reports.ack.chart': 'Доля ответов в срок по неделям',
    'reports.ack.week': 'Неделя с',
    'reports.ack.met': 'В срок',
    'reports.ack.missed': 'С опозданием',
    'reports.ack.pending': 'Ждут ответа',
    'reports.ack.share': 'Доля в срок',
    'reports.accuracy.title': 'Точность обещанных сроков',
    'reports.accuracy.bySpecialist': 'По специалистам',
    'reports.accuracy.byCause': 'По причинам',
    'reports.accuracy.chart': 'Доля заявок, решённых к обещанному сроку: {by}',
    'reports.accuracy.group': 'Группа',
    'reports.accuracy.resolved': 'Решено',
    'reports.accuracy.onTime': 'К действующему сроку',
    'reports.accuracy.firstOnTime': 'К первому обещанному сроку',
    'reports.accuracy.median': 'Медиана опоздания',
    'reports.accuracy.p90': 'Опоздание, 90-й процентиль',
    'reports.tickets.title': 'Заявки по срочности и причинам',
    'reports.tickets.chart': 'Число заявок по срочности, с разбивкой по причинам',
    'reports.tickets.urgency': 'Срочность',
    'reports.tickets.count': 'Заявок',
    'reports.effort.title': 'Затраченное время',
    'reports.effort.bySpecialist': 'По специалистам',
    'reports.effort.byCause': 'По причинам',
    'reports.effort.chart': 'Учтённые часы: {by}',
    'reports.effort.key': 'Группа',
    'reports.effort.time': 'Время',
    'reports.effort.hours': 'Часы',
    'reports.effort.tickets': 'Заявок',
    'reports.emergencies.title': 'Аварии на 100 клиентов по месяцам',
    'reports.emergencies.chart': 'Аварий на 100 клиентов по месяцам',
    'reports.emergencies.month': 'Месяц',
    'reports.emergencies.count': 'Аварий',
    'reports.emergencies.clients': 'Клиентов',
    'reports.emergencies.per100': 'На 100 клиентов',
    'reports.articles.title': 'База знаний: подсказки и решённые заявки',
    'reports.articles.summary':
      'Квитанций с подсказками: {suggested} из {receipts}; заявок, решённых со статьёй: {solved} из {resolved}.',
    'reports.articles.chart': 'Сколько раз статья предложена и сколько заявок решила',
    'reports.articles.article': 'Статья',
    'reports.articles.suggested': 'Предложена',
    'reports.articles.solved': 'Решила заявок',
    'reports.articles.afterSuggestion': 'Из них после подсказки',
    'reports.emergencies.byOrganisation': 'По организациям: аварий на 100 клиентов',
    'reports.emergencies.cell': '{per100} ({emergencies} из {clients})',
    'reports.organisation': 'Организация',
    'reports.noOrganisation': 'без организации',
    'reports.effort.byChannel': 'По каналу',
    'reports.effort.byOrganisation': 'По организациям',
    'reports.channel.email': 'почта',
    'reports.channel.voice': 'голос (звонок)',
    'reports.voice.title': 'Голосовая поддержка: просьбы о звонке и звонки',
    'reports.voice.summary':
      'Просили звонок: {requests}. Звонков назначено: {callbacks} ({hours} ч голосовой работы). Объяснено, что услуга платная: {explained}.',
    'reports.voice.chart': 'Просьбы о звонке по организациям',
    'reports.voice.requests': 'Просили звонок',
    'reports.voice.callbacks': 'Звонков назначено',
    'reports.voice.explained': 'Объяснено, что платно',
    'reports.voice.minutes': 'Голосовая работа',
    'reports.voice.hasOption': 'куплена',
  },
  en: {
    'reports.title': 'Reports',
    'reports.range': 'Period',
    'reports.weeks': '{weeks} weeks',
    'reports.rangeShown': 'from {from} to {to}',
    'reports.noData': 'No data yet.',
    'reports.failed': 'The report did not load: {error}',
    'reports.numbers': 'Numbers',
    'reports.unassigned': 'unassigned',
    'reports.notTriaged': 'not triaged',
    'reports.total': 'Total',
    'reports.ack.title': 'Clients answered within two working hours',
    'reports.ack.summary': 'On time: {share} ({met} on time, {missed} late, {pending} still waiting).',
    'reports.ack.chart': 'Share answered on time, by week',
    'reports.ack.week': 'Week of',
    'reports.ack.met': 'On time',
    'reports.ack.missed': 'Late',
    'reports.ack.pending': 'Still waiting',
    'reports.ack.share': 'Share on time',
    'reports.accuracy.title': 'Promise accuracy',
    'reports.accuracy.bySpecialist': 'By specialist',
    'reports.accuracy.byCause': 'By root cause',
    'reports.accuracy.chart': 'Share resolved by the promised date: {by}',
    'reports.accuracy.group': 'Group',
    'reports.accuracy.resolved': 'Resolved',
    'reports.accuracy.onTime': 'By the standing promise',
    'reports.accuracy.firstOnTime': 'By the first promise',
    'reports.accuracy.median': 'Median lateness',
    'reports.accuracy.p90': 'Lateness, 90th percentile',
    'reports.tickets.title': 'Tickets by urgency and root cause',
    'reports.tickets.chart': 'Tickets by urgency, split by root cause',
    'reports.tickets.urgency': 'Urgency',
    'reports.tickets.count': 'Tickets',
    'reports.effort.title': 'Effort logged',
    'reports.effort.bySpecialist': 'By specialist',
    'reports.effort.byCause': 'By root cause',
    'reports.effort.chart': 'Hours logged: {by}',
    'reports.effort.key': 'Group',
    'reports.effort.time': 'Time',
    'reports.effort.hours': 'Hours',
    'reports.effort.tickets': 'Tickets',
    'reports.emergencies.title': 'Emergencies per 100 clients by month',
    'reports.emergencies.chart': 'Emergencies per 100 clients, by month',
    'reports.emergencies.month': 'Month',
    'reports.emergencies.count': 'Emergencies',
    'reports.emergencies.clients': 'Clients',
    'reports.emergencies.per100': 'Per 100 clients',
    'reports.articles.title': 'Knowledge base: suggestions and tickets solved',
    'reports.articles.summary':
      'Receipts with suggestions: {suggested} of {receipts}; tickets solved with an article: {solved} of {resolved}.',
    'reports.articles.chart': 'How often each article was suggested and how many tickets it solved',
    'reports.articles.article': 'Article',
    'reports.articles.suggested': 'Suggested',
    'reports.articles.solved': 'Tickets solved',
    'reports.articles.afterSuggestion': 'Of them, after a suggestion',
    'reports.emergencies.byOrganisation': 'By organisation: emergencies per 100 clients',
    'reports.emergencies.cell': '{per100} ({emergencies} of {clients})',
    'reports.organisation': 'Organisation',
    'reports.noOrganisation': 'no organisation',
    'reports.effort.byChannel': 'By channel',
    'reports.effort.byOrganisation': 'By organisation',
    'reports.channel.email': 'e-mail',
    'reports.channel.voice': 'voice (callback)',
    'reports.voice.title': 'Voice support: requests for a call and callbacks',
    'reports.voice.summary':
      'Asked for a call: {requests}. Callbacks booked: {callbacks} ({hours} h of voice work). Told it is a paid service: {explained}.',
    'reports.voice.chart': 'Requests for a call by organisation',
    'reports.voice.requests': 'Asked for a call',
    'reports.voice.callbacks': 'Callbacks booked',
    'reports.voice.explained': 'Told it is paid',
    'reports.voice.minutes': 'Voice work',
    'reports.voice.hasOption': 'bought',
  },
});

const rangeChoices = [4, 12, 26];
const defaultWeeks = 12;

/** Whole days in the desk's time zone, ending with today, so the query stays the same between renders. */
function rangeOf(params) {
  const weeks = rangeChoices.includes(Number(params.weeks)) ? Number(params.weeks) : defaultWeeks;
  const until = addDays(deskToday(), 1);
  const from = addDays(until, -7 * weeks);
  return {
    weeks,
    from: fromLocalInput(`${from}T00:00`),
    to: fromLocalInput(`${until}T00:00`),
    lastDay: deskToday(),
    firstDay: from,
  };
}

function useReport(path, parameters) {
  const [state, setState] = useState({ data: null, error: null });
  const key = `${path}${query(parameters)}`;
  useEffect(() => {
    let current = true;
    setState({ data: null, error: null });
    api(key).then(
      (data) => current && setState({ data, error: null }),
      (error) => current && setState({ data: null, error }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'ru-RU');
const percent = (share) =>
  share === null || share === undefined
    ? '—'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
const number = (value) =>
  value === null || value === undefined
    ? '—'
    : new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value);
/** The effort report names an unassessed cause 'not_assessed', the others null. */
const causeLabel = (cause) =>
  cause && cause !== 'none' && cause !== 'not_assessed' ? t(`cause.${cause}`) : t('cause.none');
const urgencyLabel = (urgency) => (urgency ? t(`urgency.${urgency}`) : t('reports.notTriaged'));
const specialistLabel = (email) => email ?? t('reports.unassigned');
const noon = (date) => `${date}T12:00:00Z`;
/** A period's start: a bare date as it is, an instant as the desk's date. */
const dayLabel = (value) => formatDate(value.length <= 10 ? noon(value) : value);

function monthLabel(month) {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${month}-15T12:00:00Z`));
}

const percentAxis = { y: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } } };

/** A report's body: loading, refusal, "no data yet", or the chart and its table. */
function Loaded({ state, empty, children }) {
  if (state.error)
    return html`<p class="error" role="alert">${t('reports.failed', { error: state.error.message })}</p>`;
  if (!state.data) return html`<p class="loading">${t('common.loading')}</p>`;
  if (empty(state.data)) return html`<p class="empty" data-empty>${t('reports.noData')}</p>`;
  const render = Array.isArray(children) ? children[0] : children;
  return render(state.data);
}

/** The chart's numbers: folded under the chart, and complete for a screen reader. */
function Table({ caption, head, rows, foot }) {
  return html`
    <details class="report-numbers">
      <summary>${t('reports.numbers')}</summary>
      <table class="report-table">
        <caption class="visually-hidden">
          ${caption}
        </caption>
        <thead>
          <tr>
            ${head.map((cell, index) => html`<th scope="col" class=${index ? 'num' : ''}>${cell}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([first, ...rest]) =>
              html`<tr>
                <th scope="row">${first}</th>
                ${rest.map((cell) => html`<td class="num">${cell}</td>`)}
              </tr>`,
          )}
        </tbody>
        ${
          foot &&
          html`<tfoot>
            <tr>
              <th scope="row">${foot[0]}</th>
              ${foot.slice(1).map((cell) => html`<td class="num">${cell}</td>`)}
            </tr>
          </tfoot>`
        }
      </table>
    </details>
  `;
}

function Report({ name, title, children }) {
  return html`
    <section class="report" aria-labelledby=${`report-${name}`} data-report=${name}>
      <h2 id=${`report-${name}`}>${title}</h2>
      ${children}
    </section>
  `;
}

function Acknowledgement({ range }) {
  const state = useReport('/api/reports/acknowledgement', { from: range.from, to: range.to, by: 'week' });
  return html`
    <${Report} name="acknowledgement" title=${t('reports.ack.title')}>
      <${Loaded} state=${state} empty=${(data) => !data.met && !data.missed && !data.pending}>
        ${(data) => html`
          <p class="report__headline" data-share=${data.share ?? ''}>
            ${t('reports.ack.summary', {
              share: percent(data.share),
              met: data.met,
              missed: data.missed,
              pending: data.pending,
            })}
          </p>
          ${
            data.periods.length > 0 &&
            html`<${ChartCanvas}
                type="line"
                summary=${t('reports.ack.chart')}
                data=${{
                  labels: data.periods.map((period) => dayLabel(period.start)),
                  datasets: [
                    {
                      label: t('reports.ack.share'),
                      data: data.periods.map((period) => (period.share === null ? null : period.share * 100)),
                      borderColor: palette[0],
                      backgroundColor: palette[0],
                      spanGaps: true,
                    },
                  ],
                }}
                options=${{ scales: percentAxis, plugins: { legend: { display: false } } }}
              />
              <${Table}
                caption=${t('reports.ack.chart')}
                head=${[
                  t('reports.ack.week'),
                  t('reports.ack.met'),
                  t('reports.ack.missed'),
                  t('reports.ack.pending'),
                  t('reports.ack.share'),
                ]}
                rows=${data.periods.map((period) => [
                  dayLabel(period.start),
                  period.met,
                  period.missed,
                  period.pending ?? 0,
                  percent(period.share),
                ])}
              />`
          }
        `}
      </${Loaded}>
    </${Report}>
  `;
}

function AccuracyBy({ range, by, title, label }) {
  const state = useReport('/api/reports/promise-accuracy', { from: range.from, to: range.to, by });
  return html`
    <div class="report__part" data-by=${by}>
      <h3>${title}</h3>
      <${Loaded} state=${state} empty=${(data) => data.rows.length === 0}>
        ${(data) => html`
          <${ChartCanvas}
            type="bar"
            summary=${t('reports.accuracy.chart', { by: title })}
            data=${{
              labels: data.rows.map((row) => label(row.group)),
              datasets: [
                {
                  label: t('reports.accuracy.onTime'),
                  data: data.rows.map((row) => (row.onTimeShare === null ? null : row.onTimeShare * 100)),
                  backgroundColor: palette[0],
                },
                {
                  label: t('reports.accuracy.firstOnTime'),
                  data: data.rows.map((row) =>
                    row.firstPromiseOnTimeShare === null ? null : row.firstPromiseOnTimeShare * 100,
                  ),
                  backgroundColor: palette[1],
                },
              ],
            }}
            options=${{ scales: percentAxis }}
          />
          <${Table}
            caption=${t('reports.accuracy.chart', { by: title })}
            head=${[
              t('reports.accuracy.group'),
              t('reports.accuracy.resolved'),
              t('reports.accuracy.onTime'),
              t('reports.accuracy.firstOnTime'),
              t('reports.accuracy.median'),
              t('reports.accuracy.p90'),
            ]}
            rows=${data.rows.map((row) => [
              label(row.group),
              row.resolved,
              percent(row.onTimeShare),
              percent(row.firstPromiseOnTimeShare),
              row.medianLatenessMinutes === null ? '—' : formatMinutes(row.medianLatenessMinutes),
              row.p90LatenessMinutes === null ? '—' : formatMinutes(row.p90LatenessMinutes),
            ])}
          />
        `}
      </${Loaded}>
    </div>
  `;
}

function Accuracy({ range }) {
  return html`
    <${Report} name="promise-accuracy" title=${t('reports.accuracy.title')}>
      <div class="report__parts">
        <${AccuracyBy}
          range=${range}
          by="specialist"
          title=${t('reports.accuracy.bySpecialist')}
          label=${specialistLabel}
        />
        <${AccuracyBy} range=${range} by="rootCause" title=${t('reports.accuracy.byCause')} label=${causeLabel} />
      </div>
    </${Report}>
  `;
}

/** The answer's values in the usual order first, then any the console does not know, then "none". */
function ordered(known, present) {
  const values = [...new Set(present)];
  const rest = values.filter((value) => value !== null && !known.includes(value));
  return [
    ...known.filter((value) => values.includes(value)),
    ...rest,
    ...(values.includes(null) ? [null] : []),
  ];
}

function Tickets({ range }) {
  const state = useReport('/api/reports/tickets', { from: range.from, to: range.to });
  return html`
    <${Report} name="tickets" title=${t('reports.tickets.title')}>
      <${Loaded} state=${state} empty=${(data) => data.matrix.every((cell) => !cell.count)}>
        ${(data) => {
          const rowsOf = ordered(
            urgencies,
            data.matrix.map((cell) => cell.urgency ?? null),
          );
          const causes = ordered(
            rootCauses,
            data.matrix.map((cell) => cell.rootCause ?? null),
          );
          const count = (urgency, cause) =>
            data.matrix
              .filter((cell) => (cell.urgency ?? null) === urgency && (cell.rootCause ?? null) === cause)
              .reduce((sum, cell) => sum + cell.count, 0);
          const urgencyTotal = (urgency) =>
            data.byUrgency.find((row) => (row.urgency ?? null) === urgency)?.count ??
            causes.reduce((sum, cause) => sum + count(urgency, cause), 0);
          const causeTotal = (cause) =>
            data.byRootCause.find((row) => (row.rootCause ?? null) === cause)?.count ??
            rowsOf.reduce((sum, urgency) => sum + count(urgency, cause), 0);
          return html`
            <${ChartCanvas}
              type="bar"
              summary=${t('reports.tickets.chart')}
              data=${{
                labels: rowsOf.map(urgencyLabel),
                datasets: causes.map((cause, index) => ({
                  label: causeLabel(cause),
                  data: rowsOf.map((urgency) => count(urgency, cause)),
                  backgroundColor: palette[index % palette.length],
                })),
              }}
              options=${{ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }}
            />
            <${Table}
              caption=${t('reports.tickets.chart')}
              head=${[t('reports.tickets.urgency'), ...causes.map(causeLabel), t('reports.total')]}
              rows=${rowsOf.map((urgency) => [
                urgencyLabel(urgency),
                ...causes.map((cause) => count(urgency, cause)),
                urgencyTotal(urgency),
              ])}
              foot=${[
                t('reports.total'),
                ...causes.map(causeTotal),
                rowsOf.reduce((sum, urgency) => sum + urgencyTotal(urgency), 0),
              ]}
            />
          `;
        }}
      </${Loaded}>
    </${Report}>
  `;
}

function EffortBy({ range, by, title, label }) {
  const state = useReport('/api/reports/effort', { from: range.from, to: range.to, by });
  return html`
    <div class="report__part" data-by=${by}>
      <h3>${title}</h3>
      <${Loaded} state=${state} empty=${(data) => data.rows.every((row) => !row.minutes)}>
        ${(data) => html`
          <${ChartCanvas}
            type="bar"
            summary=${t('reports.effort.chart', { by: title })}
            data=${{
              labels: data.rows.map((row) => label(row.key, row)),
              datasets: [
                {
                  label: t('reports.effort.hours'),
                  data: data.rows.map((row) => Math.round((row.minutes / 60) * 10) / 10),
                  backgroundColor: palette[2],
                },
              ],
            }}
            options=${{ indexAxis: 'y', plugins: { legend: { display: false } } }}
          />
          <${Table}
            caption=${t('reports.effort.chart', { by: title })}
            head=${[t('reports.effort.key'), t('reports.effort.time'), t('reports.effort.tickets')]}
            rows=${data.rows.map((row) => [label(row.key, row), formatMinutes(row.minutes), row.tickets])}
            foot=${[
              t('reports.total'),
              formatMinutes(data.rows.reduce((sum, row) => sum + row.minutes, 0)),
              '',
            ]}
          />
        `}
      </${Loaded}>
    </div>
  `;
}

function Effort({ range }) {
  return html`
    <${Report} name="effort" title=${t('reports.effort.title')}>
      <div class="report__parts">
        <${EffortBy}
          range=${range}
          by="specialist"
          title=${t('reports.effort.bySpecialist')}
          label=${specialistLabel}
        />
        <${EffortBy} range=${range} by="rootCause" title=${t('reports.effort.byCause')} label=${causeLabel} />
        <${EffortBy} range=${range} by="channel" title=${t('reports.effort.byChannel')} label=${channelLabel} />
        <${EffortByOrganisation} range=${range} />
      </div>
    </${Report}>
  `;
}

const channelLabel = (channel) => t(`reports.channel.${channel}`);
const organisationLabel = (organisation) => organisation?.name ?? t('reports.noOrganisation');

/** The effort report keys an organisation by its id and names it; a row without a name had none. */
function EffortByOrganisation({ range }) {
  return html`<${EffortBy}
    range=${range}
    by="organisation"
    title=${t('reports.effort.byOrganisation')}
    label=${(_key, row) => row?.name ?? t('reports.noOrganisation')}
  />`;
}

/** Emergencies per 100 clients, month by month, for each organisation (and the clients of none). */
function EmergenciesByOrganisation({ range }) {
  const state = useReport('/api/reports/emergencies', { from: range.from, to: range.to, by: 'organisation' });
  return html`
    <div class="report__part" data-by="organisation">
      <h3>${t('reports.emergencies.byOrganisation')}</h3>
      <${Loaded} state=${state} empty=${(data) => data.months.every((month) => !month.organisations?.length)}>
        ${(data) => {
          const keyOf = (row) => (row.organisation ? String(row.organisation.id) : 'none');
          const organisations = new Map();
          for (const month of data.months) {
            for (const row of month.organisations ?? []) organisations.set(keyOf(row), row.organisation);
          }
          const rowFor = (month, key) => (month.organisations ?? []).find((row) => keyOf(row) === key);
          return html`
            <${Table}
              caption=${t('reports.emergencies.byOrganisation')}
              head=${[t('reports.organisation'), ...data.months.map((month) => monthLabel(month.month))]}
              rows=${[...organisations].map(([key, organisation]) => [
                organisationLabel(organisation),
                ...data.months.map((month) => {
                  const row = rowFor(month, key);
                  return row
                    ? t('reports.emergencies.cell', {
                        per100: number(row.per100Clients),
                        emergencies: row.emergencies,
                        clients: row.clients,
                      })
                    : '—';
                }),
              ])}
            />
          `;
        }}
      </${Loaded}>
    </div>
  `;
}

function Voice({ range }) {
  const state = useReport('/api/reports/voice', { from: range.from, to: range.to });
  return html`
    <${Report} name="voice" title=${t('reports.voice.title')}>
      <${Loaded} state=${state} empty=${(data) => !data.requests && !data.callbacks}>
        ${(data) => html`
          <p class="report__headline" data-requests=${data.requests} data-callbacks=${data.callbacks}>
            ${t('reports.voice.summary', {
              requests: data.requests,
              callbacks: data.callbacks,
              explained: data.explained,
              hours: number(Math.round((data.callbackMinutes / 60) * 10) / 10),
            })}
          </p>
          <${ChartCanvas}
            type="bar"
            summary=${t('reports.voice.chart')}
            data=${{
              labels: data.organisations.map((row) => organisationLabel(row.organisation)),
              datasets: [
                {
                  label: t('reports.voice.callbacks'),
                  data: data.organisations.map((row) => row.callbacks),
                  backgroundColor: palette[0],
                },
                {
                  label: t('reports.voice.explained'),
                  data: data.organisations.map((row) => row.explained),
                  backgroundColor: palette[1],
                },
              ],
            }}
            options=${{ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }}
          />
          <${Table}
            caption=${t('reports.voice.chart')}
            head=${[
              t('reports.organisation'),
              t('reports.voice.requests'),
              t('reports.voice.callbacks'),
              t('reports.voice.explained'),
              t('reports.voice.minutes'),
            ]}
            rows=${data.organisations.map((row) => [
              row.organisation?.voiceSupport
                ? `${organisationLabel(row.organisation)} (${t('reports.voice.hasOption')})`
                : organisationLabel(row.organisation),
              row.requests,
              row.callbacks,
              row.explained,
              formatMinutes(row.callbackMinutes),
            ])}
            foot=${[
              t('reports.total'),
              data.requests,
              data.callbacks,
              data.explained,
              formatMinutes(data.callbackMinutes),
            ]}
          />
        `}
      </${Loaded}>
    </${Report}>
  `;
}

function Emergencies({ range }) {
  const state = useReport('/api/reports/emergencies', { from: range.from, to: range.to });
  return html`
    <${Report} name="emergencies" title=${t('reports.emergencies.title')}>
      <${Loaded} state=${state} empty=${(data) => data.months.length === 0}>
        ${(data) => html`
          <${ChartCanvas}
            type="bar"
            summary=${t('reports.emergencies.chart')}
            data=${{
              labels: data.months.map((month) => monthLabel(month.month)),
              datasets: [
                {
                  label: t('reports.emergencies.per100'),
                  data: data.months.map((month) => month.per100Clients),
                  backgroundColor: palette[3],
                },
              ],
            }}
            options=${{ scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false } } }}
          />
          <${Table}
            caption=${t('reports.emergencies.chart')}
            head=${[
              t('reports.emergencies.month'),
              t('reports.emergencies.count'),
              t('reports.emergencies.clients'),
              t('reports.emergencies.per100'),
            ]}
            rows=${data.months.map((month) => [
              monthLabel(month.month),
              month.emergencies,
              month.clients,
              number(month.per100Clients),
            ])}
          />
        `}
      </${Loaded}>
      <${EmergenciesByOrganisation} range=${range} />
    </${Report}>
  `;
}

function Articles({ range }) {
  const state = useReport('/api/reports/articles', { from: range.from, to: range.to });
  return html`
    <${Report} name="articles" title=${t('reports.articles.title')}>
      <${Loaded} state=${state} empty=${(data) => data.articles.length === 0}>
        ${(data) => {
          const top = data.articles.slice(0, 10);
          return html`
            <p class="report__headline">
              ${t('reports.articles.summary', {
                suggested: data.receiptsWithSuggestions,
                receipts: data.receipts,
                solved: data.resolvedWithArticle,
                resolved: data.resolved,
              })}
            </p>
            <${ChartCanvas}
              type="bar"
              summary=${t('reports.articles.chart')}
              data=${{
                labels: top.map((article) => article.title),
                datasets: [
                  {
                    label: t('reports.articles.suggested'),
                    data: top.map((article) => article.suggested),
                    backgroundColor: palette[0],
                  },
                  {
                    label: t('reports.articles.solved'),
                    data: top.map((article) => article.solved),
                    backgroundColor: palette[2],
                  },
                ],
              }}
              options=${{ indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
            />
            <${Table}
              caption=${t('reports.articles.chart')}
              head=${[
                t('reports.articles.article'),
                t('reports.articles.suggested'),
                t('reports.articles.solved'),
                t('reports.articles.afterSuggestion'),
              ]}
              rows=${data.articles.map((article) => [
                html`<a href=${`#/kb/${article.id}`}>${article.title}</a>`,
                article.suggested,
                article.solved,
                article.solvedAfterSuggestion,
              ])}
            />
          `;
        }}
      </${Loaded}>
    </${Report}>
  `;
}

function RangePicker({ weeks }) {
  return html`
    <div class="report__range" role="group" aria-label=${t('reports.range')}>
      <span class="muted">${t('reports.range')}:</span>
      ${rangeChoices.map(
        (choice) => html`
          <button
            type="button"
            aria-pressed=${String(choice === weeks)}
            data-weeks=${choice}
            onClick=${() => navigate(`/reports${query({ weeks: choice })}`)}
          >
            ${t('reports.weeks', { weeks: choice })}
          </button>
        `,
      )}
    </div>
  `;
}

export function ReportsPage({ params }) {
  const range = rangeOf(params ?? {});
  return html`
    <section class="reports" aria-labelledby="reports-heading">
      <h1 id="reports-heading">
        ${t('reports.title')}
        <small class="muted">
          ·
          ${t('reports.rangeShown', { from: formatDate(noon(range.firstDay)), to: formatDate(noon(range.lastDay)) })}
        </small>
      </h1>
      <${RangePicker} weeks=${range.weeks} />
      <div class="reports__grid">
        <${Acknowledgement} range=${range} />
        <${Tickets} range=${range} />
        <${Accuracy} range=${range} />
        <${Effort} range=${range} />
        <${Emergencies} range=${range} />
        <${Articles} range=${range} />
        <${Voice} range=${range} />
      </div>
    </section>
  `;
}
