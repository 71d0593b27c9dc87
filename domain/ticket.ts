// The vocabulary of a support ticket, shared by workflows, activities, the API and letters.

export const ticketStatuses = [
  'awaiting_triage', // registered, receipt sent; a specialist has not assessed it yet
  'scheduled', // assessed and booked; the client holds a dated promise
  'in_progress', // a specialist has taken it
  'waiting_for_client', // a question is with the client; the promise clock is paused
  'resolved', // the completion letter is sent; a reply soon after reopens it
  'refused', // the client was told why the request is refused
  'closed', // resolved and the reopen window has passed
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const urgencies = ['normal', 'high', 'emergency'] as const;
export type Urgency = (typeof urgencies)[number];

export const rootCauses = ['product_defect', 'client_environment', 'misuse', 'unknown'] as const;
export type RootCause = (typeof rootCauses)[number];

export type Language = 'ru' | 'en';

export const ticketNumberPrefix = 'TRC';

export function formatTicketNumber(sequenceValue: number | bigint | string): string {
  return `${ticketNumberPrefix}-${String(sequenceValue).padStart(6, '0')}`;
}

/** The ticket tag our letters carry in the subject, e.g. "[TRC-000123]". */
export function ticketTag(number: string): string {
  return `[${number}]`;
}
