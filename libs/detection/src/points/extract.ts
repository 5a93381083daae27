import type { DetectableRequest, InspectedValue } from '../types';
import { decodeValue, plainBase64 } from './decode';

/** Bounds that keep a hostile request from making detection slow. */
export const extractionLimits = {
  /** Values inspected per request; the rest are ignored. */
  maxValues: 256,
  /** Characters of one value that are decoded and inspected. */
  maxValueChars: 8192,
  /** Characters of a body that are parsed (JSON, form, multipart); longer bodies are read raw. */
  maxBodyChars: 262144,
  /** Nesting depth of a JSON body that is walked. */
  maxJsonDepth: 32,
} as const;

/** Headers whose values are standard and carry no application data; credentials are never inspected. */
const skippedHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'content-length',
  'cache-control',
  'pragma',
  'upgrade-insecure-requests',
  'if-none-match',
  'if-modified-since',
  'te',
  'dnt',
  'keep-alive',
  'priority',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
]);

/**
 * A value cut to the inspected length: its head and its tail, so padding a value cannot push the
 * payload past what is inspected.
 */
export function bound(text: string): string {
  const max = extractionLimits.maxValueChars;
  if (text.length <= max) return text;
  const half = max >> 1;
  return text.slice(0, half) + text.slice(text.length - half);
}

class Collector {
  readonly values: InspectedValue[] = [];

  get full(): boolean {
    return this.values.length >= extractionLimits.maxValues;
  }

  /** Adds a value already decoded by the source (JSON), plus its base64 reading where plain. */
  addDecoded(point: string, raw: string, decoded: string): void {
    if (this.full || decoded.length === 0) return;
    this.values.push({ point, value: decoded, raw });
    const fromBase64 = plainBase64(decoded);
    if (fromBase64 !== null && !this.full) this.values.push({ point, value: decodeValue(fromBase64, false), raw });
  }

  add(point: string, raw: string, plusAsSpace: boolean): void {
    const bounded = bound(raw);
    this.addDecoded(point, bounded, decodeValue(bounded, plusAsSpace));
  }
}

function safeName(raw: string, plusAsSpace: boolean): string {
  const name = decodeValue(raw.length > 200 ? raw.slice(0, 200) : raw, plusAsSpace);
  return name.length > 0 ? name : '_';
}

/**
 * Names that are not plain identifiers may carry a payload themselves (`<p onclick=…>=1`, a cookie
 * named `;id`): those are read too, at `<point>#key`. Plain names (letters, digits, `_.-`, and the
 * brackets of `filter[status]`, at most 64 characters) are not, so ordinary requests are not doubled.
 */
const plainName = /^[A-Za-z0-9_.\-[\]]{1,64}$/;

/**
 * Plain names that still are read: prototype pollution names them (`__proto__[x]`, `constructor[prototype]`),
 * and a dotted name can be code that a framework binds or evaluates (`java.lang.Runtime=1` for Struts-style
 * binders, `document.cookie=1`), so names with a dot are read too; they are rare in ordinary traffic. So
 * are names that open with a serialized Java object in base64 (`rO0AB…`).
 */
const codeLikeName = /__proto__|prototype|^constructor$|[A-Za-z]\.[A-Za-z]|^(?:rO0AB|KztAAU|Cs7QAF)/;

/** Whether a name is worth reading as a value of its own. */
function inspectableName(rawName: string): boolean {
  return !plainName.test(rawName) || codeLikeName.test(rawName);
}

function addPairs(out: Collector, text: string, prefix: string): void {
  let start = 0;
  while (start <= text.length && !out.full) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      // A piece without `=`: its text is the payload (`?;cat+/etc/passwd`).
      out.add(prefix, pair, true);
      continue;
    }
    const rawName = pair.slice(0, eq);
    const name = safeName(rawName, true);
    if (inspectableName(rawName)) out.add(`${prefix}.${name}#key`, rawName, true);
    out.add(`${prefix}.${name}`, pair.slice(eq + 1), true);
  }
}

function addCookies(out: Collector, header: string): void {
  for (const piece of header.split(';')) {
    if (out.full) return;
    const eq = piece.indexOf('=');
    if (eq < 0) {
      // A piece without `=` is no cookie a browser sends: its text is what was injected (`<style>…</style>`).
      if (piece.trim().length > 0) out.add('cookie', piece.trim(), false);
      continue;
    }
    const name = piece.slice(0, eq).trim();
    if (name.length === 0) continue;
    const point = `cookie.${safeName(name, false)}`;
    if (inspectableName(name)) out.add(`${point}#key`, name, false);
    out.add(point, piece.slice(eq + 1).trim(), false);
  }
}

function walkJson(out: Collector, node: unknown, point: string, depth: number): void {
  if (out.full) return;
  if (typeof node === 'string') {
    out.addDecoded(point, node, decodeValue(bound(node), false));
    return;
  }
  if (node === null || typeof node !== 'object' || depth >= extractionLimits.maxJsonDepth) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length && !out.full; i++) walkJson(out, node[i], `${point}.${i}`, depth + 1);
    return;
  }
  for (const key of Object.keys(node)) {
    if (out.full) return;
    const child = `${point}.${key}`;
    // Keys carry NoSQL operators (`$ne`), prototype pollution (`__proto__`), Java class names
    // (`java.io.File`) and other payloads: every key is read, as JSON keys name what the code reaches.
    const bounded = bound(key);
    out.addDecoded(`${child}#key`, bounded, bounded);
    walkJson(out, (node as Record<string, unknown>)[key], child, depth + 1);
  }
}

function headerParam(header: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(header);
  if (match === null) return null;
  return match[1] ?? match[2] ?? null;
}

function addMultipart(out: Collector, body: string, boundary: string): void {
  const delimiter = `--${boundary}`;
  let cursor = body.indexOf(delimiter);
  while (cursor >= 0 && !out.full) {
    const partStart = cursor + delimiter.length;
    if (body.startsWith('--', partStart)) return;
    const next = body.indexOf(delimiter, partStart);
    const part = body.slice(partStart, next < 0 ? body.length : next).replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    cursor = next;
    const split = /\r?\n\r?\n/.exec(part);
    const head = split === null ? part : part.slice(0, split.index);
    const content = split === null ? '' : part.slice(split.index + split[0].length);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = headerParam(disposition, 'name') ?? '_';
    const filename = headerParam(disposition, 'filename');
    if (name !== '_' && inspectableName(name)) out.add(`body.${name}#key`, name, false);
    if (filename !== null) out.add(`body.${name}#filename`, filename, false);
    out.add(`body.${name}`, content, false);
  }
}

const xmlTag = /<([A-Za-z_][\w.:-]{0,64})((?:\s+[\w.:-]{1,64}\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>([^<]*)/g;
const xmlAttribute = /([\w.:-]{1,64})\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Text nodes (`body.<element>`) and attribute values (`body.<element>@<attribute>`) of an XML body. */
function addXmlValues(out: Collector, body: string): void {
  xmlTag.lastIndex = 0;
  for (let tag = xmlTag.exec(body); tag !== null && !out.full; tag = xmlTag.exec(body)) {
    const element = tag[1] ?? '_';
    const attributes = tag[2] ?? '';
    if (attributes.length > 0) {
      xmlAttribute.lastIndex = 0;
      for (let attribute = xmlAttribute.exec(attributes); attribute !== null; attribute = xmlAttribute.exec(attributes)) {
        out.add(`body.${element}@${attribute[1] ?? '_'}`, attribute[2] ?? attribute[3] ?? '', false);
      }
    }
    const text = (tag[3] ?? '').trim();
    if (text.length > 0) out.add(`body.${element}`, text, false);
  }
}

function looksLikeForm(body: string): boolean {
  return /^[^=&\s]+=[^\s]*$/.test(body.length > 2048 ? body.slice(0, 2048) : body);
}

function addBody(out: Collector, body: string, contentType: string): void {
  if (body.length === 0) return;
  const type = contentType.toLowerCase();
  if (body.length <= extractionLimits.maxBodyChars) {
    const trimmed = body.trimStart();
    if (type.includes('json') || (type === '' && (trimmed.startsWith('{') || trimmed.startsWith('[')))) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
        walkJson(out, parsed, 'body', 0);
        return;
      }
      if (typeof parsed === 'string') {
        out.addDecoded('body', body, parsed);
        return;
      }
    }
    if (type.includes('x-www-form-urlencoded') || (type === '' && looksLikeForm(body))) {
      addPairs(out, body, 'body');
      return;
    }
    if (type.includes('multipart/form-data')) {
      const boundary = headerParam(contentType, 'boundary');
      if (boundary !== null && boundary.length > 0) {
        addMultipart(out, body, boundary);
        return;
      }
    }
  }
  // XML and everything else: the body as it came (XML is parsed by the detectors that read it), and for
  // XML also each text node and attribute value, as applications read them.
  const head = body.trimStart();
  if (type.includes('xml') || head.startsWith('<?xml') || (head.startsWith('<') && body.trimEnd().endsWith('>'))) {
    addXmlValues(out, body.length > extractionLimits.maxBodyChars ? body.slice(0, extractionLimits.maxBodyChars) : body);
  }
  const bounded = bound(body);
  if (!out.full) out.values.push({ point: 'body', value: bounded, raw: bounded });
  // Also decoded, for payloads encoded inside a raw body; the undecoded text stays for XML parsers.
  const decoded = decodeValue(bounded, false);
  if (decoded !== bounded && !out.full) out.values.push({ point: 'body', value: decoded, raw: bounded });
}

/**
 * Every value of a request at its point, decoded the way applications read it: the path, each query
 * parameter (`query.<name>`), the body by content type (`body.<name>`, `body.<dotted.json.path>`,
 * `body.<key path>#key` for JSON keys, `body.<part>#filename`, raw `body`), cookies (`cookie.<name>`)
 * and the headers worth inspecting (`header.<name>`). Bounded by `extractionLimits`.
 */
export function extractValues(request: DetectableRequest): InspectedValue[] {
  const out = new Collector();
  out.add('path', request.path, false);
  if (request.query.length > 0) addPairs(out, request.query, 'query');
  const headers = request.requestHeaders;
  let contentType = '';
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    if (name === 'cookie') addCookies(out, value);
    else if (name === 'content-type') contentType = value;
    if (skippedHeaders.has(name) || name.startsWith('sec-')) continue;
    out.add(`header.${name}`, value, false);
  }
  if (request.requestBody !== null) addBody(out, request.requestBody, contentType);
  return out.values;
}
