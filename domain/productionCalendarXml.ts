// The production calendar file that Russian accounting systems exchange (the format of xmlcalendar.ru):
//
//   <calendar year="2027" lang="ru" date="2026.09.17" country="ru">
//     <holidays><holiday id="1" title="Новогодние каникулы"/>…</holidays>
//     <days><day d="01.01" t="1" h="1"/> … <day d="02.20" t="2"/> … <day d="11.05" t="1" f="01.02"/></days>
//   </calendar>
//
// d is the date MM.DD; t the day's type: 1 a day off, 2 a shortened working day (any day of the week, so a
// shortened Saturday is worked), 3 a worked Saturday or Sunday; h the holiday (a <holiday id>) the day off is;
// f the date a day off was moved from. Saturdays and Sundays not listed with t=2 or t=3 are days off, and
// weekdays not listed are ordinary working days. Read strictly: every fault is reported with its line.
import { readFlatXml, XmlSyntaxError, type XmlElement } from './flatXml';
import { countryOf, dayProblem, type ProductionDay, type ProductionDayKind } from './productionCalendar';

export interface CalendarFile {
  year: number;
  country: string | null; // as the file names it
  issued: string | null; // the file's own date attribute, as written (e.g. 2026.09.17)
  days: ProductionDay[];
}

export interface CalendarFileProblem {
  line: number;
  field: string; // the element and attribute, e.g. day.t
  rule: string;
}

export class CalendarFileInvalid extends Error {
  constructor(readonly problems: CalendarFileProblem[]) {
    super(problems.map((problem) => `line ${problem.line}: ${problem.field}: ${problem.rule}`).join('; '));
  }
}

const MAX_PROBLEMS = 20;
const kinds: Record<string, (holiday: boolean) => ProductionDayKind> = {
  '1': (holiday) => (holiday ? 'holiday' : 'day-off'),
  '2': () => 'shortened',
  '3': () => 'working',
};

/**
 * The days of the file, which must be `expected.year`'s calendar of `expected.region` (or of its country).
 * Throws CalendarFileInvalid listing what is wrong (at most 20 faults), each with its line. `encoding`: what the
 * text was decoded from, when not UTF-8 (an exchange file may be windows-1251).
 */
export function readProductionCalendarXml(
  text: string,
  expected: { year: number; region: string; encoding?: string },
): CalendarFile {
  let root: XmlElement;
  try {
    root = readFlatXml(text, expected.encoding);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      throw new CalendarFileInvalid([{ line: error.line, field: 'xml', rule: error.rule }]);
    }
    throw error;
  }
  const problems: CalendarFileProblem[] = [];
  const problem = (element: XmlElement, field: string, rule: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line: element.line, field, rule });
  };

  if (root.name !== 'calendar')
    problem(root, 'calendar', `the root element is <${root.name}>, not <calendar>`);
  const yearText = root.attributes.get('year');
  if (yearText === undefined) problem(root, 'calendar.year', 'the year is missing');
  else if (!/^\d{4}$/.test(yearText)) problem(root, 'calendar.year', `"${yearText}" is not a year`);
  else if (Number(yearText) !== expected.year) {
    problem(root, 'calendar.year', `the file is for ${yearText}, not ${expected.year}`);
  }
  const country = root.attributes.get('country') ?? null;
  if (country !== null && ![expected.region, countryOf(expected.region)].includes(country.toLowerCase())) {
    problem(root, 'calendar.country', `the file is for "${country}", not ${expected.region}`);
  }

  const sections = new Map<string, XmlElement>();
  for (const child of root.children) {
    if (child.name !== 'holidays' && child.name !== 'days') {
      problem(
        child,
        child.name,
        `unexpected <${child.name}>: only <holidays> and <days> belong in <calendar>`,
      );
    } else if (sections.has(child.name)) problem(child, child.name, `a second <${child.name}>`);
    else sections.set(child.name, child);
  }

  const titles = new Map<string, string>();
  for (const holiday of sections.get('holidays')?.children ?? []) {
    if (holiday.name !== 'holiday') {
      problem(holiday, holiday.name, `unexpected <${holiday.name}> in <holidays>`);
      continue;
    }
    onlyAttributes(holiday, ['id', 'title'], problem);
    const id = holiday.attributes.get('id');
    const title = holiday.attributes.get('title')?.trim();
    if (!id || !/^\d{1,4}$/.test(id)) problem(holiday, 'holiday.id', 'must be a number');
    else if (titles.has(id)) problem(holiday, 'holiday.id', `the holiday ${id} is given twice`);
    if (!title) problem(holiday, 'holiday.title', 'the holiday needs a title');
    else if (title.length > 200) problem(holiday, 'holiday.title', 'at most 200 characters');
    if (id && title) titles.set(id, title);
  }

  const days: ProductionDay[] = [];
  const seen = new Map<string, number>();
  const daysElement = sections.get('days');
  if (!daysElement) problem(root, 'days', 'the file has no <days>');
  const year = expected.year;
  const dateOf = (monthDay: string | undefined) =>
    monthDay && /^\d{2}\.\d{2}$/.test(monthDay) ? `${year}-${monthDay.replace('.', '-')}` : undefined;
  for (const day of daysElement?.children ?? []) {
    if (day.name !== 'day') {
      problem(day, day.name, `unexpected <${day.name}> in <days>`);
      continue;
    }
    onlyAttributes(day, ['d', 't', 'h', 'f'], problem);
    const d = day.attributes.get('d');
    const t = day.attributes.get('t');
    const h = day.attributes.get('h');
    const f = day.attributes.get('f');
    const date = dateOf(d);
    if (!date) {
      problem(day, 'day.d', `"${d ?? ''}" is not a date MM.DD`);
      continue;
    }
    if (seen.has(date)) {
      problem(day, 'day.d', `${d} is given twice (first on line ${seen.get(date)})`);
      continue;
    }
    seen.set(date, day.line);
    const kindOf = t === undefined ? undefined : kinds[t];
    if (!kindOf) {
      problem(
        day,
        'day.t',
        `must be 1 (day off), 2 (shortened working day) or 3 (worked weekend day), not "${t ?? ''}"`,
      );
      continue;
    }
    if (h !== undefined && !titles.has(h)) problem(day, 'day.h', `no <holiday id="${h}"> is declared`);
    const transfer = f === undefined ? null : dateOf(f);
    if (transfer === undefined) {
      problem(day, 'day.f', `"${f}" is not a date MM.DD`);
      continue;
    }
    const entry: ProductionDay = {
      date,
      kind: kindOf(h !== undefined),
      title: h ? (titles.get(h) ?? null) : null,
      transfer,
    };
    const fault = dayProblem(year, entry);
    if (fault) {
      problem(day, { date: 'day.d', kind: 'day.t', transfer: 'day.f' }[fault.field], fault.rule);
      continue;
    }
    days.push(entry);
  }

  if (problems.length > 0) throw new CalendarFileInvalid(problems);
  return {
    year,
    country,
    issued: root.attributes.get('date') ?? null,
    days: days.sort((a, b) => a.date.localeCompare(b.date)),
  };
}

function onlyAttributes(
  element: XmlElement,
  allowed: readonly string[],
  problem: (element: XmlElement, field: string, rule: string) => void,
): void {
  for (const name of element.attributes.keys()) {
    if (!allowed.includes(name)) {
      problem(
        element,
        `${element.name}.${name}`,
        `unknown attribute: <${element.name}> takes ${allowed.join(', ')}`,
      );
    }
  }
}
