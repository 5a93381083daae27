import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@sessionscope/shared/errors';
import { parseTraffic } from '../read-traffic';
import { FormatItem } from './format-item';
import { encodeTraceRequest, OtlpJsonKeyValue, OtlpJsonRequest, OtlpJsonSpan } from './otlp-encode';
import { readOtlpJson } from './otlp-json';
import { decodeTraceRequest, encodeTraceResponse, readOtlpProtobuf } from './otlp-protobuf';
import { ProtobufReader } from './protobuf-wire';

const defaults = { application: 'default', host: '', clientIp: '0.0.0.0', receivedAt: '2026-11-24T10:00:00.000Z' };
const text = (key: string, value: string): OtlpJsonKeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): OtlpJsonKeyValue => ({ key, value: { intValue: String(value) } });

/** A server span of the current HTTP conventions, with overrides. */
function aSpan(overrides: Partial<OtlpJsonSpan> = {}): OtlpJsonSpan {
  return {
    traceId: '5B8EFFF798038103D269B633813FC60C',
    spanId: 'EEE19B7EC3C1B174',
    name: 'GET /api/users/{id}',
    kind: 2,
    startTimeUnixNano: '1763978400123456789',
    endTimeUnixNano: '1763978400135956789',
    attributes: [
      text('http.request.method', 'GET'),
      text('url.scheme', 'https'),
      text('server.address', 'shop.example.com'),
      int('server.port', 443),
      text('url.path', '/api/users/42'),
      text('url.query', 'expand=orders'),
      int('http.response.status_code', 200),
      text('client.address', '203.0.113.7'),
      text('user_agent.original', 'curl/8.5'),
      text('http.route', '/api/users/{id}'),
      { key: 'http.request.header.cookie', value: { arrayValue: { values: [{ stringValue: 'sid=abc' }] } } },
    ],
    ...overrides,
  };
}

const requestOf = (...spans: OtlpJsonSpan[]): OtlpJsonRequest => ({
  resourceSpans: [{ resource: { attributes: [text('service.name', 'shop-api')] }, scopeSpans: [{ scope: { name: 'io.opentelemetry.http' }, spans }] }],
});
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const fromJson = (value: unknown, entryOffset = 0): FormatItem[] => [...readOtlpJson(json(value), { entryOffset, lineOffset: 0, maxLineBytes: 1 << 20, defaults })];
const fromProtobuf = (request: OtlpJsonRequest): FormatItem[] => [...readOtlpProtobuf(encodeTraceRequest(request), { entryOffset: 0, defaults })];

const expectedRecord = {
  id: '5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174',
  timestamp: '2025-11-24T10:00:00.123Z',
  method: 'GET',
  url: 'https://shop.example.com/api/users/42?expand=orders',
  status: 200,
  durationMs: 12.5,
  clientIp: '203.0.113.7',
  application: 'shop-api',
  requestHeaders: { cookie: 'sid=abc', 'user-agent': 'curl/8.5' },
  responseHeaders: {},
};

describe.each([
  ['OTLP/JSON', fromJson],
  ['OTLP/protobuf', fromProtobuf],
])('%s', (_encoding, read) => {
  it('given an HTTP server span of the current conventions, when read, then it is the request it describes', () => {
    expect(read(requestOf(aSpan()))).toEqual([{ ok: true, entry: 0, record: expectedRecord }]);
  });

  it('given a server span of the old conventions, when read, then it is the same request', () => {
    const old = aSpan({
      attributes: [
        text('http.method', 'GET'),
        text('http.scheme', 'https'),
        text('net.host.name', 'shop.example.com'),
        int('net.host.port', 8443),
        text('http.target', '/api/users/42?expand=orders'),
        int('http.status_code', 404),
        text('net.sock.peer.addr', '2001:db8::1'),
        text('http.user_agent', 'curl/7'),
        int('http.response_content_length', 512),
      ],
    });
    const [item] = read(requestOf(old));
    expect(item).toMatchObject({ ok: true, record: { url: 'https://shop.example.com:8443/api/users/42?expand=orders', status: 404, clientIp: '2001:db8::1', responseBytes: 512, requestHeaders: { 'user-agent': 'curl/7' } } });
  });

  it('given url.full, when read, then it is the URL', () => {
    const [item] = read(requestOf(aSpan({ attributes: [text('http.request.method', 'POST'), text('url.full', 'http://api.example.com/v1/orders?x=1'), text('client.address', '198.51.100.4')] })));
    expect(item).toMatchObject({ ok: true, record: { method: 'POST', url: 'http://api.example.com/v1/orders?x=1', clientIp: '198.51.100.4' } });
  });

  it('given spans that are not HTTP server requests among good ones, when read, then they are skipped with the reason and the good ones kept', () => {
    const client = aSpan({ kind: 3, name: 'GET upstream' });
    const database = aSpan({ kind: 2, name: 'SELECT users', attributes: [text('db.system', 'postgresql')] });
    const broken = aSpan({ attributes: [text('http.request.method', 'GET'), text('url.path', 'api/no-slash')] });
    const result = read(requestOf(client, aSpan(), database, broken));
    expect(result.map((item) => (item.ok ? { entry: item.entry } : item.rejection))).toEqual([
      { entry: 0, field: 'kind', message: 'span "GET upstream" is a CLIENT span, not an HTTP server span: only SERVER spans are requests the API received', skipped: true },
      { entry: 1 },
      { entry: 2, field: 'attributes', message: 'span "SELECT users" is not an HTTP span: it has no http.request.method (or http.method) attribute', skipped: true },
      { entry: 3, field: 'url.path', message: 'span eee19b7ec3c1b174: "api/no-slash" does not start with /' },
    ]);
  });

  it('given text beyond ASCII, when read, then it is kept as sent', () => {
    const path = `/caf\u00e9/${'\u00fc'.repeat(70)}`;
    const [item] = read(requestOf(aSpan({ attributes: [text('http.request.method', 'GET'), text('url.path', path), text('user_agent.original', 'agent \u2603')] })));
    expect(item).toMatchObject({ ok: true, record: { url: path, requestHeaders: { 'user-agent': 'agent \u2603' } } });
  });

  it('given a span with a wrongly typed attribute, when read, then it is rejected naming the attribute', () => {
    const [item] = read(requestOf(aSpan({ attributes: [{ key: 'http.request.method', value: { intValue: '7' } }, text('url.path', '/')] })));
    expect(item).toEqual({ ok: false, rejection: { entry: 0, field: 'http.request.method', message: 'span eee19b7ec3c1b174: must be a string attribute, found a number' } });
  });
});

describe('OTLP/JSON strictness', () => {
  it('given the opentelemetry-proto example (one server span without HTTP attributes), when read, then the span is skipped as not an HTTP span', () => {
    const file = join(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'datasets', 'otlp', 'trace.json');
    if (!existsSync(file)) {
      console.warn(`skipping: ${file} is absent (it lives in ../shared beside the project)`);
      return;
    }
    const result = [...readOtlpJson(readFileSync(file), { entryOffset: 0, lineOffset: 0, maxLineBytes: 1 << 20, defaults })];
    expect(result).toEqual([
      { ok: false, rejection: { entry: 0, field: 'attributes', message: `span "I'm a server span" is not an HTTP span: it has no http.request.method (or http.method) attribute`, skipped: true } },
    ]);
  });

  it('given an unknown field in a span, when read, then that span is rejected naming the field and its path, and its neighbours are kept', () => {
    const result = fromJson(requestOf(aSpan(), { ...aSpan(), spanKind: 2 } as OtlpJsonSpan));
    expect(result[0].ok).toBe(true);
    expect(result[1]).toEqual({
      ok: false,
      rejection: { entry: 1, field: 'resourceSpans[0].scopeSpans[0].spans[1].spanKind', message: expect.stringMatching(/^unknown field "spanKind" in span: OTLP\/JSON span has traceId, spanId/) },
    });
  });

  it('given an unknown field outside spans, when read, then the request is refused whole naming it', () => {
    const request = { resourceSpans: [{ resource: { attributes: [], labels: {} }, scopeSpans: [] }] };
    expect(() => fromJson(request)).toThrow(expect.objectContaining({ code: 'INVALID_OTLP', message: expect.stringMatching(/^resourceSpans\[0\]\.resource\.labels: unknown field "labels"/) }));
  });

  it('given proto field names (snake_case), when read, then they are taken as the protobuf JSON mapping allows', () => {
    const span = { trace_id: '5b8efff798038103d269b633813fc60c', span_id: 'eee19b7ec3c1b174', name: 'x', kind: 'SPAN_KIND_SERVER', start_time_unix_nano: 1763978400123456789n.toString(), end_time_unix_nano: '1763978400135956789', attributes: aSpan().attributes };
    const [item] = fromJson({ resource_spans: [{ scope_spans: [{ spans: [span] }] }] });
    expect(item).toMatchObject({ ok: true, record: { url: 'https://shop.example.com/api/users/42?expand=orders', application: 'default' } });
  });

  it.each([
    ['a trace id that is not hex', { traceId: 'zz' }, /spans\[0\]\.traceId$/, /must be 32 hex digits/],
    ['a time that is not a number', { startTimeUnixNano: 'soon' }, /startTimeUnixNano/, /decimal string/],
    ['an unknown kind', { kind: 'SPAN_KIND_WEIRD' }, /kind/, /SpanKind/],
  ])('given %s, when read, then the span is rejected naming the field', (_case, override, field, message) => {
    const [item] = fromJson(requestOf({ ...aSpan(), ...override } as OtlpJsonSpan));
    expect(item.ok).toBe(false);
    if (!item.ok) {
      expect(item.rejection.field).toMatch(field);
      expect(item.rejection.message).toMatch(message);
    }
  });

  it('given attribute values nested deeper than the limit, when read, then the span is rejected, not the stack', () => {
    let value: unknown = { stringValue: 'deep' };
    for (let depth = 0; depth < 1000; depth++) value = { arrayValue: { values: [value] } };
    const [item] = fromJson(requestOf(aSpan({ attributes: [...(aSpan().attributes ?? []), { key: 'deep', value } as OtlpJsonKeyValue] })));
    expect(item).toMatchObject({ ok: false, rejection: { entry: 0, message: 'attribute value nested deeper than 16 levels' } });
  });

  it('given the same export compact, pretty-printed and in proto field names, when read, then the items are the same', () => {
    const request = { resourceSpans: [requestOf(aSpan(), { ...aSpan(), kind: 3 }).resourceSpans[0], requestOf(aSpan({ spanId: '0000000000000003' })).resourceSpans[0]] };
    const read = (text: string) => [...readOtlpJson(new TextEncoder().encode(text), { entryOffset: 5, lineOffset: 0, maxLineBytes: 1 << 20, defaults })];
    const compact = read(JSON.stringify(request));
    expect(compact.map((item) => (item.ok ? item.entry : item.rejection.entry))).toEqual([5, 6, 7]);
    expect(read(JSON.stringify(request, null, 2))).toEqual(compact);
    expect(read(JSON.stringify(request).replace('"resourceSpans"', '"resource_spans"'))).toEqual(compact);
  });

  it('given one span that is not JSON in a well-formed frame, when read, then that span alone is rejected', () => {
    const text = JSON.stringify(requestOf(aSpan(), aSpan({ spanId: '0000000000000009' }))).replace('"spanId":"0000000000000009"', '"spanId":0000000000000009');
    const result = [...readOtlpJson(new TextEncoder().encode(text), { entryOffset: 0, lineOffset: 0, maxLineBytes: 1 << 20, defaults })];
    expect(result[0].ok).toBe(true);
    expect(result[1]).toEqual({ ok: false, rejection: { entry: 1, field: 'resourceSpans[0].scopeSpans[0].spans[1]', message: expect.stringMatching(/^the span is not valid JSON/) } });
  });

  it('given JSON lines (the Collector file exporter), when read, then each line is a request and a bad line is rejected alone', () => {
    const body = [JSON.stringify(requestOf(aSpan())), '{"resourceSpans": [', JSON.stringify(requestOf(aSpan({ spanId: '0000000000000001' }), aSpan({ spanId: '0000000000000002' })))].join('\n');
    const result = [...readOtlpJson(new TextEncoder().encode(body), { entryOffset: 0, lineOffset: 10, maxLineBytes: 1 << 20, defaults })];
    expect(result.map((item) => (item.ok ? { line: item.line, entry: item.entry } : { line: item.rejection.line, field: item.rejection.field }))).toEqual([
      { line: 11, entry: 0 },
      { line: 12, field: null },
      { line: 13, entry: 0 },
      { line: 13, entry: 1 },
    ]);
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['truncated', '{"resourceSpans":[{"scopeSpans":', /is the file truncated/],
    ['an array', '[1]', /must be an object \(request\), found an array/],
  ])('given a body %s, when read, then it is refused whole', (_case, body, message) => {
    const read = () => [...readOtlpJson(new TextEncoder().encode(body), { entryOffset: 0, lineOffset: 0, maxLineBytes: 1 << 20, defaults })];
    expect(read).toThrow(AppError);
    expect(read).toThrow(message);
  });
});

describe('OTLP/protobuf', () => {
  it('given a truncated message, when read, then the body is refused naming the byte', () => {
    const bytes = encodeTraceRequest(requestOf(aSpan()));
    const read = () => [...readOtlpProtobuf(bytes.subarray(0, bytes.length - 5), { entryOffset: 0, defaults })];
    expect(read).toThrow(expect.objectContaining({ code: 'INVALID_OTLP', message: expect.stringMatching(/not an OTLP\/protobuf ExportTraceServiceRequest: .* at byte \d+/) }));
  });

  it('given fields it does not know (a newer sender), when read, then they are skipped', () => {
    const known = encodeTraceRequest(requestOf(aSpan()));
    // Field 99 (varint 1) and field 98 (bytes "x") before the request's own fields.
    const unknown = Uint8Array.from([0x98, 0x06, 0x01, 0x92, 0x06, 0x01, 0x78, ...known]);
    expect(decodeTraceRequest(unknown)).toEqual(decodeTraceRequest(known));
    expect(decodeTraceRequest(known)).toHaveLength(1);
  });

  it('given a span whose name is not UTF-8 beside a good span, when read, then that span alone is rejected naming the byte', () => {
    const good = encodeTraceRequest(requestOf(aSpan()));
    // resource_spans { scope_spans { spans { name: 0xff } } }, then the good request's resource_spans.
    const bytes = Uint8Array.from([0x0a, 0x07, 0x12, 0x05, 0x12, 0x03, 0x2a, 0x01, 0xff, ...good]);
    const result = [...readOtlpProtobuf(bytes, { entryOffset: 0, defaults })];
    expect(result[0]).toEqual({ ok: false, rejection: { entry: 0, field: null, message: "the span's bytes are not a well-formed Span: string field is not valid UTF-8 at byte 7" } });
    expect(result[1]).toMatchObject({ ok: true, entry: 1 });
  });

  it('given JSON sent as protobuf, when read, then it is refused rather than misread', () => {
    expect(() => [...readOtlpProtobuf(json(requestOf(aSpan())), { entryOffset: 0, defaults })]).toThrow(/OTLP\/protobuf/);
  });

  it('given a partial success, when the response is encoded, then it reads back as ExportTraceServiceResponse fields 1.1 and 1.2', () => {
    const bytes = encodeTraceResponse({ rejectedSpans: 3, errorMessage: 'span 1: bad' });
    const outer = new ProtobufReader(bytes);
    expect(outer.nextField()).toEqual({ field: 1, type: 2 });
    const inner = outer.message();
    expect(inner.nextField()).toEqual({ field: 1, type: 0 });
    expect(inner.varint()).toBe(3);
    expect(inner.nextField()).toEqual({ field: 2, type: 2 });
    expect(inner.string()).toBe('span 1: bad');
    expect(encodeTraceResponse(null)).toEqual(new Uint8Array(0));
  });
});

describe('OTLP through readTraffic', () => {
  it('given the same span sent in JSON and in protobuf, when read, then both give one request with the same id', () => {
    const options = { tenant: 't', maxLineBytes: 1 << 20, sourceId: 'upload' };
    const context = { newId: () => 'never', now: '2026-11-24T10:00:00.000Z' };
    const fromJsonBody = parseTraffic(json(requestOf(aSpan())), { ...options, format: 'otlp-json' }, context);
    const fromProtobufBody = parseTraffic(encodeTraceRequest(requestOf(aSpan())), { ...options, format: 'otlp-protobuf' }, context);
    expect(fromJsonBody.requests).toHaveLength(1);
    expect(fromProtobufBody.requests).toEqual(fromJsonBody.requests.map((request) => ({ ...request, source: { format: 'otlp-protobuf', line: null, entry: 0 } })));
    expect(fromJsonBody.requests[0]).toMatchObject({ id: expectedRecord.id, host: 'shop.example.com', path: '/api/users/42', query: 'expand=orders', application: 'shop-api', source: { format: 'otlp-json', line: null, entry: 0 } });
  });
});

describe('OTLP spans without their ids', () => {
  it('rejects a protobuf server span whose trace or span id is absent or zero, instead of storing one record for all of them', () => {
    const items = fromProtobuf(requestOf(aSpan({ traceId: '' }), aSpan({ spanId: '0000000000000000' }), aSpan()));
    expect(items.map((item) => (item.ok ? 'ok' : item.rejection.field))).toEqual(['traceId', 'spanId', 'ok']);
  });
});
