// Client organisations, pure: which organisation a sender address belongs to, and the contract a ticket captures
// from it at intake. The SQL that finds the candidates is db/organisations.ts; the choice among them is made here.
import { isWorkingMoment, type WorkingCalendar, type WorkingHours } from './calendar';

/** ISO weekday '1' (Monday) … '7' to working intervals; a day left out is a day off. */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', WorkingHours[]>>;

export interface Organisation {
  id: number;
  name: string;
  domains: string[]; // lower-case; a domain covers its subdomains
  timeZone: string | null; // null: the support desk's
  weeklyHours: WeeklyHours | null; // null: the desk's
  voiceSupport: boolean; // bought the paid voice support
  priority: boolean; // its normal requests are booked as high
}

/** What a ticket keeps of its organisation from the moment it arrives: later edits never change a running ticket. */
export interface OrganisationContract {
  id: number;
  name: string;
  /** The organisation's own working time when it has one: it counts the acknowledgement deadline (two of *its*
   * working hours) and its time zone dates the letters; work is still booked in the specialists' calendars. */
  calendar?: WorkingCalendar;
  voiceSupport: boolean;
  priority: boolean;
}

/** The organisation a sender belongs to, as the candidates found for its address say. */
export interface OrganisationCandidates {
  assigned?: number; // a lead assigned the address by hand: beats any domain
  domains: readonly { domain: string; organisationId: number }[]; // organisations holding a domain of the address
}

/** The domain of an address, lower-case; undefined when it has none. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : address
          .slice(at + 1)
          .trim()
          .toLowerCase()
          .replace(/\.$/, '');
  return domain.includes('.') ? domain : undefined;
}

/**
 * The domains an address may be matched by, most specific first: ivan@msk.acme.ru → msk.acme.ru, acme.ru. A bare
 * top-level domain never names an organisation.
 */
export function domainsToTry(address: string): string[] {
  const domain = domainOf(address);
  if (!domain) return [];
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

/** The organisation of an address: a hand assignment first, else the most specific domain listed. */
export function organisationFor(address: string, candidates: OrganisationCandidates): number | undefined {
  if (candidates.assigned !== undefined) return candidates.assigned;
  for (const domain of domainsToTry(address)) {
    const held = candidates.domains.find((candidate) => candidate.domain === domain);
    if (held) return held.organisationId;
  }
  return undefined;
}

/** The contract a ticket captures: the organisation's own calendar is the desk's holidays in its hours and zone. */
export function contractOf(organisation: Organisation, desk: WorkingCalendar): OrganisationContract {
  return {
    id: organisation.id,
    name: organisation.name,
    voiceSupport: organisation.voiceSupport,
    priority: organisation.priority,
    ...(hasOwnTime(organisation) && { calendar: organisationCalendar(organisation, desk) }),
  };
}

function hasOwnTime(organisation: Pick<Organisation, 'timeZone' | 'weeklyHours'>): boolean {
  return organisation.timeZone !== null || organisation.weeklyHours !== null;
}

/** The organisation's working time: the desk's production calendar (holidays, transfers) in its own zone and hours. */
export function organisationCalendar(
  organisation: Pick<Organisation, 'timeZone' | 'weeklyHours'>,
  desk: WorkingCalendar,
): WorkingCalendar {
  return {
    ...desk,
    timeZone: organisation.timeZone ?? desk.timeZone,
    weeklyHours: organisation.weeklyHours
      ? {
          1: organisation.weeklyHours['1'] ?? [],
          2: organisation.weeklyHours['2'] ?? [],
          3: organisation.weeklyHours['3'] ?? [],
          4: organisation.weeklyHours['4'] ?? [],
          5: organisation.weeklyHours['5'] ?? [],
          6: organisation.weeklyHours['6'] ?? [],
          7: organisation.weeklyHours['7'] ?? [],
        }
      : desk.weeklyHours,
    timeOff: [],
  };
}

/**
 * Why a time zone and weekly hours cannot be an organisation's calendar, or undefined when they can: a ticket's
 * workflow counts its deadline on it, so a zone that does not exist or hours that never come must be refused here.
 */
export function calendarProblem(
  organisation: Pick<Organisation, 'timeZone' | 'weeklyHours'>,
  desk: WorkingCalendar,
): { field: 'timeZone' | 'weeklyHours'; rule: string } | undefined {
  if (!hasOwnTime(organisation)) return undefined;
  const calendar = organisationCalendar(organisation, desk);
  try {
    isWorkingMoment(calendar, new Date(0));
  } catch (error) {
    const message = (error as Error).message;
    return /time zone/i.test(message)
      ? { field: 'timeZone', rule: `an IANA time zone such as Asia/Vladivostok (${message})` }
      : { field: 'weeklyHours', rule: message };
  }
  const anyHours = Object.values(calendar.weeklyHours).some((hours) => hours.length > 0);
  if (!anyHours) return { field: 'weeklyHours', rule: 'at least one weekday needs working hours' };
  return undefined;
}

// Mailbox providers anyone can sign up with: their domain says nothing about whose client the sender is.
const publicMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'ya.ru',
  'yandex.com',
  'mail.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'rambler.ru',
  'gmx.com',
  'gmx.de',
]);

/** A domain as stored: lower-case, without a leading '@' or a trailing dot. */
export function normaliseDomain(text: string): string {
  return text.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

/** Why a domain cannot identify an organisation's clients, or undefined when it can. */
export function domainProblem(domain: string): string | undefined {
  if (
    !/^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}$/u.test(domain)
  ) {
    return `"${domain}" is not a mail domain such as netix.ru`;
  }
  if (publicMailDomains.has(domain)) {
    return `"${domain}" is a public mail service: assign its addresses to the organisation one by one`;
  }
  return undefined;
}
