// One staff action as a form: its fields, the API's refusal shown beside the field it concerns (422), or beside
// the button when the ticket's state is wrong (409).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { fromLocalInput } from '../format.js';
import { html } from '../html.js';
import { t } from '../i18n.js';

/**
 * fields: [{ name, kind: 'select'|'multiselect'|'number'|'text'|'textarea'|'checkbox'|'datetime', options?,
 * required? }]. The body sent is the fields' values; empty optional fields are left out; a multiselect of ids
 * sends them as numbers.
 */
export function ActionForm({
  number,
  action,
  fields,
  initial = {},
  onDone,
  submitLabel,
  focusKey,
  children,
  onChange,
}) {
  const [values, setValues] = useState(initial);
  const [refusal, setRefusal] = useState(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(null);
  useEffect(() => setValues(initial), [JSON.stringify(initial)]);
  useEffect(() => {
    if (focusKey) first.current?.focus();
  }, [focusKey]);

  function set(name, value) {
    const next = { ...values, [name]: value };
    setValues(next);
    onChange?.(next);
  }

  function bodyOf() {
    const body = {};
    for (const field of fields) {
      const value = values[field.name];
      if (field.kind === 'checkbox') body[field.name] = Boolean(value);
      else if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      else if (field.kind === 'multiselect') body[field.name] = value.map(Number);
      else if (field.kind === 'number') body[field.name] = Number(value);
      else if (field.kind === 'datetime') body[field.name] = fromLocalInput(value);
      else body[field.name] = value;
    }
    return body;
  }

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      const ticket = await api(`/api/tickets/${number}/${action}`, { method: 'POST', body: bodyOf() });
      onDone(ticket);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  }

  const fieldNames = fields.map((field) => field.name);
  const formLevel =
    refusal && (refusal.fields.length === 0 || refusal.fields.some((field) => !fieldNames.includes(field)))
      ? refusal.message
      : null;

  return html`
    <form class="action-form" data-action=${action} onSubmit=${submit} novalidate>
      ${fields.map((field, index) => {
        const id = `${action}-${field.name}`;
        const error = refusal?.fieldError(field.name);
        const common = {
          id,
          name: field.name,
          ref: index === 0 ? first : undefined,
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        };
        const value = values[field.name] ?? '';
        let control;
        if (field.kind === 'select') {
          control = html`<select
            ...${common}
            value=${value}
            onChange=${(e) => set(field.name, e.target.value)}
          >
            ${field.options.map(([option, label]) => html`<option value=${option}>${label}</option>`)}
          </select>`;
        } else if (field.kind === 'multiselect') {
          const chosen = Array.isArray(values[field.name]) ? values[field.name] : [];
          control = html`<select
            ...${common}
            multiple
            size=${Math.min(6, Math.max(2, field.options.length))}
            onChange=${(e) =>
              set(
                field.name,
                [...e.target.selectedOptions].map((option) => option.value),
              )}
          >
            ${field.options.map(
              ([option, label]) =>
                html`<option value=${option} selected=${chosen.includes(option)}>${label}</option>`,
            )}
          </select>`;
        } else if (field.kind === 'textarea') {
          control = html`<textarea
            ...${common}
            rows="3"
            value=${value}
            onInput=${(e) => set(field.name, e.target.value)}
          />`;
        } else if (field.kind === 'checkbox') {
          control = html`<input
            ...${common}
            type="checkbox"
            checked=${Boolean(values[field.name])}
            onChange=${(e) => set(field.name, e.target.checked)}
          />`;
        } else {
          const type =
            { number: 'number', datetime: 'datetime-local', text: 'text', email: 'email' }[field.kind] ??
            'text';
          control = html`<input
            ...${common}
            type=${type}
            min=${field.kind === 'number' ? 1 : undefined}
            value=${value}
            onInput=${(e) => set(field.name, e.target.value)}
          />`;
        }
        return html`
          <div class=${`field field-${field.kind}`}>
            <label for=${id}>${t(`field.${field.name}`)}</label>
            ${control} ${error && html`<p class="field-error" id=${`${id}-error`} role="alert">${error}</p>`}
          </div>
        `;
      })}
      ${children}
      <div class="form-actions">
        <button type="submit" disabled=${busy}>${submitLabel ?? t(`action.${action}`)}</button>
        ${formLevel && html`<p class="form-error" role="alert" data-status=${refusal.status}>${formLevel}</p>`}
      </div>
    </form>
  `;
}
