// The team's workload: one row per specialist, one column per day, bookings placed by time within the working day;
// a lead moves a ticket by dragging its block onto another row or by the form, after seeing the client's new date.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import {
  formatDate,
  formatInstant,
  formatMinutes,
  formatTime,
  fromLocalInput,
  toLocalInput,
} from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';
import { usePolling } from '../polling.js';
import { usePreview } from '../components/movePreview.js';
import { Dialog } from '../components/dialog.js';
import { LoadedYears } from '../components/calendarCoverage.js';
import {
  addDays,
  assignLanes,
  deskToday,
  mondayOf,
  placeOnDay,
  stripOf,
  totalMinutes,
} from '../components/timeline.js';

defineStrings({
  ru: {
    'calendar.title': 'Календарь загрузки',
    'calendar.team': 'команда {team}',
    'calendar.navigation': 'Выбор недели',
    'calendar.previous': '← Предыдущая неделя',
    'calendar.this': 'Эта неделя',
    'calendar.next': 'Следующая неделя →',
    'calendar.oneWeek': '1 неделя',
    'calendar.twoWeeks': '2 недели',
    'calendar.specialist': 'Специалист',
    'calendar.free': 'свободно {time}',
    'calendar.onCall': 'дежурит',
    'calendar.kind.working': 'рабочий день',
    'calendar.kind.shortened': 'сокращённый день',
    'calendar.kind.weekend': 'выходной',
    'calendar.kind.holiday': 'праздник',
    'calendar.timeOff': 'отсутствует',
    'calendar.freeTime': 'свободное время',
    'calendar.booking': 'занят заявкой',
    'calendar.legend': 'Обозначения',
    'calendar.blockTitle': '{number}: {subject} ({start}–{end})',
    'calendar.none': 'В команде пока нет специалистов.',
    'calendar.moveForm': 'Переназначить заявку',
    'calendar.ticketNumber': 'Номер заявки',
    'calendar.moveTo': 'Кому',
    'calendar.move': 'Переназначить…',
    'calendar.dragHint': 'Заявку можно перетащить на строку другого специалиста.',
    'calendar.dialogTitle': 'Переназначить {number}: {name}',
    'calendar.moved': '{number} передана: {name}. Срок для клиента: {date}.',
    'calendar.saving': 'Сохраняем…',
    'calendar.displaced': 'Сдвинутся сроки других заявок этого специалиста: {count}.',
  },
  en: {
    'calendar.title': 'Workload calendar',
    'calendar.team': 'team {team}',
    'calendar.navigation': 'Choose the week',
    'calendar.previous': '← Previous week',
    'calendar.this': 'This week',
    'calendar.next': 'Next week →',
    'calendar.oneWeek': '1 week',
    'calendar.twoWeeks': '2 weeks',
    'calendar.specialist': 'Specialist',
    'calendar.free': '{time} free',
    'calendar.onCall': 'on call',
    'calendar.kind.working': 'working day',
    'calendar.kind.shortened': 'shortened day',
    'calendar.kind.weekend': 'weekend',
    'calendar.kind.holiday': 'holiday',
    'calendar.timeOff': 'time off',
    'calendar.freeTime': 'free time',
    'calendar.booking': 'booked for a ticket',
    'calendar.legend': 'Legend',
    'calendar.blockTitle': '{number}: {subject} ({start}–{end})',
    'calendar.none': 'No specialists in the team yet.',
    'calendar.moveForm': 'Move a ticket',
    'calendar.ticketNumber': 'Ticket number',
    'calendar.moveTo': 'To',
    'calendar.move': 'Move…',
    'calendar.dragHint': "A ticket can also be dragged onto another specialist's row.",
    'calendar.dialogTitle': 'Move {number} to {name}',
    'calendar.moved': '{number} moved to {name}. The client’s date: {date}.',
    'calendar.saving': 'Saving…',
    'calendar.displaced': 'Other tickets of this specialist whose dates would move: {count}.',
  },
});

const leadRoles = ['lead', 'head', 'admin'];
const dayKinds = ['working', 'shortened', 'weekend', 'holiday'];
const refreshMs = 60000; // slower than the queues: a reload under a dragged block would drop it

/** The range the URL asks for: a start date and 1 or 2 weeks, this week's Monday by default. */
function rangeOf(params) {
  const from = /^\d{4}-\d{2}-\d{2}$/.test(params.from ?? '') ? params.from : mondayOf(deskToday());
  const weeks = params.weeks === '2' ? 2 : 1;
  return { from, weeks, until: addDays(from, weeks * 7) };
}

/** Columns from the answer, or plain dates when the answer names none. */
function daysOf(data, range) {
  if (data?.days?.length) return data.days;
  return Array.from({ length: range.weeks * 7 }, (_, index) => ({
    date: addDays(range.from, index),
    kind: 'working',
    opens: null,
    closes: null,
  }));
}

const sameDay = (a, b) => toLocalInput(a).slice(0, 10) === toLocalInput(b).slice(0, 10);
const noon = (date) => `${date}T12:00:00Z`; // a date's label, whatever the desk's offset

function WeekNavigation({ range }) {
  const go = (from, weeks = range.weeks) => navigate(`/calendar${query({ from, weeks })}`);
  const thisWeek = mondayOf(deskToday());
  return html`
    <nav class="calendar__nav" aria-label=${t('calendar.navigation')}>
      <button
        type="button"
        class="secondary"
        onClick=${() => go(addDays(range.from, -7))}
        data-nav="previous"
      >
        ${t('calendar.previous')}
      </button>
      <button
        type="button"
        class="secondary"
        onClick=${() => go(thisWeek)}
        aria-pressed=${String(range.from === thisWeek)}
        data-nav="this"
      >
        ${t('calendar.this')}
      </button>
      <button type="button" class="secondary" onClick=${() => go(addDays(range.from, 7))} data-nav="next">
        ${t('calendar.next')}
      </button>
      <span class="calendar__weeks">
        ${[1, 2].map(
          (weeks) => html`
            <button
              type="button"
              aria-pressed=${String(range.weeks === weeks)}
              onClick=${() => go(range.from, weeks)}
              data-weeks=${weeks}
            >
              ${weeks === 1 ? t('calendar.oneWeek') : t('calendar.twoWeeks')}
            </button>
          `,
        )}
      </span>
    </nav>
  `;
}

function Legend() {
  const item = (className, label) =>
    html`<li><span class=${`swatch ${className}`} aria-hidden="true"></span>${label}</li>`;
  return html`
    <section class="calendar__legend" aria-labelledby="legend-heading">
      <h2 id="legend-heading" class="visually-hidden">${t('calendar.legend')}</h2>
      <ul>
        ${dayKinds.map((kind) => item(`day-${kind}`, t(`calendar.kind.${kind}`)))}
        ${item('swatch-booking', t('calendar.booking'))}
        ${item('swatch-emergency', html`<strong>!</strong> ${t('urgency.emergency')}`)}
        ${item('swatch-timeoff', t('calendar.timeOff'))} ${item('swatch-free', t('calendar.freeTime'))}
      </ul>
    </section>
  `;
}

function BookingBlock({ booking, place, lane, head, canMove, specialist, onDragStart }) {
  const emergency = booking.urgency === 'emergency';
  const title = t('calendar.blockTitle', {
    number: booking.ticket,
    subject: booking.subject ?? '',
    start: formatInstant(booking.startsAt),
    end: sameDay(booking.startsAt, booking.endsAt)
      ? formatTime(booking.endsAt)
      : formatInstant(booking.endsAt),
  });
  const label = emergency ? `${t('urgency.emergency')}: ${title}` : title;
  return html`
    <a
      href=${`#/ticket/${booking.ticket}`}
      class=${`block urgency-block-${booking.urgency ?? 'normal'}${place.outside ? ' block-outside' : ''}`}
      style=${{
        // A block outside the working hours sits at the strip's edge, kept inside the cell.
        left: `min(${place.left}%, calc(100% - 0.6rem))`,
        width: `max(${place.width}%, 0.6rem)`,
        top: `${lane * 1.7 + 0.15}rem`,
      }}
      title=${label}
      aria-label=${label}
      data-ticket=${head ? booking.ticket : undefined}
      data-continues=${head ? undefined : booking.ticket}
      data-urgency=${booking.urgency ?? 'normal'}
      data-status=${booking.status}
      draggable=${canMove ? 'true' : undefined}
      onDragStart=${canMove ? (event) => onDragStart(event, booking.ticket, specialist) : undefined}
    >
      ${emergency && html`<span class="block__mark" aria-hidden="true">!</span>`}${booking.ticket}
    </a>
  `;
}

function DayCell({ day, workload, heads, canMove, onDragStart }) {
  const strip = stripOf(day);
  const shade = (periods, className, label) =>
    periods
      .map((period) => [period, placeOnDay(period, day.date, strip)])
      .filter(([, place]) => place && !place.outside)
      .map(
        ([period, place]) =>
          html`<span
            class=${className}
            style=${{ left: `${place.left}%`, width: `${place.width}%` }}
            title=${label(period)}
          ></span>`,
      );
  const blocks = assignLanes(
    workload.bookings
      .map((booking, index) => ({ booking, index, place: placeOnDay(booking, day.date, strip) }))
      .filter((item) => item.place),
  );
  const timeOffLabel = (period) =>
    `${t('calendar.timeOff')}${period.reason ? `: ${period.reason}` : ''} (${formatInstant(period.startsAt)} – ${formatInstant(period.endsAt)})`;
  const freeLabel = (period) =>
    `${t('calendar.freeTime')}: ${formatTime(period.startsAt)}–${formatTime(period.endsAt)}`;
  return html`
    <td
      class=${`day day-${day.kind}`}
      data-date=${day.date}
      style=${{ height: `${blocks.lanes * 1.7 + 0.4}rem` }}
    >
      <div class="day__strip">
        ${shade(workload.free ?? [], 'free', freeLabel)}
        ${shade(workload.timeOff ?? [], 'timeoff', timeOffLabel)}
        ${blocks.items.map(
          (item) => html`
            <${BookingBlock}
              booking=${item.booking}
              place=${item.place}
              lane=${item.lane}
              head=${heads[item.index] === day.date}
              canMove=${canMove}
              specialist=${workload.specialist.email}
              onDragStart=${onDragStart}
            />
          `,
        )}
        ${
          (workload.timeOff ?? []).some((period) => placeOnDay(period, day.date, strip)) &&
          html`<span class="visually-hidden">${t('calendar.timeOff')}</span>`
        }
      </div>
    </td>
  `;
}

/** For each booking, the first shown day: only that day's block carries data-ticket. */
function headDays(bookings, days) {
  return bookings.map(
    (booking) => days.find((day) => placeOnDay(booking, day.date, stripOf(day)))?.date ?? null,
  );
}

function SpecialistRow({ workload, days, range, canMove, drag, onDragStart, onDrop }) {
  const [over, setOver] = useState(false);
  const { specialist } = workload;
  const free = totalMinutes(workload.free ?? [], range.fromIso, range.toIso);
  // Read at the event, not at render: the drag starts after this row was drawn.
  const accepts = () => canMove && drag.current && drag.current.specialist !== specialist.email;
  return html`
    <tr
      data-specialist=${specialist.email}
      class=${over ? 'drop-target' : ''}
      onDragOver=${(event) => {
        if (!accepts()) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave=${() => setOver(false)}
      onDrop=${(event) => {
        setOver(false);
        if (!canMove) return;
        event.preventDefault();
        const number = event.dataTransfer.getData('text/plain') || drag.current?.number;
        if (number && drag.current?.specialist !== specialist.email) onDrop(number, specialist);
        drag.current = null;
      }}
    >
      <th scope="row" class="specialist">
        <span class="specialist__name">${specialist.name}</span>
        ${specialist.onCall && html` <span class="badge">${t('calendar.onCall')}</span>`}
        <span class="specialist__free muted" data-free-minutes=${Math.round(free)}>
          ${t('calendar.free', { time: formatMinutes(free) })}
        </span>
      </th>
      ${days.map(
        (day) => html`
          <${DayCell}
            key=${day.date}
            day=${day}
            workload=${workload}
            heads=${headDays(workload.bookings, days)}
            canMove=${canMove}
            onDragStart=${onDragStart}
          />
        `,
      )}
    </tr>
  `;
}

function MoveForm({ specialists, onMove }) {
  const [number, setNumber] = useState('');
  const [email, setEmail] = useState('');
  function submit(event) {
    event.preventDefault();
    const specialist = specialists.find((s) => s.email === email);
    if (number.trim() && specialist) onMove(number.trim().toUpperCase(), specialist);
  }
  return html`
    <form class="calendar__move filters" aria-label=${t('calendar.moveForm')} onSubmit=${submit}>
      <label
        >${t('calendar.ticketNumber')}
        <input
          name="ticket"
          required
          placeholder="TRC-000123"
          pattern="[A-Za-z]+-[0-9]+"
          value=${number}
          onInput=${(event) => setNumber(event.target.value)}
        />
      </label>
      <label
        >${t('calendar.moveTo')}
        <select name="specialist" required value=${email} onChange=${(event) => setEmail(event.target.value)}>
          <option value="">—</option>
          ${specialists.map((s) => html`<option value=${s.email}>${`${s.name} <${s.email}>`}</option>`)}
        </select>
      </label>
      <button type="submit">${t('calendar.move')}</button>
      <span class="muted">${t('calendar.dragHint')}</span>
    </form>
  `;
}

function MoveDialog({ number, specialist, onClose, onMoved }) {
  const { preview, error: previewError } = usePreview(number, specialist.email);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const cancel = useRef(null);
  useEffect(() => cancel.current?.focus(), []);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const ticket = await api(`/api/tickets/${number}/assign`, {
        method: 'POST',
        body: { specialist: specialist.email },
      });
      onMoved(ticket, specialist);
    } catch (refusal) {
      setError(refusal);
      setBusy(false);
    }
  }
  return html`
    <${Dialog} titleId="move-title" className="move-dialog" data-move=${number} onClose=${onClose}>
        <h2 id="move-title">${t('calendar.dialogTitle', { number, name: specialist.name })}</h2>
        ${
          previewError
            ? html`<p class="form-error" role="alert">${previewError.message}</p>`
            : preview
              ? html`<p class="preview" role="status" data-promised-at=${preview.promisedAt}>
                    ${t('move.preview', {
                      date: formatInstant(preview.promisedAt),
                      current: formatInstant(preview.currentPromisedAt),
                    })}
                  </p>
                  ${
                    preview.displacedTickets > 0 &&
                    html`<p class="warning" data-displaced=${preview.displacedTickets}>
                      ${t('calendar.displaced', { count: preview.displacedTickets })}
                    </p>`
                  }`
              : html`<p class="muted" role="status">${t('move.previewing')}</p>`
        }
        ${error && html`<p class="form-error" role="alert" data-status=${error.status}>${error.message}</p>`}
        <div class="form-actions">
          <button type="button" onClick=${confirm} disabled=${!preview || busy}>
            ${busy ? t('calendar.saving') : t('common.confirm')}
          </button>
          <button type="button" class="secondary" ref=${cancel} onClick=${onClose}>
            ${t('common.cancel')}
          </button>
        </div>
    </${Dialog}>
  `;
}

export function CalendarPage({ session, params }) {
  const range = rangeOf(params);
  range.fromIso = fromLocalInput(`${range.from}T00:00`);
  range.toIso = fromLocalInput(`${range.until}T00:00`);
  const calendar = usePolling(
    () => api(`/api/calendar${query({ from: range.fromIso, to: range.toIso })}`),
    [range.fromIso, range.toIso],
    refreshMs,
  );
  const canMove = leadRoles.includes(session?.staff?.role);
  const [moving, setMoving] = useState(null); // { number, specialist } while the dialog is open
  const [done, setDone] = useState(null);
  const drag = useRef(null);

  function dragStart(event, number, specialist) {
    drag.current = { number, specialist };
    event.dataTransfer.setData('text/plain', number);
    event.dataTransfer.effectAllowed = 'move';
  }
  function moved(ticket, specialist) {
    setMoving(null);
    setDone(
      t('calendar.moved', {
        number: ticket?.number ?? moving.number,
        name: specialist.name,
        date: formatInstant(ticket?.promisedAt),
      }),
    );
    calendar.reload();
  }

  const data = calendar.data;
  const days = daysOf(data, range);
  const specialists = data?.specialists ?? [];
  const lastDay = addDays(range.until, -1);
  return html`
    <section class="calendar" aria-labelledby="calendar-heading" onDragEnd=${() => (drag.current = null)}>
      <h1 id="calendar-heading">
        ${t('calendar.title')}
        <small class="muted">
          · ${formatDate(noon(range.from))} – ${formatDate(noon(lastDay))}
          ${data?.team ? ` · ${t('calendar.team', { team: data.team })}` : ''}
        </small>
      </h1>
      <${WeekNavigation} range=${range} />
      <${Legend} />
      ${done && html`<p role="status" class="notice" data-moved>${done}</p>`}
      ${calendar.error && html`<p role="alert" class="error">${calendar.error.message}</p>`}
      ${
        canMove &&
        specialists.length > 0 &&
        html`<${MoveForm}
          specialists=${specialists.map((w) => w.specialist)}
          onMove=${(number, specialist) => {
            setDone(null);
            setMoving({ number, specialist });
          }}
        />`
      }
      ${
        !data
          ? !calendar.error && html`<p class="loading">${t('common.loading')}</p>`
          : specialists.length === 0
            ? html`<p class="empty">${t('calendar.none')}</p>`
            : html`
                <div class="calendar__scroll">
                  <table class=${`timeline weeks-${range.weeks}`}>
                    <thead>
                      <tr>
                        <th scope="col" class="specialist">${t('calendar.specialist')}</th>
                        ${days.map(
                          (day) => html`
                            <th
                              scope="col"
                              class=${`day-${day.kind}`}
                              data-day=${day.date}
                              data-kind=${day.kind}
                            >
                              ${formatDate(noon(day.date))}
                              <span class="day__kind">
                                ${
                                  day.kind === 'working' && day.opens
                                    ? `${day.opens}–${day.closes}`
                                    : day.kind === 'shortened'
                                      ? `${t('calendar.kind.shortened')} ${day.opens ?? ''}–${day.closes ?? ''}`
                                      : day.kind === 'working'
                                        ? ''
                                        : t(`calendar.kind.${day.kind}`)
                                }
                              </span>
                            </th>
                          `,
                        )}
                      </tr>
                    </thead>
                    <tbody>
                      ${specialists.map(
                        (workload) => html`
                          <${SpecialistRow}
                            key=${workload.specialist.email}
                            workload=${workload}
                            days=${days}
                            range=${range}
                            canMove=${canMove}
                            drag=${drag}
                            onDragStart=${dragStart}
                            onDrop=${(number, specialist) => {
                              setDone(null);
                              setMoving({ number, specialist });
                            }}
                          />
                        `,
                      )}
                    </tbody>
                  </table>
                </div>
              `
      }
      ${
        moving &&
        html`<${MoveDialog}
          key=${`${moving.number}:${moving.specialist.email}`}
          number=${moving.number}
          specialist=${moving.specialist}
          onClose=${() => setMoving(null)}
          onMoved=${moved}
        />`
      }
      <${LoadedYears} />
    </section>
  `;
}
