import { excerpt, LineRejected } from './line-rejection';

export type UrlParts = {
  /** null for an origin-form target (`/path?query`), which names neither scheme nor host. */
  scheme: 'http' | 'https' | null;
  host: string | null;
  path: string;
  query: string;
};

/**
 * Splits a request target into scheme, host, path and query without normalising the path: `/a/../b`
 * and `%2e%2e` stay as sent, because an analyst must see what the client sent (path traversal,
 * encoding tricks). User info in an absolute URL (`https://user:pass@host/`) is dropped: it is a
 * credential. The fragment, which clients never send, is dropped too.
 */
export function splitUrl(url: string, field = 'url'): UrlParts {
  if (url.startsWith('/')) return { scheme: null, host: null, ...splitPathAndQuery(url) };
  // The usual URL is read in place, without the slices and lookups of the general reading below.
  const usual = url.startsWith('https://') ? splitUsualUrl(url, 'https') : url.startsWith('http://') ? splitUsualUrl(url, 'http') : null;
  if (usual !== null) return usual;
  const schemeEnd = url.indexOf('://');
  const scheme = schemeEnd > 0 ? url.slice(0, schemeEnd).toLowerCase() : '';
  if (scheme === '' || !/^[a-z][a-z0-9+.-]*$/.test(scheme)) {
    throw new LineRejected(field, `"${excerpt(url, 80)}" is neither an absolute http(s) URL nor a path starting with /`);
  }
  if (scheme !== 'http' && scheme !== 'https') throw new LineRejected(field, `scheme "${scheme}" is not http or https`);
  const rest = url.slice(schemeEnd + 3);
  const authorityEnd = firstIndexOf(rest, ['/', '?', '#']);
  const authority = rest.slice(0, authorityEnd);
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (host === '') throw new LineRejected(field, `"${excerpt(url, 80)}" has no host`);
  const { path, query } = splitPathAndQuery(rest.slice(authorityEnd));
  return { scheme, host, path: path === '' ? '/' : path, query };
}

/**
 * splitUrl of a URL starting with `http://` or `https://` in lower case, whose host is plain: no user
 * info, no upper case; null for any other, which the general reading then takes.
 */
function splitUsualUrl(url: string, scheme: 'http' | 'https'): UrlParts | null {
  const hostStart = scheme.length + 3;
  let hostEnd = hostStart;
  for (; hostEnd < url.length; hostEnd++) {
    const code = url.charCodeAt(hostEnd);
    if (code === slash || code === questionMark || code === hash) break;
    if (code === at || (code >= upperA && code <= upperZ) || code > 0x7f) return null;
  }
  if (hostEnd === hostStart) return null;
  const fragmentAt = url.indexOf('#', hostEnd);
  const targetEnd = fragmentAt < 0 ? url.length : fragmentAt;
  const queryAt = url.indexOf('?', hostEnd);
  const pathEnd = queryAt < 0 || queryAt > targetEnd ? targetEnd : queryAt;
  return {
    scheme,
    host: url.slice(hostStart, hostEnd),
    path: pathEnd === hostEnd ? '/' : url.slice(hostEnd, pathEnd),
    query: pathEnd === targetEnd ? '' : url.slice(pathEnd + 1, targetEnd),
  };
}

const slash = 0x2f;
const questionMark = 0x3f;
const hash = 0x23;
const at = 0x40;
const upperA = 0x41;
const upperZ = 0x5a;

function splitPathAndQuery(target: string): { path: string; query: string } {
  const withoutFragment = target.slice(0, firstIndexOf(target, ['#']));
  const queryStart = withoutFragment.indexOf('?');
  if (queryStart < 0) return { path: withoutFragment, query: '' };
  return { path: withoutFragment.slice(0, queryStart), query: withoutFragment.slice(queryStart + 1) };
}

function firstIndexOf(text: string, characters: string[]): number {
  let first = text.length;
  for (const character of characters) {
    const at = text.indexOf(character);
    if (at >= 0 && at < first) first = at;
  }
  return first;
}
