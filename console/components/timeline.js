// Placing periods (bookings, time off, free time) on a day's strip between its opening and closing, in the desk's
// time zone; the wall-clock strings are compared as text so no offset arithmetic is needed.
import { toLocalInput } from '../format.js';

/** Where a day without working hours (weekend, holiday) is drawn, so that emergencies there still show. */
const fallbackHours = { opens: '08:00', closes: '20:00' };

export function minutesOf(wallTime) {
  const [hours, minutes] = wallTime.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The day's strip in minutes since midnight: [start, end). */
export function stripOf(day) {
  const opens = minutesOf(day.opens ?? fallbackHours.opens);
  const closes = minutesOf(day.closes ?? fallbackHours.closes);
  return closes > opens ? { opens, closes } : { opens: 0, closes: 24 * 60 };
}

/** "2026-12-31" plus `count` days. */
export function addDays(date, count) {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + count);
  return day.toISOString().slice(0, 10);
}

/** The desk's date today, "2026-12-31". */
export function deskToday() {
  return toLocalInput(new Date().toISOString()).slice(0, 10);
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date) {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/**
 * The part of `period` on `date`, as percentages of the day's strip, or null when it does not touch the day.
 * A period outside the working hours is kept at the strip's edge (`outside`), so a night emergency is not lost.
 */
export function placeOnDay(period, date, strip) {
  const starts = toLocalInput(period.startsAt);
  const ends = toLocalInput(period.endsAt);
  const startDate = starts.slice(0, 10);
  const endDate = ends.slice(0, 10);
  if (startDate > date || endDate < date) return null;
  const from = startDate < date ? 0 : minutesOf(starts.slice(11));
  const to = endDate > date ? 24 * 60 : minutesOf(ends.slice(11));
  if (to <= from) return null;
  const span = strip.closes - strip.opens;
  let start = Math.max(from, strip.opens);
  let end = Math.min(to, strip.closes);
  const outside = end <= start;
  if (outside) {
    const edge = span / 20;
    [start, end] =
      from >= strip.closes ? [strip.closes - edge, strip.closes] : [strip.opens, strip.opens + edge];
  }
  const left = ((start - strip.opens) / span) * 100;
  const width = ((end - start) / span) * 100;
  // from/to as drawn, so that lanes keep blocks from covering each other
  return { left, width, outside, from: start, to: end };
}

/** Minutes of `periods` inside [from, to). */
export function totalMinutes(periods, from, to) {
  const lower = new Date(from).getTime();
  const upper = new Date(to).getTime();
  let sum = 0;
  for (const period of periods) {
    const start = Math.max(new Date(period.startsAt).getTime(), lower);
    const end = Math.min(new Date(period.endsAt).getTime(), upper);
    if (end > start) sum += (end - start) / 60000;
  }
  return sum;
}

/** Lanes for overlapping blocks in one day: each item gets `lane`, the count comes back as `lanes`. */
export function assignLanes(items) {
  const ends = [];
  const sorted = [...items].sort((a, b) => a.place.from - b.place.from);
  for (const item of sorted) {
    let lane = ends.findIndex((end) => end <= item.place.from);
    if (lane === -1) lane = ends.length;
    ends[lane] = item.place.to;
    item.lane = lane;
  }
  return { items: sorted, lanes: Math.max(ends.length, 1) };
}
