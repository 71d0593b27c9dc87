// A ticket's conversation as staff read it: the client's mail and our letters in the order they happened,
// with the staff's comments and resolutions between them, marked internal.
import { attachmentsOfMessages, type ListedAttachment } from '../db/attachments';
import { inboundMailOf, outboundLettersOf, staffNotesOf, type StaffNote } from '../db/conversation';
import type { Database } from '../db/pool';
import type { MailAuthentication } from '../mail/authentication';
import type { TicketRecord } from '../db/tickets';
import { keepMessageText } from '../mail/messageText';

export interface ConversationEntry {
  direction: 'in' | 'out' | 'note';
  kind: string; // in: request, reply, linked_request, automatic; out: the letter's kind; note: comment, resolution
  internal: boolean; // not seen by the client: staff notes, letters to staff
  at: string;
  from: string | null; // null for our letters: they come from the support address
  fromName?: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  text: string;
  attachments: AttachmentView[];
  automatic?: string; // in: why a robot's mail is automatic (auto-reply, bounce…)
  linkedTicket?: string; // in: the ticket a stranger's request naming this one opened
  authentication?: MailAuthentication | null; // in: SPF, DKIM, DMARC and ARC as checked at intake
  sentAt?: string | null; // out: when it left; null while queued or held back
}

export interface AttachmentView {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  url: string;
}

export const attachmentUrl = (id: number) => `/api/attachments/${id}`;

const attachmentView = (attachment: ListedAttachment): AttachmentView => ({
  id: attachment.id,
  filename: attachment.filename,
  contentType: attachment.contentType,
  size: attachment.size,
  inline: attachment.inline,
  url: attachmentUrl(attachment.id),
});

export async function conversationOf(db: Database, ticket: TicketRecord): Promise<ConversationEntry[]> {
  const [inbound, letters, notes] = await Promise.all([
    inboundMailOf(db, ticket.id),
    outboundLettersOf(db, ticket.id),
    staffNotesOf(db, ticket.id),
  ]);
  // Mail stored before decoded text was kept is decoded now, once, and kept (with its attachments).
  for (const mail of inbound) {
    if (mail.text === null) mail.text = (await keepMessageText(db, mail.id)).text;
  }
  const attachments = await attachmentsOfMessages(
    db,
    inbound.map((mail) => mail.id),
  );

  const entries: ConversationEntry[] = [
    ...inbound.map((mail): ConversationEntry => ({
      direction: 'in',
      kind: mail.role,
      internal: false,
      at: mail.receivedAt.toISOString(),
      from: mail.from,
      fromName: mail.fromName,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      text: mail.text ?? '',
      attachments: attachments
        .filter((attachment) => attachment.inboundMessageId === mail.id)
        .map(attachmentView),
      ...(mail.automatic ? { automatic: mail.automatic } : {}),
      ...(mail.linkedTicket ? { linkedTicket: mail.linkedTicket } : {}),
      authentication: mail.authentication,
    })),
    ...letters.map((letter): ConversationEntry => ({
      direction: 'out',
      kind: letter.kind,
      internal: !letter.recipients.some((to) => to.toLowerCase() === ticket.clientEmail),
      at: (letter.sentAt ?? letter.createdAt).toISOString(),
      from: null,
      to: letter.recipients,
      cc: [],
      subject: letter.subject,
      text: letter.text,
      attachments: [],
      sentAt: letter.sentAt ? letter.sentAt.toISOString() : null,
    })),
    ...notes.map(noteEntry),
  ];
  // A stable sort: what happened at the same moment keeps the order above (mail, letters, notes).
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function noteEntry(note: StaffNote): ConversationEntry {
  const details = note.details as Record<string, string | boolean | undefined>;
  const text =
    note.kind === 'comment'
      ? String(details.text ?? '')
      : [
          `What was fixed: ${details.whatWasFixed ?? ''}`,
          `How: ${details.how ?? ''}`,
          `Prevention: ${details.prevention ?? ''}`,
        ].join('\n');
  return {
    direction: 'note',
    kind: note.kind === 'comment' ? 'comment' : 'resolution',
    internal: true,
    at: note.at.toISOString(),
    from: note.actor,
    to: [],
    cc: [],
    subject: null,
    text,
    attachments: [],
  };
}
