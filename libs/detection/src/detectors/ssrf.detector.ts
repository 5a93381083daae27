import { ssrfNoScheme } from '../data/phrase-lists.generated';
import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * Server-side request forgery: a value that is a URL (or a bare host) naming an internal or metadata
 * address, however it is written (`2130706433`, `0177.0.0.1`, `0x7f000001`, `127.1`, `[::ffff:127.0.0.1]`,
 * fullwidth dots and circled digits), or a URL with a scheme that reaches beyond HTTP (`gopher:`,
 * `dict:`, `file:`, `ldap:`, `jar:`, `netdoc:`). A public URL is never a hit at paranoia 1.
 */

type Finding = { shape: string; score: number; paranoia: Paranoia };

const dangerousSchemes = new Set(['gopher', 'dict', 'file', 'ldap', 'ldaps', 'jar', 'netdoc', 'tftp', 'sftp', 'rmi', 'iiop']);
const httpLikeSchemes = new Set(['http', 'https', 'ws', 'wss', 'ftp']);
/** Hosts that name this machine, its containers or a cloud metadata service. */
const internalNames = new Set([
  ...ssrfNoScheme.map((phrase) => phrase.replace(/\/$/, '').toLowerCase()),
  'localhost',
  'metadata',
  'metadata.google.internal',
  'instance-data',
  'rancher-metadata',
  'metadata.packet.net',
]);
/** `localhost/`, `ip6-loopback:80`: names of this machine without a dot, before a path or a port. */
const localhostFamily = /^(?:ipv?6-)?(?:localhost|loopback)\d?[/:]/i;
/** Wildcard DNS services that resolve a name holding an address to that address. */
const wildcardDnsSuffixes = ['.nip.io', '.xip.io', '.sslip.io', '.localtest.me', '.lvh.me', '.localhost', '.vcap.me'];

/** Parses an IPv4 address the lenient way resolvers do: 1 to 4 parts, each decimal, octal (`0…`) or hex (`0x…`). */
export function parseLenientIpv4(host: string): { address: number; canonical: boolean } | null {
  const parts = host.split('.');
  if (parts.length > 4 || parts.length === 0) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(part)) n = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part, 8);
    else if (/^(?:0|[1-9][0-9]*)$/.test(part)) n = parseInt(part, 10);
    else return null;
    if (!Number.isFinite(n) || part.length > 16) return null;
    numbers.push(n);
  }
  const last = numbers[numbers.length - 1];
  const head = numbers.slice(0, -1);
  if (head.some((n) => n > 255) || last >= 2 ** (8 * (5 - numbers.length))) return null;
  let address = 0;
  head.forEach((n, i) => (address += n * 2 ** (8 * (3 - i))));
  address += last;
  const canonical = parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p));
  return { address, canonical };
}

type Range = { shape: string; metadata: boolean };

function classifyIpv4(address: number): Range | null {
  const a = Math.floor(address / 2 ** 24);
  const b = Math.floor(address / 2 ** 16) % 256;
  if (address === 0xa9fea9fe || address === 0xa9fea902 || address === 0x646464c8 || address === 0xc00000c0) return { shape: 'metadata', metadata: true };
  if (a === 127 || a === 0) return { shape: 'loopback', metadata: false };
  if (a === 169 && b === 254) return { shape: 'link-local', metadata: false };
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return { shape: 'private-address', metadata: false };
  return null;
}

function classifyIpv6(inner: string): Range | null {
  const host = inner.toLowerCase().split('%')[0];
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/.exec(host) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped !== null) {
    const tail = mapped[1];
    const v4 = parseLenientIpv4(tail);
    if (v4 !== null) return classifyIpv4(v4.address);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
    if (hex !== null) return classifyIpv4(parseInt(hex[1], 16) * 65536 + parseInt(hex[2], 16));
    return null;
  }
  if (!/^[0-9a-f:]+$/.test(host) || !host.includes(':')) return null;
  const digits = host.replace(/:/g, '');
  if (/^0*1?$/.test(digits) && (host.startsWith(':') || /^0+:/.test(host))) return { shape: 'loopback', metadata: false };
  if (/^fe[89ab]/.test(host)) return { shape: 'link-local', metadata: false };
  if (/^f[cd][0-9a-f]{0,2}:/.test(host)) return { shape: 'private-address', metadata: false };
  if (host === 'fd00:ec2::254') return { shape: 'metadata', metadata: true };
  return null;
}

/** WHATWG URL parsing maps these to `.`; NFKC maps circled and fullwidth digits to ASCII. */
function normaliseHost(host: string): string {
  return host.normalize('NFKC').replace(/[\u3002\uff0e\uff61]/g, '.').toLowerCase().replace(/\.$/, '');
}

function classifyHost(rawHost: string): { range: Range; canonical: boolean } | null {
  if (rawHost.startsWith('[')) {
    const range = classifyIpv6(rawHost.slice(1, rawHost.indexOf(']') > 0 ? rawHost.indexOf(']') : undefined));
    return range === null ? null : { range, canonical: false };
  }
  const host = normaliseHost(rawHost);
  if (host.length === 0) return null;
  if (internalNames.has(host)) {
    const shape = host.includes('metadata') || host === 'instance-data' ? 'metadata' : host.endsWith('.internal') || host.endsWith('.cluster.local') ? 'internal-name' : 'loopback';
    return { range: { shape, metadata: host.includes('metadata') }, canonical: true };
  }
  const v4 = parseLenientIpv4(host);
  if (v4 !== null) {
    const range = classifyIpv4(v4.address);
    return range === null ? null : { range, canonical: v4.canonical };
  }
  const suffix = wildcardDnsSuffixes.find((s) => host.endsWith(s));
  if (suffix !== undefined) {
    const embedded = /(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})/.exec(host);
    const inner = embedded === null ? null : parseLenientIpv4(embedded.slice(1, 5).join('.'));
    const range = inner === null ? null : classifyIpv4(inner.address);
    return { range: range ?? { shape: 'loopback', metadata: false }, canonical: false };
  }
  if (host.endsWith('.internal') || host.endsWith('.cluster.local')) return { range: { shape: 'internal-name', metadata: false }, canonical: true };
  return null;
}

/** The host of `//userinfo@host:port/...` starting at `from` (just after the `//`). */
function authorityHost(text: string, from: number): string {
  let end = from;
  while (end < text.length && !'/?#\\ \t\r\n"\'<>'.includes(text[end])) end++;
  let authority = text.slice(from, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1 || undefined);
  const colon = authority.lastIndexOf(':');
  return colon >= 0 ? authority.slice(0, colon) : authority;
}

function judgeHost(host: string, inUrl: boolean, withPathOrPort = false): Finding | null {
  const found = classifyHost(host);
  if (found === null) return null;
  const { range, canonical } = found;
  // `localhost/`, `host.docker.internal:2375/x`: an internal name with a path or a port is a URL without
  // its scheme (what a fetcher that prepends `http://` receives). Addresses stay out: `10.0.0.0/8` is a CIDR.
  // Single words (`metadata/schema`) are left to URLs: only dotted names and the localhost family count.
  if (!inUrl && withPathOrPort && /[a-z]/i.test(host) && (host.includes('.') || /localhost|loopback/i.test(host)) && parseLenientIpv4(normaliseHost(host)) === null) {
    return { shape: range.metadata ? 'metadata' : range.shape, score: range.metadata ? 0.95 : 0.7, paranoia: 1 };
  }
  // `127.0.0.1:6379`, `[::1]:8080/x`: a loopback address with a port or a path (a private range with a
  // path is as often a CIDR block, `10.0.0.0/8`, and stays below).
  if (!inUrl && withPathOrPort && canonical && range.shape === 'loopback') return { shape: 'loopback', score: 0.7, paranoia: 1 };
  // Without a scheme, `0.5` or `10.25` is a number far more often than a host.
  if (!inUrl && !canonical && !host.startsWith('[')) return null;
  if (range.metadata) return { shape: 'metadata', score: 0.95, paranoia: 1 };
  if (!canonical) return { shape: `obfuscated-${range.shape}`, score: 0.9, paranoia: 1 };
  if (inUrl) return { shape: range.shape, score: range.shape === 'private-address' ? 0.6 : 0.8, paranoia: 1 };
  return { shape: range.shape, score: 0.5, paranoia: range.shape === 'loopback' ? 2 : 3 };
}

/** Headers that name the site itself or where the browser came from: `localhost` there is development, not SSRF. */
const ownOriginPoints = new Set(['header.host', 'header.origin', 'header.referer', 'header.x-forwarded-host', 'header.x-forwarded-server']);

/** Media types a browser or an interpreter runs. */
const executableDataType = /^data:\s*(?:text\/(?:html|javascript|ecmascript|x-php|php|x-sh|x-python)|application\/(?:xhtml\+xml|javascript|ecmascript|x-php|x-httpd-php|x-sh))\b/i;

const schemeAt = /([a-z][a-z0-9+.-]{1,15}):(\/\/|\/|(?=[a-z0-9[]))/gi;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  if (input.point === 'path' || value.length < 3 || ownOriginPoints.has(input.point)) return null;
  const hasScheme = value.includes(':');
  // Cheap test: a URL needs a colon; a bare host needs a dot or a bracket, or is a plain name.
  if (!hasScheme && !value.includes('.') && !value.includes('[') && !value.includes('\u3002') && !internalNames.has(value.toLowerCase()) && !localhostFamily.test(value)) return null;
  let best = null as { finding: Finding; start: number; end: number } | null;
  const consider = (finding: Finding | null, start: number, end: number): void => {
    if (finding !== null && finding.paranoia <= options.paranoia && (best === null || finding.score > best.finding.score)) best = { finding, start, end };
  };
  if (hasScheme) {
    schemeAt.lastIndex = 0;
    let match: RegExpExecArray | null;
    let count = 0;
    while ((match = schemeAt.exec(value)) !== null && count++ < 8) {
      const scheme = match[1].toLowerCase();
      const atStart = match.index === 0 || /[\s=("'<]/.test(value[match.index - 1]);
      if (!atStart) continue;
      const hostFrom = match.index + match[0].length;
      const urlEnd = Math.min(value.length, hostFrom + 200);
      // A data URL handed to a fetcher makes it read content the attacker wrote. Paranoia 1 takes the
      // probe (`data:text/plain`, no content) and executable types (HTML, script, PHP); a document sent
      // the data-URL way (`data:text/csv;base64,…`, `data:application/pdf;…`) is how some JSON APIs take
      // uploads, so it waits for paranoia 2; images and other media (an avatar) are never one.
      if (scheme === 'data' && /^data:\s*(?:text|application)\//i.test(value.slice(match.index, match.index + 20))) {
        const url = value.slice(match.index, match.index + 80);
        const probe = !url.includes(',') || executableDataType.test(url);
        consider({ shape: 'data-scheme', score: 0.7, paranoia: probe ? 1 : 2 }, match.index, urlEnd);
      }
      if (scheme === 'jar' || scheme === 'netdoc') consider({ shape: 'dangerous-scheme', score: 0.85, paranoia: 1 }, match.index, urlEnd);
      if (dangerousSchemes.has(scheme) && match[2].length > 0) {
        consider({ shape: 'dangerous-scheme', score: 0.8, paranoia: match.index === 0 ? 1 : 2 }, match.index, urlEnd);
      }
      // Any scheme with an authority (`ssh://`, `imap://`, `rsync://`) reaches the host it names.
      if (httpLikeSchemes.has(scheme) || dangerousSchemes.has(scheme) || match[2] === '//') {
        consider(judgeHost(authorityHost(value, hostFrom), true), match.index, urlEnd);
      }
    }
  }
  if (best === null) {
    // A bare host, optionally with a port and a path: `127.1`, `[::1]:8080/admin`, `localhost/`.
    const trimmed = value.trim();
    if (trimmed.length <= 255 && !/\s/.test(trimmed)) {
      const host = authorityHost(trimmed, 0);
      const after = trimmed.charCodeAt(host.length);
      // A port must be digits: `127.0.0.1:` or `localhost:foo` are not addresses.
      const port = after === 58 && /^:\d{1,5}(?:$|\/)/.test(trimmed.slice(host.length));
      consider(judgeHost(host, false, trimmed.startsWith(host) && (after === 47 /* / */ || port)), 0, trimmed.length);
    }
  }
  if (best === null) return null;
  const { finding, start, end } = best;
  return { type: 'ssrf', point: input.point, payload: excerpt(value, start, end), score: finding.score, detector: `ssrf/${finding.shape}` };
}

export const ssrfDetector: Detector = { name: 'ssrf', type: 'ssrf', inspect };
