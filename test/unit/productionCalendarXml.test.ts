// Reading the production calendar file accounting systems exchange (xmlcalendar.ru format): strictly, each fault
// named with its line, and never expanding a DTD or an entity.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFlatXml } from '../../domain/flatXml';
import { productionCalendarRu2026 } from '../../domain/productionCalendarRu';
import {
  CalendarFileInvalid,
  readProductionCalendarXml,
  type CalendarFileProblem,
} from '../../domain/productionCalendarXml';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', 'productionCalendar', name), 'utf8');

function problemsOf(text: string, expected = { year: 2026, region: 'ru' }): CalendarFileProblem[] {
  try {
    readProductionCalendarXml(text, expected);
  } catch (error) {
    if (error instanceof CalendarFileInvalid) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

const file = (days: string, attributes = 'year="2026" country="ru"') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<calendar ${attributes}>\n` +
  `  <holidays><holiday id="1" title="Новый год"/></holidays>\n  <days>\n${days}\n  </days>\n</calendar>\n`;

describe('a good file', () => {
  test('the 2026 file gives the shipped 2026 days: holidays, moved days off and shortened days', () => {
    const calendar = readProductionCalendarXml(fixture('ru-2026.xml'), { year: 2026, region: 'ru' });
    const of = (...kinds: string[]) =>
      calendar.days.filter((day) => kinds.includes(day.kind)).map((day) => day.date);
    expect(calendar.year).toBe(2026);
    expect(calendar.country).toBe('ru');
    expect(calendar.issued).toBe('2025.09.30');
    // The file lists only holidays that are days off, on weekdays and weekends alike, as the code does.
    expect(of('holiday').sort()).toEqual([...productionCalendarRu2026.holidays].sort());
    expect(of('day-off')).toEqual(productionCalendarRu2026.transferredDaysOff);
    expect(of('shortened')).toEqual(productionCalendarRu2026.shortenedDays);
    expect(of('working')).toEqual([]);
    expect(calendar.days.find((day) => day.date === '2026-01-07')).toEqual({
      date: '2026-01-07',
      kind: 'holiday',
      title: 'Рождество Христово',
      transfer: null,
    });
    expect(calendar.days.find((day) => day.date === '2026-12-31')).toMatchObject({
      kind: 'day-off',
      transfer: '2026-01-04',
    });
  });

  test('a worked Saturday is t=3, a shortened Saturday is t=2 and worked too', () => {
    const calendar = readProductionCalendarXml(fixture('ru-2027-worked-13-november.xml'), {
      year: 2027,
      region: 'ru',
    });
    expect(calendar.days.find((day) => day.date === '2027-11-13')).toMatchObject({ kind: 'working' });
    expect(calendar.days.find((day) => day.date === '2027-02-20')).toMatchObject({ kind: 'shortened' });
  });

  test("a region's file may name the region or its country", () => {
    const tatarstan = readProductionCalendarXml(fixture('ru-ta-2027.xml'), { year: 2027, region: 'ru-ta' });
    expect(tatarstan.days.find((day) => day.date === '2027-08-30')).toMatchObject({
      kind: 'holiday',
      title: 'День Республики Татарстан',
    });
    expect(() =>
      readProductionCalendarXml(file('', 'year="2027" country="ru"'), { year: 2027, region: 'ru-ta' }),
    ).not.toThrow();
  });

  test('comments, single quotes, a byte-order mark and character references are read', () => {
    const text =
      '\uFEFF<?xml version="1.0"?><!-- exported --><calendar year=\'2026\'><holidays>' +
      '<holiday id="1" title="Day &#1044; &amp; &#x416;"/></holidays><days><day d="01.01" t="1" h="1"/></days></calendar>';
    expect(readProductionCalendarXml(text, { year: 2026, region: 'ru' }).days[0]!.title).toBe('Day Д & Ж');
  });
});

describe('a bad file is refused with the line and field of each fault', () => {
  test('a day of an unknown type', () => {
    expect(problemsOf(file('    <day d="01.01" t="1" h="1"/>\n    <day d="02.03" t="4"/>'))).toEqual([
      { line: 6, field: 'day.t', rule: expect.stringContaining('not "4"') },
    ]);
  });

  test('a date that does not exist, a day given twice, a worked weekday, an undeclared holiday', () => {
    const problems = problemsOf(
      file(
        [
          '<day d="02.30" t="1"/>',
          '<day d="03.02" t="1"/>',
          '<day d="03.02" t="2"/>',
          '<day d="03.03" t="3"/>',
          '<day d="03.04" t="1" h="9"/>',
          '<day d="3.5" t="1"/>',
          '<day d="03.06" t="1" f="13.01"/>',
        ].join('\n'),
      ),
    );
    expect(problems.map(({ line, field }) => `${line} ${field}`)).toEqual([
      '5 day.d',
      '7 day.d',
      '8 day.t',
      '9 day.h',
      '10 day.d',
      '11 day.f',
    ]);
    expect(problems[2]!.rule).toMatch(/weekday/);
    expect(problems[1]!.rule).toMatch(/twice \(first on line 6\)/);
  });

  test('a file for another year', () => {
    expect(problemsOf(file('', 'year="2027"'))).toEqual([
      { line: 2, field: 'calendar.year', rule: 'the file is for 2027, not 2026' },
    ]);
  });

  test("another country's file", () => {
    expect(problemsOf(file('', 'year="2026" country="by"'))[0]).toMatchObject({ field: 'calendar.country' });
  });

  test('unknown elements and attributes', () => {
    const problems = problemsOf(file('<day d="01.01" t="1" x="y"/>\n<week/>'));
    expect(problems.map((problem) => problem.field)).toEqual(['day.x', 'week']);
  });

  test('text that is not XML, unclosed or mismatched elements', () => {
    expect(problemsOf('year=2026')[0]).toMatchObject({ line: 1, field: 'xml' });
    expect(problemsOf('<calendar year="2026">\n<days>\n</calendar>')[0]).toMatchObject({
      line: 3,
      field: 'xml',
      rule: expect.stringContaining('</calendar> closes <days>'),
    });
    expect(problemsOf('<calendar year="2026"><days>text</days></calendar>')[0]!.rule).toMatch(
      /unexpected text/,
    );
  });
});

describe('what makes XML dangerous is refused before anything is expanded', () => {
  test('a DOCTYPE, with or without entity declarations (billion laughs, external entities)', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE calendar [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n' +
      '<calendar year="2026"><days><day d="01.01" t="1" f="&lol2;"/></days></calendar>';
    expect(problemsOf(laughs)).toEqual([
      { line: 2, field: 'xml', rule: expect.stringMatching(/DOCTYPE is refused/) },
    ]);
    const external =
      '<!DOCTYPE calendar SYSTEM "file:///etc/passwd"><calendar year="2026"><days/></calendar>';
    expect(problemsOf(external)[0]!.rule).toMatch(/DOCTYPE is refused/);
  });

  test('an entity that is not predefined', () => {
    const text = file('<day d="01.01" t="1" h="1"/>').replace('title="Новый год"', 'title="&xxe;"');
    expect(problemsOf(text)).toEqual([
      { line: 3, field: 'xml', rule: expect.stringMatching(/entity &xxe; is not defined/) },
    ]);
  });

  test('CDATA, processing instructions, and a declared encoding other than the one read', () => {
    expect(problemsOf('<calendar year="2026"><![CDATA[x]]></calendar>')[0]!.rule).toMatch(/CDATA/);
    expect(problemsOf('<calendar year="2026"><?php echo 1 ?></calendar>')[0]!.rule).toMatch(/processing/);
    expect(problemsOf('<?xml version="1.0" encoding="windows-1251"?><calendar/>')[0]!.rule).toMatch(
      /declared windows-1251 but was read as utf-8/,
    );
  });

  test('nesting past any sensible depth stops early', () => {
    expect(() => readFlatXml('<a>'.repeat(10_000))).toThrow(/nested deeper than 16/);
  });
});
