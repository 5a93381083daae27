/**
 * A small HTML tokenizer for attack detection: it reads markup the lenient way browsers do (unquoted and
 * unterminated attribute values, `/` between attributes, a tag left open at the end of the input), so
 * that a payload is read the way a browser would read it once reflected into a page. It is not a full
 * HTML5 parser: there is no tree, no entity decoding (values arrive decoded) and no error recovery beyond
 * what changes where tags and attributes start and end.
 */

export type HtmlAttribute = {
  /** Lower-case name, as written (`onload`, `xlink:href`). */
  name: string;
  /** The value without its quotes, or null for an attribute without `=`. */
  value: string | null;
};

export type HtmlStartTag = {
  kind: 'start-tag';
  /** Lower-case tag name (`svg`, `img`, `x`). */
  name: string;
  attributes: HtmlAttribute[];
  /** Whether the tag ended with `>`; a tag cut off by the end of the input is still reported. */
  closed: boolean;
  start: number;
  end: number;
};

export type HtmlToken =
  | HtmlStartTag
  | { kind: 'end-tag'; name: string; start: number; end: number }
  | { kind: 'text'; text: string; start: number; end: number; rawTextOf: string | null }
  | { kind: 'comment'; text: string; start: number; end: number }
  | { kind: 'cdata'; text: string; start: number; end: number }
  | { kind: 'declaration'; text: string; start: number; end: number };

/** Elements whose content is raw text up to their own end tag: markup inside is not markup. */
const rawTextElements = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'plaintext']);

const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** HTML whitespace: tab, LF, FF, CR, space. */
const isHtmlSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 12 || code === 13;

/** Tokenizes markup. Linear in the input: every loop advances the position. */
export function tokenizeHtml(input: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let lower: string | null = null;
  let textStart = 0;
  let i = 0;
  const flushText = (upTo: number): void => {
    if (upTo > textStart) tokens.push({ kind: 'text', text: input.slice(textStart, upTo), start: textStart, end: upTo, rawTextOf: null });
  };
  const pushBlock = (block: DelimitedBlock): void => {
    flushText(block.start);
    tokens.push(block);
    i = block.end;
    textStart = i;
  };
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) break;
    const next = input.charCodeAt(lt + 1);
    // `<:vmlframe …>`: an empty namespace prefix still makes a tag in old IE.
    if (isAsciiLetter(next) || (next === 58 /* : */ && isAsciiLetter(input.charCodeAt(lt + 2)))) {
      flushText(lt);
      const tag = readStartTag(input, lt);
      tokens.push(tag);
      i = tag.end;
      textStart = i;
      if (tag.closed && rawTextElements.has(tag.name)) {
        lower ??= input.toLowerCase();
        const at = lower.indexOf(`</${tag.name}`, i);
        const close = at < 0 ? input.length : at;
        if (close > i) tokens.push({ kind: 'text', text: input.slice(i, close), start: i, end: close, rawTextOf: tag.name });
        i = close;
        textStart = i;
      }
    } else if (next === 47 /* / */ && isAsciiLetter(input.charCodeAt(lt + 2))) {
      flushText(lt);
      const nameEnd = scanName(input, lt + 2);
      const gt = input.indexOf('>', nameEnd);
      const end = gt < 0 ? input.length : gt + 1;
      tokens.push({ kind: 'end-tag', name: input.slice(lt + 2, nameEnd).toLowerCase(), start: lt, end });
      i = end;
      textStart = i;
    } else if (input.startsWith('<!--', lt)) {
      pushBlock(readBlock(input, 'comment', lt, lt + 4, '-->'));
    } else if (input.slice(lt + 2, lt + 9).toUpperCase() === '[CDATA[' && next === 33 /* ! */) {
      pushBlock(readBlock(input, 'cdata', lt, lt + 9, ']]>'));
    } else if (next === 33 /* ! */ || next === 63 /* ? */ || next === 47 /* / */) {
      // `<!DOCTYPE`, `<?xml`, `</ x>`: browsers read these as bogus comments up to the next `>`.
      pushBlock(readBlock(input, 'declaration', lt, lt + 1, '>'));
    } else {
      i = lt + 1;
    }
  }
  flushText(input.length);
  return tokens;
}

type DelimitedBlock = Extract<HtmlToken, { kind: 'comment' | 'cdata' | 'declaration' }>;

/**
 * A comment, CDATA section or declaration that starts at `start`: its text runs from `textFrom` up to
 * `closer`, or to the end of the input when the block is never closed (as browsers read it).
 */
function readBlock(input: string, kind: DelimitedBlock['kind'], start: number, textFrom: number, closer: string): DelimitedBlock {
  const close = input.indexOf(closer, textFrom);
  const textEnd = close < 0 ? input.length : close;
  return { kind, text: input.slice(textFrom, textEnd), start, end: close < 0 ? input.length : close + closer.length };
}

function scanName(input: string, from: number): number {
  let j = from;
  while (j < input.length) {
    const c = input.charCodeAt(j);
    if (isHtmlSpace(c) || c === 47 || c === 62) break;
    j++;
  }
  return j;
}

function readStartTag(input: string, lt: number): HtmlStartTag {
  const nameEnd = scanName(input, lt + 1);
  const name = input.slice(lt + 1, nameEnd).toLowerCase();
  const { attributes, end, closed } = readAttributes(input, nameEnd);
  return { kind: 'start-tag', name, attributes, closed, start: lt, end };
}

/**
 * Reads attributes from `from` up to the `>` that ends the tag (or the end of the input). Also used on
 * a value that may break out of an attribute value into the tag (`" onfocus=alert(1) x="`).
 */
export function readAttributes(input: string, from: number): { attributes: HtmlAttribute[]; end: number; closed: boolean } {
  const attributes: HtmlAttribute[] = [];
  let j = from;
  for (;;) {
    while (j < input.length && (isHtmlSpace(input.charCodeAt(j)) || input.charCodeAt(j) === 47)) j++;
    if (j >= input.length) return { attributes, end: input.length, closed: false };
    if (input.charCodeAt(j) === 62) return { attributes, end: j + 1, closed: true };
    const nameStart = j;
    j++; // an attribute name may start with `=`
    while (j < input.length) {
      const c = input.charCodeAt(j);
      if (isHtmlSpace(c) || c === 47 || c === 62 || c === 61) break;
      j++;
    }
    const name = input.slice(nameStart, j).toLowerCase();
    let k = j;
    while (k < input.length && isHtmlSpace(input.charCodeAt(k))) k++;
    if (input.charCodeAt(k) !== 61 /* = */) {
      attributes.push({ name, value: null });
      continue;
    }
    k++;
    while (k < input.length && isHtmlSpace(input.charCodeAt(k))) k++;
    const quote = input.charCodeAt(k);
    if (quote === 34 || quote === 39) {
      const close = input.indexOf(String.fromCharCode(quote), k + 1);
      const valueEnd = close < 0 ? input.length : close;
      attributes.push({ name, value: input.slice(k + 1, valueEnd) });
      j = close < 0 ? input.length : close + 1;
    } else {
      let v = k;
      while (v < input.length && !isHtmlSpace(input.charCodeAt(v)) && input.charCodeAt(v) !== 62) v++;
      attributes.push({ name, value: input.slice(k, v) });
      j = v;
    }
  }
}
