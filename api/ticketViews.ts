// How tickets look in the API: camelCase JSON, ISO-8601 times.
import type { LetterRecord, TicketEvent, TicketRecord } from '../db/tickets';
import { allowedIn, staffActions } from '../domain/ticketRules';

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function ticketSummaryView(ticket: TicketRecord) {
  return {
    number: ticket.number,
    status: ticket.status,
    urgency: ticket.urgency,
    rootCause: ticket.rootCause,
    assignee: ticket.assignee,
    subject: ticket.subject,
    client: { email: ticket.clientEmail, name: ticket.clientName },
    language: ticket.language,
    phoneRequested: ticket.phoneRequested,
    estimateMinutes: ticket.estimateMinutes,
    receivedAt: iso(ticket.receivedAt),
    ackDeadline: iso(ticket.ackDeadline),
    acknowledgedAt: iso(ticket.acknowledgedAt),
    promisedAt: iso(ticket.promisedAt),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    needsReview: ticket.needsReview,
    ackBreachedAt: iso(ticket.ackBreachedAt),
    loggedMinutes: ticket.loggedMinutes,
    refusalReason: ticket.refusalReason,
    linkedTicket: ticket.linkedTicket,
    failure: ticket.failure,
    organisation: ticket.organisation,
    callbackAt: iso(ticket.callbackAt),
  };
}

export function ticketView(ticket: TicketRecord, history: TicketEvent[], letters: LetterRecord[] = []) {
  return {
    ...ticketSummaryView(ticket),
    summary: ticket.summary,
    allowedActions: staffActions.filter((action) => allowedIn[action].includes(ticket.status)),
    letters: letters.map((letter) => ({
      ...letter,
      createdAt: iso(letter.createdAt),
      sentAt: iso(letter.sentAt),
      bouncedAt: iso(letter.bouncedAt),
    })),
    history: history.map((event) => ({
      at: iso(event.at),
      kind: event.kind,
      actor: event.actor,
      details: event.details,
    })),
  };
}
