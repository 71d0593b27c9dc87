// Times as staff read them: in the desk's time zone (from /console/settings.json) and the console's language.
import { currentLanguage, t } from './i18n.js';

let timeZone = 'Europe/Moscow';

export function useTimeZone(zone) {
  timeZone = zone;
}

export function deskTimeZone() {
  return timeZone;
}

function locale() {
  return currentLanguage() === 'en' ? 'en-GB' : 'ru-RU';
}

export function formatInstant(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).format(new Date(iso));
}

export function formatDate(iso) {
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    weekday: 'short',
  }).format(new Date(iso));
}

export function formatTime(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** "1 h 20 min" (or "1 ч 20 мин"), for efforts and time left. */
export function formatMinutes(totalMinutes) {
  const minutes = Math.round(Math.abs(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('duration.minutes', { minutes: rest });
  if (rest === 0) return t('duration.hours', { hours });
  return t('duration.hoursMinutes', { hours, minutes: rest });
}

/** Time left until `iso` from now: negative when it has passed. */
export function minutesUntil(iso, now = Date.now()) {
  return (new Date(iso).getTime() - now) / 60000;
}

/** The date-and-time input's value ("2026-12-01T14:30") of an instant, in the desk's time zone. */
export function toLocalInput(iso) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a date-and-time input means in the desk's time zone, as ISO-8601 with offset. */
export function fromLocalInput(value) {
  const [date, time] = value.split('T');
  const guess = new Date(`${date}T${time}:00Z`);
  // The zone's offset at that moment, found by formatting the guess back; one correction is enough off DST edges.
  const shown = new Date(`${toLocalInput(guess.toISOString())}:00Z`);
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime())).toISOString();
}
