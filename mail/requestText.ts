// What a client's mail says, read as well as it can be: subject, full text, a summary for the ticket
// (no quoted earlier mail, no signature) and attachments. Never throws; what failed is in `problems`.
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import iconv from 'iconv-lite';
import { MailParser, type AttachmentStream, type Headers } from 'mailparser';
import { detectCyrillicCharset, repairCharsets } from './charset';
import { MAX_SUBJECT_LENGTH } from './inboundMessage';

export interface ParsedRequest {
  subject: string;
  text: string; // the full readable text (from the text part, or from HTML when there is none), kept in full
  summary: string; // the text without quoted earlier mail and signature; at most SUMMARY_LIMIT characters
  html?: string;
  attachments: RequestAttachment[];
  problems: string[]; // what could not be read, in words for the staff
}

export interface RequestAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId?: string; // without angle brackets, as in the HTML's cid: links
  inline: boolean;
}

const SUMMARY_LIMIT = 4000;
const MAX_ATTACHMENTS = 100;
const MAX_MIME_PARTS = 10_000; // mailparser's default of 1000 fails the whole message; parsing more is cheap
const READ_TIME_LIMIT_MS = 20_000;
const FEED_CHUNK_BYTES = 64 * 1024;

export async function readRequestText(raw: Buffer): Promise<string> {
  return (await parseRequest(raw)).summary;
}

export async function parseRequest(raw: Buffer): Promise<ParsedRequest> {
  try {
    return await readRequest(raw);
  } catch (error) {
    // Not expected: every step below has its own fallback. The ticket still gets the raw text.
    const problem = `the message could not be read (${(error as Error).message}); the text is its raw body`;
    return request({
      subject: rawSubject(raw),
      text: rawBodyText(raw),
      attachments: [],
      problems: [problem],
    });
  }
}

async function readRequest(raw: Buffer): Promise<ParsedRequest> {
  const structure = checkStructure(raw);
  const { message, repairs } = repairCharsets(structure.message);
  const problems = [...structure.problems, ...repairs];

  let mail: MailContent;
  try {
    mail = await readMail(message);
  } catch (error) {
    const reason =
      error instanceof ReadTimeout
        ? error.message
        : /max header size/i.test((error as Error).message)
          ? 'the message is not valid MIME: a header block is over 1 MB, more than is read'
          : `the message is not valid MIME: ${(error as Error).message}`;
    problems.push(`${reason}; the text is its raw body`);
    return request({ subject: rawSubject(message), text: rawBodyText(message), attachments: [], problems });
  }

  const html = typeof mail.html === 'string' && mail.html ? mail.html : undefined;
  let text = mail.text ?? '';
  if (!text.trim() && html) {
    if (mail.textConversionError) {
      problems.push(
        `the HTML could not be converted to text (${mail.textConversionError.message}); tags were stripped`,
      );
    }
    text = htmlToPlainText(html);
  }
  if (!text.trim() && !html && mail.attachments.length === 0) {
    const body = rawBodyText(message);
    if (body.trim()) {
      problems.push('no readable text part was found; the text is the raw body');
      text = body;
    } else if (raw.length === 0) {
      problems.push('the message is empty');
    }
  }
  if (mail.attachmentCount > MAX_ATTACHMENTS) {
    problems.push(
      `the message has ${mail.attachmentCount} attachments; only the first ${MAX_ATTACHMENTS} are kept`,
    );
  }
  const subject = mail.headers?.get('subject');
  return request({
    subject: typeof subject === 'string' ? subject : '',
    text,
    html,
    attachments: mail.attachments,
    problems,
  });
}

function request(parts: Omit<ParsedRequest, 'summary'>): ParsedRequest {
  // PostgreSQL text cannot hold NUL: left in, the ticket could never be saved.
  const nul = /\0/g;
  const problems =
    parts.text.includes('\0') || parts.subject.includes('\0')
      ? [...parts.problems, 'the message holds NUL bytes, which were left out of its text']
      : [...parts.problems];
  if (parts.subject.length > MAX_SUBJECT_LENGTH) {
    problems.push(
      `the subject is ${parts.subject.length} characters long; the ticket shows its first ${MAX_SUBJECT_LENGTH}`,
    );
  }
  const text = parts.text.replace(nul, '').replace(/\r\n?/g, '\n');
  return { ...parts, subject: parts.subject.replace(nul, ''), text, problems, summary: summarise(text) };
}

// ---- Reading the MIME message ---------------------------------------------------------------------

interface MailContent {
  headers?: Headers;
  text?: string;
  html?: string | false;
  textConversionError?: Error;
  attachments: RequestAttachment[];
  attachmentCount: number;
}

/** mailparser as a stream, so that attachments past the cap are dropped unread and a slow parse can be cut. */
async function readMail(message: Buffer): Promise<MailContent> {
  const parser = new MailParser({
    skipImageLinks: true,
    skipTextToHtml: true,
    checksumAlgo: false,
    maxChildNodes: MAX_MIME_PARTS,
  });
  const mail: MailContent = { attachments: [], attachmentCount: 0 };
  parser.on('headers', (headers) => (mail.headers = headers));
  parser.on('data', (data) => {
    if (data.type === 'text') {
      Object.assign(mail, {
        text: data.text,
        html: data.html,
        textConversionError: data.textConversionError,
      });
    } else {
      mail.attachmentCount += 1;
      keepAttachment(data, mail.attachmentCount <= MAX_ATTACHMENTS ? mail.attachments : undefined);
    }
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadTimeout()), READ_TIME_LIMIT_MS);
  });
  const feed = async () => {
    for (let offset = 0; offset < message.length; offset += FEED_CHUNK_BYTES) {
      if (parser.destroyed) return;
      if (!parser.write(message.subarray(offset, offset + FEED_CHUNK_BYTES))) await once(parser, 'drain');
      await nextTurn(); // lets the time limit fire between chunks
    }
    parser.end();
    await ended;
  };
  ended.catch(() => undefined);
  timedOut.catch(() => undefined);
  try {
    await Promise.race([feed(), ended, timedOut]);
    return mail;
  } finally {
    clearTimeout(timer);
    if (!parser.writableFinished || !parser.readableEnded) parser.destroy();
  }
}

class ReadTimeout extends Error {
  constructor() {
    super(`reading the message took longer than ${READ_TIME_LIMIT_MS / 1000} s`);
  }
}

function keepAttachment(attachment: AttachmentStream, into: RequestAttachment[] | undefined): void {
  const chunks: Buffer[] = [];
  attachment.content.on('data', (chunk: Buffer) => into && chunks.push(chunk));
  attachment.content.once('end', () => {
    if (into) {
      const content = Buffer.concat(chunks);
      into.push({
        filename:
          attachment.filename || `attachment-${into.length + 1}${extensionFor(attachment.contentType)}`,
        contentType: attachment.contentType,
        size: content.length,
        content,
        contentId: attachment.cid,
        inline: attachment.contentDisposition === 'inline' || attachment.related === true,
      });
    }
    attachment.release?.();
  });
}

const extensionFor = (contentType: string) => {
  const subtype = /^[a-z]+\/([a-z0-9]+)$/i.exec(contentType)?.[1]?.toLowerCase();
  return subtype && subtype !== 'octet' ? `.${subtype}` : '';
};

// ---- A top-level structure mailparser cannot recover from by itself -----------------------------------

function headerBlock(latin: string): { head: string; body: string } {
  const end = /\r?\n\r?\n/.exec(latin);
  return end
    ? { head: latin.slice(0, end.index), body: latin.slice(end.index + end[0].length) }
    : { head: latin, body: '' };
}

/**
 * A multipart message whose boundary is missing or wrong reads as empty; one cut off before its
 * closing boundary reads fine but may have lost parts. The first is repaired, both are noted.
 */
function checkStructure(raw: Buffer): { message: Buffer; problems: string[] } {
  const latin = raw.toString('latin1');
  const { head, body } = headerBlock(latin);
  const field = /^content-type[ \t]*:[ \t]*multipart\/([\w.+-]+)((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)/im.exec(
    head,
  );
  if (!field) return { message: raw, problems: [] };
  const type = `multipart/${field[1]!.toLowerCase()}`;
  const declared = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(field[2]!);
  const boundary = declared?.[1] ?? declared?.[2];
  const delimiterLine = (name: string, closing = '') =>
    new RegExp(`(?:^|\\n)--${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${closing}[ \\t]*(?:\\r?\\n|$)`);
  if (boundary && delimiterLine(boundary).test(body)) {
    return delimiterLine(boundary, '--').test(body)
      ? { message: raw, problems: [] }
      : {
          message: raw,
          problems: [
            `the message is not valid MIME: it ends before the closing boundary of its ${type} body; parts may be missing`,
          ],
        };
  }
  const found = /(?:^|\n)--([\x21-\x7e]{1,70}?)(?:--)?[ \t]*\r?(?:\n|$)/.exec(body)?.[1];
  const what = boundary
    ? `names the boundary "${boundary}", which its body does not use`
    : 'names no boundary';
  if (!found || !/[A-Za-z0-9]/.test(found))
    return { message: raw, problems: [`the message is not valid MIME: its ${type} header ${what}`] };
  const repairedHead =
    head.slice(0, field.index) +
    `Content-Type: ${type}; boundary="${found}"` +
    head.slice(field.index + field[0].length);
  return {
    message: Buffer.from(repairedHead + latin.slice(head.length), 'latin1'),
    problems: [
      `the message is not valid MIME: its ${type} header ${what}; read with the boundary "${found}" found in the body`,
    ],
  };
}

// ---- Lenient fallbacks -------------------------------------------------------------------------------

/** The bytes after the header block, in whatever charset they read best. */
function rawBodyText(message: Buffer): string {
  const { body } = headerBlock(message.toString('latin1'));
  const bytes = Buffer.from(body, 'latin1');
  return iconv.decode(bytes, detectCyrillicCharset(bytes) ?? 'utf-8').replace(/\r\n?/g, '\n');
}

function rawSubject(message: Buffer): string {
  const { head } = headerBlock(message.toString('latin1'));
  const subject = /^subject[ \t]*:((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)/im.exec(head)?.[1];
  if (!subject) return '';
  const bytes = Buffer.from(subject.replace(/\r?\n(?=[ \t])/g, '').trim(), 'latin1');
  return iconv.decode(bytes, detectCyrillicCharset(bytes) ?? 'utf-8');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** For HTML mailparser could not convert: keeps the line breaks of block elements, drops the rest. */
function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<\/?(p|div|li|tr|h[1-6]|blockquote|table|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      const code =
        name.startsWith('#x') || name.startsWith('#X')
          ? parseInt(name.slice(2), 16)
          : name.startsWith('#')
            ? Number(name.slice(1))
            : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---- The summary: the client's own words ---------------------------------------------------------------

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(original message|исходное сообщение|оригинальное сообщение)\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(from|от)\s*:\*?\s*\S/i;
const OUTLOOK_SENT = /^\s*\*?(sent|date|отправлено|дата)\s*:/i;
const ATTRIBUTION = /(wrote|writes|пишет|написала?|написал\s*\(а\)|писала?)\s*:\s*$/i;
const SIGNATURE_DELIMITER = /^-- ?$/;
const CLOSING =
  /^\s*(с уважением|с наилучшими пожеланиями|с благодарностью|всего доброго|всего наилучшего|best regards|kind regards|warm regards|regards|best wishes|sincerely|yours sincerely|cheers|отправлено (с|из) .{1,60}|sent from my .{1,40})\s*([,.!]\s*.{0,60})?$/i;
const SHORT_BLOCK_LINES = 8;

function summarise(text: string): string {
  const lines = text.split('\n');
  let own = withoutQuotedMail(lines);
  own = withoutSignature(own);
  const summary = own
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // A mail that is nothing but quoted text (a bare forward) still says something: keep it whole.
  const chosen = summary || text.trim();
  const cut = chosen.slice(0, SUMMARY_LIMIT);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function withoutQuotedMail(lines: string[]): string[] {
  const own: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (startsQuotedMail(lines, i)) break;
    if (!/^\s*>/.test(line)) own.push(line);
  }
  return own;
}

function startsQuotedMail(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (ORIGINAL_MESSAGE.test(line)) return true;
  const next = lines.slice(i + 1, i + 6);
  if (OUTLOOK_FROM.test(line) && next.some((following) => OUTLOOK_SENT.test(following))) return true;
  if (/^\s*_{10,}\s*$/.test(line) && next.slice(0, 2).some((following) => OUTLOOK_FROM.test(following)))
    return true;
  if (ATTRIBUTION.test(line) && line.length <= 250) return true;
  // "On Mon, 1 Jan 2024 at 10:00, Ivan <ivan@x.ru>\nwrote:": clients wrap a long attribution line.
  const wrapped = lines[i + 1];
  if (
    wrapped !== undefined &&
    ATTRIBUTION.test(wrapped) &&
    wrapped.length <= 60 &&
    /^\s*(on|am|le|el)\s|^\s*\d|@/i.test(line)
  ) {
    return true;
  }
  // "15.01.2024, 10:00, Иван <ivan@x.ru>:" above a quote: an attribution in no particular language.
  if (!/:\s*$/.test(line) || !/@|\d{1,2}[:.]\d{2}/.test(line)) return false;
  const nextText = lines.slice(i + 1, i + 4).find((following) => following.trim() !== '');
  return nextText !== undefined && /^\s*>/.test(nextText);
}

function withoutSignature(lines: string[]): string[] {
  const delimiter = lines.findIndex((line) => SIGNATURE_DELIMITER.test(line));
  const own = delimiter >= 0 ? lines.slice(0, delimiter) : lines;
  const closing = own.findIndex((line, i) => CLOSING.test(line) && isShortBlock(own.slice(i + 1)));
  return closing >= 0 ? own.slice(0, closing) : own;
}

function isShortBlock(lines: string[]): boolean {
  const filled = lines.filter((line) => line.trim() !== '');
  return filled.length <= SHORT_BLOCK_LINES && filled.every((line) => line.length <= 100);
}
