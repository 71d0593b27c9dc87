// Which ticket a mail replies to: by In-Reply-To/References to one of our letters first, then by
// the ticket number in the subject; and only when it comes from a participant of that ticket: the
// client, or someone on To/Cc of the client's mails. Anyone else starts a new request.
import type { Database } from '../db/pool';
import { threadByLetters, threadByTicketNumber, type Thread } from '../db/threads';
import type { InboundHeaders } from './inboundMessage';

export type { Thread };

export const ticketNumberPattern = /\b(TRC)[-\s]?(\d{6})\b/i;

export function ticketNumberIn(subject: string): string | undefined {
  const match = ticketNumberPattern.exec(subject);
  return match ? `TRC-${match[2]}` : undefined;
}

export async function findThread(db: Database, headers: InboundHeaders): Promise<Thread | undefined> {
  if (!headers.fromAddress) return undefined;
  const referenced = [headers.inReplyTo, ...headers.references].filter((id): id is string => !!id);
  const byHeaders = referenced.length
    ? await threadByLetters(db, referenced, headers.fromAddress)
    : undefined;
  if (byHeaders) return byHeaders;
  const tag = ticketNumberIn(headers.subject);
  return tag ? threadByTicketNumber(db, tag, headers.fromAddress) : undefined;
}
