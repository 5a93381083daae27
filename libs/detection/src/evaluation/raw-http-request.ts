import type { DetectableRequest } from '../types';

/**
 * Reads a raw HTTP/1.x request as it goes on the wire (request line, headers, blank line, body), the way
 * a server hands it to an application. Throws an Error naming the problem when the text is not a
 * request a server would accept.
 */
export function parseRawHttpRequest(text: string): DetectableRequest {
  const headEnd = findHeadEnd(text);
  const head = headEnd === null ? text : text.slice(0, headEnd.at);
  const rawBody = headEnd === null ? '' : text.slice(headEnd.at + headEnd.length);
  const lines = head.split(/\r?\n/);
  const requestLine = lines[0];
  const parts = requestLine.split(/[ \t]+/).filter((part) => part !== '');
  if (parts.length < 2 || parts.length > 3) throw new Error(`request line "${requestLine.slice(0, 80)}" is not "METHOD target [version]"`);
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`header line "${line.slice(0, 80)}" has no name`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const requestHeaders = joinHeaders(headers);
  const body = requestHeaders['transfer-encoding']?.toLowerCase().includes('chunked') ? (dechunk(rawBody) ?? rawBody) : rawBody;
  return { method: parts[0], ...splitTarget(parts[1]), requestHeaders, requestBody: body === '' ? null : body };
}

/**
 * Header names lower-cased; a repeated header joined with ", " as HTTP does (Cookie with "; ", which
 * is how cookie pairs are listed in one header).
 */
export function joinHeaders(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const joined = new Map<string, string>();
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    const earlier = joined.get(name);
    joined.set(name, earlier === undefined ? value : `${earlier}${name === 'cookie' ? '; ' : ', '}${value}`);
  }
  // fromEntries defines own properties: a header named "__proto__" stays a header.
  return Object.fromEntries(joined);
}

/**
 * Path and raw query of a request target as sent: an absolute-form target (`http://host/p?q`) loses its
 * scheme and authority; anything else (`/p?q`, `*`, an authority for CONNECT) is split at the first `?`.
 * A fragment is kept where it was sent: what the client put on the wire is what detection must see.
 */
export function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (absolute) {
    const afterScheme = rest.slice(absolute[0].length);
    const pathStart = afterScheme.search(/[/?]/);
    rest = pathStart < 0 ? '/' : afterScheme.slice(pathStart);
    if (rest.startsWith('?')) rest = `/${rest}`;
  }
  const queryStart = rest.indexOf('?');
  return queryStart < 0 ? { path: rest, query: '' } : { path: rest.slice(0, queryStart), query: rest.slice(queryStart + 1) };
}

/** The body of a chunked transfer coding, or null when the text is not one. */
export function dechunk(body: string): string | null {
  let at = 0;
  let decoded = '';
  for (;;) {
    const lineEnd = body.indexOf('\n', at);
    if (lineEnd < 0) return null;
    const sizeText = body.slice(at, lineEnd).replace(/\r$/, '').split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return null;
    const size = parseInt(sizeText, 16);
    if (size === 0) return decoded;
    const dataStart = lineEnd + 1;
    if (dataStart + size > body.length) return null;
    decoded += body.slice(dataStart, dataStart + size);
    at = dataStart + size;
    if (body.startsWith('\r\n', at)) at += 2;
    else if (body.startsWith('\n', at)) at += 1;
    else return null;
  }
}

function findHeadEnd(text: string): { at: number; length: number } | null {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return null;
}
