/**
 * A small JavaScript expression check: does a piece of text contain something a script injection is
 * after (a call of a sink such as `alert(`, a read of `document.cookie`, a `constructor` chain, a
 * bracket call on a global)? It scans identifiers and looks at what follows each one; strings are
 * not skipped, because in an injection the first quote closes the application's string, not ours.
 */

export type JsSignal = {
  kind: 'call' | 'dom' | 'constructor' | 'bracket-call' | 'navigation';
  /** Where the identifier that gave the signal starts. */
  index: number;
  /** Whether the signal is one of the calls that show up in attacks and hardly ever in text. */
  strong: boolean;
  /** Whether the call's `(` or backtick follows the name directly, as in code rather than prose. */
  adjacent: boolean;
};

/** Calls that attackers use to prove or exploit an injection; case-sensitive as JavaScript is. */
const strongCalls = new Set(['alert', 'prompt', 'confirm', 'eval', 'fromCharCode', 'execScript', 'setTimeout', 'setInterval', 'Function', 'atob', 'btoa']);
/** Calls that matter only as a method (`document.write(`, `window.open(`). */
const methodCalls = new Set(['write', 'writeln', 'open', 'fetch', 'sendBeacon', 'postMessage', 'insertAdjacentHTML', 'appendChild', 'createElement', 'import', 'showModalDialog', 'assign', 'replace', 'getScript']);
const bareCalls = new Set(['fetch', 'import', 'XMLHttpRequest', 'ActiveXObject', 'require']);
const documentMembers = new Set(['cookie', 'domain', 'write', 'writeln', 'location', 'body', 'documentElement', 'forms', 'createElement', 'URL', 'referrer', 'querySelector', 'getElementById', 'getElementsByTagName', 'execCommand']);
const globals = new Set(['top', 'window', 'self', 'parent', 'globalThis', 'frames', 'opener', 'document']);
/** `[].sort.call\`${alert}1\``: a tagged template on these runs a function without parentheses. */
const taggedInvokers = new Set(['call', 'apply', 'bind']);
const navigationOwners = new Set(['window', 'document', 'top', 'self', 'parent', 'opener']);

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);

/** Skips whitespace and block comments: `alert/**\/(1)` is a call. */
function skipGap(text: string, from: number): number {
  let j = from;
  for (;;) {
    while (j < text.length && (text.charCodeAt(j) <= 32 || text.charCodeAt(j) === 0xa0)) j++;
    if (text.startsWith('/*', j)) {
      const close = text.indexOf('*/', j + 2);
      if (close < 0) return text.length;
      j = close + 2;
      continue;
    }
    return j;
  }
}

/** Every signal needs one of these words: a single cheap test before the identifier scan. */
const signalWords = /alert|prompt|confirm|eval|fromCharCode|execScript|setTimeout|setInterval|Function|atob|btoa|document|window|self|top|parent|frames|opener|globalThis|constructor|location|call|apply|bind|fetch|import|XMLHttpRequest|ActiveXObject|require|write|open|sendBeacon|postMessage|insertAdjacentHTML|appendChild|createElement|showModalDialog|assign|replace|getScript/;

/** The first signal in `text`, or null. Linear: one pass over identifiers. */
export function findJsSignal(text: string): JsSignal | null {
  if (!signalWords.test(text)) return null;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isIdentStart(c) || (i > 0 && isIdentPart(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    const name = text.slice(i, end);
    let before = i - 1;
    while (before >= 0 && text.charCodeAt(before) <= 32) before--;
    const afterDot = before >= 0 && text.charCodeAt(before) === 46;
    const next = skipGap(text, end);
    const n = text.charCodeAt(next);
    const calls = n === 40 /* ( */ || n === 96; /* ` */
    if (calls && strongCalls.has(name)) return { kind: 'call', index: i, strong: true, adjacent: next === end };
    if (afterDot && n === 96 && taggedInvokers.has(name)) return { kind: 'call', index: i, strong: true, adjacent: true };
    if (calls && (bareCalls.has(name) || (afterDot && methodCalls.has(name)))) return { kind: 'call', index: i, strong: false, adjacent: next === end };
    if (name === 'document' && n === 46) {
      const memberStart = skipGap(text, next + 1);
      let memberEnd = memberStart;
      while (memberEnd < text.length && isIdentPart(text.charCodeAt(memberEnd))) memberEnd++;
      if (documentMembers.has(text.slice(memberStart, memberEnd))) return { kind: 'dom', index: i, strong: true, adjacent: true };
    }
    if (name === 'constructor' && (afterDot || n === 40 || n === 46 || n === 96)) return { kind: 'constructor', index: i, strong: true, adjacent: true };
    if (globals.has(name) && n === 91 /* [ */) {
      // `self /*x*/ [ "alert" ]`, `(document)["cookie"]`: a member named by a string literal.
      const inside = text.charCodeAt(skipGap(text, next + 1));
      if (inside === 34 || inside === 39 || inside === 96) return { kind: 'bracket-call', index: i, strong: true, adjacent: true };
      if (next === end) return { kind: 'bracket-call', index: i, strong: false, adjacent: true };
    }
    if (name === 'document' && n === 41 && text.charCodeAt(skipGap(text, next + 1)) === 91) {
      const inside = text.charCodeAt(skipGap(text, skipGap(text, next + 1) + 1));
      if (inside === 34 || inside === 39) return { kind: 'bracket-call', index: i, strong: true, adjacent: true };
    }
    if (navigationOwners.has(name) && n === 46) {
      const memberStart = skipGap(text, next + 1);
      if (text.startsWith('location', memberStart) && !isIdentPart(text.charCodeAt(memberStart + 8))) return { kind: 'dom', index: i, strong: true, adjacent: true };
    }
    if (name === 'location' && n === 61 /* = */ && text.charCodeAt(next + 1) !== 61) return { kind: 'navigation', index: i, strong: false, adjacent: true };
    i = end;
  }
  return null;
}
