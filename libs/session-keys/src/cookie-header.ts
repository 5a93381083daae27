/**
 * Reads a `Cookie` request header: `name=value` pairs separated by `;` (RFC 6265 section 4.2). Clients
 * are loose about spaces, so both sides of a pair are trimmed; a value in double quotes loses them. A
 * pair without `=` names no cookie and is ignored. When a name repeats, the first pair wins, which is
 * the one a server framework usually sees.
 */
export function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const name = pair.slice(0, equals).trim();
    if (name === '' || cookies.has(name)) continue;
    cookies.set(name, unquote(pair.slice(equals + 1).trim()));
  }
  return cookies;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
