// The console's shell: who is signed in, the header, and the page the URL names.
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, onSignedOut, rememberCsrfToken } from './api.js';
import { useTimeZone } from './format.js';
import { html } from './html.js';
import { onLanguageChange, t } from './i18n.js';
import { navigate, useRoute } from './router.js';
import { useShortcut } from './shortcuts.js';
import './strings.js';
import { LanguageSwitch } from './components/languageSwitch.js';
import { ShortcutHelp } from './components/shortcutHelp.js';
import { CoverageBanner } from './components/calendarCoverage.js';
import { SignIn, SignInWithCode } from './pages/signIn.js';
import { QueuePage } from './pages/queues.js';
import { TicketPage } from './pages/ticket.js';
import { CalendarPage } from './pages/calendar.js';
import { ReportsPage } from './pages/reports.js';
import { KnowledgePage } from './pages/knowledge.js';
import { OrganisationsPage } from './pages/organisations.js';

function Header({ session, onSignOut }) {
  const route = useRoute();
  const section = route.segments[0] ?? 'queue';
  const [q, setQ] = useState('');
  const link = (href, name, label) =>
    html`<a href=${href} aria-current=${section === name ? 'page' : undefined}>${label}</a>`;
  function search(event) {
    event.preventDefault();
    if (q.trim()) navigate(`/queue/all?q=${encodeURIComponent(q.trim())}`);
  }
  return html`
    <header class="top">
      <a class="brand" href="#/queue/triage">${t('app.title')}</a>
      <nav aria-label=${t('nav.queues')}>
        ${link('#/queue/triage', 'queue', t('nav.queues'))}
        ${link('#/calendar', 'calendar', t('nav.calendar'))} ${link('#/reports', 'reports', t('nav.reports'))}
        ${link('#/kb', 'kb', t('nav.knowledge'))}
        ${link('#/organisations', 'organisations', t('nav.organisations'))}
      </nav>
      <form class="top__search" role="search" onSubmit=${search}>
        <input
          id="global-search"
          type="search"
          aria-label=${t('search.label')}
          placeholder=${t('search.placeholder')}
          value=${q}
          onInput=${(event) => setQ(event.target.value)}
        />
      </form>
      <${LanguageSwitch} />
      <span class="top__who" title=${session.staff.email}>${session.staff.name} · ${session.staff.role}</span>
      <button type="button" class="link-button" onClick=${onSignOut}>${t('nav.signOut')}</button>
    </header>
  `;
}

function Page({ route, session }) {
  const [section, detail] = route.segments;
  if (section === 'ticket' && detail) return html`<${TicketPage} number=${detail} session=${session} />`;
  if (section === 'calendar') return html`<${CalendarPage} session=${session} params=${route.params} />`;
  if (section === 'reports') return html`<${ReportsPage} params=${route.params} />`;
  if (section === 'kb')
    return html`<${KnowledgePage} segments=${route.segments} params=${route.params} session=${session} />`;
  if (section === 'organisations') return html`<${OrganisationsPage} id=${detail} session=${session} />`;
  return html`<${QueuePage} queue=${detail ?? 'triage'} params=${route.params} session=${session} />`;
}

function App({ settings }) {
  const route = useRoute();
  const [session, setSession] = useState(undefined); // undefined: not known yet; null: signed out
  const [, redraw] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => onLanguageChange(() => redraw((n) => n + 1)), []);
  useEffect(() => {
    useTimeZone(settings.timeZone);
    onSignedOut(() => setSession(null));
    api('/api/session').then(signedIn, () => setSession(null));
  }, []);
  useShortcut(
    '?',
    useCallback(() => setHelpOpen((open) => !open), []),
  );
  useShortcut(
    '/',
    useCallback(() => document.getElementById('global-search')?.focus(), []),
  );
  useShortcut(
    'g t',
    useCallback(() => navigate('/queue/triage'), []),
  );
  useShortcut(
    'g e',
    useCallback(() => navigate('/queue/emergencies'), []),
  );
  useShortcut(
    'g m',
    useCallback(() => navigate('/queue/mine'), []),
  );
  useShortcut(
    'g o',
    useCallback(() => navigate('/queue/overdue'), []),
  );
  useShortcut(
    'g a',
    useCallback(() => navigate('/queue/all'), []),
  );
  useShortcut(
    'g c',
    useCallback(() => navigate('/calendar'), []),
  );
  useShortcut(
    'g r',
    useCallback(() => navigate('/reports'), []),
  );
  useShortcut(
    'g k',
    useCallback(() => navigate('/kb'), []),
  );

  function signedIn(answer) {
    rememberCsrfToken(answer.csrfToken);
    setSession(answer);
  }

  async function signOut() {
    await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
    rememberCsrfToken(null);
    setSession(null);
    navigate('/');
  }

  if (route.segments[0] === 'sign-in' && route.segments[1] && !session) {
    return html`<${SignInWithCode} code=${route.segments[1]} onSignedIn=${signedIn} />`;
  }
  if (session === undefined) return html`<p class="loading">${t('common.loading')}</p>`;
  if (session === null) return html`<${SignIn} onSignedIn=${signedIn} />`;
  return html`
    <${Header} session=${session} onSignOut=${signOut} />
    <${CoverageBanner} session=${session} />
    <main id="main"><${Page} route=${route} session=${session} /></main>
    ${helpOpen && html`<${ShortcutHelp} onClose=${() => setHelpOpen(false)} />`}
  `;
}

fetch('/console/settings.json')
  .then((response) => response.json())
  .then((settings) => render(html`<${App} settings=${settings} />`, document.getElementById('app')));
