import { tokenizeHtml, type HtmlAttribute, type HtmlStartTag } from '../html/html-tokenizer';
import { findJsSignal } from '../html/js-signals';
import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * Cross-site scripting, found by reading a value the way a browser would once it is reflected into a
 * page: markup is tokenized and each tag is judged by what it can execute (a script element, an event
 * handler, a script URL, an embedded document, a style expression, a refresh or base redirect); values
 * without markup are checked for a break-out of an attribute value or of a JavaScript string followed by
 * a call an attack is after. Plain markup (`<b>`, `<a href=https://...>`) is left to paranoia 2 and up.
 */

type Finding = { shape: string; score: number; start: number; end: number; paranoia: Paranoia };

/** Elements whose mere presence in a value loads or runs something. */
const embeddingElements = new Set(['object', 'embed', 'applet']);
const framingElements = new Set(['iframe', 'frame', 'frameset']);
const svgAnimationElements = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'handler', 'listener']);
/** Formatting markup that rich-text fields carry: even paranoia 2 lets it pass. */
const textMarkup = new Set(['b', 'i', 'u', 's', 'em', 'strong', 'p', 'br', 'hr', 'span', 'div', 'ul', 'ol', 'li', 'small', 'sub', 'sup', 'code', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'td', 'th', 'thead', 'tbody', 'mark', 'del', 'ins', 'q', 'cite', 'abbr', 'wbr', 'font', 'center']);
/** Elements outside plain formatting that injected markup uses: paranoia 2 flags them. */
const activeElements = new Set(['a', 'img', 'image', 'input', 'form', 'button', 'svg', 'math', 'video', 'audio', 'source', 'body', 'html', 'head', 'xml', 'link', 'isindex', 'textarea', 'select', 'details', 'marquee', 'bgsound', 'layer', 'ilayer', 'xss', 'keygen', 'noscript', 'title', 'template', 'portal', 'use', 'foreignobject', 'maction', 'style', 'meta', 'base', 'area', 'map', 'track', 'picture', 'dialog', 'frameset']);

const scriptSchemes = ['javascript:', 'vbscript:', 'livescript:', 'mocha:', 'jscript:'];
const documentDataTypes = ['data:text/html', 'data:image/svg+xml', 'data:application/xhtml+xml', 'data:text/xml', 'data:application/xml', 'data:text/javascript', 'data:application/javascript', 'data:application/x-javascript'];

/** Browsers drop whitespace and control characters inside a URL scheme (`java\tscript:`). */
function compactLower(value: string, limit: number): string {
  let out = '';
  for (let i = 0; i < value.length && out.length < limit; i++) {
    const c = value.charCodeAt(i);
    if (c > 32) out += value[i].toLowerCase();
  }
  return out;
}

function isEventHandlerName(name: string): boolean {
  if (name.length < 5 || !name.startsWith('on')) return false;
  for (let i = 2; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Whether an attribute value would be fetched or run as a script or a document. */
function isScriptUrl(value: string): boolean {
  const compact = compactLower(value.includes('-->') ? value.replace(/<!--.*?-->/g, '') : value, 40);
  if (compact.startsWith('&{')) return true; // Netscape JavaScript entities
  if (scriptSchemes.some((scheme) => compact.startsWith(scheme) || compact.includes(`"${scheme}`) || compact.includes(`'${scheme}`))) return true;
  return documentDataTypes.some((type) => compact.startsWith(type));
}

function styleRuns(css: string): boolean {
  const compact = compactLower((css.includes('*/') ? css.replace(/\/\*.*?\*\//g, '') : css).replace(/\\/g, ''), 4096);
  return ['expression(', 'binding:', 'behavior:', 'behaviour:', 'javascript:', 'vbscript:', '@import'].some((marker) => compact.includes(marker));
}

function attribute(tag: HtmlStartTag, name: string): HtmlAttribute | undefined {
  return tag.attributes.find((a) => a.name === name);
}

function judgeTag(tag: HtmlStartTag): Finding | null {
  const at = (shape: string, score: number, paranoia: Paranoia): Finding => ({ shape, score, start: tag.start, end: tag.end, paranoia });
  if (tag.name === 'script' && (tag.closed || tag.attributes.length > 0)) return at('script-tag', 0.95, 1);
  for (const a of tag.attributes) {
    if (a.value === null) continue;
    if (isEventHandlerName(a.name)) return at('event-handler', 0.9, 1);
    if (a.value.length === 0) continue;
    if (isScriptUrl(a.value)) return at('script-url', 0.9, 1);
    if (a.name === 'style' && styleRuns(a.value)) return at('style-expression', 0.85, 1);
  }
  if (tag.name === 'iframe' && attribute(tag, 'srcdoc') !== undefined) return at('srcdoc', 0.9, 1);
  if (embeddingElements.has(tag.name) || tag.name.endsWith('vmlframe')) return at('embedded-object', 0.8, 1);
  if (tag.name.startsWith('import') || tag.name.endsWith(':import')) return at('html-component', 0.75, 1);
  if (framingElements.has(tag.name) && attribute(tag, 'src') !== undefined) return at('frame', 0.75, 1);
  if (svgAnimationElements.has(tag.name)) {
    const target = attribute(tag, 'attributename')?.value?.toLowerCase() ?? '';
    if (target === 'href' || target === 'xlink:href' || isEventHandlerName(target)) return at('svg-animation', 0.85, 1);
  }
  if (tag.name === 'meta') {
    const equiv = attribute(tag, 'http-equiv')?.value?.toLowerCase() ?? '';
    if (equiv === 'refresh' || equiv === 'set-cookie') return at('meta-refresh', 0.85, 1);
    if (equiv.length > 0 || attribute(tag, 'charset') !== undefined) return at('meta', 0.7, 1);
  }
  if (tag.name === 'base' && attribute(tag, 'href') !== undefined) return at('base-href', 0.8, 1);
  if (tag.name === 'link' && attribute(tag, 'href') !== undefined) return at('link', 0.75, 1);
  if (tag.name === 'xml' || tag.attributes.some((a) => a.name === 'datasrc' || a.name === 'datafld' || a.name === 'dataformatas')) return at('data-binding', 0.75, 1);
  // `'';!--"<XSS>=&{()}`: the XSS locator string, whose `<xss>` element no page has; testers and
  // scanners send it to see where markup comes back unescaped.
  if (tag.name === 'xss') return at('probe-tag', 0.7, 1);
  if (!tag.closed) return null;
  if (activeElements.has(tag.name)) return at('html-injection', 0.5, 2);
  if (!textMarkup.has(tag.name)) return at('html-injection', 0.4, 3);
  return at('html-injection', 0.3, 4);
}

function inMarkup(value: string): Finding | null {
  let best: Finding | null = null;
  for (const token of tokenizeHtml(value)) {
    let finding: Finding | null = null;
    if (token.kind === 'start-tag') finding = judgeTag(token);
    else if (token.kind === 'text' && token.rawTextOf === 'style' && (styleRuns(token.text) || /^\s*[@=]\s*\\/.test(token.text))) {
      // `<style>@\\…`, `<style>@\69mport`: an escaped at-rule right after an injected style element.
      finding = { shape: 'style-expression', score: 0.85, start: token.start, end: token.end, paranoia: 1 };
    } else if (token.kind === 'declaration' && /^\?(?:import|xml:namespace)\b/i.test(token.text)) {
      finding = { shape: 'html-component', score: 0.75, start: token.start, end: token.end, paranoia: 1 };
    } else if (token.kind === 'comment' && /^#(?:exec|include|echo|config|set|fsize|flastmod)\s/i.test(token.text)) {
      finding = { shape: 'server-side-include', score: 0.8, start: token.start, end: token.end, paranoia: 1 };
    } else if (token.kind === 'comment' && /^\[if\b/i.test(token.text)) {
      finding = { shape: 'conditional-comment', score: 0.5, start: token.start, end: token.end, paranoia: 2 };
    } else if (token.kind === 'end-tag' && token.name === 'script') {
      finding = { shape: 'script-close', score: 0.75, start: token.start, end: token.end, paranoia: 1 };
    }
    if (finding !== null && (best === null || finding.paranoia < best.paranoia || (finding.paranoia === best.paranoia && finding.score > best.score))) best = finding;
    if (best !== null && best.paranoia === 1 && best.score >= 0.9) break;
  }
  return best;
}

/**
 * `" onfocus=alert(1) autofocus x="`, `  onload= `: a value that closes an attribute value (or sits in an
 * unquoted one) and adds an event handler. A handler name right at the start of the value needs a
 * script after it; one after a quote, a space or a slash reads as a new attribute by itself.
 */
function attributeBreakout(value: string, paranoia: Paranoia): Finding | null {
  handlerAttribute.lastIndex = 0;
  let match: RegExpExecArray | null;
  for (let count = 0; count < 16 && (match = handlerAttribute.exec(value)) !== null; count++) {
    const start = match.index + match[1].length;
    const rest = value.slice(match.index + match[0].length, match.index + match[0].length + 200);
    const hasScript = findJsSignal(rest) !== null;
    const afterBoundary = match[1].length > 0;
    if (hasScript || afterBoundary) {
      const quoted = /["'`]/.test(match[1]);
      const p: Paranoia = hasScript || quoted || rest.trim().length === 0 || /^\s*["'`]/.test(rest) ? 1 : 2;
      if (p <= paranoia) return { shape: 'attribute-breakout', score: hasScript ? 0.85 : 0.7, start, end: Math.min(value.length, start + 200), paranoia: p };
    } else if (paranoia >= 2 && rest.trim().length > 0) {
      return { shape: 'attribute-breakout', score: 0.5, start, end: Math.min(value.length, start + 200), paranoia: 2 };
    }
  }
  return null;
}

const handlerAttribute = /(^|[\s"'`/;+])on[a-z]{3,40}\s*=/gi;

const breakoutOperators = new Set([';', '+', '-', '*', '/', '|', '&', ',', '?', ':', '%', '^', '<', '>', '=', '}', ')', ']', '\n']);

/** `";alert(1)//`, `'-alert(1)-'`, `${alert(1)}`: a quote ends a JavaScript string, an operator follows, then a call. */
function scriptBreakout(value: string): Finding | null {
  const template = value.indexOf('${');
  if (template >= 0) {
    const signal = findJsSignal(value.slice(template + 2));
    if (signal !== null) return { shape: 'template-breakout', score: 0.85, start: template, end: value.length, paranoia: 1 };
  }
  let from = 0;
  for (let tries = 0; tries < 8; tries++) {
    let quote = -1;
    for (let i = from; i < value.length; i++) {
      const c = value[i];
      if (c === '"' || c === "'" || c === '`') {
        quote = i;
        break;
      }
    }
    if (quote < 0) return null;
    let j = quote + 1;
    while (j < value.length && (value[j] === ' ' || value[j] === '\t' || value[j] === ')' || value[j] === ']' || value[j] === '}')) j++;
    if (j < value.length && breakoutOperators.has(value[j])) {
      const signal = findJsSignal(value.slice(j));
      if (signal !== null && signal.strong) return { shape: 'script-breakout', score: 0.85, start: quote, end: value.length, paranoia: 1 };
    }
    from = quote + 1;
  }
  return null;
}

/** `ja&Tab;vascript&colon;`: named character references that a value carries undecoded to hide a scheme. */
function withoutHidingEntities(value: string): string {
  return value.includes('&') ? value.replace(/&(?:tab|newline);/gi, '').replace(/&colon;/gi, ':') : value;
}

/** A value that is itself a script URL (reflected into `href`). `javascript:void(0)` waits for paranoia 2. */
function scriptUrlValue(rawValue: string): Finding | null {
  const value = withoutHidingEntities(rawValue);
  const hidden = value !== rawValue;
  let lead = 0;
  while (lead < value.length && (value[lead] === '"' || value[lead] === "'" || value.charCodeAt(lead) <= 32)) lead++;
  const compact = compactLower(value.slice(lead), 40);
  const scheme = scriptSchemes.find((s) => compact.startsWith(s));
  if (scheme !== undefined) {
    const signal = findJsSignal(value);
    // `java\tscript:`: whitespace or control characters inside the scheme exist only to slip past filters.
    const split = hidden || !value.slice(lead, lead + scheme.length).toLowerCase().startsWith(scheme);
    // `javascript:\\t`, `javascript:a=1`: escapes or an assignment straight after the scheme are code, not prose.
    const schemeEnd = value.toLowerCase().indexOf(':', lead) + 1;
    const body = value.slice(schemeEnd, schemeEnd + 40).trimStart();
    if (signal === null && !split && /^(?:\\|[\w$]{1,20}\s*=[^=])/.test(body)) return { shape: 'script-url', score: 0.8, start: 0, end: value.length, paranoia: 1 };
    return { shape: 'script-url', score: signal !== null || split ? 0.9 : 0.6, start: 0, end: value.length, paranoia: signal !== null || split ? 1 : 2 };
  }
  if (documentDataTypes.some((type) => compact.startsWith(type))) return { shape: 'script-url', score: 0.8, start: 0, end: value.length, paranoia: 1 };
  // ` data: , <x>`: a data URL whose content is markup, whatever (or no) media type it names.
  if (compact.startsWith('data:') && /^data:[\w/+.-]{0,40}(?:;[\w=.-]{1,40}){0,3},<[a-z!/]/.test(compact)) return { shape: 'script-url', score: 0.75, start: 0, end: value.length, paranoia: 1 };
  return null;
}

/** Tag names that an obfuscated tag (`<f o r m`, `< x: script`) is written to hide. */
const hiddenTagNames = new Set(['script', 'form', 'dialog', 'iframe', 'frame', 'svg', 'img', 'image', 'object', 'embed', 'applet', 'style', 'meta', 'base', 'link', 'input', 'button', 'body', 'math', 'video', 'audio', 'details', 'marquee', 'isindex', 'vmlframe', 'import', 'frameset', 'template', 'textarea', 'xss']);

/**
 * `<f o r m`, `$<d i a l o g`, `< x: script`: a tag name spelled one letter at a time, or behind a
 * namespace prefix after a space, which some parsers and filters read as the tag itself.
 */
function spacedTag(value: string): Finding | null {
  let from = 0;
  for (let tries = 0; tries < 16; tries++) {
    const lt = value.indexOf('<', from);
    if (lt < 0) return null;
    from = lt + 1;
    let j = lt + 1;
    while (j < value.length && value.charCodeAt(j) <= 32) j++;
    // `< x: script`, `<x :script`: a namespace prefix, then the name.
    const prefixed = /^[a-z]{1,10}\s*:\s*([a-z]{3,12})(?![a-z])/i.exec(value.slice(j, j + 40));
    if (prefixed !== null && (j > lt + 1 || /\s/.test(prefixed[0])) && prefixedTagNames.has(prefixed[1].toLowerCase())) {
      return { shape: 'obfuscated-tag', score: 0.75, start: lt, end: Math.min(value.length, lt + 40), paranoia: 1 };
    }
    // `<f o r m`: single letters each followed by whitespace.
    let letters = '';
    let k = j;
    while (k < value.length && isLetter(value.charCodeAt(k)) && !isLetter(value.charCodeAt(k + 1)) && letters.length < 12) {
      letters += value[k].toLowerCase();
      k++;
      if (!isSpace(value.charCodeAt(k))) break;
      while (k < value.length && isSpace(value.charCodeAt(k))) k++;
    }
    if (letters.length >= 3 && hiddenTagNames.has(letters)) return { shape: 'obfuscated-tag', score: 0.75, start: lt, end: Math.min(value.length, k), paranoia: 1 };
  }
  return null;
}

/** Names that `< x: name` may hide: only those that are not everyday words after a comparison. */
const prefixedTagNames = new Set(['script', 'iframe', 'vmlframe', 'embed', 'applet', 'isindex', 'xss']);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/**
 * `¼script¾alert(¢XSS¢)¼/script¾`: markup with the high bit set, which a US-ASCII page reads back as
 * `<script>`; also written as `\xbc` escapes. A tag made of these characters is flagged by itself.
 */
function sevenBitMarkup(value: string): Finding | null {
  const decoded = value.replace(/\\x(?:c2|d0)?\\x?(bc|be)|\\x(bc|be)/gi, (_, a: string | undefined, b: string | undefined) => ((a ?? b ?? '').toLowerCase() === 'bc' ? '\u00bc' : '\u00be'));
  const tag = /\u00bc\/?[a-z][a-z0-9]{0,15}\u00be/i.exec(decoded);
  return tag === null ? null : { shape: 'us-ascii-markup', score: 0.8, start: 0, end: value.length, paranoia: 1 };
}

/** Attributes that load or run something without an `on` name: `'formaction=`, `" srcdoc=`. */
const loadingAttributeBreakout = /["'`]\s*(?:formaction|srcdoc)\s*=/i;

/** `alert(1)`, `prompt\`1\``, `document.cookie` with nothing around them: a probe or a payload for an unquoted script context. */
function bareScript(value: string): Finding | null {
  const signal = findJsSignal(value);
  if (signal === null) return null;
  const p: Paranoia = signal.strong && signal.adjacent && signal.kind !== 'constructor' ? 1 : 2;
  return { shape: 'script-expression', score: p === 1 ? 0.7 : 0.5, start: signal.index, end: value.length, paranoia: p };
}

/** `x:url(javascript:…)`, `-moz-binding:url(…)`: style syntax that runs script, outside a style attribute. */
function cssValue(value: string): Finding | null {
  const lower = value.toLowerCase();
  if (!lower.includes('binding') && !lower.includes('url') && !lower.includes('expression')) return null;
  const compact = compactLower(value, 4096);
  if (compact.includes('-moz-binding:') || compact.includes('url(javascript') || compact.includes('url(vbscript') || /(?:^|[;:{])expression\(/.test(compact)) {
    return { shape: 'style-expression', score: 0.75, start: 0, end: value.length, paranoia: 1 };
  }
  return null;
}

/** UTF-7 (`+ADw-script+AD4-`), which old browsers could be talked into: decoded back to markup. */
function utf7Markup(value: string): Finding | null {
  const decoded = value.replace(/\+AD[w4IC]-?/g, (code) => ({ w: '<', '4': '>', I: '"', C: "'" })[code[3]] ?? code);
  if (decoded === value) return null;
  const finding = inMarkup(decoded);
  return finding === null ? null : { ...finding, shape: 'utf7-markup', start: 0, end: value.length };
}

/** JSFuck: JavaScript written with `[]()!+` alone, e.g. `(![]+[])[+!+[]]`. */
function jsfuck(value: string): Finding | null {
  if (value.length < 5 || (!value.includes('![]') && !value.includes('+[]'))) return null;
  for (let i = 0; i < value.length; i++) {
    if (!'[]()!+ '.includes(value[i])) return null;
  }
  return { shape: 'jsfuck', score: 0.8, start: 0, end: value.length, paranoia: 1 };
}

/** Cheap test first: every shape needs one of these characters (or names a DOM object). */
const commentClose = /^\s*--!?>/;
const trigger = /[<(`=:[\u00bc]|cookie|location|\+AD|!\[\]|\\x[bB][cC]/;

const xmlEntities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|lt|gt|quot|apos|amp);/gi, (whole, name: string) => {
    if (name[0] !== '#') return xmlEntities[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The attribute values and texts of a raw XML body, decoded: an XML API passes them on to pages too. */
function xmlValues(body: string): string[] {
  const values: string[] = [];
  for (const token of tokenizeHtml(body)) {
    if (values.length >= 64) break;
    if (token.kind === 'text' && token.text.trim().length > 0) values.push(decodeXmlText(token.text));
    else if (token.kind === 'cdata') values.push(token.text);
    else if (token.kind === 'start-tag') for (const a of token.attributes) if (a.value !== null && a.value.length > 0) values.push(decodeXmlText(a.value));
  }
  return values;
}

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const direct = inspectText(input.point, input.value, options.paranoia);
  if (direct !== null || input.point !== 'body' || !input.value.trimStart().startsWith('<')) return direct;
  for (const inner of xmlValues(input.value)) {
    const hit = inspectText(input.point, inner, options.paranoia);
    if (hit !== null) return hit;
  }
  return null;
}

function inspectText(point: string, rawValue: string, paranoia: Paranoia): Hit | null {
  // `＜script＞`: full-width angle brackets, which a server's Unicode normalisation turns into markup.
  const value = rawValue.includes('\uff1c') ? rawValue.replace(/\uff1c/g, '<').replace(/\uff1e/g, '>') : rawValue;
  // `-->`, `--!>` opening a value: it closes an HTML comment the value is reflected in, so what follows is
  // markup. Alone it is only a probe, and prose arrows (`a --> b`) exist: paranoia 2.
  if (paranoia >= 2 && commentClose.test(value)) return { type: 'xss', point, payload: excerpt(value, 0, 200), score: 0.5, detector: 'xss/comment-close' };
  if (!trigger.test(value)) return null;
  const checks: ((v: string) => Finding | null)[] = [
    (v) => (v.includes('<') ? inMarkup(v) : null),
    (v) => (v.includes('=') ? attributeBreakout(v, paranoia) : null),
    scriptBreakout,
    (v) => (v.includes(':') ? scriptUrlValue(v) : null),
    bareScript,
    (v) => (v.includes('(') ? cssValue(v) : null),
    (v) => (v.includes('+AD') ? utf7Markup(v) : null),
    jsfuck,
    (v) => (v.includes('<') ? spacedTag(v) : null),
    (v) => (v.includes('\u00bc') || v.includes('\\x') || v.includes('\\X') ? sevenBitMarkup(v) : null),
    (v) => (v.includes('=') && loadingAttributeBreakout.test(v) ? { shape: 'attribute-breakout', score: 0.7, start: 0, end: v.length, paranoia: 1 } : null),
  ];
  for (const check of checks) {
    const finding = check(value);
    if (finding !== null && finding.paranoia <= paranoia) {
      return { type: 'xss', point, payload: excerpt(value, finding.start, finding.end), score: finding.score, detector: `xss/${finding.shape}` };
    }
  }
  return null;
}

export const xssDetector: Detector = { name: 'xss', type: 'xss', inspect };
