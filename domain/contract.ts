// What the client organisation's contract, captured in a ticket's policy, changes for that ticket: the calendar of
// the acknowledgement deadline, the time zone of the client's letters, the priority of its work, voice support.
import type { WorkingCalendar } from './calendar';
import type { TicketPolicy } from './policy';
import type { Urgency } from './ticket';

type Terms = Pick<TicketPolicy, 'calendar' | 'organisation' | 'voiceEffortShare'>;

/**
 * The two working hours of the acknowledgement are the contract's when it has working time of its own (a client
 * in Vladivostok with its 09:00–18:00 is answered in its hours); without one, the desk's.
 */
export function acknowledgementCalendar(policy: Terms): WorkingCalendar {
  return policy.organisation?.calendar ?? policy.calendar;
}

/** The zone in which dates are told to the client: the organisation's, or the desk's when undefined. */
export function clientTimeZone(policy: Terms): string | undefined {
  return policy.organisation?.calendar?.timeZone;
}

/**
 * A priority organisation's normal request is booked as high: it goes ahead of other clients' planned normal work
 * in a specialist's queue (never ahead of work under way or of emergencies). The ticket's own urgency, which the
 * reports count, stays what was assessed.
 */
export function bookingUrgency(policy: Terms, urgency: Urgency): Urgency {
  return urgency === 'normal' && policy.organisation?.priority ? 'high' : urgency;
}

/** What a request for a call gets: a callback when the organisation bought voice support, else an explanation. */
export type VoiceOption = 'callback' | 'paid_extra';

/** A client without an organisation is treated as one without the option. Undefined: the ticket predates it. */
export function voiceOption(policy: Terms): VoiceOption | undefined {
  if (policy.voiceEffortShare === undefined) return undefined;
  return policy.organisation?.voiceSupport ? 'callback' : 'paid_extra';
}

/** The request is worked by phone: the client asked for a call and the contract includes voice support. */
export function isVoiceWork(policy: Terms, phoneRequested: boolean): boolean {
  return phoneRequested && voiceOption(policy) === 'callback';
}

/** The effort of work done by phone: the mail estimate and the regulation's measured extra for voice. */
export function voiceEffortMinutes(policy: Terms, estimateMinutes: number): number {
  return Math.ceil(estimateMinutes * (1 + (policy.voiceEffortShare ?? 0)));
}
