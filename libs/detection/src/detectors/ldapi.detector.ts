import type { Detector, Hit, InspectedValue, Paranoia } from '../types';

const minimumScore: Record<Paranoia, number> = { 1: 0.8, 2: 0.7, 3: 0.6, 4: 0.45 };
const maxPayloadChars = 200;

/** An attribute assertion of an LDAP filter: `uid=`, `cn~=`, `objectClass=`, `2.5.4.3>=`. */
const assertion = /^\s*(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*\s*[~<>]?=/;

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * A filter closed and a new one opened: `)(`, `) (|(`, `)(&(`, `)(!(`, `)!(`, `)&(`. Returns the index
 * after the run, or -1.
 */
function reopenedFilterAt(text: string, close: number): number {
  let i = close + 1;
  while (isBlank(text[i])) i++;
  if ((text[i] === '&' || text[i] === '|' || text[i] === '!') && text[i + 1] === '(') i++;
  if (text[i] !== '(') return -1;
  i++;
  for (let depth = 0; depth < 3; depth++) {
    while (isBlank(text[i])) i++;
    if ((text[i] === '|' || text[i] === '&' || text[i] === '!') && (text[i + 1] === '(' || text[i + 1] === ')' || isBlank(text[i + 1]) || i + 1 === text.length)) {
      i++;
      while (isBlank(text[i])) i++;
      if (text[i] === '(') i++;
      continue;
    }
    break;
  }
  return i;
}

type Shape = { shape: string; score: number; at: number };

function strongestShape(text: string): Shape | null {
  let best: Shape | null = null;
  const consider = (shape: string, score: number, at: number): void => {
    if (best === null || score > best.score) best = { shape, score, at };
  };
  // Parentheses the value closes without opening them: the point where it leaves the filter it sits in.
  let depth = 0;
  for (let close = 0; close < text.length; close++) {
    if (text[close] === '(') depth++;
    if (text[close] !== ')') continue;
    depth--;
    if (depth >= 0) continue;
    const next = reopenedFilterAt(text, close);
    if (next >= 0) {
      // `*)(uid=*`, `)(cn=`, `*)(|(objectClass=*)`: the value closes the filter and writes its own.
      if (assertion.test(text.slice(next, next + 80))) consider('filter-break-out', 0.9, close);
      // `admin)(&)`, `*)(|)`: the absolute true and false filters.
      else if ((text[next - 1] === '&' || text[next - 1] === '|') && (text[next] === ')' || next === text.length)) consider('filter-break-out', 0.9, close);
      else if (text[close - 1] === '*') consider('wildcard-break-out', 0.8, close - 1);
    }
    // `admin)\00`, `*)%00`: a closing parenthesis and a null byte that truncates the rest of the filter.
    const after = text.slice(close + 1, close + 4);
    if (after.startsWith('\u0000') || after.startsWith('\\00') || after.toLowerCase().startsWith('%00')) consider('null-byte', 0.85, close);
    if (text[close - 1] === '*' && text[close - 2] !== '(') consider('wildcard-close', 0.6, close - 1);
  }
  // `(|(uid=*)(cn=*))`: a whole filter with an operator, where a plain value was expected.
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    const op = text[open + 1];
    if ((op === '|' || op === '&' || op === '!') && text[open + 2] === '(' && assertion.test(text.slice(open + 3, open + 83))) {
      // A whole filter is what LDAP tools send on purpose; only a value that also breaks out is certain.
      consider('filter-injection', 0.7, open);
    }
  }
  const trimmed = text.trim();
  if (/^\(?\s*objectclass\s*=\s*\*\s*\)?$/i.test(trimmed)) consider('objectclass-wildcard', 0.75, 0);
  if (trimmed === '*') consider('lone-wildcard', 0.45, 0);
  return best;
}

function hit(value: InspectedValue, shape: Shape): Hit {
  const start = Math.max(0, shape.at - 16);
  return { type: 'ldapi', point: value.point, payload: value.value.slice(start, start + maxPayloadChars), score: shape.score, detector: `ldapi/${shape.shape}` };
}

/**
 * LDAP injection: filter metacharacters that close the filter the value sits in and open another
 * (`*)(uid=*))(|(uid=*`, `)(cn=`, `admin)(&)`), a whole filter with an operator (`(|(uid=*)(cn=*))`),
 * a null byte after a closing parenthesis. Parentheses in prose do not reopen a filter with an
 * attribute assertion; a lone `*` (a search box) only counts at paranoia 4.
 */
export const ldapiDetector: Detector = {
  name: 'ldapi',
  type: 'ldapi',
  inspect(value, options) {
    const text = value.value;
    if (!text.includes(')') && !text.includes('(') && !text.includes('*')) return null;
    const shape = strongestShape(text);
    return shape !== null && shape.score >= minimumScore[options.paranoia] ? hit(value, shape) : null;
  },
};
