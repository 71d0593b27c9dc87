// Which organisation a sender belongs to, and the contract a ticket captures from it.
import { addWorkingTime, russianCalendar } from '../../domain/calendar';
import {
  calendarProblem,
  contractOf,
  domainOf,
  domainProblem,
  domainsToTry,
  normaliseDomain,
  organisationFor,
  type Organisation,
} from '../../domain/organisations';

const desk = russianCalendar();
const acme = { domain: 'acme.ru', organisationId: 1 };
const acmeMoscow = { domain: 'msk.acme.ru', organisationId: 2 };

describe('matching a sender to an organisation', () => {
  test('an address belongs to the organisation holding its domain, whatever its case', () => {
    expect(organisationFor('Ivan.Petrov@ACME.ru', { domains: [acme] })).toBe(1);
  });

  test('a subdomain belongs to the organisation of its parent domain', () => {
    expect(organisationFor('ivan@spb.acme.ru', { domains: [acme] })).toBe(1);
  });

  test('the most specific domain wins: msk.acme.ru is its own organisation within acme.ru', () => {
    expect(organisationFor('ivan@msk.acme.ru', { domains: [acme, acmeMoscow] })).toBe(2);
    expect(organisationFor('ivan@acme.ru', { domains: [acme, acmeMoscow] })).toBe(1);
  });

  test('an address assigned by hand belongs there, whatever its domain says', () => {
    expect(organisationFor('ivan@acme.ru', { assigned: 7, domains: [acme] })).toBe(7);
  });

  test('a domain that only ends like an organisation’s does not match it (notacme.ru is not acme.ru)', () => {
    expect(organisationFor('ivan@notacme.ru', { domains: [acme] })).toBeUndefined();
  });

  test('an address without an organisation has none', () => {
    expect(organisationFor('someone@gmail.com', { domains: [acme] })).toBeUndefined();
  });

  test('the domains tried are the address’s own and its parents, never a bare top-level domain', () => {
    expect(domainsToTry('a@x.msk.acme.ru')).toEqual(['x.msk.acme.ru', 'msk.acme.ru', 'acme.ru']);
    expect(domainsToTry('a@localhost')).toEqual([]);
    expect(domainsToTry('no-at-sign')).toEqual([]);
    expect(domainOf('a@Acme.RU.')).toBe('acme.ru');
  });
});

describe('domains an organisation may hold', () => {
  test('a domain is stored lower-case without "@" or a trailing dot', () => {
    expect(normaliseDomain(' @Acme.RU. ')).toBe('acme.ru');
  });

  test('a public mail service cannot identify an organisation’s clients', () => {
    expect(domainProblem('gmail.com')).toMatch(/public mail service/);
    expect(domainProblem('mail.ru')).toMatch(/public mail service/);
    expect(domainProblem('acme.ru')).toBeUndefined();
    expect(domainProblem('пример.рф')).toBeUndefined();
  });

  test('what is not a domain is refused', () => {
    expect(domainProblem('acme')).toMatch(/not a mail domain/);
    expect(domainProblem('ac me.ru')).toMatch(/not a mail domain/);
  });
});

describe('the contract a ticket captures', () => {
  const organisation: Organisation = {
    id: 3,
    name: 'Дальтранс',
    domains: ['daltrans.ru'],
    timeZone: 'Asia/Vladivostok',
    weeklyHours: null,
    voiceSupport: true,
    priority: false,
  };

  test('an organisation in Vladivostok keeps the Russian production calendar in its own zone', () => {
    const { calendar } = contractOf(organisation, desk);
    expect(calendar?.timeZone).toBe('Asia/Vladivostok');
    expect(calendar?.holidays).toEqual(desk.holidays);
    // Wednesday 30 December 2026 17:00 in Vladivostok: its last working hour of the year (31 December is a day
    // off moved from 4 January), then the New Year holidays until Monday 11 January.
    const lastHour = new Date('2026-12-30T17:00:00+10:00');
    expect(addWorkingTime(calendar!, lastHour, 2 * 60 * 60_000).toISOString()).toBe(
      new Date('2027-01-11T10:00:00+10:00').toISOString(),
    );
  });

  test('its own weekly hours replace the desk’s; days it leaves out are days off', () => {
    const { calendar } = contractOf(
      { ...organisation, timeZone: null, weeklyHours: { '1': [{ start: '08:00', end: '12:00' }] } },
      desk,
    );
    expect(calendar?.timeZone).toBe('Europe/Moscow');
    expect(calendar?.weeklyHours[1]).toEqual([{ start: '08:00', end: '12:00' }]);
    expect(calendar?.weeklyHours[2]).toEqual([]);
  });

  test('without a zone or hours of its own the contract has no calendar: the desk’s counts', () => {
    expect(contractOf({ ...organisation, timeZone: null }, desk)).toEqual({
      id: 3,
      name: 'Дальтранс',
      voiceSupport: true,
      priority: false,
    });
  });

  test('a zone that does not exist, hours that never come or overlap are refused before any ticket uses them', () => {
    expect(calendarProblem({ timeZone: 'Mars/Olympus', weeklyHours: null }, desk)?.field).toBe('timeZone');
    expect(calendarProblem({ timeZone: null, weeklyHours: {} }, desk)).toEqual({
      field: 'weeklyHours',
      rule: 'at least one weekday needs working hours',
    });
    expect(
      calendarProblem(
        {
          timeZone: null,
          weeklyHours: {
            '1': [
              { start: '09:00', end: '13:00' },
              { start: '12:00', end: '18:00' },
            ],
          },
        },
        desk,
      )?.field,
    ).toBe('weeklyHours');
    expect(calendarProblem({ timeZone: 'Asia/Vladivostok', weeklyHours: null }, desk)).toBeUndefined();
  });
});
