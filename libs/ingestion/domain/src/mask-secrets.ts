import type { ObservedRequest } from '@sessionscope/contracts';
import { maskCardNumbers } from './card-numbers';
import { looksSecret } from './secret-names';

/**
 * Credentials never reach storage. Runs after the session key was derived (the key chain reads the raw
 * values and keeps only their keyed hash) and after attack detection (which reads values as sent).
 * What stays is what an analyst needs: the auth scheme, the names of cookies, parameters and fields,
 * the attributes of a Set-Cookie, the shape of a body.
 */
export const masked = '[masked]';

/** How one application's traffic is masked; see APPLICATION_SETTINGS of the ingestion service. */
export type MaskingPolicy = {
  /** More names (headers, cookies, query parameters, body fields) whose values are masked; any case. */
  mask: readonly string[];
  /** Names whose values are kept although they look secret; wins over every other rule. */
  keep: readonly string[];
  /** Longest body stored, in UTF-8 bytes; a longer one is cut (after masking) and its size kept. */
  maxBodyBytes: number;
};

export const defaultMaxBodyBytes = 16 * 1024;

export function defaultMaskingPolicy(): MaskingPolicy {
  return { mask: [], keep: [], maxBodyBytes: defaultMaxBodyBytes };
}

/** Headers whose value is a URL: its query and fragment can carry tokens (a reset link, an OAuth redirect). */
const urlHeaders = new Set(['referer', 'location', 'content-location', 'refresh']);

/** Header names that carry a credential although their words do not say so. */
const credentialHeaders = new Set(['x-amz-security-token', 'x-goog-api-key', 'ocp-apim-subscription-key', 'x-functions-key', 'proxy-authorization']);

/** How deep a JSON body is walked; a deeper one is masked as text (no stack is at risk). */
const maxJsonDepth = 64;
/** Bounds the memory of the per-policy caches of name decisions and masked credentials. */
const maxCachedNames = 10_000;
const maxCachedCredentials = 10_000;
/** Longer credentials are masked without the cache, which would hold them in memory. */
const maxCachedCredentialLength = 4096;

/** A policy made ready for use: name decisions are cached, since the same names come again and again. */
export class Masking {
  readonly maxBodyBytes: number;
  private readonly extra: Set<string>;
  private readonly kept: Set<string>;
  private readonly decisions = new Map<string, boolean>();
  /** A session sends the same token and cookies with each request: each is masked once. */
  private readonly credentials = new Map<string, string>();
  /**
   * The same, a whole header value at a time (`Bearer <token>`, a Cookie line), one cache per way of
   * masking: a repeated value then costs one lookup, not a split, a credential lookup and a join.
   */
  private readonly headerValues = new Map<HeaderMasker, Map<string, string>>();
  /** How each header is masked, by its name: one lookup a header rather than one a rule. */
  private readonly headerMaskers = new Map<string, HeaderMasker | null>();

  constructor(policy: MaskingPolicy = defaultMaskingPolicy()) {
    this.maxBodyBytes = policy.maxBodyBytes;
    this.extra = new Set(policy.mask.map((name) => name.toLowerCase()));
    this.kept = new Set(policy.keep.map((name) => name.toLowerCase()));
  }

  /** True when the value under this name must be masked (keep wins, then the extra names, then the rule). */
  isSecret(name: string): boolean {
    return remembered(this.decisions, name, maxCachedNames, () => {
      const lower = name.toLowerCase();
      return !this.kept.has(lower) && (this.extra.has(lower) || looksSecret(name));
    });
  }

  isKept(name: string): boolean {
    return this.kept.size > 0 && this.kept.has(name.toLowerCase());
  }

  /** maskCredential, remembered. */
  credential(value: string): string {
    if (value.length > maxCachedCredentialLength) return maskCredential(value);
    return remembered(this.credentials, value, maxCachedCredentials, () => maskCredential(value));
  }

  /** headerMaskerFor, remembered. */
  headerMasker(name: string): HeaderMasker | null {
    return remembered(this.headerMaskers, name, maxCachedNames, () => headerMaskerFor(name, this));
  }

  /** `mask(value, this)`, remembered (it depends only on the value and this policy). */
  headerValue(value: string, mask: HeaderMasker): string {
    if (value.length > maxCachedCredentialLength) return mask(value, this);
    let cache = this.headerValues.get(mask);
    if (cache === undefined) {
      cache = new Map<string, string>();
      this.headerValues.set(mask, cache);
    }
    return remembered(cache, value, maxCachedCredentials, () => mask(value, this));
  }
}

/** The value cached under `key`, computed on a miss; a full cache is emptied (bounded memory, no bookkeeping). */
function remembered<K, V>(cache: Map<K, V>, key: K, limit: number, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}

type HeaderMasker = (value: string, masking: Masking) => string;

const base64UrlPart = /^[A-Za-z0-9_-]+$/;

/**
 * A credential as stored: a JWT keeps its header and claims and loses its signature (without it the
 * token grants nothing, while its claims still say who the client claimed to be, for the session's User
 * and Roles and for a replay with another configuration); any other value is masked whole.
 */
export function maskCredential(value: string): string {
  const parts = value.split('.');
  if (parts.length === 3 && parts[0].length >= 4 && base64UrlPart.test(parts[0]) && base64UrlPart.test(parts[1]) && isJsonObject(parts[1])) return `${parts[0]}.${parts[1]}.${masked}`;
  return masked;
}

function isJsonObject(base64Url: string): boolean {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(base64Url, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded);
  } catch {
    return false;
  }
}

function maskAuthorization(value: string, masking: Masking): string {
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} ${masking.credential(value.slice(space + 1).trim())}` : masking.credential(value);
}

/** Every cookie value is masked (session ids, tracking ids, tokens) but those of names kept. */
function maskCookiePairs(value: string, masking: Masking): string {
  let result = '';
  let start = 0;
  while (start <= value.length) {
    const semicolon = value.indexOf(';', start);
    const end = semicolon < 0 ? value.length : semicolon;
    const pair = value.slice(start, end);
    const equals = pair.indexOf('=');
    if (start > 0) result += ';';
    // A pair without `=` is a value without a name (`Cookie: abc123`): masked like any other.
    if (equals < 0) result += pair.trim() === '' ? pair : `${pair.startsWith(' ') ? ' ' : ''}${masked}`;
    else result += masking.isKept(pair.slice(0, equals).trim()) ? pair : `${pair.slice(0, equals)}=${masking.credential(pair.slice(equals + 1).trim())}`;
    start = end + 1;
  }
  return result;
}

/** Set-Cookie: only the value of the cookie (before the first `;`) is secret, not its attributes. */
function maskSetCookie(value: string, masking: Masking): string {
  const attributes = value.indexOf(';');
  const first = attributes < 0 ? value : value.slice(0, attributes);
  return maskCookiePairs(first, masking) + (attributes < 0 ? '' : value.slice(attributes));
}

/** Headers with credentials masked; the same object when none had to be (a copy otherwise). */
export function maskSecretHeaders(headers: Record<string, string>, masking = new Masking()): Record<string, string> {
  let result: Record<string, string> | undefined;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const safe = maskHeader(name, value, masking);
    if (safe !== value) {
      // Spreading defines own properties: a header named "__proto__" stays a header (and, being own,
      // is then assigned as one).
      result ??= { ...headers };
      result[name] = safe;
    }
  }
  return result ?? headers;
}

/** Several Set-Cookie headers arrive joined with ", " (normaliseHeaders); each is masked. */
function maskSetCookies(value: string, masking: Masking): string {
  return value
    .split(/,\s*(?=[^;=,\s]+=)/)
    .map((cookie) => maskSetCookie(cookie, masking))
    .join(', ');
}

/** How the value of a header is masked; null when it is kept as it is. */
function headerMaskerFor(name: string, masking: Masking): HeaderMasker | null {
  if (masking.isKept(name)) return null;
  if (name === 'authorization' || name === 'proxy-authorization') return maskAuthorization;
  if (name === 'cookie') return maskCookiePairs;
  if (name === 'set-cookie') return maskSetCookies;
  if (credentialHeaders.has(name) || masking.isSecret(name)) return maskWhole;
  if (urlHeaders.has(name)) return maskUrl;
  return null;
}

const maskWhole = (): string => masked;

function maskHeader(name: string, value: string, masking: Masking): string {
  const mask = masking.headerMasker(name);
  if (mask === null) return value;
  // Credentials come again with each request of a session: their masked values are remembered.
  return mask === maskWhole || mask === maskUrl ? mask(value, masking) : masking.headerValue(value, mask);
}

/**
 * `a=1&password=x` with the values of secret names masked. Names are compared decoded (`pass%77ord`
 * is `passwd`); what is kept is kept as sent.
 */
export function maskFormFields(text: string, masking: Masking): string {
  if (!hasSecretField(text, masking)) return text;
  let changed = false;
  const pairs = text.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals < 0) return pair;
    if (!masking.isSecret(decodeFormName(pair.slice(0, equals)))) return pair;
    changed = true;
    return `${pair.slice(0, equals)}=${masking.credential(decodeFormValue(pair.slice(equals + 1)))}`;
  });
  return changed ? pairs.join('&') : text;
}

/**
 * Whether some field of a form has a secret name. Most have none: they are then looked over in place,
 * without splitting them into pairs (a query is read for nearly every request).
 */
function hasSecretField(text: string, masking: Masking): boolean {
  // The next "=" is searched again only once passed, so the scan stays linear in the text.
  let equals = -1;
  for (let start = 0; start < text.length; ) {
    const ampersand = text.indexOf('&', start);
    const end = ampersand < 0 ? text.length : ampersand;
    if (equals < start) equals = text.indexOf('=', start);
    if (equals < 0) return false;
    if (equals < end && masking.isSecret(decodeFormName(text.slice(start, equals)))) return true;
    start = end + 1;
  }
  return false;
}

/**
 * A URL with the secret values of its query, of its fragment (`#access_token=...` of an OAuth implicit
 * redirect) and of its path parameters (`;jsessionid=...`) masked.
 */
export function maskUrl(url: string, masking: Masking): string {
  const fragmentAt = url.indexOf('#');
  const beforeFragment = fragmentAt < 0 ? url : url.slice(0, fragmentAt);
  const fragment = fragmentAt < 0 ? null : url.slice(fragmentAt + 1);
  const queryAt = beforeFragment.indexOf('?');
  const path = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const query = queryAt < 0 ? null : beforeFragment.slice(queryAt + 1);
  return (
    maskPathParameters(path, masking) +
    (query === null ? '' : `?${maskFormFields(query, masking)}`) +
    (fragment === null ? '' : `#${fragment.includes('=') ? maskFormFields(fragment, masking) : fragment}`)
  );
}

/** `/cart;jsessionid=ABC/items` with the values of secret path parameters masked. */
export function maskPathParameters(path: string, masking: Masking): string {
  if (!path.includes(';')) return path;
  return path.replace(/;([^;/=?#]+)=([^;/?#]*)/g, (parameter: string, name: string) => (masking.isSecret(decodeFormName(name)) ? `;${name}=${masked}` : parameter));
}

function decodeFormValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function decodeFormName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name;
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

type BodyKind = 'json' | 'form' | 'multipart' | 'text';

const formShaped = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

function kindOf(body: string, contentType: string | undefined): BodyKind {
  const type = contentType?.toLowerCase() ?? '';
  if (type.includes('x-www-form-urlencoded')) return 'form';
  // JSON sent under another type (text/plain, none) still gets its fields masked.
  const first = firstNonBlank(body);
  if (type.includes('json') || first === '{' || first === '[') return 'json';
  // A form under another type (a HAR's params written out for a multipart request, text/plain) too.
  if (formShaped.test(body.length > 4096 ? body.slice(0, 4096) : body)) return 'form';
  if (type.includes('multipart/')) return 'multipart';
  return 'text';
}

/**
 * A multipart body with the content of each part whose `name` is secret masked. Parts are found by
 * their headers (`Content-Disposition: form-data; name="password"`), whatever the boundary.
 */
function maskMultipart(body: string, masking: Masking): string {
  return body.replace(/(content-disposition:[^\r\n]*\bname="([^"]*)"[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n)([\s\S]*?)(?=\r?\n--)/gi, (part: string, head: string, name: string) => (masking.isSecret(name) ? `${head}${masked}` : part));
}

/**
 * Free text (XML, SOAP, logs of forms): the values of secret names masked where they show as an XML
 * element or attribute, or as `name=value`.
 */
function maskSecretText(body: string, masking: Masking): string {
  return body
    .replace(/<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?>([^<]*)<\/\1?\2>/g, (element: string, prefix: string | undefined, name: string, attributes: string | undefined) =>
      masking.isSecret(name) ? `<${prefix ?? ''}${name}${attributes ?? ''}>${masked}</${prefix ?? ''}${name}>` : element,
    )
    .replace(/([A-Za-z_][\w.-]*)(\s*=\s*)("[^"]*"|'[^']*'|[^\s&;,"'<>]+)/g, (pair: string, name: string, equals: string, value: string) =>
      masking.isSecret(name) ? `${name}${equals}${value.startsWith('"') ? `"${masked}"` : value.startsWith("'") ? `'${masked}'` : masked}` : pair,
    );
}

function firstNonBlank(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return char;
  }
  return undefined;
}

class TooDeep extends Error {}

/** The smallest integer of 13 digits: a card number sent as a JSON number is at least this. */
const smallestCardNumber = 1e12;

/** Sets a property of a copy; `__proto__` from JSON.parse is an own property and must stay one. */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Masks the values of secret names anywhere in a parsed JSON value, and card numbers in its strings
 * and integers. Copies only what changes, and returns the same value when nothing did, so a body
 * without secrets keeps its text, formatting included.
 */
function maskJsonValue(value: unknown, masking: Masking, depth: number): unknown {
  if (typeof value === 'string') return maskCardNumbers(value, masked);
  // A card number sent as a JSON number: 16 digits or fewer are exact in a double.
  if (typeof value === 'number') return value >= smallestCardNumber && Number.isSafeInteger(value) && maskCardNumbers(String(value), masked) === masked ? masked : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > maxJsonDepth) throw new TooDeep();
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const result = maskJsonValue(item, masking, depth + 1);
      if (result !== item) {
        copy ??= value.slice();
        copy[index] = result;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const name of Object.keys(record)) {
    const item = record[name];
    const result = masking.isSecret(name) ? (item === null || item === '' ? item : typeof item === 'string' ? masking.credential(item) : masked) : maskJsonValue(item, masking, depth + 1);
    if (result !== item) {
      copy ??= { ...record };
      setOwn(copy, name, result);
    }
  }
  return copy ?? value;
}

/**
 * A JSON text that does not parse (cut by the capture, or not JSON after all): `"name": value` pairs
 * of secret names are masked where they are found.
 */
const jsonPair = /"((?:[^"\\]|\\.){1,200})"(\s*:\s*)("(?:[^"\\]|\\.)*"?|[^\s,}\]]+)/g;

function maskJsonText(text: string, masking: Masking): string {
  return maskCardNumbers(
    text.replace(jsonPair, (pair: string, name: string, colon: string) => (masking.isSecret(name) ? `"${name}"${colon}"${masked}"` : pair)),
    masked,
  );
}

/** A body with the values of secret names and every card number masked. */
export function maskBody(body: string, contentType: string | undefined, masking: Masking): string {
  switch (kindOf(body, contentType)) {
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return maskJsonText(body, masking);
      }
      try {
        const result = maskJsonValue(parsed, masking, 0);
        return result === parsed ? body : JSON.stringify(result);
      } catch (error) {
        if (error instanceof TooDeep) return maskJsonText(body, masking);
        throw error;
      }
    }
    case 'form':
      return maskCardNumbers(maskFormFields(body, masking), masked);
    case 'multipart':
      return maskCardNumbers(maskMultipart(body, masking), masked);
    case 'text':
      return maskCardNumbers(maskSecretText(body, masking), masked);
  }
}

export type CappedBody = { body: string; originalBytes: number; truncated: boolean };

/** The body cut to at most `maxBytes` UTF-8 bytes, at a character boundary. */
export function capBody(body: string, maxBytes: number): CappedBody {
  // Fast path: a string of n UTF-16 units takes at most 3n bytes in UTF-8.
  if (body.length * 3 <= maxBytes) return { body, originalBytes: Buffer.byteLength(body), truncated: false };
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length <= maxBytes) return { body, originalBytes: bytes.length, truncated: false };
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { body: bytes.subarray(0, end).toString('utf8'), originalBytes: bytes.length, truncated: true };
}

function maskedBody(body: string | null, contentType: string | undefined, masking: Masking): { body: string | null; bytes?: number; truncated?: boolean } {
  if (body === null) return { body };
  const originalBytes = Buffer.byteLength(body);
  const capped = capBody(maskBody(body, contentType, masking), masking.maxBodyBytes);
  return { body: capped.body, bytes: originalBytes, truncated: capped.truncated };
}

/**
 * The request as it may be stored: credentials in headers, cookies, query and bodies masked, card
 * numbers in bodies masked, bodies capped. Bodies keep their original size (`requestBodyBytes`,
 * `responseBodyBytes`) and say whether they were cut.
 */
export function maskSecrets(request: ObservedRequest, masking = new Masking()): ObservedRequest {
  const requestBody = maskedBody(request.requestBody, request.requestHeaders['content-type'], masking);
  const responseBody = maskedBody(request.responseBody, request.responseHeaders['content-type'], masking);
  const copy: ObservedRequest = {
    ...request,
    path: maskPathParameters(request.path, masking),
    query: maskFormFields(request.query, masking),
    requestHeaders: maskSecretHeaders(request.requestHeaders, masking),
    responseHeaders: maskSecretHeaders(request.responseHeaders, masking),
    requestBody: requestBody.body,
    responseBody: responseBody.body,
  };
  if (requestBody.bytes === undefined && responseBody.bytes === undefined) return copy;
  // V8 adds properties to an object made by spreading slowly (microseconds: each such object gets a
  // hidden class of its own), to one built by assignment quickly. A "__proto__" key (never in a request
  // the domain makes) would be taken for the prototype by an assignment: it keeps the spread copy.
  const result: ObservedRequest = Object.hasOwn(copy, '__proto__') ? copy : Object.assign({}, copy);
  if (requestBody.bytes !== undefined) {
    result.requestBodyBytes = requestBody.bytes;
    result.requestBodyTruncated = requestBody.truncated;
  }
  if (responseBody.bytes !== undefined) {
    result.responseBodyBytes = responseBody.bytes;
    result.responseBodyTruncated = responseBody.truncated;
  }
  return result;
}
