// Sending letters, at most once per (ticket, letter key): a retried activity finds the letter sent.
import type { Database } from '../db/pool';
import { findTicketById, recordEvent } from '../db/tickets';
import { renderReceipt, type LetterKind, type RenderedLetter } from '../domain/letters';
import type { Mailer } from '../mail/mailer';

export interface LetterRequest {
  ticketId: number;
  letterKey: string; // unique within the ticket, e.g. "receipt" or "promise-2"
  kind: LetterKind;
}

export interface LetterSettings {
  supportAddress: string;
  timeZone: string;
}

export function letterActivities(db: Database, mailer: Mailer, settings: LetterSettings) {
  const domain = settings.supportAddress.split('@')[1] ?? 'triceps.local';

  return {
    async sendLetter(request: LetterRequest): Promise<{ messageId: string }> {
      const ticket = await findTicketById(db, request.ticketId);
      if (!ticket) throw new Error(`ticket ${request.ticketId} does not exist`);
      const context = {
        number: ticket.number,
        subject: ticket.subject,
        language: ticket.language,
        timeZone: settings.timeZone,
      };
      const rendered: RenderedLetter = renderReceipt(context);
      const messageId = `<${ticket.number}.${request.letterKey}@${domain}>`;
      await db.query(
        `INSERT INTO letters (ticket_id, letter_key, kind, recipients, subject, body_text, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id, letter_key) DO NOTHING`,
        [
          ticket.id,
          request.letterKey,
          request.kind,
          [ticket.clientEmail],
          rendered.subject,
          rendered.text,
          messageId,
        ],
      );
      const letter = await db.query<{ sent_at: Date | null }>(
        'SELECT sent_at FROM letters WHERE ticket_id = $1 AND letter_key = $2',
        [ticket.id, request.letterKey],
      );
      if (letter.rows[0]?.sent_at) return { messageId };

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
          to: [ticket.clientEmail],
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          inReplyTo: clientMessageId,
          references: clientMessageId ? [clientMessageId] : undefined,
          headers: { 'Auto-Submitted': 'auto-replied' },
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
        details: { letter: request.kind, to: [ticket.clientEmail], subject: rendered.subject, messageId },
      });
      return { messageId };
    },
  };
}
