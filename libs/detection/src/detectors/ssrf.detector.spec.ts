import type { Paranoia } from '../types';
import { parseLenientIpv4, ssrfDetector } from './ssrf.detector';

const inspect = (value: string, paranoia: Paranoia = 1) => ssrfDetector.inspect({ point: 'query.url', value, raw: value }, { paranoia });

describe('parseLenientIpv4', () => {
  it.each([
    ['127.0.0.1', 0x7f000001, true],
    ['2130706433', 0x7f000001, false],
    ['0177.0.0.1', 0x7f000001, false],
    ['0x7f000001', 0x7f000001, false],
    ['127.1', 0x7f000001, false],
    ['0x7f.0.0.1', 0x7f000001, false],
    ['169.254.43518', 0xa9fea9fe, false],
  ])('given %j, when parsed, then it is address %d (canonical: %j)', (host, address, canonical) => {
    expect(parseLenientIpv4(host)).toEqual({ address, canonical });
  });

  it.each(['256.1.1.1', '1.2.3.4.5', 'example.com', '08.1.1.1', ''])('given %j, when parsed, then it is not an address', (host) => {
    expect(parseLenientIpv4(host)).toBeNull();
  });
});

describe('ssrfDetector', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'ssrf/metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'ssrf/metadata'],
    ['http://2852039166/latest/', 'ssrf/metadata'],
    ['http://[::ffff:a9fe:a9fe]/latest/', 'ssrf/metadata'],
    ['http://127.0.0.1:8080/admin', 'ssrf/loopback'],
    ['http://localhost/server-status', 'ssrf/loopback'],
    ['http://2130706433/', 'ssrf/obfuscated-loopback'],
    ['http://0177.0.0.1/', 'ssrf/obfuscated-loopback'],
    ['http://0x7f000001/', 'ssrf/obfuscated-loopback'],
    ['http://127.1/', 'ssrf/obfuscated-loopback'],
    ['https://user:pw@[::1]:443/', 'ssrf/obfuscated-loopback'],
    ['http://[::ffff:127.0.0.1]/', 'ssrf/obfuscated-loopback'],
    ['http://0/', 'ssrf/obfuscated-loopback'],
    ['http://169\u3002254\u3002169\u3002254/', 'ssrf/metadata'],
    ['http://10.0.0.5/internal', 'ssrf/private-address'],
    ['gopher://mail.example:25/_HELO', 'ssrf/dangerous-scheme'],
    ['dict://example.net:11211/stat', 'ssrf/dangerous-scheme'],
    ['file:///etc/passwd', 'ssrf/dangerous-scheme'],
    ['jar:http://example.net/x.jar!/', 'ssrf/dangerous-scheme'],
    ['http://127.0.0.1.nip.io/', 'ssrf/obfuscated-loopback'],
    ['next=http://192.168.0.1/', 'ssrf/private-address'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('ssrf');
    expect(hit?.point).toBe('query.url');
  });

  it.each([
    'https://example.com/callback',
    'http://93.184.216.34/page',
    'https://cdn.example.org/v1.2.3/app.js',
    '0.5',
    '10.25',
    '2130706433',
    '12:30',
    'version 1.2.3',
    'user@example.com',
    'see https://www.wikipedia.org',
    '2024-01-01T10:00:00Z',
    'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'mailto:bob@example.com',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given a bare internal host, when the paranoia rises, then loopback counts from 2 and private ranges from 3', () => {
    expect(inspect('127.0.0.1', 1)).toBeNull();
    expect(inspect('127.0.0.1', 2)?.detector).toBe('ssrf/loopback');
    expect(inspect('192.168.1.10', 2)).toBeNull();
    expect(inspect('192.168.1.10', 3)?.detector).toBe('ssrf/private-address');
    expect(inspect('169.254.169.254', 1)?.detector).toBe('ssrf/metadata');
  });

  it('given a document sent as a data URL, when inspected, then only paranoia 2 takes it', () => {
    expect(inspect('data:text/csv;base64,YSxiCjEsMgo=')).toBeNull();
    expect(inspect('data:text/csv;base64,YSxiCjEsMgo=', 2)?.detector).toBe('ssrf/data-scheme');
  });

  it.each([
    ['localhost/', 'ssrf/loopback'],
    ['LOCALHOST/', 'ssrf/loopback'],
    ['ip6-loopback/', 'ssrf/loopback'],
    ['localhost:8080/admin', 'ssrf/loopback'],
    ['host.docker.internal/', 'ssrf/internal-name'],
    ['kubernetes.default.svc.cluster.local/', 'ssrf/internal-name'],
    ['lvh.me/', 'ssrf/loopback'],
    ['data:text/plain', 'ssrf/data-scheme'],
    ['127.0.0.1:6379', 'ssrf/loopback'],
    ['127.0.0.1/admin', 'ssrf/loopback'],
    ['ssh://0177.00.00.01', 'ssrf/obfuscated-loopback'],
    ['rsync://[0:0:0:0:0:ffff:169.254.169.254]', 'ssrf/metadata'],
    ['irc://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ', 'ssrf/loopback'],
    ['data:application/x-php;base64,PD9waHA=', 'ssrf/data-scheme'],
    ['data:text/html,<b>x</b>', 'ssrf/data-scheme'],
  ])('given the URL without scheme or the data URL %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    expect(inspect(payload)?.detector).toBe(detector);
  });

  it.each(['ssh://git.example.com/repo.git', 'mailto:someone@example.com', '127.0.0.1/32 is a host route', 'localhost:foo', 'localhost', 'metadata/schema', '10.0.0.0/8', '192.168.1.0/24', 'data:image/png;base64,iVBORw0KGgo=', 'data:text/csv;base64,YSxiCjEsMgo=', 'data:application/pdf;base64,JVBERi0xLjQK', 'my data: text/plain works', 'docs.example.com/guide'])(
    'given the look-alike %j, when inspected at paranoia 1, then nothing fires',
    (payload) => {
      expect(inspect(payload)).toBeNull();
    },
  );
});
