// The custom search attributes that let ops filter tickets in the Temporal UI,
// e.g. TicketStatus="awaiting_triage" AND Urgency="emergency".
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TicketNumber = defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD);
export const TicketStatus = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
export const Urgency = defineSearchAttributeKey('Urgency', SearchAttributeType.KEYWORD);
export const RootCause = defineSearchAttributeKey('RootCause', SearchAttributeType.KEYWORD);
export const Assignee = defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD);
export const AckDeadline = defineSearchAttributeKey('AckDeadline', SearchAttributeType.DATETIME);
export const PromisedAt = defineSearchAttributeKey('PromisedAt', SearchAttributeType.DATETIME);

export const ticketSearchAttributes = [
  TicketNumber,
  TicketStatus,
  Urgency,
  RootCause,
  Assignee,
  AckDeadline,
  PromisedAt,
] as const;
