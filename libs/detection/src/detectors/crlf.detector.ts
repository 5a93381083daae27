import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * CRLF and header injection (HTTP response splitting): a decoded CR or LF followed by something a
 * server would write as a header line (`Set-Cookie:`, `Location:`), a second status line
 * (`HTTP/1.1 200`), or an empty line and a body. Multi-line text fields carry lines like `Note: …`, so
 * an arbitrary `Name:` after a newline counts at paranoia 1 only where a newline has no business
 * (path, query, header, cookie) and only for the header names a splitting attack writes.
 */

/** Response and request headers that an injected line sets to split a response or poison a cache. */
const attackHeaders = new Set([
  'set-cookie', 'location', 'content-type', 'content-length', 'content-disposition', 'content-security-policy',
  'transfer-encoding', 'refresh', 'x-xss-protection', 'access-control-allow-origin', 'access-control-allow-credentials',
  'cache-control', 'connection', 'host', 'cookie', 'x-forwarded-for', 'x-forwarded-host', 'x-original-url', 'x-rewrite-url',
  'link', 'last-modified', 'expires', 'pragma', 'server', 'x-frame-options', 'strict-transport-security', 'content-encoding',
  'remote-addr', 'client-ip', 'true-client-ip',
]);

type Finding = { shape: string; score: number; paranoia: Paranoia; start: number };

/** A request line (`GET http://x/ HTTP/1.1`): a second request smuggled inside a value. */
const requestLine = /(?:^|[^A-Za-z])(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|TRACE|CONNECT|PROPFIND)[ \t]+\S{1,2000}[ \t]+HTTP\/\d/i;

function judgeLine(line: string, strictPoint: boolean, headerPoint: boolean): Omit<Finding, 'start'> | null {
  const text = line.replace(/^[ \t]+/, '');
  if (/^HTTP\/\d(?:\.\d)?\s+\d{3}\b/i.test(text)) return { shape: 'status-line', score: 0.95, paranoia: 1 };
  if (requestLine.test(text)) return { shape: 'request-line', score: 0.9, paranoia: 1 };
  // `Remote-addr\r\r: x`: stray carriage returns before the colon are dropped by lenient parsers.
  const header = /^([A-Za-z][A-Za-z0-9-]{0,60})[ \t\r]*:/.exec(text);
  if (header === null) return null;
  const name = header[1].toLowerCase();
  if (attackHeaders.has(name)) return { shape: 'header-injection', score: 0.9, paranoia: 1 };
  // A header or cookie value never holds a line break: any `Name:` after one is a header of its own.
  if (name.startsWith('x-') || headerPoint) return { shape: 'header-injection', score: 0.7, paranoia: strictPoint ? 1 : 3 };
  return { shape: 'header-injection', score: 0.5, paranoia: strictPoint ? 2 : 4 };
}

const nonAscii = /[^\t\n\r\x20-\x7e]/;

/**
 * `嘊嘍Set-Cookie: x` (U+560A U+560D): characters whose low byte is LF or CR, which a server that writes
 * header values as Latin-1 truncates into a line break. Counted before a header a splitting attack
 * writes, so ordinary text in those scripts is left alone. The offset of the first one, or -1.
 */
function truncatedNewline(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0xff || ((code & 0xff) !== 0x0a && (code & 0xff) !== 0x0d)) continue;
    let next = i + 1;
    while (next < value.length && next - i < 4) {
      const low = value.charCodeAt(next) & 0xff;
      if (value.charCodeAt(next) <= 0xff || (low !== 0x0a && low !== 0x0d)) break;
      next++;
    }
    const header = /^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:/.exec(value.slice(next, next + 64));
    if (header !== null && attackHeaders.has(header[1].toLowerCase())) return i;
  }
  return -1;
}

function hit(input: InspectedValue, shape: string, score: number, start: number): Hit {
  return { type: 'crlf', point: input.point, payload: excerpt(input.value, start, start + 200), score, detector: `crlf/${shape}` };
}

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  const hasNewline = value.includes('\n') || value.includes('\r');
  // Raw bodies are multi-line by nature; their parsed fields are inspected one by one.
  if (input.point === 'body') return null;
  if (!hasNewline) {
    const smuggled = value.includes('HTTP/') ? requestLine.exec(value) : null;
    if (smuggled !== null) return hit(input, 'request-line', 0.85, smuggled.index);
    const truncated = value.includes(':') && nonAscii.test(value) ? truncatedNewline(value) : -1;
    return truncated < 0 ? null : hit(input, 'truncated-newline', 0.85, truncated);
  }
  // A parameter name or a path never holds a line break; an application that copies one into a header splits it.
  // `query` is a query string without `=`: read as a parameter name.
  if (input.point === 'path' || input.point === 'query' || input.point.endsWith('#key')) {
    return hit(input, input.point === 'path' ? 'newline-in-path' : 'newline-in-name', 0.8, Math.max(0, value.search(/[\r\n]/) - 20));
  }
  const strictPoint = !input.point.startsWith('body.');
  const headerPoint = input.point.startsWith('header.') || input.point.startsWith('cookie.');
  let best: Finding | null = null;
  let lines = 0;
  for (let i = 0; i < value.length && lines < 64; i++) {
    const c = value[i];
    if (c !== '\n' && c !== '\r') continue;
    lines++;
    let next = i + 1;
    if (c === '\r' && value[next] === '\n') next++;
    const lineEnd = value.slice(next, next + 120);
    let judged = judgeLine(lineEnd, strictPoint, headerPoint) ?? (requestLine.test(lineEnd) ? { shape: 'request-line', score: 0.9, paranoia: 1 as Paranoia } : null);
    if (judged === null && /^\r?\n\s*</.test(lineEnd) && strictPoint) judged = { shape: 'response-body', score: 0.8, paranoia: 1 };
    if (judged !== null && judged.paranoia <= options.paranoia && (best === null || judged.score > best.score)) best = { ...judged, start: i };
    i = next - 1;
  }
  return best === null ? null : hit(input, best.shape, best.score, best.start);
}

export const crlfDetector: Detector = { name: 'crlf', type: 'crlf', inspect };
