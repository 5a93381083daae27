import { RequestRecord, requestRecordSchema } from '@sessionscope/contracts';
import { excerpt, LineRejected } from './line-rejection';
import { rejectionOfIssues } from './schema-issues';
import { splitUrl } from './url-parts';

export type AccessLogFormat = 'combined' | 'common';

/**
 * One line of the Apache / nginx access log formats
 *   common:   %h %l %u %t "%r" %>s %b
 *   combined: %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"
 * e.g. `203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.1" 200 2326 "http://ref/" "Mozilla/4.08"`.
 * Fields after the last one of the format (nginx setups often append more) are ignored. `-` for the
 * size means no body: 0 bytes. Logs name no host, so `host` comes from the caller (may be empty).
 */
export function parseAccessLogLine(text: string, format: AccessLogFormat, options: { application: string; host: string }): RequestRecord {
  const scanner = new LogLineScanner(text);
  const clientIp = scanner.word('clientIp', 'client address');
  scanner.spaces('ident', 'identity');
  scanner.word('ident', 'identity');
  scanner.spaces('user', 'user');
  scanner.word('user', 'user');
  scanner.spaces('timestamp', 'time');
  const timestamp = parseLogTime(scanner.bracketed('timestamp', 'time'));
  scanner.spaces('request', 'request line');
  const request = parseRequestLine(scanner.quoted('request', 'request line'));
  splitUrl(request.target, 'request');
  scanner.spaces('status', 'status');
  const status = parseStatus(scanner.word('status', 'status'));
  scanner.spaces('responseBytes', 'response size');
  const responseBytes = parseSize(scanner.word('responseBytes', 'response size'));
  const requestHeaders: Record<string, string> = {};
  if (format === 'combined') {
    scanner.spaces('referer', 'referer');
    const referer = scanner.quoted('referer', 'referer');
    scanner.spaces('userAgent', 'user agent');
    const userAgent = scanner.quoted('userAgent', 'user agent');
    if (referer !== '-' && referer !== '') requestHeaders['referer'] = referer;
    if (userAgent !== '-' && userAgent !== '') requestHeaders['user-agent'] = userAgent;
  }
  const record = {
    timestamp,
    method: request.method,
    url: request.target,
    ...(options.host === '' ? {} : { host: options.host }),
    ...(status === null ? {} : { status }),
    responseBytes,
    clientIp,
    application: options.application,
    requestHeaders,
  };
  const parsed = requestRecordSchema.safeParse(record);
  if (!parsed.success) throw rejectionOfIssues(parsed.error.issues, logFieldOfRecordField);
  return parsed.data;
}

/** Record fields that come from a log field of another name. */
const logFieldOfRecordField: Record<string, string> = { method: 'request', url: 'request', host: 'host' };

/**
 * Reads a log line left to right. Each method reads one field or separator, or rejects the line with
 * the field named and what was found instead.
 */
class LogLineScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  /** Characters up to the next space or the end of the line. */
  word(field: string, what: string): string {
    this.expectMore(field, what);
    const start = this.at;
    while (this.at < this.text.length && this.text[this.at] !== ' ') this.at++;
    return this.text.slice(start, this.at);
  }

  spaces(field: string, what: string): void {
    this.expectMore(field, what);
    if (this.text[this.at] !== ' ') throw new LineRejected(field, `expected a space before the ${what}, found "${excerpt(this.text.slice(this.at), 20)}"`);
    while (this.text[this.at] === ' ') this.at++;
  }

  /** `[...]`, as the time is written. */
  bracketed(field: string, what: string): string {
    this.expectMore(field, what);
    if (this.text[this.at] !== '[') throw new LineRejected(field, `expected the ${what} in [brackets], found "${excerpt(this.text.slice(this.at), 30)}"`);
    const end = this.text.indexOf(']', this.at + 1);
    if (end < 0) throw new LineRejected(field, `the ${what} has no closing "]" (is the line truncated?)`);
    const content = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    return content;
  }

  /**
   * `"..."`. Apache escapes a quote inside as \" and a backslash as \\; other escapes (\xhh) are kept
   * as written. Some servers do not escape inner quotes, so a quote closes the field only where a
   * space or the end of the line follows it.
   */
  quoted(field: string, what: string): string {
    this.expectMore(field, what);
    if (this.text[this.at] !== '"') throw new LineRejected(field, `expected the ${what} in "quotes", found "${excerpt(this.text.slice(this.at), 30)}"`);
    let value = '';
    for (let index = this.at + 1; index < this.text.length; index++) {
      const char = this.text[index];
      const next = this.text[index + 1];
      if (char === '\\' && (next === '"' || next === '\\')) {
        value += next;
        index++;
      } else if (char === '"' && (next === undefined || next === ' ')) {
        this.at = index + 1;
        return value;
      } else {
        value += char;
      }
    }
    throw new LineRejected(field, `the ${what} has no closing quote (is the line truncated?)`);
  }

  private expectMore(field: string, what: string): void {
    if (this.at >= this.text.length) throw new LineRejected(field, `the line ends before the ${what} (is it truncated, or in another format?)`);
  }
}

const monthNumbers: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/**
 * `10/Oct/2000:13:55:36 -0700` (optionally with a fraction of a second: `13:55:36.123`) to ISO 8601
 * with its offset: `2000-10-10T13:55:36-07:00`. Ranges (a 31st of April, hour 25) are checked by the
 * record schema.
 */
export function parseLogTime(text: string): string {
  const fail = (): never => {
    throw new LineRejected('timestamp', `expected a time like [10/Oct/2000:13:55:36 -0700], found [${excerpt(text, 40)}]`);
  };
  const [date, zone, ...extra] = text.split(' ');
  if (zone === undefined || extra.length > 0) fail();
  const [day, monthName, yearAndTime] = date.split('/');
  const [year, hour, minute, secondWithFraction] = (yearAndTime ?? '').split(':');
  const [second, fraction] = (secondWithFraction ?? '').split('.');
  const month = monthNumbers[(monthName ?? '').toLowerCase()];
  const digits = (value: string | undefined, count: number) => value !== undefined && value.length === count && isDigits(value);
  if (!digits(day, 2) || month === undefined || !digits(year, 4) || !digits(hour, 2) || !digits(minute, 2) || !digits(second, 2)) fail();
  if (fraction !== undefined && (fraction === '' || !isDigits(fraction))) fail();
  if (!/^[+-]$/.test(zone[0] ?? '') || !digits(zone.slice(1), 4)) fail();
  const fractionPart = fraction === undefined ? '' : `.${fraction}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${fractionPart}${zone[0]}${zone.slice(1, 3)}:${zone.slice(3)}`;
}

function isDigits(text: string): boolean {
  for (const char of text) if (char < '0' || char > '9') return false;
  return text.length > 0;
}

/**
 * `GET /a?b=1 HTTP/1.1`: method, target, protocol. A target with unencoded spaces (sent by broken
 * clients) is kept whole: it is what lies between the method and the protocol.
 */
export function parseRequestLine(line: string): { method: string; target: string } {
  if (line === '-' || line === '') {
    throw new LineRejected('request', `no request line ("${line}"): the client sent no complete request (a timeout or a closed connection)`);
  }
  const parts = line.split(' ');
  const method = parts[0];
  if (!/^[A-Za-z]{1,16}$/.test(method)) throw new LineRejected('request', `request line does not start with an HTTP method: "${excerpt(line)}"`);
  if (parts.length < 3 || !/^HTTP\/\d(\.\d)?$/i.test(parts[parts.length - 1])) {
    throw new LineRejected('request', `request line is not "METHOD target HTTP/version" (is it truncated?): "${excerpt(line)}"`);
  }
  const target = parts.slice(1, -1).join(' ');
  if (target === '') throw new LineRejected('request', `request line has no target: "${excerpt(line)}"`);
  return { method, target };
}

function parseStatus(text: string): number | null {
  if (text === '-') return null;
  if (text.length !== 3 || !isDigits(text)) throw new LineRejected('status', `status "${excerpt(text, 20)}" is not a 3-digit HTTP status code`);
  return Number(text);
}

function parseSize(text: string): number {
  if (text === '-') return 0;
  if (!isDigits(text) || text.length > 15) throw new LineRejected('responseBytes', `response size "${excerpt(text, 20)}" is not a number of bytes or "-"`);
  return Number(text);
}
