// The list of keyboard shortcuts, opened with "?".
import { html } from '../html.js';
import { Dialog } from './dialog.js';
import { defineStrings, t } from '../i18n.js';

defineStrings({
  ru: {
    'keys.search': 'поиск',
    'keys.queues': 'очереди: оценка, аварии, мои, просроченные, все',
    'keys.calendar': 'календарь загрузки',
    'keys.reports': 'отчёты',
    'keys.knowledge': 'база знаний',
    'keys.ticket': 'на странице заявки: оценить, взять, комментарий, учесть время, решить',
    'keys.help': 'эта справка',
  },
  en: {
    'keys.search': 'search',
    'keys.queues': 'queues: triage, emergencies, mine, overdue, all',
    'keys.calendar': 'workload calendar',
    'keys.reports': 'reports',
    'keys.knowledge': 'knowledge base',
    'keys.ticket': 'on a ticket: triage, take, comment, log time, resolve',
    'keys.help': 'this help',
  },
});

const shortcuts = [
  ['/', 'keys.search'],
  ['g t · g e · g m · g o · g a', 'keys.queues'],
  ['g c', 'keys.calendar'],
  ['g r', 'keys.reports'],
  ['g k', 'keys.knowledge'],
  ['a · k · c · l · r', 'keys.ticket'],
  ['?', 'keys.help'],
];

export function ShortcutHelp({ onClose }) {
  return html`
    <${Dialog} titleId="shortcuts-title" onClose=${onClose}>
        <h2 id="shortcuts-title">${t('shortcuts.title')}</h2>
        <dl class="shortcuts">
          ${shortcuts.map(
            ([keys, meaning]) =>
              html`<dt><kbd>${keys}</kbd></dt>
                <dd>${t(meaning)}</dd>`,
          )}
        </dl>
        <button type="button" onClick=${onClose} autofocus>${t('shortcuts.close')}</button>
    </${Dialog}>
  `;
}
