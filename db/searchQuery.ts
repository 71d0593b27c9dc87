// What staff type into search, made into a PostgreSQL text-search query. Pure: the SQL is in search.ts.
//
// Words are stemmed by PostgreSQL (`to_tsquery('russian', …)`), all of them must occur, a hyphenated compound
// ("счетов-фактур") is the phrase of its parts, a quoted "phrase" keeps its order, and the last word is a prefix
// unless the query ends with a space. Ticket numbers, addresses and error codes are exact lexemes, written as
// the index writes them (012_search.sql: search_tokens): they are not stemmed or split.

export interface SearchQuery {
  words: string | null; // to_tsquery syntax, stemmed by the `russian` configuration
  exact: string | null; // tsquery literal of exact lexemes: ticket numbers, addresses, codes
  highlight: string; // the exact terms as typed, for snippets
}

const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;
const exactPattern = (body: string) => new RegExp(`${NOT_WORD_BEFORE}(?:${body})${NOT_WORD_AFTER}`, 'giu');

/** The exact kinds, in the order they are taken out of the query; each answers its lexemes (OR'ed). */
const EXACT_TERMS: { pattern: RegExp; lexemes: (match: RegExpExecArray) => string[] }[] = [
  // TRC-000123, TRC 123, trc123
  { pattern: exactPattern(String.raw`TRC[- ]?0*(\d{1,9})`), lexemes: (m) => [ticketLexeme(m[1]!)] },
  {
    pattern: new RegExp(String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`, 'giu'),
    lexemes: (m) => [m[0].toLowerCase()],
  },
  { pattern: exactPattern(String.raw`0x[0-9a-f]{4,16}`), lexemes: (m) => [m[0].toLowerCase()] },
  { pattern: exactPattern(String.raw`[a-z]{2,6}-\d{2,6}`), lexemes: (m) => [m[0].toLowerCase()] },
  { pattern: exactPattern(String.raw`[a-z]{1,3}\d{3,8}`), lexemes: (m) => [m[0].toLowerCase()] },
  // 000123 alone: a ticket's number, or that number anywhere in the text
  { pattern: exactPattern(String.raw`\d{6}`), lexemes: (m) => [ticketLexeme(m[0]), m[0]] },
];

const ticketLexeme = (digits: string) => `trc-${digits.replace(/^0+(?=\d)/, '').padStart(6, '0')}`;

const quoted = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

export function parseSearchQuery(typed: string): SearchQuery {
  let rest = typed.normalize('NFC');
  const exact: string[] = [];
  const highlight: string[] = [];
  for (const term of EXACT_TERMS) {
    rest = rest.replace(term.pattern, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      match.index = args.at(-2) as number;
      const lexemes = term.lexemes(match);
      exact.push(lexemes.length > 1 ? `( ${lexemes.map(quoted).join(' | ')} )` : quoted(lexemes[0]!));
      highlight.push(match[0]);
      return ' ';
    });
  }

  const groups: string[][] = []; // each group is a phrase: its words in order
  const phrases = rest.split('"');
  phrases.forEach((part, i) => {
    const words = [...part.matchAll(WORD)].map((m) => m[0]);
    if (i % 2 === 1) {
      const phrase = words.flatMap((word) => word.split('-'));
      if (phrase.length > 0) groups.push(phrase);
    } else {
      for (const word of words) groups.push(word.split('-'));
    }
  });
  const prefixLast = groups.length > 0 && !/[\s"]$/.test(typed) && phrases.length % 2 === 1;
  const words = groups.map((group, g) =>
    group
      .map((word, w) =>
        prefixLast && g === groups.length - 1 && w === group.length - 1 ? `${quoted(word)}:*` : quoted(word),
      )
      .join(' <-> '),
  );
  return {
    words: words.length > 0 ? words.map((phrase) => `( ${phrase} )`).join(' & ') : null,
    exact: exact.length > 0 ? exact.join(' & ') : null,
    highlight: highlight.join(' '),
  };
}

/** The position after the last hit of a page: opaque to clients, so its form may change. */
export interface SearchCursor {
  rank: string; // PostgreSQL's text of a real: exact when read back
  ticketId: number;
}

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.rank, cursor.ticketId])).toString('base64url');
}

export function decodeCursor(text: string): SearchCursor | undefined {
  try {
    const [rank, ticketId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof rank !== 'string' || !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(rank)) return undefined;
    if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId < 0) return undefined;
    return { rank, ticketId };
  } catch {
    return undefined;
  }
}
