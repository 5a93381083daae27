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
