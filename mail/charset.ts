// Makes the Cyrillic mail Russian clients really send readable before mailparser sees it: raw 8-bit
// headers become RFC 2047 words, and text parts get the charset their bytes are actually in.
import iconv from 'iconv-lite';

export type CyrillicCharset = 'utf-8' | 'windows-1251' | 'koi8-r';

export interface CharsetRepair {
  message: Buffer; // the raw message itself when nothing needed repair
  repairs: string[]; // what was changed, in words for the ticket's problems
}

/**
 * The charset 8-bit text is in: 'utf-8' when it is valid UTF-8 (Cyrillic or not), else windows-1251
 * or KOI8-R by Russian letter statistics; undefined for plain ASCII or 8-bit text that reads as
 * Russian in neither (Latin-1 accents, for instance).
 */
export function detectCyrillicCharset(bytes: Buffer): CyrillicCharset | undefined {
  return weighEvidence(bytes)?.charset;
}

/** The raw message unchanged when it is already readable, else a repaired copy. */
export function readableMessage(raw: Buffer): Buffer {
  return repairCharsets(raw).message;
}

export function repairCharsets(raw: Buffer): CharsetRepair {
  try {
    const message = raw.toString('latin1'); // one char per byte, so unchanged slices stay byte-exact
    const walk: Walk = { eol: /\r\n/.test(message.slice(0, 4096)) ? '\r\n' : '\n', repairs: [], parts: 0 };
    const repaired = repairEntity(message, walk, 0);
    return repaired === message
      ? { message: raw, repairs: [] }
      : { message: Buffer.from(repaired, 'latin1'), repairs: walk.repairs };
  } catch {
    return { message: raw, repairs: [] }; // a repair must never cost the message
  }
}

// ---- Telling the charsets apart -------------------------------------------------------------------

interface Evidence {
  charset: CyrillicCharset;
  cyrillic: boolean; // the text reads as Russian, not merely as valid UTF-8
  decisive: boolean; // long enough, and far enough ahead, to overrule a declared Cyrillic charset
}

const SCORED_BYTES = 64 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function weighEvidence(bytes: Buffer): Evidence | undefined {
  if (!bytes.some((byte) => byte >= 0x80)) return undefined;
  try {
    const text = strictUtf8.decode(bytes);
    return { charset: 'utf-8', cyrillic: /[\u0400-\u04ff]/.test(text), decisive: true };
  } catch {
    // not UTF-8: one of the single-byte charsets, or none we know
  }
  // UTF-8 with a stray bad byte (a cut-off line, a pasted fragment) is still UTF-8: read as cp1251 it
  // would all turn to mojibake. Single-byte Cyrillic text hardly ever forms a valid UTF-8 letter.
  const lenient = lenientUtf8.decode(bytes.subarray(0, SCORED_BYTES));
  const letters = lenient.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  if (letters > 0 && letters >= 2 * (lenient.match(/\ufffd/g)?.length ?? 0)) {
    return { charset: 'utf-8', cyrillic: true, decisive: false };
  }
  const sample = bytes.subarray(0, SCORED_BYTES);
  const windows = scoreRussian(iconv.decode(sample, 'windows-1251'));
  const koi = scoreRussian(iconv.decode(sample, 'koi8-r'));
  windows.score += 0.5; // on a tie, the charset most mail is in today
  const [charset, best, other] =
    koi.score > windows.score
      ? (['koi8-r', koi, windows] as const)
      : (['windows-1251', windows, koi] as const);
  // Latin-1 accents read as Cyrillic land inside Latin words ("cafй"): not Russian at all.
  if (best.russianWords === 0 || best.russianWords * 2 < best.cyrillicWords) return undefined;
  const lead = (best.score - other.score) / Math.max(best.letters, 1);
  return { charset, cyrillic: true, decisive: best.letters >= 30 && lead >= 0.6 };
}

// Russian letter frequencies in per cent (ё as often written as such in mail, not as in print).
// prettier-ignore
const LETTER_FREQUENCY: Record<string, number> = {
  о: 10.97, е: 8.45, а: 8.01, и: 7.35, н: 6.7, т: 6.26, с: 5.47, р: 4.73, в: 4.54, л: 4.4, к: 3.49,
  м: 3.21, д: 2.98, п: 2.81, у: 2.62, я: 2.01, ы: 1.9, ь: 1.74, г: 1.7, з: 1.65, б: 1.59, ч: 1.44,
  й: 1.21, х: 0.97, ж: 0.94, ш: 0.73, ю: 0.64, ц: 0.48, щ: 0.36, э: 0.32, ф: 0.26, ъ: 0.04, ё: 0.5,
};
const LETTER_LOG = new Map(
  Object.entries(LETTER_FREQUENCY).map(([letter, p]) => [letter, Math.log(p / 100)]),
);

// Frequent Russian bigrams. In the wrong charset a letter turns into another one, so these mostly vanish.
const COMMON_BIGRAMS = new Set(
  `ст но то на ен ов ни ра во ко ал ро по ре пр ер ос го ол ли ан не ть ет ом от ел ка ор ле ва ла ил
  ки ит ат од ес ск ин ве та де ри ти ас ль ло ак ем ам ма ме ев ой об ны ся ог ий ые ая ое ие ый ую ми
  ди да ед ош ши ик из ез ку ля лю чт чн ча че чи ща ще ци щи жи жа же ше са се си со су тв тр тк тн мо
  му мн ну зн за зд зо бо бы бр бе ба бу бл ви вы вл вн вр вс дл дн др до ду дв ее ей ии ия иц им ис их
  юч ют ят ях ящ ыв ых ым он оч ус уж уд ут ук ун ур ул уп ге гл гр га ги гу жн ье ьн ьс ью ья ьк ьм ав
  ад аз ай ап ар ах ач аш яв яз ям ян яс эт эк ек еж ег ез ец еч еш ещ ив иг ид иж ир иш оп ок ощ ож
  пе пи пл пу па ры ру рт рн рм рк рд рв рг рш ющ`.split(/\s+/),
);

const TYPOGRAPHIC = new Set('«»—–…“”„‘’№\u00a0•©®°±§'); // cp1251 punctuation Russian text really uses

interface RussianScore {
  score: number; // log-likelihood-like, in nats
  letters: number;
  cyrillicWords: number;
  russianWords: number; // Cyrillic words with no Latin letter in them
}

function scoreRussian(text: string): RussianScore {
  const result: RussianScore = { score: 0, letters: 0, cyrillicWords: 0, russianWords: 0 };
  for (const [token] of text.matchAll(/[A-Za-zА-Яа-яЁё]+|[\u0080-\uffff]/g)) {
    if (!/[А-Яа-яЁё]/.test(token)) {
      if (!/[A-Za-z]/.test(token)) result.score += symbolScore(token);
      continue;
    }
    result.cyrillicWords += 1;
    if (/[A-Za-z]/.test(token)) {
      result.score -= 3;
      continue;
    }
    result.russianWords += 1;
    result.letters += token.length;
    result.score += wordScore(token);
  }
  return result;
}

function symbolScore(symbol: string): number {
  if (TYPOGRAPHIC.has(symbol)) return 0;
  if (/[\u0400-\u04ff]/.test(symbol)) return -5; // Ukrainian or Serbian letters: rare in Russian mail
  return -8; // box drawing, maths, U+FFFD: KOI8-R's upper half read as cp1251 and vice versa
}

function wordScore(word: string): number {
  const lower = word.toLowerCase();
  const upper = word.toUpperCase();
  let score = 0;
  // The two charsets put the cases in opposite halves, so a misread word usually has its case inverted.
  const capitalised = word[0] !== lower[0] && word.slice(1) === lower.slice(1);
  if (word !== lower && word !== upper && !capitalised) score -= 4;
  for (const letter of lower) score += LETTER_LOG.get(letter) ?? -6;
  if ('ьъы'.includes(lower[0]!)) score -= 3;
  if (lower[0] === 'й') score -= 2;
  // All-caps words are often abbreviations (КПП, ООО); a lowercase word without a vowel is not Russian.
  if (lower.length >= 3 && word !== upper && !/[аеёиоуыэюя]/.test(lower)) score -= 3;
  for (let i = 0; i + 1 < lower.length; i += 1) {
    const bigram = lower.slice(i, i + 2);
    if (COMMON_BIGRAMS.has(bigram)) score += 1;
    if (/[аеёиоуыэюя][ьъы]|[ьъ][ьъы]|йй/.test(bigram)) score -= 3;
  }
  return score;
}

// ---- Walking the MIME structure -----------------------------------------------------------------------

interface Walk {
  eol: string;
  repairs: string[];
  parts: number;
}

interface HeaderField {
  name: string; // lowercase, '' for a line that is no header at all
  text: string; // exactly as in the message, folding and line ending included
}

const MAX_DEPTH = 20;
const MAX_PARTS = 1000;

function repairEntity(entity: string, walk: Walk, depth: number, defaultType = 'text/plain'): string {
  walk.parts += 1;
  const { head, separator, body } = splitEntity(entity);
  const fields = splitFields(head);
  let repaired = repairHeaders(fields, walk);
  let repairedBody = body;
  const contentType = parseContentType(fieldValue(fields, 'content-type'), defaultType);
  const boundary = contentType.params.get('boundary');
  if (contentType.type.startsWith('multipart/')) {
    // In a digest a part without Content-Type is a message, not text (RFC 2046).
    const partType = contentType.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    if (boundary && depth < MAX_DEPTH) repairedBody = repairMultipart(body, boundary, walk, depth, partType);
  } else if (contentType.type.startsWith('text/') && !isAttachment(fields)) {
    const charset = correctedCharset(
      contentType,
      decodeTransfer(body, fieldValue(fields, 'content-transfer-encoding')),
    );
    if (charset) {
      repaired = withCharset(repaired, charset, walk.eol);
      const declared = contentType.params.get('charset');
      walk.repairs.push(
        declared
          ? `a ${contentType.type} part declared charset ${declared}, but its text is ${charset}; read as ${charset}`
          : `a ${contentType.type} part did not declare its charset; read as ${charset}`,
      );
    }
  }
  const repairedHead = repaired.map((field) => field.text).join('');
  return repairedHead === head && repairedBody === body ? entity : repairedHead + separator + repairedBody;
}

/** The header block (each line with its line ending), the empty line, and the body. */
function splitEntity(entity: string): { head: string; separator: string; body: string } {
  const leading = /^\r?\n/.exec(entity);
  if (leading) return { head: '', separator: leading[0], body: entity.slice(leading[0].length) };
  const end = /\r?\n(\r?\n)/.exec(entity);
  if (!end) return { head: entity, separator: '', body: '' };
  const headEnd = end.index + end[0].length - end[1]!.length;
  return {
    head: entity.slice(0, headEnd),
    separator: end[1]!,
    body: entity.slice(end.index + end[0].length),
  };
}

function splitFields(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of head.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) last.text += line;
    else fields.push({ name: /^([^\s:]+)[ \t]*:/.exec(line)?.[1]?.toLowerCase() ?? '', text: line });
  }
  return fields;
}

function fieldParts(field: HeaderField): { name: string; value: string; eol: string } {
  const colon = field.text.indexOf(':') + 1;
  const eol = /\r?\n$/.exec(field.text)?.[0] ?? '';
  return {
    name: field.text.slice(0, colon),
    value: field.text.slice(colon, field.text.length - eol.length),
    eol,
  };
}

function fieldValue(fields: HeaderField[], name: string): string | undefined {
  const field = fields.find((candidate) => candidate.name === name);
  return field && unfold(fieldParts(field).value).trim();
}

const unfold = (value: string) => value.replace(/\r?\n(?=[ \t])/g, '');

interface ContentType {
  type: string; // lowercase; the default of its place when the part does not say
  params: Map<string, string>; // lowercase names, values unquoted
}

function parseContentType(value: string | undefined, defaultType: string): ContentType {
  const type = /^\s*([^\s;/]+\/[^\s;]+)/.exec(value ?? '')?.[1]?.toLowerCase() ?? defaultType;
  const params = new Map<string, string>();
  for (const match of (value ?? '').matchAll(/;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
    params.set(match[1]!.toLowerCase(), unquote(match[2]!));
  }
  return { type, params };
}

const unquote = (value: string) =>
  value.startsWith('"') && value.endsWith('"') && value.length >= 2
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;

function isAttachment(fields: HeaderField[]): boolean {
  return /^\s*attachment/i.test(fieldValue(fields, 'content-disposition') ?? '');
}

function repairMultipart(
  body: string,
  boundary: string,
  walk: Walk,
  depth: number,
  partType: string,
): string {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const delimiters = [...body.matchAll(delimiter)];
  let repaired = '';
  let copied = 0;
  for (const [i, match] of delimiters.entries()) {
    if (match[1] || walk.parts >= MAX_PARTS) break; // the closing delimiter: the rest is epilogue
    const lineEnd = match.index + match[0].length;
    const start = lineEnd + (/^\r?\n/.exec(body.slice(lineEnd, lineEnd + 2))?.[0].length ?? 0);
    const end = delimiters[i + 1]?.index ?? body.length;
    const part = body.slice(start, end);
    const fixed = repairEntity(part, walk, depth + 1, partType);
    if (fixed !== part) {
      repaired += body.slice(copied, start) + fixed;
      copied = end;
    }
  }
  return copied === 0 ? body : repaired + body.slice(copied);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decodeTransfer(body: string, encoding: string | undefined): Buffer {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    default:
      return Buffer.from(body, 'latin1');
  }
}

// ---- Choosing and declaring a text part's charset ----------------------------------------------------

const charsetKey = (charset: string) => charset.toLowerCase().replace(/[^a-z0-9]/g, '');
const ASCII = new Set(['usascii', 'ascii', 'us', 'ansix341968', 'iso646us', '646']);
// prettier-ignore
const LATIN = new Set([
  'iso88591', 'latin1', 'l1', 'cp819', 'ibm819', 'iso885915', 'latin9', 'cp1252', 'windows1252', 'xcp1252',
]);
const UTF8 = new Set(['utf8', 'unicode11utf8']);
const DECLARED_CYRILLIC = new Map<string, CyrillicCharset>([
  ['windows1251', 'windows-1251'],
  ['cp1251', 'windows-1251'],
  ['win1251', 'windows-1251'],
  ['xcp1251', 'windows-1251'],
  ['koi8r', 'koi8-r'],
  ['koi8', 'koi8-r'],
  ['cskoi8r', 'koi8-r'],
]);

/** The charset to declare instead, when the declared one (or none) clearly misreads the bytes. */
function correctedCharset(contentType: ContentType, content: Buffer): CyrillicCharset | undefined {
  const evidence = weighEvidence(content);
  if (!evidence) return undefined;
  const declared = contentType.params.get('charset')?.trim();
  const key = charsetKey(declared ?? '');
  // mailparser reads an undeclared or ASCII part as UTF-8 already.
  if (!key || ASCII.has(key)) return evidence.charset === 'utf-8' ? undefined : evidence.charset;
  if (LATIN.has(key)) return evidence.cyrillic ? evidence.charset : undefined;
  if (UTF8.has(key)) return evidence.charset === 'utf-8' ? undefined : evidence.charset;
  const cyrillic = DECLARED_CYRILLIC.get(key);
  if (cyrillic) {
    if (evidence.charset === 'utf-8') return evidence.cyrillic ? 'utf-8' : undefined;
    return evidence.charset !== cyrillic && evidence.decisive ? evidence.charset : undefined;
  }
  return iconv.encodingExists(declared!) ? undefined : evidence.charset; // "unknown-8bit" and the like
}

function withCharset(fields: HeaderField[], charset: CyrillicCharset, eol: string): HeaderField[] {
  const index = fields.findIndex((field) => field.name === 'content-type');
  if (index < 0)
    return [...fields, { name: 'content-type', text: `Content-Type: text/plain; charset=${charset}${eol}` }];
  const { name, value, eol: fieldEol } = fieldParts(fields[index]!);
  const param = /(;\s*charset\s*=\s*)("(?:[^"\\]|\\.)*"|[^;\s]*)/i;
  const updated = param.test(value)
    ? value.replace(param, (_, prefix: string) => `${prefix}${charset}`)
    : `${value.replace(/[\s;]*$/, '')}; charset=${charset}`;
  return fields.map((field, i) =>
    i === index ? { name: field.name, text: name + updated + fieldEol } : field,
  );
}

// ---- Encoding raw 8-bit header words ----------------------------------------------------------------

type HeaderKind = 'unstructured' | 'address' | 'parameters';

// Only the headers a reader sees; trace and signature headers are left exactly as they came.
const HEADER_KINDS = new Map<string, HeaderKind>([
  ['subject', 'unstructured'],
  ['comments', 'unstructured'],
  ['keywords', 'unstructured'],
  ['content-description', 'unstructured'],
  ['thread-topic', 'unstructured'],
  ['organization', 'unstructured'],
  ['from', 'address'],
  ['sender', 'address'],
  ['reply-to', 'address'],
  ['to', 'address'],
  ['cc', 'address'],
  ['bcc', 'address'],
  ['content-type', 'parameters'],
  ['content-disposition', 'parameters'],
]);

const has8bit = (text: string) => /[\x80-\xff]/.test(text);

function repairHeaders(fields: HeaderField[], walk: Walk): HeaderField[] {
  // Raw UTF-8 in headers is legitimate (RFC 6532) and mailparser reads it; only other bytes need work.
  const broken = fields.filter(
    (field) =>
      HEADER_KINDS.has(field.name) &&
      has8bit(field.text) &&
      weighEvidence(Buffer.from(fieldParts(field).value, 'latin1'))?.charset !== 'utf-8',
  );
  if (broken.length === 0) return fields;
  // The headers of one part come from one client: judge their charset together, it helps short ones.
  const charset = detectCyrillicCharset(
    Buffer.from(broken.map((field) => fieldParts(field).value).join(' '), 'latin1'),
  );
  if (!charset || charset === 'utf-8') return fields;
  const decode = (text: string) => iconv.decode(Buffer.from(text, 'latin1'), charset);
  const names = broken.map((field) => fieldParts(field).name.slice(0, -1).trim());
  walk.repairs.push(
    `the ${names.join(', ')} header${names.length > 1 ? 's' : ''} had unencoded 8-bit text; read as ${charset}`,
  );
  return fields.map((field) => {
    if (!broken.includes(field)) return field;
    const { name, value, eol } = fieldParts(field);
    const kind = HEADER_KINDS.get(field.name)!;
    const encode =
      kind === 'unstructured' ? encodeUnstructured : kind === 'address' ? encodeAddresses : encodeParameters;
    return { name: field.name, text: name + encode(unfold(value), decode, walk.eol) + eol };
  });
}

type Decode = (text: string) => string;

function encodeUnstructured(value: string, decode: Decode, eol: string): string {
  // Runs of 8-bit words become encoded words; the ASCII words between them stay as they are.
  const tokens = value.split(/([ \t]+)/); // words at even indexes, the whitespace between at odd ones
  let result = '';
  for (let i = 0; i < tokens.length; i += 2) {
    if (!has8bit(tokens[i]!)) {
      result += tokens[i]! + (tokens[i + 1] ?? '');
      continue;
    }
    let run = tokens[i]!;
    while (i + 2 < tokens.length && has8bit(tokens[i + 2]!)) {
      run += tokens[i + 1]! + tokens[i + 2]!;
      i += 2;
    }
    result += encodedWords(decode(run), `${eol} `) + (tokens[i + 1] ?? '');
  }
  return result;
}

function encodeAddresses(value: string, decode: Decode, eol: string): string {
  const tokens =
    value.match(/"(?:[^"\\]|\\.)*"?|\([^()]*\)?|<[^>]*>?|[,;:@[\]\\]|[^\s"(<>,;:@[\]\\]+|\s+/g) ?? [];
  const isSpace = (i: number) => /^\s+$/.test(tokens[i] ?? '');
  const isAtom = (i: number) => /^[^\s"(<>,;:@[\]\\]+$/.test(tokens[i] ?? '');
  const significant = (from: number, step: number) => {
    let i = from;
    while (isSpace(i)) i += step;
    return tokens[i];
  };
  // An atom beside "@" is part of an address, not of a display name: encoding it would break the address.
  const isNameWord = (i: number) =>
    isAtom(i) && has8bit(tokens[i]!) && significant(i - 1, -1) !== '@' && significant(i + 1, 1) !== '@';
  let result = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!has8bit(token) || token.startsWith('<')) {
      result += token;
    } else if (token.startsWith('"')) {
      result += encodedWords(
        decode(unquote(token.endsWith('"') && token.length > 1 ? token : `${token}"`)),
        `${eol} `,
      );
    } else if (token.startsWith('(')) {
      result += `(${encodedWords(decode(token.replace(/^\(|\)$/g, '')), `${eol} `)})`;
    } else if (isNameWord(i)) {
      // Neighbouring encoded words lose the space between them when decoded: encode a name as one run.
      let run = token;
      while (isSpace(i + 1) && isNameWord(i + 2)) {
        run += tokens[i + 1]! + tokens[i + 2]!;
        i += 2;
      }
      result += encodedWords(decode(run), `${eol} `);
    } else {
      result += token;
    }
  }
  return result;
}

function encodeParameters(value: string, decode: Decode): string {
  // Encoded words inside a quoted filename are not standard, but every client (and mailparser) reads them.
  return value.replace(
    /(;\s*)([^\s=;]+)(\s*=\s*)("(?:[^"\\]|\\.)*"|[^;\s]*)/g,
    (whole, prefix: string, name: string, equals: string, raw: string) =>
      has8bit(raw) ? `${prefix}${name}${equals}"${encodedWords(decode(unquote(raw)), ' ')}"` : whole,
  );
}

const ENCODED_WORD_BYTES = 45; // 60 base64 characters: the encoded word stays within RFC 2047's 75

function encodedWords(text: string, separator: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (Buffer.byteLength(chunk + character) > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(separator);
}
