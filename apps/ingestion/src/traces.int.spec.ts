import { gzipSync } from 'node:zlib';
import { RequestObserved } from '@sessionscope/contracts';
import { encodeTraceRequest, OtlpJsonKeyValue, OtlpJsonRequest, OtlpJsonSpan, ProtobufReader } from '@sessionscope/ingestion/domain';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { developmentIngestToken, hashIngestToken } from '@sessionscope/shared/config';
import { IngestionUnderTest } from './testing/ingestion-under-test';

/**
 * OTLP/HTTP (`POST /v1/traces`) and the document formats of `POST /v1/traffic` against the real NATS
 * and Redis of the local stack; each run has its own namespace, removed at the end.
 */
const namespace = uniqueNamespace('traces');
const auth = { authorization: `Bearer ${developmentIngestToken}` };

const text = (key: string, value: string): OtlpJsonKeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): OtlpJsonKeyValue => ({ key, value: { intValue: String(value) } });

function aServerSpan(spanId: string, path: string): OtlpJsonSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId,
    name: `GET ${path}`,
    kind: 2,
    startTimeUnixNano: '1763978400000000000',
    endTimeUnixNano: '1763978400025000000',
    attributes: [text('http.request.method', 'GET'), text('url.scheme', 'https'), text('server.address', 'api.example.com'), text('url.path', path), int('http.response.status_code', 200), text('client.address', '203.0.113.50'), text('user_agent.original', 'okhttp/4')],
  };
}

const exportOf = (...spans: OtlpJsonSpan[]): OtlpJsonRequest => ({ resourceSpans: [{ resource: { attributes: [text('service.name', 'orders-api')] }, scopeSpans: [{ spans }] }] });

describe('POST /v1/traces and document formats against the real NATS', () => {
  let ingestion: IngestionUnderTest;
  let baseUrl: string;

  async function storedEvents(): Promise<RequestObserved[]> {
    return (await ingestion.storedMessages()).flatMap(({ events }) => events);
  }

  async function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body, headers: { ...auth, ...headers } });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  beforeAll(async () => {
    ingestion = await IngestionUnderTest.start(namespace, {
      SESSION_KEY_SECRET: 'integration-test-secret',
      INGEST_TOKENS: JSON.stringify({ default: [hashIngestToken(developmentIngestToken)] }),
    });
    baseUrl = ingestion.baseUrl;
  });

  afterAll(async () => {
    await ingestion?.stop();
  });

  it('takes OTLP/JSON: stores the HTTP server spans and answers partial_success for the rejected one, warning of the skipped one', async () => {
    const client = { ...aServerSpan('00f067aa0ba902b1', '/upstream'), kind: 3 };
    const broken = { ...aServerSpan('00f067aa0ba902b2', '/x'), attributes: [text('http.request.method', 'GET'), text('url.path', 'no-slash')] };
    const reply = await post('/v1/traces', JSON.stringify(exportOf(aServerSpan('00f067aa0ba902b7', '/api/orders/1'), client, broken)), { 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(new TextDecoder().decode(reply.bytes)) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/span 2 url.path: span 00f067aa0ba902b2: "no-slash" does not start with \//);
    expect(body.partialSuccess.errorMessage).toMatch(/1 span\(s\) skipped/);
    const events = await storedEvents();
    expect(events.map((event) => event.data.request)).toEqual([
      expect.objectContaining({ id: '0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7', application: 'orders-api', host: 'api.example.com', path: '/api/orders/1', status: 200, durationMs: 25, clientIp: '203.0.113.50', source: { format: 'otlp-json', line: null, entry: 0 } }),
    ]);
  });

  it('takes OTLP/protobuf, gzipped as the Collector sends it, answers in protobuf, and stores a span sent twice once', async () => {
    const bytes = encodeTraceRequest(exportOf(aServerSpan('00f067aa0ba902b8', '/api/orders/2'), aServerSpan('00f067aa0ba902b7', '/api/orders/1')));
    const reply = await post('/v1/traces', gzipSync(bytes), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/x-protobuf');
    expect(reply.bytes).toEqual(new Uint8Array(0));
    const ids = (await storedEvents()).map((event) => event.data.request.id);
    expect(ids.filter((id) => id.endsWith('00f067aa0ba902b7'))).toHaveLength(1);
    expect(ids).toContain('0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b8');
  });

  it('refuses a broken protobuf body with a google.rpc.Status in protobuf, and unknown OTLP/JSON fields with a JSON error', async () => {
    const broken = await post('/v1/traces', Uint8Array.from([0x0a, 0x10, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(broken.status).toBe(400);
    const status = new ProtobufReader(broken.bytes);
    expect(status.nextField()).toEqual({ field: 1, type: 0 });
    expect(status.varint()).toBe(3);
    expect(status.nextField()).toEqual({ field: 2, type: 2 });
    expect(status.string()).toMatch(/not an OTLP\/protobuf ExportTraceServiceRequest: length 16 runs past the end/);

    const unknown = await post('/v1/traces', JSON.stringify({ resourceSpans: [], extra: true }), { 'content-type': 'application/json' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(unknown.bytes))).toMatchObject({ code: 'INVALID_OTLP', message: expect.stringMatching(/unknown field "extra"/) });

    const wrongType = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(wrongType.bytes))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rejects a span from the future, naming the span and the field', async () => {
    const futureNs = String(BigInt(Date.now() + 3 * 24 * 3600 * 1000) * 1_000_000n);
    const span = { ...aServerSpan('00f067aa0ba902c1', '/api/future'), startTimeUnixNano: futureNs, endTimeUnixNano: futureNs };
    const reply = await post('/v1/traces', JSON.stringify(exportOf(span)), { 'content-type': 'application/json' });
    const body = JSON.parse(new TextDecoder().decode(reply.bytes)) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(1);
    expect(body.partialSuccess.errorMessage).toMatch(/^1 span\(s\) rejected: span 0 timestamp: .* is more than 24 hours after the time of receipt/);
  });

  it('refuses an export without a valid ingest token', async () => {
    const response = await fetch(`${baseUrl}/v1/traces`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sessionscope-ingestion"');
  });

  it('takes nginx JSON logs at /v1/traffic?format=nginx-json, with the field names given in nginxFields', async () => {
    const line = JSON.stringify({ ts: '2026-11-24T10:00:00+00:00', client: '198.51.100.77', request: 'GET /nginx/a?x=1 HTTP/1.1', status: '200', upstream_ms: '15' });
    const fields = encodeURIComponent(JSON.stringify({ timestamp: 'ts', clientIp: 'client', duration: 'upstream_ms', durationUnit: 'ms' }));
    const reply = await post(`/v1/traffic?format=nginx-json&host=nginx.example.com&nginxFields=${fields}`, `${line}\n`, { 'content-type': 'application/x-ndjson' });
    expect(JSON.parse(new TextDecoder().decode(reply.bytes))).toMatchObject({ accepted: 1, rejected: 0 });
    const stored = (await storedEvents()).find((event) => event.data.request.path === '/nginx/a');
    expect(stored?.data.request).toMatchObject({ host: 'nginx.example.com', clientIp: '198.51.100.77', durationMs: 15, status: 200, query: 'x=1', source: { format: 'nginx-json', line: 1 } });

    const badFields = await post('/v1/traffic?format=nginx-json&nginxFields=%7B%22when%22%3A%22ts%22%7D', `${line}\n`, { 'content-type': 'application/x-ndjson' });
    expect(badFields.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(badFields.bytes))).toMatchObject({ code: 'INVALID_NGINX_FIELDS', message: expect.stringMatching(/unknown key "when"/) });
  });

  it('takes a HAR file at /v1/traffic?format=har, entry by entry, and refuses one that is not JSON', async () => {
    const entry = (url: string) => ({ startedDateTime: '2026-11-24T10:00:00.000Z', time: 5, request: { method: 'GET', url, headers: [], cookies: [] }, response: { status: 204, headers: [], cookies: [], content: { size: 0 } } });
    const har = JSON.stringify({ log: { version: '1.2', entries: [entry('https://app.example.com/a'), entry('not-a-url'), entry('https://app.example.com/b')] } });
    const reply = await post('/v1/traffic?format=har&sourceId=har-1&application=app', har, { 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(reply.bytes))).toMatchObject({ accepted: 2, rejected: 1, errors: [{ entry: 1, field: 'request.url', message: expect.stringMatching(/not an absolute http\(s\) URL/) }] });

    const notJson = await post('/v1/traffic?format=har', '<html>', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(notJson.bytes))).toMatchObject({ code: 'INVALID_HAR', message: expect.stringMatching(/^the HAR file is not JSON/) });
  });
});
