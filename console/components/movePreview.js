// Before a lead moves a ticket: the date the client would be told, computed by the server without booking anything.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatInstant } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';

defineStrings({
  ru: {
    'move.preview': 'Новый срок для клиента: {date} (сейчас: {current}).',
    'move.previewing': 'Считаем новый срок…',
  },
  en: {
    'move.preview': 'The new date for the client: {date} (now: {current}).',
    'move.previewing': 'Working out the new date…',
  },
});

export function usePreview(number, specialist) {
  const [state, setState] = useState({ preview: null, error: null });
  useEffect(() => {
    setState({ preview: null, error: null });
    if (!number || !specialist) return;
    api(`/api/tickets/${number}/assign-preview${query({ specialist })}`).then(
      (preview) => setState({ preview, error: null }),
      (error) => setState({ preview: null, error }),
    );
  }, [number, specialist]);
  return state;
}

export function MovePreview({ number, specialist }) {
  const { preview, error } = usePreview(number, specialist);
  if (error) return html`<p class="form-error" role="alert">${error.message}</p>`;
  if (!preview) return html`<p class="muted" role="status">${t('move.previewing')}</p>`;
  return html`
    <p class="preview" role="status" data-promised-at=${preview.promisedAt}>
      ${t('move.preview', { date: formatInstant(preview.promisedAt), current: formatInstant(preview.currentPromisedAt) })}
    </p>
  `;
}
