// Small labels: status, urgency and the time left to a deadline, coloured so a queue can be read at a glance.
import { formatInstant, formatMinutes, minutesUntil } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';

defineStrings({
  ru: { 'deadline.left': 'осталось {time}', 'deadline.passed': 'просрочено на {time}' },
  en: { 'deadline.left': '{time} left', 'deadline.passed': '{time} overdue' },
});

/** Under this many minutes a deadline shows red. */
export const closeDeadlineMinutes = 30;

export function StatusBadge({ status }) {
  return html`<span class=${`badge status-${status}`}>${t(`status.${status}`)}</span>`;
}

export function UrgencyBadge({ urgency }) {
  if (!urgency) return html`<span class="muted">—</span>`;
  return html`<span class=${`badge urgency-${urgency}`}>${t(`urgency.${urgency}`)}</span>`;
}

export function TimeLeft({ deadline, now }) {
  if (!deadline) return html`<span class="muted">—</span>`;
  const left = minutesUntil(deadline, now);
  const state = left < 0 ? 'passed' : left < closeDeadlineMinutes ? 'close' : 'ok';
  return html`
    <time
      datetime=${deadline}
      title=${formatInstant(deadline)}
      class=${`deadline deadline-${state}`}
      data-deadline=${state}
    >
      ${left < 0 ? t('deadline.passed', { time: formatMinutes(left) }) : t('deadline.left', { time: formatMinutes(left) })}
    </time>
  `;
}
