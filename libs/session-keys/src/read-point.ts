import type { ObservedRequest, SessionKeyPoint } from '@sessionscope/contracts';
import { parseCookieHeader } from './cookie-header';
import { claimText, readJwtPayload } from './jwt-claim';
import { readQueryParameter } from './query-string';

/** What the points of a key chain read of a request and its response (header names in lower case). */
export type PointSource = Pick<ObservedRequest, 'requestHeaders' | 'responseHeaders' | 'query' | 'requestBody' | 'responseBody' | 'clientIp' | 'userAgent'>;

/** A request as key resolution may receive it: the response and the bodies may be absent. */
export type PartialPointSource = Pick<PointSource, 'requestHeaders' | 'query' | 'clientIp' | 'userAgent'> & Partial<Pick<PointSource, 'responseHeaders' | 'requestBody' | 'responseBody'>>;

/**
 * Reads one point, lazily parsing what it needs once per request: cookies of either side, and JSON
 * (or form) bodies. A point counts as present when it carries a non-empty value, after its JWT claim is
 * read when it names one.
 */
export class PointReader {
  private readonly parsed = new Map<string, unknown>();

  constructor(private readonly request: PartialPointSource) {}

  read(point: SessionKeyPoint): string | null {
    const raw = this.readRaw(point);
    const value = raw !== null && point.jwtClaim !== undefined ? this.claimOf(raw, point.jwtClaim) : raw;
    return value === null || value === '' ? null : value;
  }

  /** A claim of the JWT in a value; a token read at several points (key, user, roles) is decoded once. */
  private claimOf(raw: string, claim: string): string | null {
    const payload = this.memo(`jwt:${raw}`, () => readJwtPayload(raw));
    return payload !== null && Object.prototype.hasOwnProperty.call(payload, claim) ? claimText(payload[claim]) : null;
  }

  requestCookies(): Map<string, string> {
    return this.memo('request-cookies', () => {
      const header = ownValue(this.request.requestHeaders, 'cookie');
      return header === undefined ? new Map() : parseCookieHeader(header);
    });
  }

  private readRaw(point: SessionKeyPoint): string | null {
    const fromRequest = point.source === 'request';
    switch (point.in) {
      case 'header': {
        const headers = fromRequest ? this.request.requestHeaders : (this.request.responseHeaders ?? {});
        const name = (point.name ?? '').toLowerCase();
        const value = ownValue(headers, name);
        return value === undefined ? null : nonEmpty(headerPointValue(name, value));
      }
      case 'cookie':
        return nonEmpty((fromRequest ? this.requestCookies() : this.responseCookies()).get(point.name ?? ''));
      case 'query':
        // A response has no query string: such a point is never present.
        return fromRequest ? (readQueryParameter(this.request.query, point.name ?? '').find((value) => value !== '') ?? null) : null;
      case 'body':
        return valueAtPath(fromRequest ? this.requestBody() : this.responseBody(), point.path ?? '');
    }
  }

  private responseCookies(): Map<string, string> {
    return this.memo('response-cookies', () => parseSetCookieHeader(ownValue(this.request.responseHeaders ?? {}, 'set-cookie') ?? ''));
  }

  private requestBody(): unknown {
    return this.memo('request-body', () => parseBody(this.request.requestBody ?? null));
  }

  private responseBody(): unknown {
    return this.memo('response-body', () => parseBody(this.request.responseBody ?? null));
  }

  private memo<T>(key: string, compute: () => T): T {
    if (!this.parsed.has(key)) this.parsed.set(key, compute());
    return this.parsed.get(key) as T;
  }
}

const authorizationHeaders = new Set(['authorization', 'proxy-authorization']);
const bearerScheme = /^bearer\s+/i;

/**
 * The value a header point reads: trimmed, and for Authorization without its `Bearer` scheme, since
 * `Authorization: Bearer <token>` carries the token a login response issued as `<token>`.
 */
export function headerPointValue(name: string, value: string): string {
  const trimmed = value.trim();
  return authorizationHeaders.has(name) ? trimmed.replace(bearerScheme, '') : trimmed;
}

/** Bodies over this size are not parsed for key points: a token sits near the top of a small body. */
const maxParsedBodyChars = 1 << 20;

/** A JSON body as a value, a form body (`a=1&b=2`) as an object of its first values, else null. */
export function parseBody(body: string | null): unknown {
  if (body === null || body === '' || body.length > maxParsedBodyChars) return null;
  const text = body.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (!text.includes('=')) return null;
  const form: Record<string, string> = {};
  for (const pair of text.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = decodeFormPart(pair.slice(0, equals));
    if (name !== null && !Object.prototype.hasOwnProperty.call(form, name)) form[name] = decodeFormPart(pair.slice(equals + 1)) ?? '';
  }
  return form;
}

function decodeFormPart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The value at a dotted path (`data.token`, `items.0.id`) as text: strings as they are, numbers and
 * booleans as their JSON text; objects, arrays and absent values give null.
 */
export function valueAtPath(document: unknown, path: string): string | null {
  let current = document;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) return null;
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return current === '' ? null : current;
  if (typeof current === 'number' || typeof current === 'boolean') return JSON.stringify(current);
  return null;
}

/**
 * The cookies a response sets. Several `Set-Cookie` headers reach us joined by `, ` (or by newlines);
 * an `Expires` attribute also holds a comma, so a new cookie starts only where `name=` follows the
 * separator. Attributes after the first `;` are ignored.
 */
export function parseSetCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of header.split(/\n|,(?=\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=)/)) {
    const pair = line.split(';')[0];
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, pair.slice(equals + 1).trim());
  }
  return cookies;
}

/** A header by name, never a property inherited by the object (`constructor`, `toString`). */
export function ownValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
