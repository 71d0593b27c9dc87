// The readable text of an attachment clients send as text (error logs, .txt, .csv, configuration files), so
// that search finds what is in them. Other files (images, PDFs, archives) have none.
import iconv from 'iconv-lite';
import { detectCyrillicCharset } from './charset';

const TEXT_TYPES = /^(text\/(?!html)|application\/(json|xml|x-ndjson|csv|x-yaml|yaml|x-log|x-sh)\b)/i;
const TEXT_EXTENSIONS = /\.(txt|log|csv|tsv|json|xml|ini|conf|cfg|yaml|yml|md|out|err|trace|sql)$/i;
const TEXT_LIMIT = 200_000; // characters kept for search; a log's beginning and its error are usually there

/** The text of a text attachment in whatever charset it reads best, or undefined when it is not text. */
export function attachmentText(filename: string, contentType: string, content: Buffer): string | undefined {
  if (!TEXT_TYPES.test(contentType) && !TEXT_EXTENSIONS.test(filename)) return undefined;
  const sample = content.subarray(0, 8192);
  if (sample.includes(0) && !looksLikeUtf16(sample)) return undefined; // binary after all
  const text = looksLikeUtf16(sample)
    ? iconv.decode(content, sample[0] === 0xfe ? 'utf-16be' : 'utf-16le')
    : iconv.decode(content, detectCyrillicCharset(content) ?? 'utf-8');
  const cut = text
    .replace(/^\ufeff/, '')
    .replace(/\0/g, '')
    .slice(0, TEXT_LIMIT);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const looksLikeUtf16 = (bytes: Buffer) =>
  (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
