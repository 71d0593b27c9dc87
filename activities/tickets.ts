// Activities that create and read the ticket record.
import type { Database } from '../db/pool';
import { createTicket, linkTicket, recordEvent, saveTicketChanges } from '../db/tickets';
import type { TicketChanges } from '../domain/ticketRecord';
import { findRequestMessage, messageAuthenticity, storeMessageText } from '../db/inboundMessages';
import { ticketNumberIn } from '../mail/threading';
import { detectLanguage } from '../domain/language';
import type { Language } from '../domain/ticket';
import { guessTriage, type AutoTriage } from '../domain/triage';
import { storeAttachments } from '../db/attachments';
import { parseRequest } from '../mail/requestText';
import { RecordMissing } from '../domain/failures';
import type { Logger } from '../platform/logger';
import { ticketLogger } from './ticketLog';

export interface RegisterInput {
  inboundMessageId: number;
  workflowId: string;
  defaultLanguage: Language;
  ticketNumber?: string; // allocated at intake; absent for requests stored before that
  organisationId?: number; // the client's organisation, captured with the ticket's policy at hand-off
}

/** What the workflow needs to know of a registered ticket: small, never the mail itself. */
export interface RegisteredTicket {
  ticketId: number;
  number: string;
  clientEmail: string;
  language: Language;
  receivedAt: string; // ISO-8601
  autoTriage: AutoTriage;
}

export interface HistoryEvent {
  key: string; // unique within the ticket: a retried write records it once
  kind: string;
  actor?: string | null;
  details?: Record<string, unknown>;
}

export interface TicketSave {
  ticketId: number;
  changes: TicketChanges;
  events?: HistoryEvent[];
  event?: HistoryEvent; // tickets started before `events` save one at a time
}

export function ticketActivities(db: Database, logger: Logger) {
  return {
    async registerTicket(input: RegisterInput): Promise<RegisteredTicket> {
      const row = await findRequestMessage(db, input.inboundMessageId);
      if (!row) throw new RecordMissing(`inbound message ${input.inboundMessageId} is not in the database`);
      const request = await parseRequest(row.raw);
      const summary = request.summary || request.text.slice(0, 4000);
      const ticket = await createTicket(db, {
        number: input.ticketNumber,
        workflowId: input.workflowId,
        sourceMessageId: input.inboundMessageId,
        clientEmail: (row.fromAddress ?? row.envelopeFrom ?? 'unknown@invalid').toLowerCase(),
        clientName: row.fromName,
        subject: row.subject,
        summary,
        language: detectLanguage(`${row.subject}\n${summary}`, input.defaultLanguage),
        receivedAt: row.receivedAt,
        organisationId: input.organisationId,
      });
      const { authentication, unverifiedReplyTo } = await messageAuthenticity(db, input.inboundMessageId);
      await recordEvent(db, ticket.id, {
        key: 'registered',
        kind: 'request_received',
        actor: ticket.clientEmail,
        details: { subject: ticket.subject, inboundMessageId: input.inboundMessageId, authentication },
        at: row.receivedAt,
      });
      const attachments = await storeAttachments(db, input.inboundMessageId, request.attachments);
      await storeMessageText(db, input.inboundMessageId, request.text);
      if (attachments > 0 || request.problems.length > 0) {
        await recordEvent(db, ticket.id, {
          key: 'parsed',
          kind: request.problems.length > 0 ? 'mail_problems' : 'attachments',
          actor: 'system',
          details: {
            attachments: request.attachments.map(({ filename, contentType, size }) => ({
              filename,
              contentType,
              size,
            })),
            problems: request.problems,
          },
          at: row.receivedAt,
        });
      }
      const named = unverifiedReplyTo?.number ?? ticketNumberIn(ticket.subject);
      const linked = named && (await linkTicket(db, ticket.id, named));
      if (linked) {
        await recordEvent(db, ticket.id, {
          key: 'linked',
          kind: 'linked',
          actor: 'system',
          details: {
            ticket: linked,
            why: unverifiedReplyTo
              ? `a reply to ${linked} that failed DMARC for its From domain: it may not come from the client`
              : 'the subject names a ticket this sender is not a participant of',
          },
        });
      }
      if (unverifiedReplyTo) {
        await recordEvent(db, ticket.id, {
          key: 'authentication-failed',
          kind: 'mail_authentication_failed',
          actor: 'system',
          details: { ticket: unverifiedReplyTo.number, authentication },
        });
        await recordEvent(db, unverifiedReplyTo.id, {
          key: `unverified-reply-${input.inboundMessageId}`,
          kind: 'unverified_reply',
          actor: ticket.clientEmail,
          details: { ticket: ticket.number, subject: ticket.subject, authentication },
        });
      }
      const autoTriage = guessTriage(ticket.subject, summary);
      ticketLogger(logger, ticket.number, input.workflowId).info(
        {
          inboundMessageId: input.inboundMessageId,
          language: ticket.language,
          attachments,
          linked: linked || undefined,
          guessedUrgency: autoTriage.urgency,
        },
        'ticket registered',
      );
      return {
        ticketId: ticket.id,
        number: ticket.number,
        clientEmail: ticket.clientEmail,
        language: ticket.language,
        receivedAt: ticket.receivedAt.toISOString(),
        autoTriage,
      };
    },

    /** Writes the workflow's view of the ticket, and what happened, in one transaction. */
    async saveTicket({ ticketId, changes, events = [], event }: TicketSave): Promise<void> {
      await saveTicketChanges(db, ticketId, changes, event ? [...events, event] : events);
    },
  };
}
