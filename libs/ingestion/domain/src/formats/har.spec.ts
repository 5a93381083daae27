import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import { parseTraffic } from '../read-traffic';
import { FormatItem } from './format-item';
import { harEntryRecord, readHar } from './har';

const defaults = { application: 'shop', host: '', clientIp: '0.0.0.0', receivedAt: '2026-11-24T10:00:00.000Z' };
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const items = (value: unknown, entryOffset = 0): FormatItem[] => [...readHar(bytes(value), { entryOffset, defaults })];
const harOf = (...entries: unknown[]) => ({ log: { version: '1.2', entries } });

/** A browser's entry, with overrides. */
function anEntry(overrides: { request?: object; response?: object; [key: string]: unknown } = {}) {
  const { request, response, ...rest } = overrides;
  return {
    startedDateTime: '2026-11-24T09:00:00.123+01:00',
    time: 42.5,
    request: { method: 'POST', url: 'https://shop.example.com/api/login?next=%2F', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [], queryString: [], headersSize: -1, bodySize: 17, postData: { mimeType: 'application/json', text: '{"user":"alice"}' }, ...request },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Set-Cookie', value: 'sid=abc; Path=/' }, { name: 'Set-Cookie', value: 'lang=en' }], cookies: [], content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' }, redirectURL: '', headersSize: -1, bodySize: 11, ...response },
    timings: { blocked: 1, dns: -1, connect: -1, send: 0.5, wait: 40, receive: 1 },
    ...rest,
  };
}

describe('readHar', () => {
  it('given a browser entry, when read, then the record has its request, response, headers, body and timing', () => {
    const [item] = items(harOf(anEntry()));
    expect(item).toEqual({
      ok: true,
      entry: 0,
      record: {
        timestamp: '2026-11-24T09:00:00.123+01:00',
        method: 'POST',
        url: 'https://shop.example.com/api/login?next=%2F',
        status: 200,
        durationMs: 42.5,
        requestBytes: 17,
        responseBytes: 11,
        clientIp: '0.0.0.0',
        application: 'shop',
        requestHeaders: { 'content-type': 'application/json' },
        responseHeaders: { 'set-cookie': ['sid=abc; Path=/', 'lang=en'] },
        requestBody: '{"user":"alice"}',
        responseBody: '{"ok":true}',
      },
    });
  });

  it('given cookies listed apart from the headers, when read, then they become the Cookie and Set-Cookie headers', () => {
    const entry = anEntry({
      request: { headers: [], cookies: [{ name: 'sid', value: 's1' }, { name: 'theme', value: 'dark' }] },
      response: { headers: [], cookies: [{ name: 'sid', value: 's2', path: '/', httpOnly: true, secure: true }] },
    });
    const [item] = items(harOf(entry));
    expect(item).toMatchObject({ ok: true, record: { requestHeaders: { cookie: 'sid=s1; theme=dark' }, responseHeaders: { 'set-cookie': ['sid=s2; Path=/; HttpOnly; Secure'] } } });
  });

  it('given form params without text, a base64 body and a binary one, when read, then bodies are text as sent', () => {
    const form = anEntry({ request: { postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'user', value: 'a b' }, { name: 'pass', value: 'x&y' }] } } });
    const base64 = anEntry({ response: { content: { mimeType: 'text/plain', text: Buffer.from('héllo').toString('base64'), encoding: 'base64' } } });
    const binary = anEntry({ response: { content: { mimeType: 'image/png', text: Buffer.from([0x89, 0x50, 0xff, 0xfe]).toString('base64'), encoding: 'base64' } } });
    const [first, second, third] = items(harOf(form, base64, binary));
    expect(first).toMatchObject({ record: { requestBody: 'user=a%20b&pass=x%26y' } });
    expect(second).toMatchObject({ record: { responseBody: 'héllo' } });
    expect(third).toMatchObject({ record: { responseBody: '[binary content, 4 bytes]' } });
  });

  it('given an entry without time, status 0 and HTTP/2 pseudo-headers, when read, then it takes its page time, has no response status and no pseudo-headers', () => {
    const entry = anEntry({ startedDateTime: undefined, time: undefined, pageref: 'page_1', response: { status: 0 }, request: { headers: [{ name: ':authority', value: 'shop.example.com' }, { name: 'accept', value: '*/*' }] } });
    const document = { log: { pages: [{ id: 'page_1', startedDateTime: '2026-11-24T08:00:00.000Z' }], entries: [entry] } };
    const [item] = items(document);
    expect(item).toMatchObject({ ok: true, record: { timestamp: '2026-11-24T08:00:00.000Z', durationMs: 42.5, requestHeaders: { accept: '*/*' } } });
    expect(item.ok && item.record.status).toBeUndefined();
    expect(item.ok && item.record.requestHeaders).not.toHaveProperty(':authority');
  });

  it('given a repeated header and one named __proto__, when read, then the values are listed and the odd name stays a header', () => {
    const [item] = items(harOf(anEntry({ request: { headers: [{ name: 'Accept', value: 'a' }, { name: 'accept', value: 'b' }, { name: '__proto__', value: 'x' }] } })));
    expect(item.ok && item.record.requestHeaders?.['accept']).toEqual(['a', 'b']);
    expect(item.ok && Object.getOwnPropertyDescriptor(item.record.requestHeaders, '__proto__')?.value).toBe('x');
  });

  it('given a proxy capture with X-Forwarded-For, when read, then the client is the forwarded address', () => {
    const [item] = items(harOf(anEntry({ request: { headers: [{ name: 'X-Forwarded-For', value: '203.0.113.7, 10.0.0.1' }] } })));
    expect(item).toMatchObject({ record: { clientIp: '203.0.113.7' } });
  });

  it('given bad entries among good ones, when read, then each bad one is rejected with its absolute index and field, and the good ones are kept', () => {
    const result = items(
      harOf(
        anEntry(),
        anEntry({ request: { url: 'testloadimpact' } }),
        'not an entry',
        anEntry({ request: { headers: [{ name: 'accept', value: 7 }] } }),
        anEntry({ response: { status: '200' } }),
        anEntry({ startedDateTime: 'yesterday' }),
        { response: {} },
      ),
      100,
    );
    expect(result.map((item) => (item.ok ? { entry: item.entry } : item.rejection))).toEqual([
      { entry: 100 },
      { entry: 101, field: 'request.url', message: '"testloadimpact" is not an absolute http(s) URL, as HAR requires' },
      { entry: 102, field: null, message: 'an entry must be an object, found a string' },
      { entry: 103, field: 'request.headers[0]', message: 'a header must be {name: string, value: string}, found name a string, value a number' },
      { entry: 104, field: 'response.status', message: 'must be a number, found a string' },
      { entry: 105, field: 'startedDateTime', message: expect.stringMatching(/datetime/i) },
      { entry: 106, field: 'request', message: 'the entry has no "request" object (found nothing)' },
    ]);
  });

  it('given one entry that is not JSON in a HAR whose frame is, when read, then that entry alone is rejected', () => {
    const text = `{"log":{"entries":[${JSON.stringify(anEntry())},{"request":{"method":"GET","url":tru}},${JSON.stringify(anEntry())}]}}`;
    const result = items(text);
    expect(result.map((item) => (item.ok ? item.entry : item.rejection))).toEqual([0, { entry: 1, field: null, message: expect.stringMatching(/^the entry is not valid JSON/) }, 2]);
  });

  it.each([
    ['not JSON', '<html>', /the HAR file is not JSON/],
    ['truncated', '{"log":{"entries":[{"request":', /not JSON \(is the file truncated\?\)/],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
    ['an array', '[]', /has an array/],
    ['without log.entries', '{"log":{"version":"1.2"}}', /no "log.entries" array \(found nothing\)/],
    ['with entries not a list', '{"log":{"entries":{}}}', /no "log.entries" array \(found an object\)/],
  ])('given a HAR file %s, when read, then it is refused whole with a clear INVALID_HAR error', (_case, body, message) => {
    const read = () => [...readHar(typeof body === 'string' ? bytes(body) : body, { entryOffset: 0, defaults })];
    expect(read).toThrow(AppError);
    expect(read).toThrow(message);
    expect(read).toThrow(expect.objectContaining({ code: 'INVALID_HAR', kind: 'invalid' }));
  });
});

/** Every HAR of ../shared/datasets/har (from har-to-openapi's test data); skipped, saying so, where ../shared is absent. */
const harFolder = join(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'datasets', 'har');
const present = existsSync(harFolder);
if (!present) console.warn(`skipping the HAR dataset tests: ${harFolder} is absent (it lives in ../shared beside the project)`);
const describeWithDatasets = present ? describe : describe.skip;

describeWithDatasets('the HAR files of ../shared/datasets/har', () => {
  const read = (file: string) => {
    let ids = 0;
    return parseTraffic(
      readFileSync(join(harFolder, file)),
      { format: 'har', tenant: 'default', sourceId: `file:${file}`, maxLineBytes: 1 << 20 },
      { newId: () => `id-${++ids}`, now: '2026-11-24T10:00:00.000Z' },
    );
  };

  it.each([
    ['auth-variants.har', 4],
    ['ericduran.github.io.har', 31],
    ['formdata.har', 5],
    ['full.har', 8],
    ['no-entries.har', 0],
    ['one-post-json-cookie.har', 1],
    ['post-json-invalid.har', 1],
    ['security.har', 1],
    ['typed-params.har', 3],
    ['urlfull.har', 5],
  ])('given %s, when read, then all of its %i entries are requests', (file, count) => {
    const { requests, rejections } = read(file);
    expect(rejections).toEqual([]);
    expect(requests).toHaveLength(count);
    expect(new Set(requests.map((request) => request.id)).size).toBe(count);
  });

  it('given the request generator run, when read, then every entry but the one with a method name HTTP methods cannot have is a request, with its status', () => {
    const { requests, rejections } = read('request-generator-all-status-and-method.har');
    expect(requests.length + rejections.length).toBe(665);
    expect(rejections.every((rejection) => rejection.field === 'request.method')).toBe(true);
    expect(requests.filter((request) => request.status === null)).toHaveLength(11);
    expect(new Set(requests.map((request) => request.method))).toEqual(new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', ...(rejections.length === 0 ? ['TEST_METHOD_NOT_IN_SPEC'] : [])]));
    const formPost = requests.find((request) => request.path === '/api/status/200/form-data');
    expect(formPost?.requestBody).toContain('name="userId"');
  });

  it('given each file, when read entry by entry from the text, then the records are those of the whole document parsed', () => {
    for (const file of readdirSync(harFolder)) {
      const body = readFileSync(join(harFolder, file));
      const document = JSON.parse(body.toString()) as { log: { entries: unknown[]; pages?: unknown } };
      const expected = document.log.entries.map((entry, index) => {
        try {
          return { entry: index, record: harEntryRecord(entry, { ...defaults, pageTimes: pageTimesOf(document) }) };
        } catch (error) {
          return { entry: index, rejected: (error as Error).message };
        }
      });
      const actual = [...readHar(body, { entryOffset: 0, defaults })].map((item) => (item.ok ? { entry: item.entry, record: item.record } : { entry: item.rejection.entry, rejected: item.rejection.message }));
      expect({ file, items: actual }).toEqual({ file, items: expected });
    }
  });

  it('given invalid-url.har, when read, then both entries are rejected naming request.url', () => {
    const { requests, rejections } = read('invalid-url.har');
    expect(requests).toEqual([]);
    expect(rejections).toEqual([
      { entry: 0, field: 'request.url', message: '"testloadimpact" is not an absolute http(s) URL, as HAR requires' },
      { entry: 1, field: 'request.url', message: 'is empty' },
    ]);
  });

  it('given a page load, when read, then times, statuses and durations are those of the capture', () => {
    const { requests } = read('ericduran.github.io.har');
    expect(requests[0]).toMatchObject({ timestamp: '2013-08-24T20:16:16.997Z', method: 'GET', host: 'ericduran.github.io', path: '/chromeHAR/', status: 200, durationMs: 21 });
    expect(requests[0].source).toEqual({ format: 'har', line: null, entry: 0 });
  });
});

function pageTimesOf(document: { log: { pages?: unknown } }): Map<string, string> {
  const pages = Array.isArray(document.log.pages) ? (document.log.pages as Array<{ id?: unknown; startedDateTime?: unknown }>) : [];
  return new Map(pages.filter((page) => typeof page.id === 'string' && typeof page.startedDateTime === 'string').map((page) => [page.id as string, page.startedDateTime as string]));
}
