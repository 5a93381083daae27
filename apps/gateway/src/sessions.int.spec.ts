import { INestApplication } from '@nestjs/common';
import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { createSearchClient, deleteAllIndices, ensureIndices, projectEvents, refresh, SearchClient } from '@sessionscope/search';
import { loadGatewayConfig } from './gateway.config';
import { createGatewayApp } from './main';
import { aRequest, aSession, eventsOf, SessionFixture } from './testing/traffic.builders';

/**
 * The gateway against the real OpenSearch of the local stack (OPENSEARCH_URL, default 127.0.0.1:9200):
 * a known set of sessions is projected exactly as the pipeline projects them, under an index prefix of
 * its own, then read back through HTTP.
 */
jest.setTimeout(60_000);

const at = (time: string) => `2026-11-24T${time}.000Z`;
const window = { from: '2026-11-24T10:00:00Z', to: '2026-11-24T12:30:00+02:00' }; // [10:00, 10:30) UTC

const alice = aSession(
  's-alice',
  [
    aRequest({ id: 'r-a1', timestamp: at('09:50:00'), method: 'POST', path: '/login' }),
    aRequest({ id: 'r-a2', timestamp: at('10:05:00') }),
    aRequest({ id: 'r-a3', timestamp: at('10:10:00'), clientIp: '203.0.113.9', userAgent: 'curl/8.5' }),
    aRequest({ id: 'r-a4', timestamp: at('10:20:00'), method: 'POST', path: '/api/orders', status: 500, durationMs: 870, responseBytes: 95 }),
    aRequest({ id: 'r-a5', timestamp: at('10:40:00'), status: 404 }),
  ],
  { user: 'alice', roles: ['customer'] },
);
const bobEarlier = aSession('s-bob-0', [aRequest({ id: 'r-b0', timestamp: at('07:00:00'), clientIp: '198.51.100.20' })], { user: 'bob', closeReason: 'max-length' });
const bob = aSession(
  's-bob',
  [aRequest({ id: 'r-b1', timestamp: at('10:10:00'), clientIp: '198.51.100.20' }), aRequest({ id: 'r-b2', timestamp: at('10:15:00'), clientIp: '198.51.100.20', path: '/admin', status: 403 })],
  { user: 'bob', roles: ['admin', 'customer'], previousPartId: 's-bob-0', status: 'open', closeReason: null },
);
const carol = aSession('s-carol', [aRequest({ id: 'r-c1', timestamp: at('08:00:00'), clientIp: '2001:db8::5', path: '/' })]);
const dave = aSession('s-dave', [
  aRequest({ id: 'r-d1', timestamp: at('10:30:00'), clientIp: '2001:db8::7', application: 'admin', host: 'admin.example.com', path: '/api/users', status: 503 }),
  aRequest({ id: 'r-d2', timestamp: at('10:31:00'), clientIp: '2001:db8::7', application: 'admin', host: 'admin.example.com', path: '/api/users' }),
]);
// Another tenant's traffic in the same indices, matching most filters: it must never show.
const eve = aSession('s-eve', [aRequest({ id: 'r-e1', tenant: 'acme', timestamp: at('10:12:00'), status: 500 })]);
const fixtures: SessionFixture[] = [alice, bobEarlier, bob, carol, dave, eve];

type Params = Record<string, string | string[]>;
type Answer = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

let app: INestApplication;
let baseUrl: string;
let client: SearchClient;
let prefix: string;
let namespace: string;

async function get(path: string, params: Params = {}, base = baseUrl): Promise<Answer> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const one of [value].flat()) query.append(name, one);
  const response = await fetch(`${base}${path}${query.size > 0 ? `?${query}` : ''}`);
  return { status: response.status, body: await response.json() };
}

const idsOf = (answer: Answer): string[] => answer.body.items.map((item: { id: string }) => item.id);

async function startGateway(env: Record<string, string | undefined>): Promise<{ app: INestApplication; url: string }> {
  const started = await createGatewayApp(loadGatewayConfig({ ...process.env, LOG_LEVEL: 'error', ...env }));
  await started.listen(0, '127.0.0.1');
  return { app: started, url: (await started.getUrl()).replace('[::1]', '127.0.0.1') };
}

beforeAll(async () => {
  prefix = `gw-int-${Date.now().toString(36)}-${process.pid}`;
  namespace = uniqueNamespace('gwint');
  const config = loadGatewayConfig({ ...process.env, SESSIONSCOPE_INDEX_PREFIX: prefix });
  client = createSearchClient(config.OPENSEARCH_URL);
  const targets = await ensureIndices(client, prefix);
  await projectEvents(client, targets, fixtures.flatMap(eventsOf));
  await refresh(client, targets);
  ({ app, url: baseUrl } = await startGateway({ SESSIONSCOPE_INDEX_PREFIX: prefix, SESSIONSCOPE_NAMESPACE: namespace }));
});

afterAll(async () => {
  await app?.close();
  const config = loadGatewayConfig({ ...process.env, SESSIONSCOPE_NAMESPACE: namespace });
  const connection = await JetStreamConnection.connect({ url: config.NATS_URL, namespace, name: 'gateway-int-cleanup' });
  await connection.deleteNamespace();
  await connection.close();
  if (client) {
    await deleteAllIndices(client, prefix);
    await client.close();
  }
});

describe('GET /api/v1/sessions', () => {
  it('shows only the sessions with a request in the time window, counted within it, newest activity first', async () => {
    const answer = await get('/api/v1/sessions', window);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        {
          id: 's-alice',
          firstSeen: at('10:05:00'),
          lastSeen: at('10:20:00'),
          requestCount: 3,
          attackCount: 0,
          clientIps: ['203.0.113.7', '203.0.113.9'],
          userAgents: ['Mozilla/5.0', 'curl/8.5'],
          user: 'alice',
          roles: ['customer'],
          application: 'shop',
          hosts: ['shop.example.com'],
          endpointCount: 2,
          topEndpoints: [
            { host: 'shop.example.com', method: 'GET', path: '/api/items', requestCount: 2 },
            { host: 'shop.example.com', method: 'POST', path: '/api/orders', requestCount: 1 },
          ],
          previousPartId: null,
          keyPoint: 'cookie:sid',
        },
        expect.objectContaining({ id: 's-bob', firstSeen: at('10:10:00'), lastSeen: at('10:15:00'), requestCount: 2, user: 'bob', previousPartId: 's-bob-0', endpointCount: 2 }),
      ],
      total: 2,
      totalIsEstimate: false,
      nextCursor: null,
    });
  });

  it('leaves out a session whose requests all fall outside the window, including one at the exclusive end', async () => {
    const ids = idsOf(await get('/api/v1/sessions', window));
    expect(ids).not.toContain('s-carol');
    expect(ids).not.toContain('s-dave'); // its first request is at 10:30, the end of the window
    expect(idsOf(await get('/api/v1/sessions', { from: '2026-11-24T10:30:00Z' }))).toEqual(['s-alice', 's-dave']);
  });

  it('visits every session exactly once when paging with nextCursor', async () => {
    const pages: string[][] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    do {
      const answer: Answer = await get('/api/v1/sessions', { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(answer.status).toBe(200);
      pages.push(idsOf(answer));
      totals.push(answer.body.total);
      cursor = answer.body.nextCursor;
    } while (cursor !== null && pages.length < 10);

    expect(pages).toEqual([['s-alice', 's-dave'], ['s-bob', 's-carol'], ['s-bob-0']]);
    expect(totals).toEqual([5, 5, 5]);
  });

  it('filters by status class and code, several values being alternatives', async () => {
    const serverErrors = await get('/api/v1/sessions', { status: '5xx' });
    expect(serverErrors.body.items.map((item: { id: string; requestCount: number; lastSeen: string }) => [item.id, item.requestCount, item.lastSeen])).toEqual([
      ['s-dave', 1, at('10:30:00')],
      ['s-alice', 1, at('10:20:00')],
    ]);
    expect(serverErrors.body.total).toBe(2);
    expect(idsOf(await get('/api/v1/sessions', { status: ['5xx', '403'] }))).toEqual(['s-dave', 's-alice', 's-bob']);
    expect(idsOf(await get('/api/v1/sessions', { status: '404' }))).toEqual(['s-alice']);
  });

  it('filters by client address and CIDR block, IPv4 and IPv6', async () => {
    expect(idsOf(await get('/api/v1/sessions', { clientIp: '2001:db8::/64' }))).toEqual(['s-dave', 's-carol']);
    const block = await get('/api/v1/sessions', { clientIp: '203.0.113.8/31' });
    expect(block.body.items.map((item: { id: string; requestCount: number; clientIps: string[] }) => [item.id, item.requestCount, item.clientIps])).toEqual([['s-alice', 1, ['203.0.113.9']]]);
    expect(idsOf(await get('/api/v1/sessions', { clientIp: '198.51.100.20' }))).toEqual(['s-bob', 's-bob-0']);
    // A block in the IPv4-mapped form (which OpenSearch refuses as written) is its IPv4 block.
    expect(idsOf(await get('/api/v1/sessions', { clientIp: '::ffff:203.0.113.8/127' }))).toEqual(['s-alice']);
  });

  it('shows only the request asked for inside its session (Explore in API Sessions)', async () => {
    const answer = await get('/api/v1/sessions', { sessionId: 's-alice', requestId: 'r-a3' });
    expect(answer.body.items).toEqual([expect.objectContaining({ id: 's-alice', requestCount: 1, firstSeen: at('10:10:00'), lastSeen: at('10:10:00'), userAgents: ['curl/8.5'] })]);
    expect(answer.body.total).toBe(1);
  });

  it('combines different filters with AND', async () => {
    const answer = await get('/api/v1/sessions', { method: 'post', host: 'shop.example.com', application: ['shop', 'admin'] });
    expect(answer.body.items.map((item: { id: string; requestCount: number }) => [item.id, item.requestCount])).toEqual([['s-alice', 2]]);
  });
});

describe('user, role and endpoint filters', () => {
  it('keeps the sessions of a user or a role, on the list and inside a session', async () => {
    expect(idsOf(await get('/api/v1/sessions', { user: 'bob' }))).toEqual(['s-bob', 's-bob-0']);
    expect(idsOf(await get('/api/v1/sessions', { role: 'customer', ...window }))).toEqual(['s-alice', 's-bob']);
    expect(idsOf(await get('/api/v1/sessions', { role: 'admin' }))).toEqual(['s-bob']);
    expect(idsOf(await get('/api/v1/sessions', { user: 'nobody' }))).toEqual([]);
    expect((await get('/api/v1/sessions/s-alice/requests', { user: 'bob' })).body.items).toEqual([]);
    expect(idsOf(await get('/api/v1/sessions/s-alice/requests', { user: 'alice', ...window })).length).toBe(3);
  });

  it('finds the sessions that requested an endpoint, by path, template or method and path', async () => {
    expect(idsOf(await get('/api/v1/sessions', { endpoint: '/admin' }))).toEqual(['s-bob']);
    expect(idsOf(await get('/api/v1/sessions', { endpoint: 'POST /api/{resource}' }))).toEqual(['s-alice']);
    expect(idsOf(await get('/api/v1/sessions', { endpoint: '/api/*' })).sort()).toEqual(['s-alice', 's-bob', 's-bob-0', 's-dave']);
    const inside = await get('/api/v1/sessions/s-alice/requests', { endpoint: 'POST /api/orders' });
    expect(idsOf(inside)).toEqual(['r-a4']);
    expect(idsOf(await get('/api/v1/sessions', { host: 'ADMIN.example.com' }))).toEqual(['s-dave']);
  });

  it('refuses, naming the parameter, an endpoint pattern longer than OpenSearch takes', async () => {
    const answer = await get('/api/v1/sessions', { endpoint: `/${'*'.repeat(500)}` });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'endpoint', message: expect.stringContaining('over the 1000 the search takes') }]);
  });
});

describe('GET /api/v1/sessions/{id}/stats and /api/v1/stats', () => {
  it('counts the requests of a session by method, code, client, endpoint and legitimacy, with shares and totals', async () => {
    const answer = await get('/api/v1/sessions/s-alice/stats');
    expect(answer.status).toBe(200);
    expect(answer.body.requestCount).toBe(5);
    expect(answer.body.byMethod).toEqual([{ value: 'GET', count: 3, share: 0.6 }, { value: 'POST', count: 2, share: 0.4 }]);
    expect(answer.body.byStatus).toEqual(expect.arrayContaining([{ value: '500', count: 1, share: 0.2 }, { value: '404', count: 1, share: 0.2 }]));
    expect(answer.body.byClientIp).toEqual([{ value: '203.0.113.7', count: 4, share: 0.8 }, { value: '203.0.113.9', count: 1, share: 0.2 }]);
    expect(answer.body.byEndpoint[0]).toEqual({ value: 'GET shop.example.com /api/items', count: 3, share: 0.6 });
    expect(answer.body.legitimacy).toEqual([{ value: 'legitimate', count: 5, share: 1 }, { value: 'malicious', count: 0, share: 0 }]);
    expect(answer.body.responseBytes.total).toBeGreaterThan(0);
    // The requests over time: 09:50 to 10:40, every request in one bar or another.
    expect(answer.body.timeline.interval).toEqual(expect.any(String));
    expect(answer.body.timeline.buckets.reduce((sum: number, bar: { requestCount: number }) => sum + bar.requestCount, 0)).toBe(5);
    expect(answer.body.timeline.buckets[0].from <= at('09:50:00')).toBe(true);
  });

  it('counts within the filters, and across sessions for a window', async () => {
    expect((await get('/api/v1/sessions/s-alice/stats', { status: '5xx' })).body.requestCount).toBe(1);
    const window5xx = await get('/api/v1/stats', { status: '5xx' });
    expect(window5xx.body.requestCount).toBe(2); // alice's 500 and dave's 503; eve's 500 is another tenant's
    expect(window5xx.body.byStatus.map((row: { value: string }) => row.value).sort()).toEqual(['500', '503']);
  });

  it('answers 404 for an unknown session', async () => {
    expect((await get('/api/v1/sessions/s-nobody/stats')).body.code).toBe('SESSION_NOT_FOUND');
  });
});

describe('GET /api/v1/sessions/{id}/parts', () => {
  it('lists every part of a session, oldest first, from any of its parts', async () => {
    const fromLatest = await get('/api/v1/sessions/s-bob/parts');
    expect(fromLatest.status).toBe(200);
    expect(fromLatest.body.items.map((part: { id: string; partNumber: number }) => [part.id, part.partNumber])).toEqual([['s-bob-0', 1], ['s-bob', 2]]);
    expect((await get('/api/v1/sessions/s-bob-0/parts')).body.items.map((part: { id: string }) => part.id)).toEqual(['s-bob-0', 's-bob']);
    expect((await get('/api/v1/sessions/s-carol/parts')).body.total).toBe(1);
  });
});

describe('/api/v1/applications/{application}/session-config', () => {
  const config = {
    keyChain: [
      { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sid' },
      { source: 'response', in: 'body', path: 'token' },
    ],
    user: { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sub' },
    roles: null,
    idleTimeoutMs: 900000,
    maxSessionMs: 3600000,
  };
  const put = (application: string, body: unknown) =>
    fetch(`${baseUrl}/api/v1/applications/${application}/session-config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (response): Promise<Answer> => ({ status: response.status, body: await response.json() }));

  it('stores a configuration durably and gives it back with its revision', async () => {
    expect((await get('/api/v1/applications/shop/session-config')).body.code).toBe('SESSION_CONFIG_NOT_FOUND');
    const stored = await put('shop', config);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ application: 'shop', ...config, revision: expect.any(Number), updatedAt: expect.any(String) });
    expect((await get('/api/v1/applications/shop/session-config')).body).toEqual(stored.body);
  });

  it('refuses an unknown point type, an empty chain and a zero gap, naming each field', async () => {
    const refused = await put('shop', { ...config, keyChain: [{ source: 'request', in: 'url', name: 'x' }], idleTimeoutMs: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('INVALID_SESSION_CONFIG');
    expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual(expect.arrayContaining(['keyChain.0.in', 'idleTimeoutMs']));
    const empty = await put('shop', { ...config, keyChain: [] });
    expect(empty.body.details).toEqual([{ field: 'keyChain', message: 'the key chain needs at least one point (the built-in fallbacks always follow it)' }]);
  });
});

describe('GET /api/v1/sessions/{id}', () => {
  it('gives the in-filter values next to the whole session', async () => {
    const answer = await get('/api/v1/sessions/s-alice', window);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 's-alice', firstSeen: at('10:05:00'), lastSeen: at('10:20:00'), requestCount: 3, user: 'alice', status: 'closed', closeReason: 'idle' });
    expect(answer.body.wholeSession).toEqual({
      firstSeen: at('09:50:00'),
      lastSeen: at('10:40:00'),
      requestCount: 5,
      clientIps: ['203.0.113.7', '203.0.113.9'],
      userAgents: ['Mozilla/5.0', 'curl/8.5'],
      hosts: ['shop.example.com'],
    });
  });

  it('answers zero in-filter requests, not a 404, when the filters match none of its requests', async () => {
    const answer = await get('/api/v1/sessions/s-bob', { status: '301' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 's-bob', requestCount: 0, firstSeen: null, lastSeen: null, topEndpoints: [], previousPartId: 's-bob-0' });
  });

  it('answers 404 SESSION_NOT_FOUND for an unknown session and for another tenant`s', async () => {
    const answer = await get('/api/v1/sessions/s-nope');
    expect(answer).toEqual({ status: 404, body: { code: 'SESSION_NOT_FOUND', message: 'no session "s-nope"', details: [{ field: 'id', message: '"s-nope" does not exist' }] } });
    expect((await get('/api/v1/sessions/s-eve')).status).toBe(404);
  });
});

describe('GET /api/v1/sessions/{id}/requests', () => {
  it('lists the requests in time order, page by page', async () => {
    const first = await get('/api/v1/sessions/s-alice/requests', { limit: '2' });
    const second = await get('/api/v1/sessions/s-alice/requests', { limit: '2', cursor: first.body.nextCursor });
    const third = await get('/api/v1/sessions/s-alice/requests', { limit: '2', cursor: second.body.nextCursor });

    expect([idsOf(first), idsOf(second), idsOf(third)]).toEqual([['r-a1', 'r-a2'], ['r-a3', 'r-a4'], ['r-a5']]);
    expect([first.body.total, second.body.total, third.body.total]).toEqual([5, 5, 5]);
    expect(third.body.nextCursor).toBeNull();
    expect(second.body.items[1]).toEqual({
      id: 'r-a4',
      sessionId: 's-alice',
      application: 'shop',
      timestamp: at('10:20:00'),
      method: 'POST',
      scheme: 'https',
      host: 'shop.example.com',
      path: '/api/orders',
      query: '',
      status: 500,
      durationMs: 870,
      requestBytes: 300,
      responseBytes: 95,
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      attackTypes: [],
    });
  });

  it('shows only the requests that match the filters', async () => {
    const inWindow = await get('/api/v1/sessions/s-alice/requests', window);
    expect(idsOf(inWindow)).toEqual(['r-a2', 'r-a3', 'r-a4']);
    expect(inWindow.body.total).toBe(3);
    expect(idsOf(await get('/api/v1/sessions/s-alice/requests', { requestId: 'r-a3' }))).toEqual(['r-a3']);
  });

  it('answers 404 for an unknown session', async () => {
    expect((await get('/api/v1/sessions/s-nope/requests')).body.code).toBe('SESSION_NOT_FOUND');
  });
});

describe('GET /api/v1/requests/{id}', () => {
  it('gives one request with everything stored', async () => {
    const answer = await get('/api/v1/requests/r-a1');
    expect(answer).toEqual({
      status: 200,
      body: {
        id: 'r-a1',
        sessionId: 's-alice',
        application: 'shop',
        timestamp: at('09:50:00'),
        method: 'POST',
        scheme: 'https',
        host: 'shop.example.com',
        path: '/login',
        query: '',
        status: 200,
        durationMs: 12.5,
        requestBytes: 300,
        responseBytes: 1200,
        clientIp: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
        requestHeaders: { 'user-agent': 'Mozilla/5.0', cookie: 'sid=[masked]' },
        responseHeaders: { 'content-type': 'application/json' },
        requestBody: null,
        responseBody: null,
        source: { format: 'ndjson', line: 1 },
        attackTypes: [],
        hits: [],
      },
    });
  });

  it('answers 404 REQUEST_NOT_FOUND for an unknown request and for another tenant`s', async () => {
    expect(await get('/api/v1/requests/r-nope')).toEqual({ status: 404, body: { code: 'REQUEST_NOT_FOUND', message: 'no request "r-nope"', details: [{ field: 'id', message: '"r-nope" does not exist' }] } });
    expect((await get('/api/v1/requests/r-e1')).status).toBe(404);
  });
});

describe('errors', () => {
  it.each<[string, Params, string, Array<{ field: string; message: string }>]>([
    ['a bad status', { status: '6xx' }, 'INVALID_PARAMETER', [{ field: 'status', message: '"6xx" is not a status code (100-599) or class (1xx-5xx)' }]],
    ['an inverted window', { from: '2026-11-24T11:00:00Z', to: '2026-11-24T10:00:00Z' }, 'INVALID_PARAMETER', [{ field: 'from', message: '"2026-11-24T11:00:00Z" is not before to "2026-11-24T10:00:00Z"' }]],
    ['a bad address', { clientIp: '10.0.0.0/40' }, 'INVALID_PARAMETER', [{ field: 'clientIp', message: '"10.0.0.0/40" is not an IPv4 or IPv6 address or CIDR block' }]],
    ['a limit above 1000', { limit: '5000' }, 'INVALID_PARAMETER', [{ field: 'limit', message: '"5000" is not a whole number from 1 to 1000' }]],
    ['an endpoint that is no path', { endpoint: 'users' }, 'INVALID_PARAMETER', [{ field: 'endpoint', message: '"users" is not an endpoint: a path starting with / after an optional method, such as GET /users/{id}' }]],
    ['an unknown parameter', { sort: 'asc' }, 'UNKNOWN_PARAMETER', [{ field: 'sort', message: 'unknown parameter (given "asc")' }]],
    ['a bracketed parameter', { 'host[x]': 'a' }, 'UNKNOWN_PARAMETER', [{ field: 'host[x]', message: 'unknown parameter (given "a")' }]],
  ])('answers 400 with the error body for %s', async (_case, params, code, details) => {
    const answer = await get('/api/v1/sessions', params);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code, message: expect.any(String), details });
  });

  it('answers 400 INVALID_CURSOR for a tampered cursor and for a cursor of other filters', async () => {
    const cursor: string = (await get('/api/v1/sessions', { limit: '1' })).body.nextCursor;
    const json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    json.at.offset = 3;
    const tampered = Buffer.from(JSON.stringify(json)).toString('base64url');

    const edited = await get('/api/v1/sessions', { limit: '1', cursor: tampered });
    const otherFilters = await get('/api/v1/sessions', { limit: '1', cursor, status: '5xx' });

    expect(edited.status).toBe(400);
    expect(edited.body).toMatchObject({ code: 'INVALID_CURSOR', details: [{ field: 'cursor', message: expect.stringContaining('is not a cursor this API issued') }] });
    expect(otherFilters.status).toBe(400);
    expect(otherFilters.body).toMatchObject({ code: 'INVALID_CURSOR', details: [{ field: 'cursor', message: expect.stringContaining('other filters') }] });
  });

  it('answers 400 for a parameter on a request, which takes none', async () => {
    expect((await get('/api/v1/requests/r-a1', { status: '200' })).body.code).toBe('UNKNOWN_PARAMETER');
  });

  it('answers 404 ROUTE_NOT_FOUND with the error body for an unknown route', async () => {
    expect(await get('/api/v1/nothing')).toEqual({ status: 404, body: { code: 'ROUTE_NOT_FOUND', message: 'no route /api/v1/nothing', details: [] } });
  });
});

describe('health', () => {
  it.each(['/health', '/api/v1/health'])('answers 200 on %s while OpenSearch is up', async (path) => {
    const answer = await get(path);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', opensearch: { status: expect.stringMatching(/^(green|yellow)$/) } });
  });

  it('answers 503 SEARCH_UNAVAILABLE on health and on the API when OpenSearch is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so every call is refused at once.
    const down = await startGateway({ SESSIONSCOPE_INDEX_PREFIX: prefix, SESSIONSCOPE_NAMESPACE: namespace, OPENSEARCH_URL: 'http://127.0.0.1:1' });
    try {
      const health = await get('/health', {}, down.url);
      const sessions = await get('/api/v1/sessions', {}, down.url);
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ code: 'SEARCH_UNAVAILABLE', message: 'OpenSearch does not answer', details: [{ field: 'opensearch', message: 'no answer within 2 s' }] });
      expect(sessions).toEqual({ status: 503, body: { code: 'SEARCH_UNAVAILABLE', message: 'OpenSearch is unavailable; try again later', details: [] } });
    } finally {
      await down.app.close();
    }
  });

  it('serves sessions while NATS is unreachable, and answers 503 CONFIG_STORE_UNAVAILABLE on session configurations', async () => {
    const natsDown = await startGateway({ SESSIONSCOPE_INDEX_PREFIX: prefix, SESSIONSCOPE_NAMESPACE: namespace, NATS_URL: 'nats://127.0.0.1:1' });
    try {
      expect((await get('/api/v1/sessions', { user: 'bob' }, natsDown.url)).status).toBe(200);
      const config = await get('/api/v1/applications/shop/session-config', {}, natsDown.url);
      expect(config).toEqual({ status: 503, body: { code: 'CONFIG_STORE_UNAVAILABLE', message: expect.stringContaining('unavailable'), details: [] } });
    } finally {
      await natsDown.app.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents every route, every filter and the shapes that the API really answers', async () => {
    const { status, body: document } = await get('/api/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/applications/{application}/session-config',
      '/api/v1/health',
      '/api/v1/requests/{id}',
      '/api/v1/sessions',
      '/api/v1/sessions/{id}',
      '/api/v1/sessions/{id}/parts',
      '/api/v1/sessions/{id}/requests',
      '/api/v1/sessions/{id}/stats',
      '/api/v1/stats',
      '/health',
    ]);
    const listParameters = document.paths['/api/v1/sessions'].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(listParameters.sort()).toEqual(['application', 'attackType', 'clientIp', 'cursor', 'endpoint', 'from', 'host', 'limit', 'malicious', 'method', 'requestId', 'role', 'sessionId', 'status', 'to', 'user']);
    expect(document.paths['/api/v1/sessions'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SessionPage' });
    expect(document.paths['/api/v1/sessions'].get.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });

    const item = (await get('/api/v1/sessions', { limit: '1' })).body.items[0];
    expect(Object.keys(document.components.schemas.SessionListItem.properties).sort()).toEqual(Object.keys(item).sort());
    const details = (await get('/api/v1/sessions/s-alice')).body;
    expect(Object.keys(document.components.schemas.SessionDetails.properties).sort()).toEqual(Object.keys(details).sort());
    expect(document.components.schemas.ErrorBody.required).toEqual(['code', 'message', 'details']);
  });

  it('serves the interactive documentation at /api/docs', async () => {
    const response = await fetch(`${baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });
});
