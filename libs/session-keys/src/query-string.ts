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
