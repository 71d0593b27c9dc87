// RU | EN: the console speaks Russian unless a staff member switches.
import { html } from '../html.js';
import { currentLanguage, setLanguage, t } from '../i18n.js';

export function LanguageSwitch() {
  const language = currentLanguage();
  return html`
    <div class="language-switch" role="group" aria-label=${t('nav.language')}>
      ${['ru', 'en'].map(
        (option) => html`
          <button
            type="button"
            aria-pressed=${String(language === option)}
            onClick=${() => setLanguage(option)}
          >
            ${option.toUpperCase()}
          </button>
        `,
      )}
    </div>
  `;
}
