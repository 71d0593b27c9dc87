// Sending letters, at most once per (ticket, letter key): a retried activity finds the letter sent.
import type { Database } from '../db/pool';
import { findTicketById, recordEvent } from '../db/tickets';
import { renderLetter, type LetterKind, type LetterParams } from '../domain/letters';
import type { Language } from '../domain/ticket';
import type { Mailer } from '../mail/mailer';

export interface LetterRequest {
  ticketId: number;
  letterKey: string; // unique within the ticket, e.g. "receipt" or "promise-2"
  kind: LetterKind;
  params?: LetterParams;
  staffRecipients?: string[]; // a letter to staff; absent: to the client, in the client's language
  staffLanguage?: Language;
}

export interface LetterSettings {
  supportAddress: string;
  timeZone: string;
}

export function letterActivities(db: Database, mailer: Mailer, settings: LetterSettings) {
  const domain = settings.supportAddress.split('@')[1] ?? 'triceps.local';

  return {
    async sendLetter(request: LetterRequest): Promise<{ messageId: string; sent: boolean }> {
      const ticket = await findTicketById(db, request.ticketId);
      if (!ticket) throw new Error(`ticket ${request.ticketId} does not exist`);
      const toStaff = request.staffRecipients !== undefined;
      const recipients = toStaff ? request.staffRecipients! : [ticket.clientEmail];
      const messageId = `<${ticket.number}.${request.letterKey}@${domain}>`;
      if (recipients.length === 0) return { messageId, sent: false };

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
      await db.query(
        `INSERT INTO letters (ticket_id, letter_key, kind, recipients, subject, body_text, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id, letter_key) DO NOTHING`,
        [ticket.id, request.letterKey, request.kind, recipients, rendered.subject, rendered.text, messageId],
      );
      const letter = await db.query<{ sent_at: Date | null }>(
        'SELECT sent_at FROM letters WHERE ticket_id = $1 AND letter_key = $2',
        [ticket.id, request.letterKey],
      );
      if (letter.rows[0]?.sent_at) return { messageId, sent: true };

      const source = await db.query<{ message_key: string }>(
        'SELECT message_key FROM inbound_messages WHERE id = $1',
        [ticket.sourceMessageId],
      );
      const clientMessageId = source.rows[0]?.message_key.startsWith('<')
        ? source.rows[0].message_key
        : undefined;
      try {
        await mailer.send({
          from: settings.supportAddress,
          to: recipients,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          inReplyTo: toStaff ? undefined : clientMessageId,
          references: !toStaff && clientMessageId ? [clientMessageId] : undefined,
          headers: { 'Auto-Submitted': toStaff ? 'auto-generated' : 'auto-replied' },
        });
      } catch (error) {
        await db.query(
          'UPDATE letters SET attempts = attempts + 1, last_error = $3 WHERE ticket_id = $1 AND letter_key = $2',
          [ticket.id, request.letterKey, (error as Error).message],
        );
        throw error;
      }
      await db.query(
        'UPDATE letters SET attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE ticket_id = $1 AND letter_key = $2',
        [ticket.id, request.letterKey],
      );
      await recordEvent(db, ticket.id, {
        key: `letter:${request.letterKey}`,
        kind: 'letter_sent',
        actor: 'system',
        details: { letter: request.kind, to: recipients, subject: rendered.subject, messageId },
      });
      return { messageId, sent: true };
    },
  };
}
