import { httpMethodPattern, type RequestRecord } from '@sessionscope/contracts';
import { isIpv4, validRecord } from './formats/record-fast-path';
import { excerpt, LineRejected } from './line-rejection';
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
  const logTime = scanner.bracketed('timestamp', 'time');
  const usualTime = usualLogTime(logTime);
  const timestamp = usualTime ?? parseLogTime(logTime);
  scanner.spaces('request', 'request line');
  const request = parseRequestLine(scanner.quoted('request', 'request line'));
  // A path (the usual target) is split later, with the record; only another form can be wrong here.
  if (!request.target.startsWith('/')) splitUrl(request.target, 'request');
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
  const record: RequestRecord = { timestamp, method: request.method, url: request.target, responseBytes, clientIp, application: options.application, requestHeaders };
  if (options.host !== '') record.host = options.host;
  if (status !== null) record.status = status;
  // What the scanner read is already of the record's shapes but for these (the usual time is checked
  // in range as it is read); anything else goes through the record schema, which words the rejection.
  const usual =
    usualTime !== null &&
    isIpv4(clientIp) &&
    request.target.length <= 8192 &&
    (status === null || (status >= 100 && status <= 599)) &&
    options.host.length <= 255 &&
    options.application.length >= 1 &&
    options.application.length <= 100;
  return usual ? record : validRecord(record, logFieldOfRecordField);
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
    const end = this.text.indexOf(' ', start);
    this.at = end < 0 ? this.text.length : end;
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
    const text = this.text;
    // Most fields have no escape and end at their first quote: found with indexOf, not a loop.
    const firstQuote = text.indexOf('"', this.at + 1);
    if (firstQuote >= 0 && (firstQuote + 1 === text.length || text.charCodeAt(firstQuote + 1) === space)) {
      const firstBackslash = text.indexOf('\\', this.at + 1);
      if (firstBackslash < 0 || firstBackslash > firstQuote) {
        const value = text.slice(this.at + 1, firstQuote);
        this.at = firstQuote + 1;
        return value;
      }
    }
    // Copied in runs between escapes.
    let value = '';
    let runStart = this.at + 1;
    for (let index = runStart; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === backslash) {
        const next = text.charCodeAt(index + 1);
        if (next === quote || next === backslash) {
          value += text.slice(runStart, index);
          runStart = index + 1;
          index++;
        }
      } else if (code === quote && (index + 1 === text.length || text.charCodeAt(index + 1) === space)) {
        this.at = index + 1;
        return value + text.slice(runStart, index);
      }
    }
    throw new LineRejected(field, `the ${what} has no closing quote (is the line truncated?)`);
  }

  private expectMore(field: string, what: string): void {
    if (this.at >= this.text.length) throw new LineRejected(field, `the line ends before the ${what} (is it truncated, or in another format?)`);
  }
}

const backslash = 0x5c;
const quote = 0x22;
const space = 0x20;

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

const monthsByName: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

const daysInMonth: Record<string, number> = { '01': 31, '02': 29, '03': 31, '04': 30, '05': 31, '06': 30, '07': 31, '08': 31, '09': 30, '10': 31, '11': 30, '12': 31 };

/** Where `10/Oct/2000:13:55:36 -0700` has digits. */
const logTimeDigits = [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25];

/**
 * The time as servers write it (`10/Oct/2000:13:55:36 -0700`, 26 characters), read by position, in
 * range (February 29th only in leap years); null for any other form or value.
 */
function usualLogTime(text: string): string | null {
  if (text.length !== 26 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[14] !== ':' || text[17] !== ':' || text[20] !== ' ') return null;
  const month = monthsByName[text.slice(3, 6)];
  const sign = text[21];
  if (month === undefined || (sign !== '+' && sign !== '-')) return null;
  for (let index = 0; index < logTimeDigits.length; index++) {
    const code = text.charCodeAt(logTimeDigits[index]);
    if (code < 0x30 || code > 0x39) return null;
  }
  const two = (at: number) => (text.charCodeAt(at) - 0x30) * 10 + (text.charCodeAt(at + 1) - 0x30);
  const year = two(7) * 100 + two(9);
  const day = two(0);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > daysInMonth[month] || (month === '02' && day === 29 && !leap)) return null;
  if (two(12) > 23 || two(15) > 59 || two(18) > 59 || two(22) > 23 || two(24) > 59) return null;
  return `${text.slice(7, 11)}-${month}-${text.slice(0, 2)}T${text.slice(12, 20)}${sign}${text.slice(22, 24)}:${text.slice(24, 26)}`;
}

function isDigits(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
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
  const firstSpace = line.indexOf(' ');
  const lastSpace = line.lastIndexOf(' ');
  const method = firstSpace < 0 ? line : line.slice(0, firstSpace);
  if (!httpMethodPattern.test(method)) throw new LineRejected('request', `request line does not start with an HTTP method: "${excerpt(line)}"`);
  if (firstSpace === lastSpace || !/^HTTP\/\d(\.\d)?$/i.test(line.slice(lastSpace + 1))) {
    throw new LineRejected('request', `request line is not "METHOD target HTTP/version" (is it truncated?): "${excerpt(line)}"`);
  }
  const target = line.slice(firstSpace + 1, lastSpace);
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
