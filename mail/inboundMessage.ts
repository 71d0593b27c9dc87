// What intake needs to know of a raw message before it is stored: its key, sender and subject.
// Parsing never throws: a message that cannot be read is still kept, keyed by its bytes.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { classifyAutomaticMail, type AutomaticKind } from './automaticMail';
import { readableMessage } from './charset';

export interface InboundEnvelope {
  mailFrom?: string;
  rcptTo: string[];
  clientIp?: string; // the SMTP client, when it is the sender's own server (not a relay of ours, not IMAP)
  helo?: string;
}

export interface InboundHeaders {
  messageKey: string;
  fromAddress?: string;
  fromName?: string;
  subject: string;
  inReplyTo?: string;
  references: string[];
  to: string[];
  cc: string[];
  automatic?: AutomaticKind;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An ID that follows from the message key, for mail that makes no ticket (a request's is its ticket number). */
export function workflowIdFor(messageKey: string): string {
  return `request-${sha256(messageKey).slice(0, 32)}`;
}

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const object = Array.isArray(from) ? from[0] : from;
  return object?.value[0];
}

function allAddresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []]
    .flat()
    .flatMap((object) => object.value)
    .map((address) => address.address?.toLowerCase())
    .filter((address): address is string => !!address);
}

function headerTexts(parsed: ParsedMail, name: string): string[] {
  return parsed.headerLines
    .filter((header) => header.key === name)
    .map(({ line }) => line.slice(line.indexOf(':') + 1).trim());
}

// PostgreSQL text cannot hold NUL: a header with one would fail the insert, and the sender would retry forever.
function withoutNul<T extends string | undefined>(text: T): T {
  return text?.replace(/\0/g, '') as T;
}

export async function readInboundHeaders(
  raw: Buffer,
  envelope: InboundEnvelope = { rcptTo: [] },
  ownAddresses: readonly string[] = [],
): Promise<InboundHeaders> {
  const messageKey = () => `sha256:${sha256(raw)}`; // for mail without a Message-ID
  try {
    return await readHeaders(readableMessage(raw), messageKey, envelope, ownAddresses);
  } catch {
    // Too large or too broken to read whole (a header over 1 MB, thousands of parts): its header fields, cut
    // short, still name the sender and the subject.
    try {
      return await readHeaders(shortenedHeader(raw), messageKey, envelope, ownAddresses);
    } catch {
      return { messageKey: messageKey(), subject: '', references: [], to: [], cc: [] };
    }
  }
}

const MAX_FIELD_BYTES = 8 * 1024;
const MAX_HEADER_BYTES = 256 * 1024;

/** The message's header block alone, each field cut to MAX_FIELD_BYTES, at most MAX_HEADER_BYTES in all. */
function shortenedHeader(raw: Buffer): Buffer {
  const latin = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(latin);
  const head = end ? latin.slice(0, end.index) : latin;
  const fields = head.split(/\r?\n(?![ \t])/);
  let kept = '';
  for (const field of fields) {
    const cut = field.slice(0, MAX_FIELD_BYTES).replace(/\r?\n?[ \t]*$/, '');
    if (kept.length + cut.length > MAX_HEADER_BYTES) break;
    kept += `${cut}\r\n`;
  }
  return readableMessage(Buffer.from(`${kept}\r\n`, 'latin1'));
}

/** The longest line RFC 5322 allows: a subject longer than this is cut (the full one stays in the raw mail). */
export const MAX_SUBJECT_LENGTH = 998;

const shortSubject = (subject: string) =>
  subject.length > MAX_SUBJECT_LENGTH ? `${subject.slice(0, MAX_SUBJECT_LENGTH - 1)}…` : subject;

async function readHeaders(
  message: Buffer,
  messageKey: () => string,
  envelope: InboundEnvelope,
  ownAddresses: readonly string[],
): Promise<InboundHeaders> {
  const parsed = await simpleParser(message, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const sender = firstAddress(parsed.from);
  const contentType = parsed.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  const automatic = classifyAutomaticMail(
    {
      header: (name) => headerTexts(parsed, name)[0],
      headerValues: (name) => headerTexts(parsed, name),
      contentType: contentType?.value ?? 'text/plain',
      reportType: contentType?.params?.['report-type'],
      fromAddress: sender?.address,
      subject: parsed.subject ?? '',
    },
    envelope,
    ownAddresses,
  );
  return {
    messageKey: withoutNul(parsed.messageId?.trim()) || messageKey(),
    fromAddress: withoutNul(sender?.address?.toLowerCase()),
    fromName: withoutNul(sender?.name) || undefined,
    subject: shortSubject(withoutNul(parsed.subject) ?? ''),
    inReplyTo: withoutNul(parsed.inReplyTo),
    references: [parsed.references ?? []].flat().map((reference) => withoutNul(reference)),
    to: allAddresses(parsed.to).map((address) => withoutNul(address)),
    cc: allAddresses(parsed.cc).map((address) => withoutNul(address)),
    automatic,
  };
}
