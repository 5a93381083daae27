import type { DetectableRequest } from '../types';
import { splitTarget } from './raw-http-request';

/**
 * One line of an Apache combined log (`ip ident user [time] "request" status bytes "referer" "agent"`)
 * as the request it records: method, path and query, and the Referer and User-Agent headers where the
 * log has them (`-` means none). The log keeps no body. Quotes and backslashes inside a quoted field
 * come escaped (`\"`, `\\`); a line cut inside its last quoted field still counts. Null when the line is
 * not a combined log line or its request is not `METHOD target [version]`.
 */
export function parseCombinedLogLine(line: string): DetectableRequest | null {
  const match = combinedLine.exec(line);
  if (match === null) return null;
  const requestLine = unescapeLogField(match[1]);
  const parts = requestLine.split(' ').filter((part) => part !== '');
  if (parts.length < 2 || parts.length > 3 || !/^[A-Za-z]+$/.test(parts[0])) return null;
  const requestHeaders: Record<string, string> = {};
  const referer = match[2] === undefined ? '-' : unescapeLogField(match[2]);
  const userAgent = match[3] === undefined ? '-' : unescapeLogField(match[3]);
  if (referer !== '-' && referer !== '') requestHeaders['referer'] = referer;
  if (userAgent !== '-' && userAgent !== '') requestHeaders['user-agent'] = userAgent;
  return { method: parts[0].toUpperCase(), ...splitTarget(parts[1]), requestHeaders, requestBody: null };
}

// Each quoted field is a run of non-quote, non-backslash characters or escaped pairs: the two
// alternatives cannot match the same text, so the expression never backtracks far.
const quotedField = '((?:[^"\\\\]|\\\\.)*)';
const combinedLine = new RegExp(`^\\S+ \\S+ \\S+ \\[[^\\]]*\\] "${quotedField}" \\S+ \\S+(?: "${quotedField}" "${quotedField}"?)?\\s*$`);

function unescapeLogField(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, escaped: string) =>
    escaped.length === 3 ? String.fromCharCode(parseInt(escaped.slice(1), 16)) : escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped,
  );
}
