// Mail written by robots: auto-replies, bounces, list and bulk mail, our own letters. No automatic
// letter of ours ever answers one, so that two robots cannot mail each other forever.
import type { InboundEnvelope } from './inboundMessage';

export type AutomaticKind =
  | 'bounce' // a delivery status notification, mostly about one of our letters
  | 'auto-reply' // vacation notices, autoresponders, read receipts
  | 'own-address' // our own letter came back in
  | 'list' // mailing-list traffic
  | 'bulk' // newsletters and other bulk mail
  | 'no-auto-reply-requested'; // the sender asks not to be auto-answered (X-Auto-Response-Suppress)

/** The kinds that never become a ticket; the others do, but get no receipt. */
export const ignoredKinds: readonly AutomaticKind[] = ['bounce', 'auto-reply', 'own-address'];

export interface MailTraits {
  header(name: string): string | undefined; // a header's raw value, lower-case name
  contentType: string; // e.g. 'multipart/report'
  reportType?: string; // the report-type parameter of multipart/report
  fromAddress?: string;
}

const robotSenders = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

export function classifyAutomaticMail(
  traits: MailTraits,
  envelope: InboundEnvelope,
  ownAddresses: readonly string[],
): AutomaticKind | undefined {
  const from = traits.fromAddress?.toLowerCase();
  if (from && ownAddresses.some((address) => address.toLowerCase() === from)) return 'own-address';
  if (traits.contentType === 'multipart/report') {
    return traits.reportType === 'disposition-notification' ? 'auto-reply' : 'bounce';
  }
  const returnPath = traits.header('return-path')?.trim();
  if (envelope.mailFrom === '' || returnPath === '<>' || (from && robotSenders.test(from))) return 'bounce';
  const autoSubmitted = traits.header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-reply';
  if (traits.header('x-autoreply') || traits.header('x-autorespond') || traits.header('x-autoresponder')) {
    return 'auto-reply';
  }
  const precedence = traits.header('precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto-reply';
  if (traits.header('list-id') || traits.header('list-unsubscribe') || precedence === 'list') return 'list';
  if (precedence === 'bulk' || precedence === 'junk') return 'bulk';
  if (traits.header('x-auto-response-suppress')) return 'no-auto-reply-requested';
  return undefined;
}

const ourMessageId = /<(TRC-\d{6})\.([\w.-]+)@[^>\s]+>/g;

/** Our letters a bounce or auto-reply refers to: Message-IDs of ours found anywhere in it. */
export function referencedLetters(raw: Buffer): { number: string; letterKey: string; messageId: string }[] {
  const text = raw.toString('latin1');
  return [...text.matchAll(ourMessageId)].map((match) => ({
    number: match[1]!,
    letterKey: match[2]!,
    messageId: match[0],
  }));
}

/** The reason a DSN gives for the failure (Diagnostic-Code, else Status), for staff to read. */
export function bounceReason(raw: Buffer): string {
  const text = raw.toString('utf8');
  const diagnostic = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(text)?.[1];
  const status = /^Status:\s*(\S+)/im.exec(text)?.[1];
  return (diagnostic ?? (status ? `status ${status}` : 'the message could not be delivered'))
    .replace(/\s+/g, ' ')
    .trim();
}
