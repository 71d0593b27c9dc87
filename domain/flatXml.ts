// A small, strict reader for flat XML data files (elements, attributes, comments), such as the production
// calendar that accounting systems exchange. It refuses what such files never need and what makes XML
// dangerous to read: DOCTYPE and entity declarations (billion laughs, external entities), CDATA, processing
// instructions, text content and undefined entities. Each element keeps its line, so errors can name it.

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly rule: string,
  ) {
    super(`line ${line}: ${rule}`);
  }
}

const MAX_DEPTH = 16;
const MAX_ELEMENTS = 10_000;
const namePattern = /[A-Za-z_][\w.-]*/y;
const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Reads a whole document into its root element; throws XmlSyntaxError naming the line of the first fault.
 * `decodedAs` is the encoding the text was decoded from: an XML declaration naming another is refused.
 */
export function readFlatXml(source: string, decodedAs = 'utf-8'): XmlElement {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  let position = 0;
  let elements = 0;
  let declarationAllowed = true; // only before any other markup
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  const lineAt = (at: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (lineStarts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  const fail = (rule: string, at = position): never => {
    throw new XmlSyntaxError(lineAt(at), rule);
  };

  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position]!)) position++;
  };
  const readName = (what: string) => {
    namePattern.lastIndex = position;
    const match = namePattern.exec(text);
    if (!match) return fail(`expected ${what}`);
    position += match[0].length;
    if (text[position] === ':') fail('namespaced names are not used in this format');
    return match[0];
  };

  /** Comments, declarations and whatever else starts with '<!' or '<?' between elements. */
  const skipMarkup = (): boolean => {
    const first = declarationAllowed;
    declarationAllowed = false;
    if (text.startsWith('<!--', position)) {
      const end = text.indexOf('-->', position + 4);
      if (end === -1) fail('a comment is not closed with -->');
      position = end + 3;
      return true;
    }
    if (text.startsWith('<!DOCTYPE', position) || text.startsWith('<!doctype', position)) {
      fail('a DOCTYPE is refused: this format needs no DTD, and entity declarations are unsafe to expand');
    }
    if (text.startsWith('<!ENTITY', position)) fail('entity declarations are refused');
    if (text.startsWith('<![CDATA[', position)) fail('CDATA sections are not used in this format');
    if (text.startsWith('<!', position)) fail('declarations (<!…>) are refused');
    if (text.startsWith('<?', position)) {
      const declaration = /^<\?xml(\s[^?]*)?\?>/.exec(text.slice(position, position + 200));
      if (!declaration || !first) fail('processing instructions are refused (only <?xml …?> first)');
      checkDeclaration(declaration![1] ?? '');
      position += declaration![0].length;
      return true;
    }
    return false;
  };

  const checkDeclaration = (attributes: string) => {
    const encoding = /encoding\s*=\s*["']([^"']+)["']/.exec(attributes)?.[1];
    if (encoding && normalEncoding(encoding) !== normalEncoding(decodedAs)) {
      fail(`the text is declared ${encoding} but was read as ${decodedAs}`);
    }
  };

  const readValue = (): string => {
    const quote = text[position];
    if (quote !== '"' && quote !== "'") return fail('an attribute value must be quoted');
    const end = text.indexOf(quote, position + 1);
    if (end === -1) return fail('an attribute value is not closed');
    const raw = text.slice(position + 1, end);
    const valueAt = position;
    if (raw.includes('<')) fail('"<" is not allowed in an attribute value', valueAt);
    position = end + 1;
    return raw.replace(/&([^;\s&]*);?/g, (reference, name: string) => {
      if (!reference.endsWith(';')) fail(`"&" must start an entity such as &amp;`, valueAt);
      const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
      if (numeric) {
        const code = numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          fail(`${reference} is not a character`, valueAt);
        }
        return String.fromCodePoint(code);
      }
      const predefined = predefinedEntities[name];
      if (predefined === undefined) {
        fail(
          `the entity ${reference} is not defined (only &lt; &gt; &amp; &quot; &apos; and &#…; are)`,
          valueAt,
        );
      }
      return predefined!;
    });
  };

  const readElement = (depth: number): XmlElement => {
    const start = position;
    if (depth > MAX_DEPTH) fail(`elements are nested deeper than ${MAX_DEPTH}`);
    if (++elements > MAX_ELEMENTS) fail(`more than ${MAX_ELEMENTS} elements`);
    position++; // '<'
    const name = readName('an element name');
    const attributes = new Map<string, string>();
    for (;;) {
      const before = position;
      skipSpace();
      if (text.startsWith('/>', position)) {
        position += 2;
        return { name, attributes, children: [], line: lineAt(start) };
      }
      if (text[position] === '>') {
        position++;
        break;
      }
      if (position === before) fail(`expected an attribute, "/>" or ">" in <${name}>`);
      const attribute = readName('an attribute name');
      skipSpace();
      if (text[position] !== '=') fail(`expected "=" after the attribute ${attribute}`);
      position++;
      skipSpace();
      if (attributes.has(attribute)) fail(`the attribute ${attribute} is given twice`);
      attributes.set(attribute, readValue());
    }
    const children: XmlElement[] = [];
    for (;;) {
      const textStart = position;
      const next = text.indexOf('<', position);
      if (next === -1) fail(`<${name}> is not closed`, start);
      if (text.slice(textStart, next).trim() !== '') fail(`unexpected text inside <${name}>`, textStart);
      position = next;
      if (skipMarkup()) continue;
      if (text.startsWith('</', position)) {
        position += 2;
        const closing = readName('an element name');
        skipSpace();
        if (text[position] !== '>') fail(`expected ">" after </${closing}`);
        position++;
        if (closing !== name) fail(`</${closing}> closes <${name}> (opened on line ${lineAt(start)})`);
        return { name, attributes, children, line: lineAt(start) };
      }
      children.push(readElement(depth + 1));
    }
  };

  let root: XmlElement | undefined;
  for (;;) {
    skipSpace();
    if (position >= text.length) break;
    if (text[position] !== '<') fail('unexpected text outside the root element');
    if (skipMarkup()) continue;
    if (root) fail(`a second root element after <${root.name}>`);
    root = readElement(1);
  }
  if (!root) return fail('the document has no root element');
  return root;
}

const normalEncoding = (label: string) => label.toLowerCase().replace(/^utf8$/, 'utf-8');
