// Which production calendar years are loaded, per country and region, and a banner for leads and admins from 60
// days before the loaded years run out: after that date deadlines count holidays as working days.
import { api } from '../api.js';
import { html } from '../html.js';
import { currentLanguage, defineStrings, t } from '../i18n.js';
import { usePolling } from '../polling.js';
import { deskToday } from './timeline.js';

defineStrings({
  ru: {
    'coverage.title': 'Производственный календарь',
    'coverage.years': 'Загружены годы',
    'coverage.through': 'по {date}',
    'coverage.none': 'не загружен',
    'coverage.staff': 'специалистов: {count}',
    'coverage.runsOut':
      'Производственный календарь ({region}) загружен только по {date}: загрузите {year} год до этой даты — ' +
      'после неё праздники и переносы не учитываются в сроках.',
    'coverage.missing':
      'Производственный календарь ({region}) не загружен на {year} год: праздники и переносы этого года ' +
      'не учитываются в сроках.',
    'coverage.howTo':
      'Загрузка: PUT /api/production-calendar/{code}/{year} (XML-файл календаря), см. README.',
    'region.ru': 'Россия',
    'region.ru-ta': 'Татарстан',
    'region.ru-ba': 'Башкортостан',
  },
  en: {
    'coverage.title': 'Production calendar',
    'coverage.years': 'Loaded years',
    'coverage.through': 'through {date}',
    'coverage.none': 'not loaded',
    'coverage.staff': 'specialists: {count}',
    'coverage.runsOut':
      'The production calendar ({region}) is loaded only through {date}: load {year} before then — after it, ' +
      'deadlines ignore holidays and transfers.',
    'coverage.missing':
      'The production calendar ({region}) is not loaded for {year}: deadlines ignore the holidays and transfers ' +
      'of that year.',
    'coverage.howTo':
      'To load it: PUT /api/production-calendar/{code}/{year} (the calendar XML file); see README.',
    'region.ru': 'Russia',
    'region.ru-ta': 'Tatarstan',
    'region.ru-ba': 'Bashkortostan',
  },
});

const warnedRoles = ['lead', 'head', 'admin'];
const warningDays = 60; // as COVERAGE_WARNING_DAYS in domain/productionCalendar.ts
const refreshMs = 3_600_000;

const regionName = (code) => {
  const name = t(`region.${code}`);
  return name === `region.${code}` ? code : `${name}, ${code}`;
};
const longDate = (date) =>
  new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'ru-RU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

/**
 * How long the loaded years last from `today` in the desk's zone, as the server's coverageOf reckons it (repeated
 * here so that the console judges by the day it shows). Years after a gap do not count.
 */
export function coverageOf(years, today) {
  const loaded = new Set(years);
  let year = Number(today.slice(0, 4));
  if (!loaded.has(year)) return { through: null, nextYear: year, warn: true };
  while (loaded.has(year + 1)) year++;
  const warnFrom = new Date(Date.UTC(year + 1, 0, 1) - warningDays * 86_400_000).toISOString().slice(0, 10);
  return { through: `${year}-12-31`, nextYear: year + 1, warn: today >= warnFrom };
}

function useCoverage() {
  return usePolling(() => api('/api/production-calendar'), [], refreshMs);
}

/** The regions staff are warned about today: the desk's country, and any region loaded or with specialists. */
function warningsOf(overview, today) {
  if (!overview?.country) return [];
  return overview.regions
    .filter((entry) => entry.region === overview.country || entry.years.length + entry.specialists > 0)
    .map((entry) => ({
      region: entry.region,
      ...coverageOf(
        entry.years.map((y) => y.year),
        today,
      ),
    }))
    .filter((entry) => entry.warn);
}

/** A banner over every page for leads, the head and admins, while the loaded years run out within 60 days. */
export function CoverageBanner({ session }) {
  const coverage = useCoverage();
  if (!warnedRoles.includes(session?.staff?.role)) return null;
  const warnings = warningsOf(coverage.data, deskToday());
  if (warnings.length === 0) return null;
  return html`
    <div class="coverage-banner" role="alert" data-coverage-warning>
      ${warnings.map(
        (warning) => html`
          <p data-region=${warning.region}>
            ${
              warning.through
                ? t('coverage.runsOut', {
                    region: regionName(warning.region),
                    date: longDate(warning.through),
                    year: warning.nextYear,
                  })
                : t('coverage.missing', { region: regionName(warning.region), year: warning.nextYear })
            }
            ${
              session.staff.role === 'admin' &&
              html` <span class="muted"
                >${t('coverage.howTo', { code: warning.region, year: warning.nextYear })}</span
              >`
            }
          </p>
        `,
      )}
    </div>
  `;
}

/** The loaded years per country and region, for the calendar page. */
export function LoadedYears() {
  const coverage = useCoverage();
  const overview = coverage.data;
  if (!overview) return null;
  const today = deskToday();
  return html`
    <section class="coverage" aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">${t('coverage.title')}</h2>
      <table class="coverage__table">
        <tbody>
          ${overview.regions.map((entry) => {
            const years = entry.years.map((y) => y.year);
            const { through, warn } = coverageOf(years, today);
            return html`
              <tr data-region=${entry.region}>
                <th scope="row">${regionName(entry.region)}</th>
                <td data-years>${years.length ? years.join(', ') : t('coverage.none')}</td>
                <td class=${warn ? 'warning' : 'muted'}>
                  ${through ? t('coverage.through', { date: longDate(through) }) : t('coverage.none')}
                </td>
                <td class="muted">
                  ${entry.specialists ? t('coverage.staff', { count: entry.specialists }) : ''}
                </td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    </section>
  `;
}
