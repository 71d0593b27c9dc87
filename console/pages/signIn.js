// Sign-in: a one-time link mailed to the staff address (preferred), or a staff token pasted once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { html } from '../html.js';
import { defineStrings, t } from '../i18n.js';
import { navigate } from '../router.js';
import { LanguageSwitch } from '../components/languageSwitch.js';

defineStrings({
  ru: {
    'signIn.title': 'Вход в консоль поддержки',
    'signIn.linkHeading': 'Ссылка на почту',
    'signIn.email': 'Рабочий адрес',
    'signIn.sendLink': 'Прислать ссылку',
    'signIn.linkSent': 'Если это адрес сотрудника, ссылка для входа уже в пути. Она действует 15 минут.',
    'signIn.tokenHeading': 'Или токен сотрудника',
    'signIn.token': 'Токен',
    'signIn.withToken': 'Войти',
    'signIn.refused': 'Вход не выполнен: {detail}',
    'signIn.usingCode': 'Входим по ссылке…',
    'signIn.codeRefused': 'Ссылка недействительна или уже использована. Запросите новую.',
  },
  en: {
    'signIn.title': 'Sign in to the support console',
    'signIn.linkHeading': 'A link by mail',
    'signIn.email': 'Staff address',
    'signIn.sendLink': 'Mail me a link',
    'signIn.linkSent':
      "If this is a staff member's address, a sign-in link is on its way. It works for 15 minutes.",
    'signIn.tokenHeading': 'Or a staff token',
    'signIn.token': 'Token',
    'signIn.withToken': 'Sign in',
    'signIn.refused': 'Not signed in: {detail}',
    'signIn.usingCode': 'Signing in with the link…',
    'signIn.codeRefused': 'The link is not valid or was used already. Ask for a new one.',
  },
});

export function SignIn({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [linkSent, setLinkSent] = useState(false);
  const [error, setError] = useState(null);

  async function sendLink(event) {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/session/link', { method: 'POST', body: { email } });
      setLinkSent(true);
    } catch (refusal) {
      setError(refusal.message);
    }
  }

  async function signInWithToken(event) {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await api('/api/session', { method: 'POST', body: { token: token.trim() } }));
    } catch (refusal) {
      setError(refusal.message);
    }
  }

  return html`
    <main class="sign-in">
      <div class="sign-in__top"><${LanguageSwitch} /></div>
      <h1>${t('signIn.title')}</h1>
      <form onSubmit=${sendLink} aria-labelledby="link-heading">
        <h2 id="link-heading">${t('signIn.linkHeading')}</h2>
        <label>
          ${t('signIn.email')}
          <input
            type="email"
            required
            autocomplete="email"
            value=${email}
            onInput=${(e) => setEmail(e.target.value)}
          />
        </label>
        <button type="submit">${t('signIn.sendLink')}</button>
        ${linkSent && html`<p role="status" class="notice">${t('signIn.linkSent')}</p>`}
      </form>
      <form onSubmit=${signInWithToken} aria-labelledby="token-heading">
        <h2 id="token-heading">${t('signIn.tokenHeading')}</h2>
        <label>
          ${t('signIn.token')}
          <input
            type="password"
            required
            autocomplete="off"
            value=${token}
            onInput=${(e) => setToken(e.target.value)}
          />
        </label>
        <button type="submit">${t('signIn.withToken')}</button>
      </form>
      ${error && html`<p role="alert" class="error">${t('signIn.refused', { detail: error })}</p>`}
    </main>
  `;
}

/** The page a mailed link opens: it trades the one-time code for a session (a POST, so mail scanners can't spend it). */
export function SignInWithCode({ code, onSignedIn }) {
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    api('/api/session', { method: 'POST', body: { code } })
      .then((session) => {
        onSignedIn(session);
        navigate('/queue/triage');
      })
      .catch(() => setRefused(true));
  }, [code]);
  return html`
    <main class="sign-in">
      ${
        refused
          ? html`<p role="alert" class="error">${t('signIn.codeRefused')}</p>
              <p><a href="#/">${t('signIn.title')}</a></p>`
          : html`<p role="status">${t('signIn.usingCode')}</p>`
      }
    </main>
  `;
}
