// The production calendar as data staff maintain, on the real Russian calendar: an admin loads 2027 with another
// November from the XML file accounting systems exchange, and a new ticket's promise follows it while a ticket
// that started before keeps the calendar it captured; a bad file changes nothing; a corrected day moves a new
// ticket's acknowledgement deadline; a specialist in Tatarstan is not booked on a Tatarstan holiday.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { calendarDays, russianCalendar } from '../../domain/calendar';
import { MINUTE } from '../../domain/policy';
import { createCalendars, localDate } from '../../platform/calendars';
import { parseMetrics, valueOf } from '../support/metricsText';
import { assertDescribedAnswer } from '../support/openapiValidation';
import { act, openTicket } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let admin: string;
let lead: string;
let anna: { id: number };
let rustem: { id: number };

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', 'productionCalendar', name), 'utf8');

/** PUT of a calendar file, as an admin's script sends it (checked against the OpenAPI document like every answer). */
async function putXml(token: string, route: string, xml: string | Buffer) {
  const response = await fetch(`${system.apiUrl}${route}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    body: xml,
  });
  const body = (await response.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  assertDescribedAnswer('PUT', route, response.status, response.headers.get('content-type'), body);
  return { status: response.status, body };
}

async function ticketOf(number: string) {
  return (await system.api(lead, `/api/tickets/${number}`)).body;
}

const moscowDate = (iso: string) => localDate(new Date(iso), 'Europe/Moscow');

beforeAll(async () => {
  system = await startTestSystem({ SUPPORT_CALENDAR: 'russia' }, { ackWorkingMs: 120 * MINUTE });
  // Staff with skills of their own, so that each ticket below goes to the one specialist it is meant for.
  admin = await system.addStaff('admin@netix.example', 'admin', ['accounts']);
  lead = await system.addStaff('lead@netix.example', 'lead', ['accounts']);
  await system.addStaff('anna@netix.example', 'specialist', ['product_defect']);
  await system.addStaff('rustem@netix.example', 'specialist', ['client_environment']);
  const specialists = (await system.api(lead, '/api/specialists')).body.specialists;
  anna = specialists.find((member: { email: string }) => member.email === 'anna@netix.example');
  rustem = specialists.find((member: { email: string }) => member.email === 'rustem@netix.example');
  // Away until the dates under test, so that their next work starts there.
  for (const [member, until] of [
    [anna, '2027-11-12T18:00:00+03:00'],
    [rustem, '2027-08-27T18:00:00+03:00'],
  ] as const) {
    const away = await system.api(lead, `/api/specialists/${member.id}/time-off`, {
      body: { startsAt: new Date().toISOString(), endsAt: until, reason: 'командировка' },
    });
    expect(away.status).toBe(201);
  }
});

afterAll(async () => {
  await system?.close();
});

test('the database holds the 2026–2027 days the code shipped: the desk calendar is the same, day by day, and lasts through 2027', async () => {
  const from = new Date('2026-01-01T00:00:00+03:00');
  const to = new Date('2028-01-01T00:00:00+03:00');
  expect(calendarDays(await system.calendars.desk(), from, to)).toEqual(
    calendarDays(russianCalendar(), from, to),
  );
  const overview = await system.api(lead, '/api/production-calendar');
  expect(overview.status).toBe(200);
  expect(overview.body.regions).toEqual([
    expect.objectContaining({
      region: 'ru',
      years: [expect.objectContaining({ year: 2026, days: 22 }), expect.objectContaining({ year: 2027 })],
      through: '2027-12-31',
      warnFrom: '2027-11-02',
    }),
  ]);
  // What an alert watches: the days left until the loaded years run out, at the desk's today.
  const today = localDate(new Date(), 'Europe/Moscow');
  const daysLeft = Math.round((Date.parse('2028-01-01') - Date.parse(today)) / 86_400_000);
  const scrape = parseMetrics(await (await fetch(`${system.apiUrl}/metrics`)).text());
  expect(valueOf(scrape, 'triceps_production_calendar_days_left', { region: 'ru' })).toBe(daysLeft);
  expect(overview.body.regions[0].daysLeft).toBe(daysLeft);
});

test('2027 loaded from an XML file: a new ticket is promised on the worked Saturday, 13 November; one started before keeps its calendar', async () => {
  const before = await openTicket(system, { subject: 'Сбой выгрузки (до загрузки календаря)' });

  const loaded = await putXml(
    admin,
    '/api/production-calendar/ru/2027',
    fixture('ru-2027-worked-13-november.xml'),
  );
  expect(loaded.status).toBe(200);
  expect(loaded.body).toMatchObject({ region: 'ru', year: 2027, loadedBy: 'admin@netix.example' });
  expect(loaded.body.source).toBe('XML file of 2026.10.01');
  expect(loaded.body.changes).toEqual([
    expect.objectContaining({
      date: '2027-11-05',
      before: expect.objectContaining({ transfer: '2027-01-02' }),
    }),
    {
      date: '2027-11-13',
      before: null,
      after: { date: '2027-11-13', kind: 'working', title: null, transfer: '2027-11-05' },
    },
  ]);

  const after = await openTicket(system, { subject: 'Сбой выгрузки (после загрузки календаря)' });
  const assessment = { urgency: 'normal', rootCause: 'product_defect', estimateMinutes: 60 };
  expect((await act(system, lead, after.number, 'triage', assessment)).status).toBe(200);
  expect((await act(system, lead, before.number, 'triage', assessment)).status).toBe(200);

  // Anna is back on Monday 15 November by the old calendar, on Saturday the 13th by the new: 60 min + 30 %.
  expect((await ticketOf(after.number)).promisedAt).toBe(new Date('2027-11-13T10:18:00+03:00').toISOString());
  expect((await ticketOf(before.number)).promisedAt).toBe(
    new Date('2027-11-15T10:18:00+03:00').toISOString(),
  );

  const audit = await system.api(admin, '/api/audit?action=production_calendar_year_load');
  expect(audit.body.entries[0]).toMatchObject({
    actor: 'admin@netix.example',
    status: 200,
    changes: expect.objectContaining({ region: 'ru', year: 2027, format: 'xml', days: 25 }),
  });
});

test('a bad file is refused whole, naming its line and field, and nothing is loaded', async () => {
  const bad = fixture('ru-2027-worked-13-november.xml')
    .replace('year="2027"', 'year="2028"')
    .replace('<day d="11.13" t="3" f="11.05"/>', '<day d="11.13" t="4"/>');
  const refused = await putXml(admin, '/api/production-calendar/ru/2028', bad);
  expect(refused.status).toBe(422);
  const line = bad.split('\n').findIndex((text) => text.includes('d="11.13"')) + 1;
  expect(refused.body.errors).toEqual([{ line, field: 'day.t', rule: expect.stringContaining('not "4"') }]);
  expect(refused.body.detail).toMatch(new RegExp(`^line ${line}: day\\.t:`));

  const wrongYear = await putXml(admin, '/api/production-calendar/ru/2029', bad);
  expect(wrongYear.status).toBe(422);
  expect(wrongYear.body.errors[0]).toMatchObject({
    field: 'calendar.year',
    rule: 'the file is for 2028, not 2029',
  });

  const withEntities = `<?xml version="1.0"?>\n<!DOCTYPE calendar [<!ENTITY a "aaaa">]>\n${bad.split('\n').slice(1).join('\n')}`;
  const doctype = await putXml(admin, '/api/production-calendar/ru/2028', withEntities);
  expect(doctype.status).toBe(422);
  expect(doctype.body.errors[0]).toMatchObject({ line: 2, field: 'xml' });

  expect((await system.api(lead, '/api/production-calendar/ru/2028')).status).toBe(404);

  // A year loaded by mistake is unloaded whole: its dates are ordinary days again.
  const empty = await system.api(admin, '/api/production-calendar/ru/2028', {
    method: 'PUT',
    body: { days: [] },
  });
  expect(empty.status).toBe(200);
  expect(empty.body).toMatchObject({ source: 'JSON through the API', days: [], changes: [] });
  expect((await system.api(admin, '/api/production-calendar/ru/2028', { method: 'DELETE' })).status).toBe(
    200,
  );
  expect((await system.api(lead, '/api/production-calendar/ru/2028')).status).toBe(404);
  expect((await putXml(lead, '/api/production-calendar/ru/2028', fixture('ru-2026.xml'))).status).toBe(403);
});

test("a corrected day moves a new ticket's acknowledgement deadline; a ticket started before keeps its own", async () => {
  const earlier = await openTicket(system);
  const deadline = (await ticketOf(earlier.number)).ackDeadline as string;
  const day = moscowDate(deadline);

  const corrected = await system.api(admin, `/api/production-calendar/ru/days/${day}`, {
    method: 'PUT',
    body: { kind: 'holiday', title: 'День траура' },
  });
  expect(corrected.status).toBe(200);
  expect(corrected.body.change.after).toEqual({
    date: day,
    kind: 'holiday',
    title: 'День траура',
    transfer: null,
  });

  const later = await openTicket(system);
  expect(moscowDate((await ticketOf(later.number)).ackDeadline) > day).toBe(true);
  expect((await ticketOf(earlier.number)).ackDeadline).toBe(deadline);

  const removed = await system.api(admin, `/api/production-calendar/ru/days/${day}`, { method: 'DELETE' });
  expect(removed.status).toBe(200);
  const year = (await system.api(lead, `/api/production-calendar/ru/${day.slice(0, 4)}`)).body;
  expect(year.days.map((entry: { date: string }) => entry.date)).not.toContain(day);

  const unloaded = await system.api(admin, '/api/production-calendar/ru/days/2031-01-02', {
    method: 'PUT',
    body: { kind: 'holiday' },
  });
  expect(unloaded.status).toBe(409);
  const weekday = await system.api(admin, '/api/production-calendar/ru/days/2027-11-12', {
    method: 'PUT',
    body: { kind: 'working' },
  });
  expect(weekday.status).toBe(422);
  expect(weekday.body.errors).toEqual([{ field: 'kind', rule: expect.stringMatching(/weekday/) }]);
});

test('a specialist in Tatarstan is not booked on the Republic Day, a Tatarstan holiday', async () => {
  const moved = await system.api(lead, `/api/specialists/${rustem.id}`, {
    method: 'PATCH',
    body: { region: 'ru-ta' },
  });
  expect(moved.status).toBe(200);
  expect(moved.body.specialist.region).toBe('ru-ta');
  // As 1C and other accounting systems often write it: in windows-1251, as its declaration says.
  const cp1251 = iconv.encode(
    fixture('ru-ta-2027.xml').replace('encoding="UTF-8"', 'encoding="windows-1251"'),
    'win1251',
  );
  expect((await putXml(admin, '/api/production-calendar/ru-ta/2027', cp1251)).status).toBe(200);
  const republicDay = (await system.api(lead, '/api/production-calendar/ru-ta/2027')).body.days.find(
    (entry: { date: string }) => entry.date === '2027-08-30',
  );
  expect(republicDay).toMatchObject({ kind: 'holiday', title: 'День Республики Татарстан' });

  const { number } = await openTicket(system, { subject: 'Не печатает принтер у клиента' });
  const triaged = await act(system, lead, number, 'triage', {
    urgency: 'normal',
    rootCause: 'client_environment',
    estimateMinutes: 60,
  });
  expect(triaged.status).toBe(200);
  // Back after Friday 27 August; Monday the 30th is the Republic Day in Tatarstan, a working day in Russia.
  expect((await ticketOf(number)).promisedAt).toBe(new Date('2027-08-31T10:18:00+03:00').toISOString());

  const from = encodeURIComponent('2027-08-27T00:00:00+03:00');
  const to = encodeURIComponent('2027-08-31T00:00:00+03:00');
  const own = (await system.api(lead, `/api/specialists/${rustem.id}/calendar?from=${from}&to=${to}`)).body;
  expect(own.days.map((entry: { kind: string }) => entry.kind)).toEqual([
    'shortened',
    'weekend',
    'weekend',
    'holiday',
  ]);
  const team = (await system.api(lead, `/api/calendar?from=${from}&to=${to}`)).body;
  expect(team.days.at(-1).kind).toBe('working'); // the desk's calendar, without Tatarstan's days

  const overview = (await system.api(lead, '/api/production-calendar')).body;
  expect(overview.regions.find((entry: { region: string }) => entry.region === 'ru-ta')).toMatchObject({
    specialists: 1,
    years: [expect.objectContaining({ year: 2027, days: 6 })],
    through: null, // its 2026 is not loaded
    warn: true,
  });
});

test("another process's cached calendar takes a corrected day at its next ask", async () => {
  // A second cache on the same database, as another API or intake process holds.
  const other = createCalendars(system.db, { desk: russianCalendar(), country: 'ru' });
  const day = { from: new Date('2027-12-30T00:00:00+03:00'), to: new Date('2027-12-31T00:00:00+03:00') };
  expect(calendarDays(await other.desk(), day.from, day.to)[0]!.kind).toBe('working');

  const corrected = await system.api(admin, '/api/production-calendar/ru/days/2027-12-30', {
    method: 'PUT',
    body: { kind: 'shortened' },
  });
  expect(corrected.status).toBe(200);
  expect(calendarDays(await other.desk(), day.from, day.to)[0]).toMatchObject({
    kind: 'shortened',
    closes: '17:00',
  });
});
