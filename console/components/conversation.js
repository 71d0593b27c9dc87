// The whole conversation, oldest first: the client's mail as text (never as HTML), our letters as sent, staff notes.
import { formatInstant } from '../format.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';

defineStrings({
  ru: {
    'conversation.in': 'Письмо клиента',
    'conversation.out': 'Наше письмо',
    'conversation.note': 'Заметка',
    'conversation.internal': 'внутреннее',
    'conversation.to': 'кому',
    'conversation.queued': 'ещё не отправлено',
    'conversation.attachments': 'Вложения',
    'conversation.automatic': 'автоматическое: {why}',
    'conversation.authentication': 'SPF {spf} · DKIM {dkim} · DMARC {dmarc}',
    'conversation.empty': 'Переписки пока нет.',
  },
  en: {
    'conversation.in': "Client's mail",
    'conversation.out': 'Our letter',
    'conversation.note': 'Note',
    'conversation.internal': 'internal',
    'conversation.to': 'to',
    'conversation.queued': 'not sent yet',
    'conversation.attachments': 'Attachments',
    'conversation.automatic': 'automatic: {why}',
    'conversation.authentication': 'SPF {spf} · DKIM {dkim} · DMARC {dmarc}',
    'conversation.empty': 'No conversation yet.',
  },
});

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Entry({ entry }) {
  const author =
    entry.direction === 'in' ? (entry.fromName ? `${entry.fromName} <${entry.from}>` : entry.from) : null;
  return html`
    <article
      class=${`mail mail-${entry.direction}${entry.internal ? ' mail-internal' : ''}`}
      data-direction=${entry.direction}
      data-kind=${entry.kind}
    >
      <header>
        <strong>${t(`conversation.${entry.direction}`)}</strong>
        <span class="muted"> · ${entry.kind}${entry.internal ? ` · ${t('conversation.internal')}` : ''}</span>
        <time datetime=${entry.at}>${formatInstant(entry.at)}</time>
        ${author && html`<div>${author}</div>`}
        ${entry.to?.length ? html`<div class="muted">${t('conversation.to')}: ${entry.to.join(', ')}</div>` : null}
        ${entry.subject && html`<div class="mail__subject">${entry.subject}</div>`}
        ${entry.direction === 'out' && entry.sentAt === null && html`<div class="warning">${t('conversation.queued')}</div>`}
        ${entry.automatic && html`<div class="muted">${t('conversation.automatic', { why: entry.automatic })}</div>`}
        ${
          entry.authentication &&
          html`<div class="muted auth">
            ${t('conversation.authentication', {
              spf: entry.authentication.spf.result,
              dkim: entry.authentication.dkim.result,
              dmarc: entry.authentication.dmarc.result,
            })}
          </div>`
        }
      </header>
      <pre class="mail__text">${entry.text}</pre>
      ${
        entry.attachments?.length
          ? html`<ul class="attachments" aria-label=${t('conversation.attachments')}>
              ${entry.attachments.map(
                (attachment) =>
                  html`<li>
                    <a href=${attachment.url} download=${attachment.filename}>${attachment.filename}</a>
                    <span class="muted"> ${attachment.contentType}, ${size(attachment.size)}</span>
                  </li>`,
              )}
            </ul>`
          : null
      }
    </article>
  `;
}

export function Conversation({ entries }) {
  return html`
    <section aria-labelledby="conversation-heading" class="conversation">
      <h2 id="conversation-heading">${t('ticket.conversation')}</h2>
      ${entries.length === 0 && html`<p class="muted">${t('conversation.empty')}</p>`}
      ${entries.map((entry) => html`<${Entry} entry=${entry} />`)}
    </section>
  `;
}
