// A modal dialog: closed by Escape, a click outside it, or its own buttons.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';

export function Dialog({ titleId, className = '', onClose, children, ...attributes }) {
  useEffect(() => {
    const escape = (event) => event.key === 'Escape' && onClose();
    addEventListener('keydown', escape);
    return () => removeEventListener('keydown', escape);
  }, [onClose]);
  return html`
    <div class="dialog-backdrop" onClick=${onClose}>
      <section
        role="dialog"
        aria-modal="true"
        aria-labelledby=${titleId}
        class=${`dialog ${className}`}
        onClick=${(event) => event.stopPropagation()}
        ...${attributes}
      >
        ${children}
      </section>
    </div>
  `;
}
