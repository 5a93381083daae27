/**
 * The decoded values of a query parameter, in order. The query is the part of a URL after `?`, in the
 * `application/x-www-form-urlencoded` style browsers and most APIs use: `&` separates pairs, `+` is a
 * space and `%XX` an escaped byte. A value that is not valid percent-encoding is kept as sent rather
 * than dropped: for a session key, the exact bytes matter more than their meaning.
 */
export function readQueryParameter(query: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    if (decodeComponent(rawName) !== name) continue;
    values.push(equals < 0 ? '' : decodeComponent(pair.slice(equals + 1)));
  }
  return values;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Every parameter of a query with the value a query point reads of it (its first non-empty one), in
 * one pass: what hidden-points.ts compares, so that a hidden value is hashed exactly as read.
 */
export function queryPointValues(query: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = decodeComponent(pair.slice(0, equals));
    const value = decodeComponent(pair.slice(equals + 1));
    if (value !== '' && !values.has(name)) values.set(name, value);
  }
  return values;
}
