// The readable text of a client's mail, for the ticket summary; the raw bytes stay in the record.
import { simpleParser } from 'mailparser';

const SUMMARY_LIMIT = 4000;

export async function readRequestText(raw: Buffer): Promise<string> {
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    const text = parsed.text?.trim() || (typeof parsed.html === 'string' ? stripTags(parsed.html) : '');
    return text.slice(0, SUMMARY_LIMIT);
  } catch (error) {
    return `(the message could not be parsed: ${(error as Error).message})`;
  }
}

function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
