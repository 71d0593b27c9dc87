// The support regulation's numbers, captured at a ticket's start so that a change of
// configuration never alters the rules a running ticket was promised under.
import { russianCalendar, type WorkingCalendar } from './calendar';
import type { OrganisationContract } from './organisations';
import type { Language } from './ticket';

export interface TicketPolicy {
  defaultLanguage: Language;
  calendar: WorkingCalendar; // the support desk's working time
  ackWorkingMs: number; // receipt → dated promise or refusal: 2 working hours
  leadReminderShare: number; // of the acknowledgement time, when the lead is reminded (0.5 = after one hour)
  autoPromiseShare: number; // when, still untriaged, the promise goes out from the automatic triage
  defaultEstimateMinutes: number; // effort assumed for a promise made from the automatic triage
  promiseMarginShare: number; // booked on top of the estimate (0.3 = 30 %) while outcomes are too few to calibrate
  // The share of promises the calibrated margin is to keep (0.9); absent in tickets started before calibration,
  // which go on booking the fixed margin they were promised under.
  promiseTarget?: number;
  emergencyTakeWindowMs: number; // wall-clock time for someone to take an emergency before escalating
  emergencyEscalationChain: string[]; // who is told, level by level, while an emergency stays untaken
  reopenWindowMs: number; // a client reply this long after completion reopens the ticket
  leadAddress: string;
  onCallAddresses: string[]; // paged at once for an emergency
  // Absent on tickets started before voice support was sold: a request for a call is then only flagged.
  voiceEffortShare?: number; // voice work takes this much longer than by mail (0.65: the regulation's 65 %)
  organisation?: OrganisationContract | null; // the client's organisation's contract at intake; null: none
}

export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

export function defaultTicketPolicy(options: {
  timeZone: string;
  defaultLanguage: Language;
  leadAddress: string;
  headAddress: string;
  onCallAddresses: string[];
}): TicketPolicy {
  return {
    defaultLanguage: options.defaultLanguage,
    calendar: russianCalendar({ timeZone: options.timeZone }),
    ackWorkingMs: 2 * HOUR,
    leadReminderShare: 0.5,
    autoPromiseShare: 0.85,
    defaultEstimateMinutes: 4 * 60,
    promiseMarginShare: 0.3,
    promiseTarget: 0.9,
    emergencyTakeWindowMs: 15 * MINUTE,
    emergencyEscalationChain: [options.leadAddress, options.headAddress],
    reopenWindowMs: 7 * 24 * HOUR,
    leadAddress: options.leadAddress,
    onCallAddresses: options.onCallAddresses,
    voiceEffortShare: 0.65,
  };
}

/** The working time booked for an estimate: the estimate and the margin (the policy's fixed one, or calibrated). */
export function bookedMinutes(
  policy: Pick<TicketPolicy, 'promiseMarginShare'>,
  estimateMinutes: number,
): number {
  return Math.max(1, Math.ceil(estimateMinutes * (1 + (policy.promiseMarginShare ?? 0))));
}
