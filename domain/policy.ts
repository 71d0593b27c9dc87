// The support regulation's numbers, captured at a ticket's start so that a change of
// configuration never alters the rules a running ticket was promised under.
import type { Language } from './ticket';

export interface TicketPolicy {
  defaultLanguage: Language;
  timeZone: string;
}
