/**
 * Where the elements of one array of a JSON document are (`log.entries` of a HAR), found by a scan
 * of the text that only follows strings and brackets, so that each element can be parsed on its own:
 * a large document is then never held parsed all at once, and a broken element breaks only itself.
 * Returns null when the text is not shaped as expected (no such array, or not well formed where the
 * scan looks); the caller then parses the whole document, which says what is wrong.
 */
export type ArraySlices = {
  /** The document with the array emptied (`[]`): parsed to check the rest and to read it. */
  skeleton: string;
  /** Start and end (exclusive) offsets of each element, in pairs. */
  elements: number[];
};

export function sliceArrayAt(text: string, path: readonly string[], nesting?: Nesting): ArraySlices | null {
  const element = nesting?.element;
  const start = element?.start ?? skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const open = findArray(text, path, start, nesting?.ends);
  if (open < 0) return null;
  const scanned = arrayElements(text, open, nesting?.ends);
  if (scanned === null) return null;
  return { skeleton: `${text.slice(element?.start ?? 0, open + 1)}${text.slice(scanned.close, element?.end)}`, elements: scanned.elements };
}

/**
 * For arrays nested in the elements of another (OTLP's spans in scopes in resources), sliced with one
 * scan of the text rather than one a level. `ends`: where values end (the offset after them) by the
 * offset of their `{` or `[`, recorded by the scan that finds where an element ends and read by the
 * slicing of the arrays inside it; a value's end depends only on the text from its first character, so
 * the offsets are those a scan of its own would find. `element`: the element (its `start` and `end`, as
 * sliceArrayAt gave them) inside which the array is, read in place rather than cut out of the text.
 */
export type Nesting = { ends: ValueEnds; element?: { start: number; end: number } };

export type ValueEnds = Map<number, number>;

/** How deep below an element its values' ends are recorded: enough for OTLP's scopes, spans and their lists. */
const recordedDepth = 5;

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipWhitespace(text: string, at: number): number {
  let index = at;
  while (index < text.length && isWhitespace(text.charCodeAt(index))) index++;
  return index;
}

/** The offset of the closing quote of the string opening at `at`, or -1. */
function stringEnd(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const closing = text.indexOf('"', from);
    if (closing < 0) return -1;
    let backslashes = 0;
    for (let index = closing - 1; text.charCodeAt(index) === backslash; index--) backslashes++;
    if (backslashes % 2 === 0) return closing;
    from = closing + 1;
  }
}

/**
 * The offset just after the value starting at `at` (a string, an object, an array or a scalar), or -1.
 * With `ends`, the ends of the objects and arrays nested in it are recorded there (to `recordedDepth`),
 * and an end recorded before is taken from there.
 */
function valueEnd(text: string, at: number, ends?: ValueEnds): number {
  const code = text.charCodeAt(at);
  if (code === quote) {
    const end = stringEnd(text, at);
    return end < 0 ? -1 : end + 1;
  }
  if (code === openBrace || code === openBracket) {
    const known = ends?.get(at);
    if (known !== undefined) return known;
    let depth = 0;
    const opens: number[] = [];
    for (let index = at; index < text.length; index++) {
      const current = text.charCodeAt(index);
      if (current === quote) {
        index = stringEnd(text, index);
        if (index < 0) return -1;
      } else if (current === openBrace || current === openBracket) {
        depth++;
        if (ends !== undefined && depth <= recordedDepth) opens[depth] = index;
      } else if (current === closeBrace || current === closeBracket) {
        if (ends !== undefined && depth > 1 && depth <= recordedDepth) ends.set(opens[depth], index + 1);
        depth--;
        if (depth === 0) return index + 1;
      }
    }
    return -1;
  }
  let index = at;
  while (index < text.length) {
    const current = text.charCodeAt(index);
    if (current === comma || current === closeBrace || current === closeBracket || isWhitespace(current)) break;
    index++;
  }
  return index === at ? -1 : index;
}

/** The offset of the `[` of the array at `path` (keys of nested objects from the top), or -1. */
function findArray(text: string, path: readonly string[], start: number, ends?: ValueEnds): number {
  let at = start;
  for (let depth = 0; depth < path.length; depth++) {
    if (text.charCodeAt(at) !== openBrace) return -1;
    at = skipWhitespace(text, at + 1);
    let found = -1;
    while (found < 0) {
      if (text.charCodeAt(at) !== quote) return -1;
      const keyEnd = stringEnd(text, at);
      if (keyEnd < 0) return -1;
      const key = text.slice(at + 1, keyEnd);
      at = skipWhitespace(text, keyEnd + 1);
      if (text.charCodeAt(at) !== colon) return -1;
      at = skipWhitespace(text, at + 1);
      if (key === path[depth]) {
        found = at;
        break;
      }
      const end = valueEnd(text, at, ends);
      if (end < 0) return -1;
      at = skipWhitespace(text, end);
      if (text.charCodeAt(at) !== comma) return -1;
      at = skipWhitespace(text, at + 1);
    }
    at = found;
  }
  return text.charCodeAt(at) === openBracket ? at : -1;
}

/** The elements of the array opening at `open`, and the offset of its `]`; null when it is not well formed. */
function arrayElements(text: string, open: number, ends?: ValueEnds): { elements: number[]; close: number } | null {
  const elements: number[] = [];
  let at = skipWhitespace(text, open + 1);
  if (text.charCodeAt(at) === closeBracket) return { elements, close: at };
  for (;;) {
    const end = valueEnd(text, at, ends);
    if (end < 0) return null;
    elements.push(at, end);
    at = skipWhitespace(text, end);
    const code = text.charCodeAt(at);
    if (code === closeBracket) return { elements, close: at };
    if (code !== comma) return null;
    at = skipWhitespace(text, at + 1);
    if (text.charCodeAt(at) === closeBracket) return null;
  }
}
