// Letters go through an outbox: queueLetter renders and records one row per (ticket, letter key);
// deliverLetter sends it at most once, however often either is retried.
import type { Database } from '../db/pool';
import { onCallAddresses, staffEmailsWithRole } from '../db/staff';
import { staffRecipients, type StaffAddresses } from '../domain/staffAudience';
import type { StaffAudience } from '../domain/ticketLifecycle';
import { isPermanentSmtpFailure, LetterRejected, RecordMissing } from './failures';
import { findTicketById, recordEvent } from '../db/tickets';
import { renderLetter, type LetterKind, type LetterParams } from '../domain/letters';
import type { Language } from '../domain/ticket';
import type { Mailer } from '../mail/mailer';
import { threadIndex } from '../mail/threadIndex';

export interface LetterRequest {
  ticketId: number;
  letterKey: string; // unique within the ticket, e.g. "receipt" or "promise-2"
  kind: LetterKind;
  params?: LetterParams;
  staffAudience?: StaffAudience[]; // a letter to staff: whoever holds these roles when it is queued
  staffRecipients?: string[]; // a letter to staff at these addresses (tickets started before staffAudience)
  staffLanguage?: Language;
}

export interface LetterSettings {
  supportAddress: string;
  timeZone: string;
  automaticLettersPerHour: number; // per recipient: a cap that breaks loops with other robots
  staffAddresses: StaffAddresses;
}

interface LetterRow {
  recipients: string[];
  subject: string;
  body_text: string;
  body_html: string | null;
  message_id: string;
  headers: Record<string, string>;
  sent_at: Date | null;
  suppressed_reason: string | null;
  kind: string;
}

export function letterActivities(db: Database, mailer: Mailer, settings: LetterSettings) {
  const domain = settings.supportAddress.split('@')[1] ?? 'triceps.local';

  async function threadingHeaders(ticket: { id: number; number: string; subject: string; receivedAt: Date }) {
    const source = await db.query<{ message_key: string }>(
      `SELECT m.message_key FROM tickets t JOIN inbound_messages m ON m.id = t.source_message_id WHERE t.id = $1`,
      [ticket.id],
    );
    const clientMessageId = source.rows[0]?.message_key.startsWith('<')
      ? source.rows[0].message_key
      : undefined;
    return {
      clientMessageId,
      headers: {
        'Thread-Topic': ticket.subject,
        'Thread-Index': threadIndex(ticket.number, ticket.receivedAt, new Date()),
      },
    };
  }

  /** Automatic answers to one address within the last hour: above the cap they are recorded, not sent. */
  async function overAutomaticCap(recipient: string): Promise<boolean> {
    const sent = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM letters
        WHERE kind = 'receipt' AND $1 = ANY(recipients) AND created_at > now() - interval '1 hour'
          AND suppressed_reason IS NULL`,
      [recipient],
    );
    return sent.rows[0]!.n >= settings.automaticLettersPerHour;
  }

  /** Why a letter is recorded but not sent; only automatic answers are held back. */
  async function reasonNotToSend(
    recipients: string[],
    automatic: boolean,
    ticket: { clientEmail: string; sourceMessageId: number },
  ): Promise<string | null> {
    if (recipients.length === 0) return 'no recipients';
    if (!automatic) return null;
    if (await isAutomaticMail(db, ticket.sourceMessageId))
      return 'the request is itself an automatic message';
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

  return {
    async queueLetter(request: LetterRequest): Promise<void> {
      const existing = await db.query('SELECT 1 FROM letters WHERE ticket_id = $1 AND letter_key = $2', [
        request.ticketId,
        request.letterKey,
      ]);
      if (existing.rowCount) return;
      const ticket = await findTicketById(db, request.ticketId);
      if (!ticket) throw new RecordMissing(`ticket ${request.ticketId} does not exist`);
      const toStaff = request.staffAudience !== undefined || request.staffRecipients !== undefined;
      const recipients = toStaff ? await staffAddressesFor(request) : [ticket.clientEmail];
      const rendered = renderLetter(
        request.kind,
        {
          number: ticket.number,
          subject: ticket.subject,
          language: toStaff ? (request.staffLanguage ?? 'ru') : ticket.language,
          timeZone: settings.timeZone,
        },
        toStaff
          ? {
              clientEmail: ticket.clientEmail,
              summary: ticket.summary,
              urgency: ticket.urgency ?? undefined,
              rootCause: ticket.rootCause ?? undefined,
              ...request.params,
            }
          : (request.params ?? {}),
      );
      const automatic = request.kind === 'receipt' && !toStaff;
      const suppressed = await reasonNotToSend(recipients, automatic, ticket);
      const threading = await threadingHeaders(ticket);
      const headers: Record<string, string> = {
        ...threading.headers,
        'Auto-Submitted': automatic ? 'auto-replied' : 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-Triceps-Letter': request.kind, // names the letter for mail filters, ops and the tests
        ...(!toStaff && threading.clientMessageId
          ? { 'In-Reply-To': threading.clientMessageId, References: threading.clientMessageId }
          : {}),
      };
      await db.query(
        `INSERT INTO letters (ticket_id, letter_key, kind, recipients, subject, body_text, body_html, message_id,
                              headers, suppressed_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id, letter_key) DO NOTHING`,
        [
          ticket.id,
          request.letterKey,
          request.kind,
          recipients,
          rendered.subject,
          rendered.text,
          rendered.html,
          `<${ticket.number}.${request.letterKey}@${domain}>`,
          headers,
          suppressed,
        ],
      );
      if (suppressed) {
        await recordEvent(db, ticket.id, {
          key: `letter:${request.letterKey}`,
          kind: 'letter_suppressed',
          actor: 'system',
          details: { letter: request.kind, to: recipients, reason: suppressed },
        });
      }
    },

    async deliverLetter(request: { ticketId: number; letterKey: string }): Promise<{ sentAt?: string }> {
      const result = await db.query<LetterRow>(
        `SELECT recipients, subject, body_text, body_html, message_id, headers, sent_at, suppressed_reason, kind
           FROM letters WHERE ticket_id = $1 AND letter_key = $2`,
        [request.ticketId, request.letterKey],
      );
      const letter = result.rows[0];
      if (!letter)
        throw new RecordMissing(`letter ${request.letterKey} of ticket ${request.ticketId} was never queued`);
      if (letter.sent_at) return { sentAt: letter.sent_at.toISOString() };
      if (letter.suppressed_reason) return {};

      const { 'In-Reply-To': inReplyTo, References: references, ...headers } = letter.headers;
      try {
        await mailer.send({
          from: settings.supportAddress,
          to: letter.recipients,
          subject: letter.subject,
          text: letter.body_text,
          html: letter.body_html ?? undefined,
          messageId: letter.message_id,
          inReplyTo,
          references: references ? [references] : undefined,
          headers,
        });
      } catch (error) {
        await db.query(
          'UPDATE letters SET attempts = attempts + 1, last_error = $3 WHERE ticket_id = $1 AND letter_key = $2',
          [request.ticketId, request.letterKey, (error as Error).message],
        );
        if (isPermanentSmtpFailure(error)) throw new LetterRejected((error as Error).message);
        throw error;
      }
      const sent = await db.query<{ sent_at: Date }>(
        `UPDATE letters SET attempts = attempts + 1, sent_at = now(), last_error = NULL
          WHERE ticket_id = $1 AND letter_key = $2 RETURNING sent_at`,
        [request.ticketId, request.letterKey],
      );
      await recordEvent(db, request.ticketId, {
        key: `letter:${request.letterKey}`,
        kind: 'letter_sent',
        actor: 'system',
        details: {
          letter: letter.kind,
          to: letter.recipients,
          subject: letter.subject,
          messageId: letter.message_id,
        },
      });
      return { sentAt: sent.rows[0]!.sent_at.toISOString() };
    },
  };
}

async function isAutomaticMail(db: Database, inboundMessageId: number): Promise<boolean> {
  const result = await db.query<{ automatic: string | null }>(
    'SELECT automatic FROM inbound_messages WHERE id = $1',
    [inboundMessageId],
  );
  return !!result.rows[0]?.automatic;
}
