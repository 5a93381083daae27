/**
 * A small SQL lexer, forgiving by design: it never fails, it reads any text as a sequence of SQL
 * tokens the way a database would if the text were spliced into a query. Dialect quirks that attackers
 * lean on are honoured: `#` and `--` comments (MySQL, PostgreSQL, MSSQL), `/* *\/` block comments that
 * stand in for whitespace, MySQL `/*! ... *\/` versioned comments whose content is executed, doubled
 * and backslash-escaped quotes, backtick and bracket identifiers, hex and scientific numbers.
 */

export type SqlTokenKind =
  | 'string'
  | 'number'
  | 'identifier'
  | 'keyword'
  | 'variable'
  | 'operator'
  | 'comment'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  | 'dot'
  | 'other';

export type SqlToken = {
  kind: SqlTokenKind;
  /** The token as written (for strings, with the quotes). */
  text: string;
  /** Lower-case text for keywords, identifiers and variables; `text` otherwise. */
  lower: string;
  /** Offset of the first character in the lexed input. */
  start: number;
  /** True for a string or block comment that runs to the end of the input. */
  unterminated: boolean;
};

/** Reserved words and clause words of the common dialects (MySQL, PostgreSQL, MSSQL, Oracle, SQLite). */
export const sqlKeywords: ReadonlySet<string> = new Set([
  'select', 'from', 'where', 'union', 'all', 'distinct', 'distinctrow', 'and', 'or', 'xor', 'not',
  'order', 'group', 'by', 'having', 'limit', 'offset', 'into', 'outfile', 'dumpfile', 'values',
  'insert', 'update', 'delete', 'drop', 'create', 'alter', 'truncate', 'replace', 'table', 'database',
  'schema', 'view', 'index', 'procedure', 'function', 'trigger', 'exec', 'execute', 'declare', 'set',
  'waitfor', 'delay', 'time', 'shutdown', 'call', 'like', 'rlike', 'regexp', 'between', 'in', 'is',
  'null', 'true', 'false', 'case', 'when', 'then', 'else', 'end', 'as', 'on', 'join', 'inner', 'outer',
  'left', 'right', 'cross', 'natural', 'asc', 'desc', 'if', 'exists', 'begin', 'commit', 'rollback',
  'grant', 'revoke', 'use', 'show', 'describe', 'load', 'data', 'infile', 'top', 'escape', 'collate',
  'div', 'mod', 'sounds', 'boolean', 'mode', 'against', 'match', 'handler', 'goto', 'print', 'fetch', 'cursor', 'with', 'returning',
]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0x80;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0 || c === 0x2028 || c === 0x2029 || c === 0xfeff;
}

const threeCharOperators = new Set(['<=>', '->>', '#>>', '!~*']);
const twoCharOperators = new Set([
  '<>', '!=', '<=', '>=', '||', '&&', '::', ':=', '->', '<<', '>>', '@>', '<@', '!<', '!>', '#>', '?|', '?&', '@?', '~*', '!~', '^=',
]);
const oneCharOperators = '=<>+-*/%!~^&|?:@';

/** Reads a quoted run starting at `i` (the opening quote); returns the index after it and whether it closed. */
function readQuoted(input: string, i: number, quote: number): { end: number; closed: boolean } {
  let j = i + 1;
  while (j < input.length) {
    const c = input.charCodeAt(j);
    if (c === 92 /* \ */ && quote !== 96) {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (input.charCodeAt(j + 1) === quote) {
        j += 2;
        continue;
      }
      return { end: j + 1, closed: true };
    }
    j++;
  }
  return { end: input.length, closed: false };
}

/** Lexes `input` from `from` to its end; whitespace is dropped, comments are kept as tokens. */
export function lexSql(input: string, from = 0): SqlToken[] {
  const tokens: SqlToken[] = [];
  let inVersionedComment = false;
  let i = from;
  const push = (kind: SqlTokenKind, start: number, end: number, unterminated = false): void => {
    const text = input.slice(start, end);
    tokens.push({ kind, text, lower: kind === 'string' ? text : text.toLowerCase(), start, unterminated });
  };
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = input.charCodeAt(i + 1);
    // Comments.
    if (c === 47 /* / */ && next === 42 /* * */) {
      if (input.charCodeAt(i + 2) === 33 /* ! */) {
        // MySQL versioned comment: its content runs as SQL; skip the optional version number.
        let j = i + 3;
        while (j < input.length && j < i + 8 && isDigit(input.charCodeAt(j))) j++;
        inVersionedComment = true;
        i = j;
        continue;
      }
      const close = input.indexOf('*/', i + 2);
      const end = close < 0 ? input.length : close + 2;
      push('comment', i, end, close < 0);
      i = end;
      continue;
    }
    if (c === 42 /* * */ && next === 47 /* / */ && inVersionedComment) {
      inVersionedComment = false;
      i += 2;
      continue;
    }
    if ((c === 45 /* - */ && next === 45) || (c === 35 /* # */ && next !== 62 /* > */)) {
      const newline = input.indexOf('\n', i);
      const end = newline < 0 ? input.length : newline;
      push('comment', i, end);
      i = end;
      continue;
    }
    // Strings and quoted identifiers.
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const { end, closed } = readQuoted(input, i, c);
      push('string', i, end, !closed);
      i = end;
      continue;
    }
    if (c === 96 /* ` */) {
      const { end } = readQuoted(input, i, c);
      push('identifier', i, end);
      i = end;
      continue;
    }
    if (c === 91 /* [ */) {
      const close = input.indexOf(']', i + 1);
      if (close > i + 1 && close - i < 130 && isIdentStart(input.charCodeAt(i + 1))) {
        push('identifier', i, close + 1);
        i = close + 1;
        continue;
      }
      push('other', i, i + 1);
      i++;
      continue;
    }
    // Numbers: 12, 1.5, .5, 1e10, 2.2e-308, 0x7e, 0b101.
    if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) {
      let j = i;
      if (c === 48 && (next === 120 || next === 88) && isHexDigit(input.charCodeAt(i + 2))) {
        j = i + 2;
        while (j < input.length && isHexDigit(input.charCodeAt(j))) j++;
      } else if (c === 48 && (next === 98 || next === 66) && (input[i + 2] === '0' || input[i + 2] === '1')) {
        j = i + 2;
        while (j < input.length && (input[j] === '0' || input[j] === '1')) j++;
      } else {
        while (j < input.length && isDigit(input.charCodeAt(j))) j++;
        if (input.charCodeAt(j) === 46) {
          j++;
          while (j < input.length && isDigit(input.charCodeAt(j))) j++;
        }
        const e = input.charCodeAt(j);
        if (e === 101 || e === 69) {
          let k = j + 1;
          if (input[k] === '+' || input[k] === '-') k++;
          if (isDigit(input.charCodeAt(k))) {
            while (k < input.length && isDigit(input.charCodeAt(k))) k++;
            j = k;
          }
        }
      }
      push('number', i, j);
      i = j;
      continue;
    }
    // Variables: @x, @@version.
    if (c === 64 /* @ */ && (isIdentStart(next) || (next === 64 && isIdentStart(input.charCodeAt(i + 2))))) {
      let j = next === 64 ? i + 2 : i + 1;
      while (j < input.length && isIdentPart(input.charCodeAt(j))) j++;
      push('variable', i, j);
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < input.length && isIdentPart(input.charCodeAt(j))) j++;
      const word = input.slice(i, j).toLowerCase();
      push(sqlKeywords.has(word) ? 'keyword' : 'identifier', i, j);
      i = j;
      continue;
    }
    if (c === 40) {
      push('lparen', i, i + 1);
      i++;
      continue;
    }
    if (c === 41) {
      push('rparen', i, i + 1);
      i++;
      continue;
    }
    if (c === 44) {
      push('comma', i, i + 1);
      i++;
      continue;
    }
    if (c === 59) {
      push('semicolon', i, i + 1);
      i++;
      continue;
    }
    if (c === 46) {
      push('dot', i, i + 1);
      i++;
      continue;
    }
    const three = input.slice(i, i + 3);
    if (threeCharOperators.has(three)) {
      push('operator', i, i + 3);
      i += 3;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (twoCharOperators.has(two)) {
      push('operator', i, i + 2);
      i += 2;
      continue;
    }
    if (oneCharOperators.includes(input[i])) {
      push('operator', i, i + 1);
      i++;
      continue;
    }
    push('other', i, i + 1);
    i++;
  }
  return tokens;
}
