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
  header(name: string): string | undefined; // a header's raw value (the first of its name), lower-case name
  headerValues(name: string): string[]; // every value of a header that may repeat (Delivered-To)
  contentType: string; // e.g. 'multipart/report'
  reportType?: string; // the report-type parameter of multipart/report
  fromAddress?: string;
  subject: string; // decoded (RFC 2047 words already read)
}

const robotSenders = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/** Case, accents, width and spacing folded away, so "Réponse automatique" and "REPONSE  AUTOMATIQUE" meet. */
const fold = (text: string) =>
  text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').replace(/\s+/g, ' ').trim();

// What mail programs put before the subject of an auto-reply or an out-of-office notice, as written (folded
// below). Many are also ordinary words ("Автоответ" is a feature of Triceps a client may write about), so a
// phrase counts only in the shape the programs give it: followed by a colon, or bracketed.
const autoReplyPhrases = [
  'auto[- ]?reply', 'auto[- ]?response', 'automatic reply', 'automatic response', 'automated reply',
  'automated response', 'out of (?:the )?office', 'out of (?:the )?office (?:auto[- ]?)?reply',
  'abwesenheitsnotiz', 'automatische antwort',
  'réponse automatique', "réponse automatique d'absence du bureau", 'absence du bureau',
  'respuesta automática', 'fuera de la oficina', 'risposta automatica', 'fuori sede', 'fuori ufficio',
  'resposta automática', 'ausente do escritório', 'fora do escritório',
  'automatisch antwoord', 'afwezig', 'afwezigheid',
  'autosvar', 'automatiskt svar', 'automatisk svar', 'frånvaro', 'frånvaromeddelande', 'fravær',
  'fraværsmelding', 'fraværende', 'automaattinen vastaus', 'poissa toimistolta',
  'automaatne vastus', 'automātiskā atbilde', 'automatinis atsakymas',
  'odpowiedź automatyczna', 'automatyczna odpowiedź', 'autoodpowiedź', 'automatická odpověď',
  'automatická odpoveď', 'automatikus válasz', 'răspuns automat', 'automatski odgovor', 'samodejni odgovor',
  'αυτόματη απάντηση', 'otomatik yanıt', 'otomatik cevap',
  'автоответ', 'автоматический ответ', 'автовідповідь', 'автоматична відповідь', 'аўтаматычны адказ',
  'автоматичен отговор', 'аутоматски одговор',
  '自动回复', '自動回覆', '自動回復', '自动答复', '自動応答', '自動返信', '不在通知', '자동 회신', '자동 응답',
  'trả lời tự động', 'balasan otomatis', 'תשובה אוטומטית', 'رد تلقائي',
].map(fold); // prettier-ignore
const phrase = `(?:${autoReplyPhrases.join('|')})`;

const autoReplyShapes = [
  new RegExp(`^${phrase} ?:`, 'u'), // Outlook, Exchange, Gmail, Yandex, Thunderbird, in every language
  new RegExp(`^[[(]${phrase}[\\])]`, 'u'), // [Auto-Reply] and the like
  /^out of (?:the )?office(?: (?:auto[- ]?reply|reply|notice|notification|message))?[.!]?$/u,
  // Lotus Notes: "AUTO: Jane Doe is out of the office (returning 05.06.2024)"
  /^(?:auto: )?[^:]{1,80} (?:is|am) (?:currently )?out of (?:the )?office(?: until [^:]*| \([^)]*\)| returning [^:]*)?[.!]?$/u,
];

// Reply and forward prefixes (Re:, AW:, SV:, Ответ:, 回复: …) and tags such as [EXTERNAL], one at a time.
const subjectPrefix =
  /^(?:(?:re|aw|sv|vs|antw|antwort|odp|ats|atb|vast|vl|ynt|yanit|rif|r|res|ref|rv|enc|wg|fw|fwd|tr|doorst|pd|отв|ответ|回复|回覆|答复|返信|转发|轉寄|답장|전달|σχετ|رد)(?: ?[[(]\d+[\])])? ?:|\[[^\]]{1,40}\]) ?/u;

/** Whether the subject is an auto-reply's, whatever prefixes a forward or a reply put before it. */
export function isAutoReplySubject(subject: string): boolean {
  let rest = fold(subject);
  for (;;) {
    if (autoReplyShapes.some((shape) => shape.test(rest))) return true;
    const prefix = subjectPrefix.exec(rest);
    if (!prefix || !prefix[0]) return false;
    rest = rest.slice(prefix[0].length);
  }
}

const listHeaders = [
  'list-id',
  'list-unsubscribe',
  'list-post',
  'mailing-list',
  'x-mailman-version',
  'x-google-group-id',
];

/** List mail: RFC 2369 headers, ezmlm's Mailing-List and Delivered-To, Mailman's and Google Groups' own. */
function isListMail(traits: MailTraits, precedence: string | undefined): boolean {
  return (
    precedence === 'list' ||
    listHeaders.some((name) => traits.header(name) !== undefined) ||
    traits.headerValues('delivered-to').some((value) => /^mailing list\b/i.test(value.trim()))
  );
}

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
  // Some auto-replies say so only in their subject; an auto-reply sent round a list is still an auto-reply.
  if (isAutoReplySubject(traits.subject)) return 'auto-reply';
  if (isListMail(traits, precedence)) return 'list';
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
