// Letters go through an outbox: queueLetter renders and records one row per (ticket, letter key);
// deliverLetter sends it at most once, however often either is retried.
import {
  findLetter,
  insertLetter,
  markLetterSent,
  receiptsSentWithinHour,
  recordDeliveryFailure,
} from '../db/letters';
import { requestSource } from '../db/inboundMessages';
import type { Database } from '../db/pool';
import { onCallAddresses, staffEmailsWithRole } from '../db/staff';
import { staffRecipients, type StaffAddresses } from '../domain/staffAudience';
import type { StaffAudience } from '../domain/ticketLifecycle';
import { isPermanentSmtpFailure, LetterRejected, RecordMissing } from '../domain/failures';
import { findTicketById, recordEvent } from '../db/tickets';
import { renderLetter, type LetterKind, type LetterParams } from '../domain/letters';
import type { Language } from '../domain/ticket';
import type { Mailer } from '../mail/mailer';
import { createMetrics, type Metrics } from '../platform/metrics';
import { threadIndex } from '../mail/threadIndex';
import type { Logger } from '../platform/logger';
import { articleLinks } from './articleLinks';
import { ticketLogger } from './ticketLog';

export interface LetterRequest {
  ticketId: number;
  letterKey: string; // unique within the ticket, e.g. "receipt" or "promise-2"
  kind: LetterKind;
  params?: LetterParams;
  staffAudience?: StaffAudience[]; // a letter to staff: whoever holds these roles when it is queued
  staffRecipients?: string[]; // a letter to staff at these addresses (tickets started before staffAudience)
  staffLanguage?: Language;
  timeZone?: string; // a client letter's dates in the client organisation's zone; unset: the desk's
}

export interface LetterSettings {
  supportAddress: string;
  timeZone: string;
  automaticLettersPerHour: number; // per recipient: a cap that breaks loops with other robots
  staffAddresses: StaffAddresses;
  /** Where clients read knowledge-base articles (CONSOLE_URL, else the API's address once it listens). */
  siteUrl?: () => string | undefined;
  voiceOrderAddress?: string; // where clients order the paid voice support (the receipt names it)
}

export function letterActivities(
  db: Database,
  mailer: Mailer,
  settings: LetterSettings,
  logger: Logger,
  metrics: Metrics = createMetrics(),
) {
  const domain = settings.supportAddress.split('@')[1] ?? 'triceps.local';
  const articles = articleLinks(db, settings.siteUrl ?? (() => undefined), logger);

  function threadingHeaders(ticket: { number: string; subject: string; receivedAt: Date }) {
    return {
      'Thread-Topic': ticket.subject,
      'Thread-Index': threadIndex(ticket.number, ticket.receivedAt, new Date()),
    };
  }

  /** Automatic answers to one address within the last hour: above the cap they are recorded, not sent. */
  async function overAutomaticCap(recipient: string): Promise<boolean> {
    return (await receiptsSentWithinHour(db, recipient)) >= settings.automaticLettersPerHour;
  }

  /** Why a letter is recorded but not sent; only automatic answers are held back. */
  async function reasonNotToSend(
    recipients: string[],
    automatic: boolean,
    ticket: { clientEmail: string },
    source: { automatic: boolean },
  ): Promise<string | null> {
    if (recipients.length === 0) return 'no recipients';
    if (!automatic) return null;
    if (source.automatic) return 'the request is itself an automatic message';
    if (await overAutomaticCap(ticket.clientEmail)) {
      return `more than ${settings.automaticLettersPerHour} automatic letters to ${ticket.clientEmail} within an hour`;
    }
    return null;
  }

  async function staffAddressesFor(request: LetterRequest): Promise<string[]> {
    if (request.staffAudience) {
      const [leads, heads, onCall] = await Promise.all([
        staffEmailsWithRole(db, 'lead'),
        staffEmailsWithRole(db, 'head'),
        onCallAddresses(db),
      ]);
      return staffRecipients(request.staffAudience, { leads, heads, onCall }, settings.staffAddresses);
    }
    // Pages go to whoever is on call now, as well as to the addresses the policy names.
    const onCall = request.kind === 'emergency_page' ? await onCallAddresses(db) : [];
    return [...new Set([...request.staffRecipients!, ...onCall])];
  }

  /** A client's letter with its knowledge-base articles: a receipt's suggestions, a completion's links. */
  async function withArticles(
    kind: LetterKind,
    params: LetterParams,
    ticket: Parameters<typeof articles.suggestedFor>[0],
    suppressed: boolean,
  ): Promise<LetterParams> {
    // A receipt held back suggests nothing: no client reads it.
    if (kind === 'receipt' && !suppressed)
      return { ...params, articles: await articles.suggestedFor(ticket) };
    if (kind === 'completion') return { ...params, articles: await articles.linked(params.articleIds) };
    return params;
  }

  return {
    async queueLetter(request: LetterRequest): Promise<void> {
      const ticket = await findTicketById(db, request.ticketId);
      if (!ticket) throw new RecordMissing(`ticket ${request.ticketId} does not exist`);
      const source = await requestSource(db, ticket.id);
      const toStaff = request.staffAudience !== undefined || request.staffRecipients !== undefined;
      const recipients = toStaff ? await staffAddressesFor(request) : [ticket.clientEmail];
      const automatic = request.kind === 'receipt' && !toStaff;
      const suppressed = await reasonNotToSend(recipients, automatic, ticket, source);
      const rendered = renderLetter(
        request.kind,
        {
          number: ticket.number,
          subject: ticket.subject,
          language: toStaff ? (request.staffLanguage ?? 'ru') : ticket.language,
          timeZone: (!toStaff && request.timeZone) || settings.timeZone,
          voiceOrderAddress: settings.voiceOrderAddress,
        },
        toStaff
          ? {
              clientEmail: ticket.clientEmail,
              summary: ticket.summary,
              urgency: ticket.urgency ?? undefined,
              rootCause: ticket.rootCause ?? undefined,
              ...request.params,
            }
          : await withArticles(request.kind, request.params ?? {}, ticket, suppressed !== null),
      );
      const headers: Record<string, string> = {
        ...threadingHeaders(ticket),
        'Auto-Submitted': automatic ? 'auto-replied' : 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-Triceps-Letter': request.kind, // names the letter for mail filters, ops and the tests
        ...(!toStaff && source.messageId
          ? { 'In-Reply-To': source.messageId, References: source.messageId }
          : {}),
      };
      // Queued once per (ticket, key): a retry renders it again and records nothing more.
      const queued = await insertLetter(db, {
        ticketId: ticket.id,
        letterKey: request.letterKey,
        kind: request.kind,
        recipients,
        subject: rendered.subject,
        bodyText: rendered.text,
        bodyHtml: rendered.html,
        messageId: `<${ticket.number}.${request.letterKey}@${domain}>`,
        headers,
        suppressedReason: suppressed,
      });
      if (!queued) return;
      const log = ticketLogger(logger, ticket.number);
      const about = { letter: request.kind, letterKey: request.letterKey, recipients: recipients.length };
      if (suppressed) log.warn({ ...about, reason: suppressed }, 'letter recorded, not sent');
      else log.info(about, 'letter queued');
      if (suppressed) {
        metrics.letters.held.inc({ kind: request.kind });
        await recordEvent(db, ticket.id, {
          key: `letter:${request.letterKey}`,
          kind: 'letter_suppressed',
          actor: 'system',
          details: { letter: request.kind, to: recipients, reason: suppressed },
        });
      }
    },

    async deliverLetter(request: { ticketId: number; letterKey: string }): Promise<{ sentAt?: string }> {
      const letter = await findLetter(db, request.ticketId, request.letterKey);
      if (!letter)
        throw new RecordMissing(`letter ${request.letterKey} of ticket ${request.ticketId} was never queued`);
      if (letter.sentAt) return { sentAt: letter.sentAt.toISOString() };
      if (letter.suppressedReason) return {};

      const { 'In-Reply-To': inReplyTo, References: references, ...headers } = letter.headers;
      if (letter.attempts > 0) metrics.letters.retried.inc({ kind: letter.kind });
      const log = ticketLogger(logger, letter.ticketNumber);
      const about = { letter: letter.kind, letterKey: request.letterKey, messageId: letter.messageId };
      try {
        await mailer.send({
          from: settings.supportAddress,
          to: letter.recipients,
          subject: letter.subject,
          text: letter.bodyText,
          html: letter.bodyHtml ?? undefined,
          messageId: letter.messageId,
          inReplyTo,
          references: references ? [references] : undefined,
          headers,
        });
      } catch (error) {
        await recordDeliveryFailure(db, request.ticketId, request.letterKey, (error as Error).message);
        const permanent = isPermanentSmtpFailure(error);
        metrics.letters.failed.inc({ kind: letter.kind, failure: permanent ? 'permanent' : 'temporary' });
        log.warn(
          { ...about, err: error, permanent },
          permanent ? 'letter refused by the relay' : 'letter not sent yet',
        );
        if (permanent) throw new LetterRejected((error as Error).message);
        throw error;
      }
      const sentAt = await markLetterSent(db, request.ticketId, request.letterKey);
      metrics.letters.sent.inc({ kind: letter.kind });
      if (letter.kind === 'receipt') {
        metrics.mail.answered.inc();
        const receivedAt = letter.requestReceivedAt;
        if (receivedAt) metrics.intakeToReceipt.observe((sentAt.getTime() - receivedAt.getTime()) / 1000);
      }
      log.info({ ...about, recipients: letter.recipients.length }, 'letter sent');
      await recordEvent(db, request.ticketId, {
        key: `letter:${request.letterKey}`,
        kind: 'letter_sent',
        actor: 'system',
        details: {
          letter: letter.kind,
          to: letter.recipients,
          subject: letter.subject,
          messageId: letter.messageId,
        },
      });
      return { sentAt: sentAt.toISOString() };
    },
  };
}
