/**
 * Decoding the way applications (and browsers) read a value: percent encoding (repeated, for double
 * encoding), `%uXXXX`, overlong UTF-8 forms of `.` `/` `\`, HTML entities and `\uXXXX` escapes.
 * Every step is a single linear pass; the loop stops when a pass changes nothing (at most 3 rounds).
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

const namedEntities: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  sol: '/',
  bsol: '\\',
  colon: ':',
  semi: ';',
  lpar: '(',
  rpar: ')',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  equals: '=',
  period: '.',
  comma: ',',
  excl: '!',
  quest: '?',
  num: '#',
  dollar: '$',
  percnt: '%',
  grave: '`',
  vert: '|',
  verbar: '|',
  ast: '*',
  plus: '+',
  newline: '\n',
  tab: '\t',
};

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Overlong UTF-8 forms that old decoders turned into `.`, `/` and `\`. */
const overlong = /%c0%ae|%c0%af|%c0%2e|%c0%2f|%c1%9c|%c1%1c|%c0%5c|%e0%80%ae|%e0%80%af|%c0%80/gi;
const overlongValue: Record<string, string> = {
  '%c0%ae': '.',
  '%c0%2e': '.',
  '%e0%80%ae': '.',
  '%c0%af': '/',
  '%c0%2f': '/',
  '%e0%80%af': '/',
  '%c1%9c': '\\',
  '%c1%1c': '\\',
  '%c0%5c': '\\',
  '%c0%80': '\0',
};

/** Percent decoding that never throws: invalid sequences stay as they are, bytes decode as UTF-8. */
export function percentDecode(input: string, plusAsSpace: boolean): string {
  if (input.indexOf('%') < 0) return plusAsSpace && input.indexOf('+') >= 0 ? input.replace(/\+/g, ' ') : input;
  let text = input;
  if (/%[ce][01]/i.test(text)) text = text.replace(overlong, (m) => overlongValue[m.toLowerCase()] ?? m);
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      out += utf8.decode(Uint8Array.from(bytes));
      bytes = [];
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 /* % */) {
      if ((text.charCodeAt(i + 1) | 0x20) === 117 /* u */ && i + 5 < text.length) {
        const a = hexValue(text.charCodeAt(i + 2));
        const b = hexValue(text.charCodeAt(i + 3));
        const d = hexValue(text.charCodeAt(i + 4));
        const e = hexValue(text.charCodeAt(i + 5));
        if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
          flush();
          out += String.fromCharCode((a << 12) | (b << 8) | (d << 4) | e);
          i += 5;
          continue;
        }
      }
      const h = hexValue(text.charCodeAt(i + 1));
      const l = hexValue(text.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        bytes.push((h << 4) | l);
        i += 2;
        continue;
      }
    }
    flush();
    out += c === 43 && plusAsSpace ? ' ' : text[i];
  }
  flush();
  return out;
}

/** Numeric references may be padded with zeros (`&#0000123;`), which browsers accept, to slip past a length limit. */
const entity = /&(#[xX]0*[0-9a-fA-F]{1,6}|#0*[0-9]{1,7}|[a-zA-Z]{2,8});?/g;

export function htmlEntityDecode(input: string): string {
  if (input.indexOf('&') < 0) return input;
  return input.replace(entity, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    const named = namedEntities[body.toLowerCase()];
    // A named entity without `;` is only decoded for the few that browsers accept that way.
    if (named === undefined) return match;
    if (!match.endsWith(';') && !['lt', 'gt', 'amp', 'quot'].includes(body.toLowerCase())) return match;
    return named;
  });
}

/** `\uXXXX` takes exactly four hex digits (`\u003ealert` is `>alert`); only the braced form `\u{…}` takes one to six. */
const unicodeEscape = /\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/g;

export function unicodeEscapeDecode(input: string): string {
  if (input.indexOf('\\u') < 0) return input;
  return input.replace(unicodeEscape, (match, braced: string | undefined, plain: string | undefined) => {
    const code = parseInt(braced ?? plain ?? '', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

const mayNeedDecoding = /[%&\\+]/;

/**
 * Decodes until nothing changes (at most 3 rounds: double and triple encoding). `plusAsSpace` is for
 * query strings and form bodies, where `+` is a space.
 */
export function decodeValue(raw: string, plusAsSpace: boolean): string {
  if (!mayNeedDecoding.test(raw)) return raw;
  let value = raw;
  for (let round = 0; round < 3; round++) {
    const next = unicodeEscapeDecode(htmlEntityDecode(percentDecode(value, plusAsSpace && round === 0)));
    if (next === value) break;
    value = next;
  }
  return value;
}

const base64Shape = /^[A-Za-z0-9+/]{16,}={0,2}$|^[A-Za-z0-9_-]{16,}={0,2}$/;

/**
 * The decoded text of a value that plainly is base64: the right alphabet and length, at least one
 * digit or symbol or mixed case run, and a result that is mostly printable text with some punctuation
 * (a random token decodes to binary and is left alone). Null otherwise.
 */
export function plainBase64(value: string): string | null {
  if (value.length < 16 || value.length > 8192 || value.length % 4 === 1) return null;
  if (!base64Shape.test(value)) return null;
  let binary: string;
  try {
    binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  let printable = 0;
  let symbols = 0;
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
    if ((c >= 32 && c < 48) || (c >= 58 && c < 65) || (c >= 91 && c < 97) || (c >= 123 && c < 127)) symbols++;
  }
  if (printable < binary.length * 0.95 || symbols === 0) return null;
  return utf8.decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}
