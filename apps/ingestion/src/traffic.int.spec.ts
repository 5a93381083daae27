import { request as httpRequest } from 'node:http';
import { DiscardPolicy, JetStreamManager } from '@nats-io/jetstream';
import { RequestObserved, streamName, subjectFor, subjects } from '@sessionscope/contracts';
import { partitionOf } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { developmentIngestToken, hashIngestToken } from '@sessionscope/shared/config';
import { IngestionConfig } from './ingestion.config';
import { IngestionUnderTest } from './testing/ingestion-under-test';

/**
 * Ingestion against the real NATS and Redis of the local stack (127.0.0.1:4222 and :6379, or NATS_URL
 * and REDIS_URL): traffic goes in over HTTP, and the events are read back from the JetStream stream.
 * Each run has its own namespace (streams and Redis keys), removed at the end.
 */
const namespace = uniqueNamespace('ingest');
const acmeToken = 'acme-integration-token';
const defaultAuth = { authorization: `Bearer ${developmentIngestToken}` };
const acmeAuth = { authorization: `Bearer ${acmeToken}` };
const trafficStream = streamName(namespace, 'traffic');
const maxBodyBytes = 64 * 1024;

type Reply = { status: number; headers: Headers; body: Record<string, unknown> };

const ndjsonBody = [
  JSON.stringify({
    id: 'shop-1',
    timestamp: '2026-11-24T10:00:00.123+01:00',
    method: 'GET',
    url: 'https://shop.example.com/api/v1/users/42?expand=orders',
    status: 200,
    durationMs: 12.5,
    responseBytes: 1024,
    clientIp: '203.0.113.7',
    requestHeaders: { Cookie: 'sid=alice-session', 'User-Agent': 'Mozilla/5.0' },
  }),
  JSON.stringify({ timestamp: '2026-11-24T09:00:01Z', method: 'POST', url: '/api/v1/cart', host: 'shop.example.com', status: 201, clientIp: '203.0.113.7', requestHeaders: { cookie: 'sid=alice-session' } }),
  '',
  JSON.stringify({ timestamp: '2026-11-24T09:00:02Z', method: 'GET', url: '/api/v1/cart', clientIp: '203.0.113.7', status: 'ok' }),
  '{"timestamp": "2026-11-24T09:00:03Z", "method": "GET"',
  JSON.stringify({ timestamp: '2026-11-24T09:00:04Z', method: 'GET', url: '/api/v1/cart', clientIp: '198.51.100.20', requestHeaders: { 'user-agent': 'curl/8.5.0' } }),
].join('\n');

const combinedBody = [
  '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"',
  '218.30.103.62 - - [17/May/2015:11:05:11 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"',
  '46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html',
  '203.0.113.9 - - [20/May/2015:12:05:18 +0000] "-" 408 0 "-" "-"',
].join('\n');

describe('POST /v1/traffic against the real NATS', () => {
  let ingestion: IngestionUnderTest;
  let config: IngestionConfig;
  let baseUrl: string;
  let manager: JetStreamManager;

  /** POSTs as tenant `default` unless the headers say otherwise. */
  async function post(path: string, body: string, headers: Record<string, string>): Promise<Reply> {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body, headers: { ...defaultAuth, ...headers } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  }

  /** Every stored event, with the message that carries it (a message packs several events). */
  async function storedMessages(): Promise<Array<{ subject: string; msgId: string | undefined; eventsInMessage: number; event: RequestObserved }>> {
    return (await ingestion.storedMessages()).flatMap(({ subject, msgId, events }) => events.map((event) => ({ subject, msgId, eventsInMessage: events.length, event })));
  }

  async function storedCount(): Promise<number> {
    return (await storedMessages()).length;
  }

  beforeAll(async () => {
    ingestion = await IngestionUnderTest.start(namespace, {
      SESSIONSCOPE_PARTITIONS: '4',
      MAX_BODY_BYTES: String(maxBodyBytes),
      PUBLISH_BATCH_SIZE: '2',
      SESSION_KEY_CHAIN: JSON.stringify([{ source: 'request', in: 'cookie', name: 'sid' }]),
      SESSION_KEY_SECRET: 'integration-test-secret',
      INGEST_TOKENS: JSON.stringify({ default: [hashIngestToken(developmentIngestToken)], acme: [hashIngestToken('retired-token'), hashIngestToken(acmeToken)] }),
      APPLICATION_SETTINGS: JSON.stringify({ vault: { masking: { mask: ['customer_ref'], keep: ['theme'] }, maxStoredBodyBytes: 40 } }),
    });
    ({ config, baseUrl, manager } = ingestion);
  });

  afterAll(async () => {
    await ingestion?.stop();
  });

  it('answers health with NATS up', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { nats: 'up', redis: 'up' } });
  });

  it('stores the good NDJSON lines as RequestObserved events and reports the bad ones by line', async () => {
    const reply = await post('/v1/traffic?application=shop&sourceId=upload-1', ndjsonBody, { 'content-type': 'application/x-ndjson' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: 2,
      skipped: 0,
      errors: [
        { line: 4, field: 'status', message: 'Invalid input: expected number, received string' },
        { line: 5, field: null, message: expect.stringMatching(/^not valid JSON/) },
      ],
      errorsTruncated: false,
    });

    const stored = await storedMessages();
    expect(stored).toHaveLength(3);
    for (const { subject, msgId, eventsInMessage, event } of stored) {
      expect(msgId).toEqual(eventsInMessage === 1 ? event.id : expect.stringMatching(/^pack:/));
      expect(subject).toBe(subjectFor(namespace, subjects.requestObserved, partitionOf(event.data.sessionKey.hash, 4)));
      expect(event).toMatchObject({ type: 'RequestObserved', version: 1, tenant: 'default' });
    }
    const [first, second, third] = stored.map(({ event }) => event);
    expect(first.id).toBe('req:default:shop-1');
    expect(first.data.request).toEqual({
      id: 'shop-1',
      tenant: 'default',
      application: 'shop',
      timestamp: '2026-11-24T09:00:00.123Z',
      method: 'GET',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/v1/users/42',
      query: 'expand=orders',
      status: 200,
      durationMs: 12.5,
      requestBytes: null,
      responseBytes: 1024,
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      requestHeaders: { cookie: 'sid=[masked]', 'user-agent': 'Mozilla/5.0' }, // the session cookie's value is kept only as the key's hash
      responseHeaders: {},
      requestBody: null,
      responseBody: null,
      source: { format: 'ndjson', line: 1 },
    });
    expect(second.data.request).toMatchObject({ method: 'POST', host: 'shop.example.com', path: '/api/v1/cart', status: 201, source: { line: 2 } });
    // One cookie, one session key: both requests go to one partition, in order.
    expect(first.data.sessionKey.point).toBe('cookie:sid');
    expect(second.data.sessionKey).toEqual(first.data.sessionKey);
    expect(first.data.sessionKey.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(third.data.sessionKey.point).toBe('ip+user-agent');
    expect(third.data.request.source.line).toBe(6);
  });

  it('stores a retried body once: records without ids get the same ids again, and are reported as duplicates', async () => {
    const before = await storedCount();
    const reply = await post('/v1/traffic?application=shop&sourceId=upload-1', ndjsonBody, { 'content-type': 'application/x-ndjson' });
    expect(reply.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2 });
    expect(await storedCount()).toBe(before);
  });

  it('stores a record sent again in another body once, beyond what JetStream\'s duplicate window of packs can see', async () => {
    const before = await storedCount();
    const line = (id: string, path: string) => JSON.stringify({ id, timestamp: '2026-11-24T09:30:00Z', method: 'GET', url: `https://shop.example.com${path}`, clientIp: '203.0.113.8' });
    const first = await post('/v1/traffic', [line('dup-1', '/a'), line('dup-2', '/b')].join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const second = await post('/v1/traffic', [line('dup-3', '/c'), line('dup-2', '/b'), line('dup-3', '/c')].join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(second.body).toMatchObject({ accepted: 1, duplicates: 2 });
    const added = (await storedMessages()).slice(before).map(({ event }) => event.data.request.id);
    expect(added.sort()).toEqual(['dup-1', 'dup-2', 'dup-3']);
  });

  it('refuses a request without a valid ingest token with 401 {code, message}, storing nothing', async () => {
    const before = await storedCount();
    for (const [authorization, code] of [
      [undefined, 'INGEST_TOKEN_MISSING'],
      ['Bearer not-a-token', 'INGEST_TOKEN_INVALID'],
      ['Basic YTpi', 'INGEST_TOKEN_MALFORMED'],
    ] as const) {
      const response = await fetch(`${baseUrl}/v1/traffic?format=ndjson`, { method: 'POST', body: ndjsonBody, headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toEqual({ code, message: expect.any(String), details: [] });
    }
    expect((await fetch(`${baseUrl}/v1/stats`)).status).toBe(401);
    expect(await storedCount()).toBe(before);
  });

  it('puts the tenant of the token into the records and events, and masks by the application\'s settings', async () => {
    const before = await storedCount();
    const record = {
      id: 'vault-1',
      timestamp: '2026-11-24T09:40:00Z',
      method: 'POST',
      url: 'https://vault.example.com/login?customer_ref=c-77&page=2&api_key=k-1',
      clientIp: '203.0.113.9',
      application: 'vault',
      requestHeaders: { cookie: 'sid=s3cr3t-sid; theme=dark', 'content-type': 'application/json', authorization: 'Bearer s3cr3t-jwt' },
      requestBody: JSON.stringify({ user: 'alice', password: 's3cr3t-pw', card: '4111 1111 1111 1111' }),
    };
    const reply = await post('/v1/traffic', JSON.stringify(record), { 'content-type': 'application/x-ndjson', ...acmeAuth });
    expect(reply.body).toMatchObject({ accepted: 1 });
    const [stored] = (await storedMessages()).slice(before).map(({ event }) => event);
    expect(stored).toMatchObject({ id: 'req:acme:vault-1', tenant: 'acme' });
    expect(stored.data.request).toMatchObject({
      tenant: 'acme',
      query: 'customer_ref=[masked]&page=2&api_key=[masked]',
      requestHeaders: { cookie: 'sid=[masked]; theme=dark', authorization: 'Bearer [masked]' },
      requestBody: '{"user":"alice","password":"[masked]","c',
      requestBodyBytes: Buffer.byteLength(record.requestBody),
      requestBodyTruncated: true,
    });
    expect(JSON.stringify(stored)).not.toMatch(/s3cr3t|4111 1111|c-77|k-1/);
  });

  it('counts records, rejections, duplicates, missing responses and clock skew per tenant at GET /v1/stats', async () => {
    const stats = async (auth: Record<string, string>) => (await fetch(`${baseUrl}/v1/stats`, { headers: auth })).json() as Promise<Record<string, unknown>>;
    const acme = await stats(acmeAuth);
    expect(acme).toMatchObject({ tenant: 'acme', records: { total: 1, bySource: { traffic: { ndjson: 1 } } }, rejections: { total: 0 }, withoutResponse: 1 });
    const before = await stats(defaultAuth);
    expect(before).toMatchObject({
      tenant: 'default',
      since: expect.any(String),
      records: { bySource: { traffic: { ndjson: 6 } } },
      rejections: { byReason: { status: 2, 'not-json': 2 } },
      duplicates: 5,
    });
    const now = Date.now();
    const ahead = JSON.stringify({ timestamp: new Date(now + 60_000).toISOString(), method: 'GET', url: '/soon', clientIp: '203.0.113.7' });
    await post('/v1/traffic?format=ndjson', ahead, {});
    const after = (await stats(defaultAuth)) as { records: { total: number }; clockSkew: { samples: number; maxAheadMs: number; maxBehindMs: number } };
    expect(after.records.total).toBe((before as { records: { total: number } }).records.total + 1);
    expect(after.clockSkew.samples).toBe(after.records.total);
    expect(after.clockSkew.maxAheadMs).toBeGreaterThan(50_000);
    expect(after.clockSkew.maxAheadMs).toBeLessThanOrEqual(60_000);
    expect(after.clockSkew.maxBehindMs).toBeGreaterThan(0);
  });

  it('answers 503 JETSTREAM_FULL with Retry-After when the stream is at its max_bytes, and stores the records once it has room again', async () => {
    const info = await manager.streams.info(trafficStream);
    await manager.streams.update(trafficStream, { max_bytes: info.state.bytes + 200, discard: DiscardPolicy.New });
    const body = [1, 2, 3].map((n) => JSON.stringify({ id: `full-${n}`, timestamp: '2026-11-24T09:50:00Z', method: 'GET', url: `https://shop.example.com/full/${n}`, clientIp: '203.0.113.10' })).join('\n');
    try {
      const refused = await post('/v1/traffic', body, { 'content-type': 'application/x-ndjson' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe(String(config.RETRY_AFTER_SECONDS));
      expect(refused.body).toEqual({ code: 'JETSTREAM_FULL', message: expect.stringMatching(/storage limits/), details: [] });
    } finally {
      await manager.streams.update(trafficStream, { max_bytes: -1, discard: DiscardPolicy.Old });
    }
    const before = await storedCount();
    const retried = await post('/v1/traffic', body, { 'content-type': 'application/x-ndjson' });
    expect(retried.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await storedCount()).toBe(before + 3);
  });

  it('stores combined log lines with the host and application of the query, and rejects the truncated and empty requests', async () => {
    const before = await storedCount();
    const reply = await post('/v1/traffic?host=www.semicomplete.com&application=blog&lineOffset=100', combinedBody, { 'content-type': 'text/plain' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 2,
      skipped: 0,
      errors: [
        { line: 103, field: 'userAgent', message: 'the user agent has no closing quote (is the line truncated?)' },
        { line: 104, field: 'request', message: expect.stringMatching(/^no request line \("-"\)/) },
      ],
      errorsTruncated: false,
    });
    const added = (await storedMessages()).slice(before).map(({ event }) => event.data.request);
    expect(added.map(({ host, application, path, status, responseBytes, clientIp, timestamp, source }) => ({ host, application, path, status, responseBytes, clientIp, timestamp, source }))).toEqual([
      {
        host: 'www.semicomplete.com',
        application: 'blog',
        path: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
        status: 200,
        responseBytes: 203023,
        clientIp: '83.149.9.216',
        timestamp: '2015-05-17T10:05:03.000Z',
        source: { format: 'combined', line: 101 },
      },
      {
        host: 'www.semicomplete.com',
        application: 'blog',
        path: '/robots.txt',
        status: 200,
        responseBytes: 0,
        clientIp: '218.30.103.62',
        timestamp: '2015-05-17T11:05:11.000Z',
        source: { format: 'combined', line: 102 },
      },
    ]);
  });

  it('caps the reported errors at 1000 and says so, with the exact count', async () => {
    const body = Array.from({ length: 1005 }, () => 'not json').join('\n');
    const reply = await post('/v1/traffic?format=ndjson', body, {});
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accepted: 0, rejected: 1005, errorsTruncated: true });
    expect((reply.body.errors as unknown[]).length).toBe(1000);
  });

  it('refuses an unknown format with 400 and a stable code, before reading the body', async () => {
    const reply = await post('/v1/traffic?format=yaml', '{}', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 'UNKNOWN_FORMAT',
      message: expect.stringMatching(/unknown format "yaml"/),
      details: [{ field: 'format', message: expect.stringMatching(/ndjson\|combined\|common/) }],
    });
    const noFormat = await post('/v1/traffic', 'x', { 'content-type': 'application/octet-stream' });
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.code).toBe('UNKNOWN_FORMAT');
  });

  it('refuses invalid query parameters with 400', async () => {
    const reply = await post('/v1/traffic?format=ndjson&lineOffset=-3', '', {});
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'INVALID_QUERY', details: [{ field: 'lineOffset' }] });
  });

  it('refuses a body whose Content-Length is over the limit with 413, storing nothing', async () => {
    const before = await storedCount();
    const line = JSON.stringify({ timestamp: '2026-11-24T09:00:00Z', method: 'GET', url: '/big', clientIp: '203.0.113.7' });
    const body = Array.from({ length: Math.ceil((maxBodyBytes + 1) / line.length) }, () => line).join('\n');
    const reply = await post('/v1/traffic?format=ndjson', body, {});
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ code: 'BODY_TOO_LARGE', message: expect.stringMatching(new RegExp(`limit is ${maxBodyBytes} bytes`)) });
    expect(await storedCount()).toBe(before);
  });

  it('refuses a streamed body that goes over the limit with 413, storing nothing', async () => {
    const before = await storedCount();
    const line = `${JSON.stringify({ timestamp: '2026-11-24T09:00:00Z', method: 'GET', url: '/streamed', clientIp: '203.0.113.7' })}\n`;
    const reply = await postChunked(`${baseUrl}/v1/traffic?format=ndjson`, line.repeat(100), Math.ceil(maxBodyBytes / (line.length * 100)) + 5);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'BODY_TOO_LARGE', message: expect.stringMatching(/more than 65536 bytes sent/) });
    expect(await storedCount()).toBe(before);
  });

  it('answers 503 with Retry-After and claims nothing accepted when JetStream cannot store the events', async () => {
    await manager.streams.delete(trafficStream);
    const reply = await post('/v1/traffic?sourceId=after-outage', ndjsonBody, { 'content-type': 'application/x-ndjson' });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe(String(config.RETRY_AFTER_SECONDS));
    expect(reply.body).toEqual({ code: 'JETSTREAM_UNAVAILABLE', message: expect.any(String), details: [] });
    expect(reply.body).not.toHaveProperty('accepted');
  });
});

/** Sends `chunk` `times` times with chunked transfer encoding (no Content-Length); resolves with the reply. */
function postChunked(url: string, chunk: string, times: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let replied = false;
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...defaultAuth } }, (response) => {
      replied = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => (body += text));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', (error) => {
      if (!replied) reject(error);
    });
    let sent = 0;
    const sendNext = () => {
      if (replied || sent === times) request.end();
      else {
        sent++;
        request.write(chunk, () => setImmediate(sendNext));
      }
    };
    sendNext();
  });
}
