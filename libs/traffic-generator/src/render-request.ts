import type { RequestRecord } from '@sessionscope/contracts';
import type { Actor, PlannedRequest, TrafficPlan, Visit } from './plan-traffic';
import { createPrng, Prng } from './prng';
import { shopApplication, shopHost } from './shop-session-config';

export type AttackKind = 'sqli' | 'xss';

type Endpoint = {
  method: string;
  path: string;
  query: [string, string][];
  body: Record<string, unknown> | null;
  status: number;
  responseBody: string | null;
  /** Size of a response whose body is not kept. */
  responseBytes: number;
  baseDurationMs: number;
};

type Draw = (prng: Prng) => Endpoint;

const categories = ['shoes', 'bags', 'watches', 'jackets', 'hats', 'shirts', 'sunglasses', 'belts'];
const searchTerms = ['red sneakers', 'leather bag', 'running shoes', 'winter jacket', 'smart watch', 'wool hat', 'gift card', 'sale'];
const sqliPayloads = ["' OR '1'='1' -- ", '1 UNION SELECT username, password_hash FROM users--', "1; DROP TABLE orders--", "' AND SLEEP(5)-- ", "admin'--"];
const xssPayloads = ['<script>alert(document.cookie)</script>', '"><img src=x onerror=alert(1)>', '<svg onload=alert(document.domain)>', '<iframe src="javascript:alert(1)">'];

const productId = (prng: Prng) => prng.int(1, 5000);
/** Ids above this are products that no longer exist: 404. */
const lastProductId = 4900;

export function uuidOf(prng: Prng): string {
  const hex = prng.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[prng.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function endpoint(method: string, path: string, partial: Partial<Endpoint> = {}): Endpoint {
  return { method, path, query: [], body: null, status: 200, responseBody: null, responseBytes: 600, baseDurationMs: 20, ...partial };
}

const browsing: [number, Draw][] = [
  [15, (p) => endpoint('GET', '/api/products', { query: [['category', p.pick(categories)], ['page', String(p.int(1, 12))]], responseBytes: p.int(8000, 42000), baseDurationMs: 45 })],
  [25, (p) => {
    const id = productId(p);
    return id > lastProductId
      ? endpoint('GET', `/api/products/${id}`, { status: 404, responseBody: '{"code":"NOT_FOUND"}', baseDurationMs: 8 })
      : endpoint('GET', `/api/products/${id}`, { responseBody: JSON.stringify({ id, name: `Product ${id}`, priceCents: p.int(499, 49999), stock: p.int(0, 300) }), baseDurationMs: 18 });
  }],
  [5, (p) => endpoint('GET', `/api/products/${productId(p)}/reviews`, { query: [['page', String(p.int(1, 4))]], responseBytes: p.int(2000, 16000), baseDurationMs: 35 })],
  [10, (p) => endpoint('GET', '/api/search', { query: [['q', p.pick(searchTerms)]], responseBytes: p.int(3000, 30000), baseDurationMs: 120 })],
  [3, () => endpoint('GET', '/api/categories', { responseBytes: 1400, baseDurationMs: 6 })],
];

const shopping: [number, Draw][] = [
  [10, (p) => endpoint('GET', '/api/cart', { responseBody: JSON.stringify({ items: [{ productId: productId(p), quantity: p.int(1, 3) }], totalCents: p.int(499, 99999) }), baseDurationMs: 15 })],
  [8, (p) => endpoint('POST', '/api/cart/items', { body: { productId: productId(p), quantity: p.int(1, 3) }, status: 201, responseBody: '{"ok":true}', baseDurationMs: 30 })],
  [2, (p) => endpoint('DELETE', `/api/cart/items/${p.int(1, 99999)}`, { status: 204, responseBytes: 0, baseDurationMs: 25 })],
];

const account: [number, Draw][] = [
  [3, (p) => endpoint('POST', '/api/orders', { body: { paymentMethod: p.pick(['card', 'paypal', 'invoice']), shippingMethod: p.pick(['standard', 'express']) }, status: 201, responseBody: JSON.stringify({ orderId: uuidOf(p), status: 'created' }), baseDurationMs: 240 })],
  [4, (p) => endpoint('GET', '/api/orders', { query: [['page', String(p.int(1, 3))]], responseBytes: p.int(1500, 12000), baseDurationMs: 40 })],
  [5, (p) => endpoint('GET', `/api/orders/${uuidOf(p)}`, { responseBytes: p.int(900, 4000), baseDurationMs: 22 })],
  [5, () => endpoint('GET', '/api/account/profile', { responseBytes: 700, baseDurationMs: 12 })],
  [2, (p) => endpoint('PUT', '/api/account/profile', { body: { newsletter: p.chance(0.5), language: p.pick(['en', 'de', 'fr', 'es']) }, baseDurationMs: 35 })],
];

const staff: Record<string, [number, Draw][]> = {
  admin: [
    [6, (p) => endpoint('GET', '/api/admin/orders', { query: [['status', p.pick(['paid', 'shipped', 'refunded'])]], responseBytes: p.int(5000, 60000), baseDurationMs: 90 })],
    [3, (p) => endpoint('GET', `/api/admin/users/${p.int(1, 60000)}`, { responseBytes: 1100, baseDurationMs: 20 })],
  ],
  support: [[6, (p) => endpoint('GET', `/api/support/tickets/${p.int(1000, 99999)}`, { responseBytes: 2400, baseDurationMs: 25 })]],
};

const integration: [number, Draw][] = [
  [6, (p) => endpoint('GET', '/api/inventory', { query: [['updatedSince', `-${p.int(1, 10)}m`]], responseBytes: p.int(200, 9000), baseDurationMs: 60 })],
  [3, (p) => endpoint('PUT', `/api/inventory/SKU-${p.int(10000, 99999)}`, { body: { stock: p.int(0, 500) }, baseDurationMs: 28 })],
  [2, () => endpoint('GET', '/api/orders', { query: [['status', 'paid']], responseBytes: 5000, baseDurationMs: 70 })],
];

const apiClient: [number, Draw][] = [
  ...browsing,
  [8, (p) => endpoint('GET', `/api/stock/SKU-${p.int(10000, 99999)}`, { responseBytes: 180, baseDurationMs: 9 })],
];

function weighted(prng: Prng, table: [number, Draw][]): Endpoint {
  const total = table.reduce((sum, [weight]) => sum + weight, 0);
  let roll = prng.next() * total;
  for (const [weight, draw] of table) {
    roll -= weight;
    if (roll < 0) return draw(prng);
  }
  return table[table.length - 1][1](prng);
}

function tableOf(actor: Actor): [number, Draw][] {
  switch (actor.kind) {
    case 'user':
      return [...browsing, ...shopping, ...account, ...(staff[actor.role ?? ''] ?? [])];
    case 'integration':
      return integration;
    case 'visitor':
      return [...browsing, ...shopping];
    case 'client':
      return apiClient;
  }
}

function attackOf(prng: Prng): { kind: AttackKind; endpoint: Endpoint } {
  const kind: AttackKind = prng.chance(0.55) ? 'sqli' : 'xss';
  const payload = prng.pick(kind === 'sqli' ? sqliPayloads : xssPayloads);
  const status = prng.pick([400, 400, 403, 200, 200, 500]);
  const target = prng.int(0, 2);
  const attacked =
    target === 0
      ? endpoint('GET', '/api/search', { query: [['q', payload]] })
      : target === 1
        ? endpoint('GET', '/api/products', { query: [['category', payload]] })
        : endpoint('GET', `/api/products/${productId(prng)}`, { query: [['sort', payload]] });
  return { kind, endpoint: { ...attacked, status, responseBytes: status === 200 ? prng.int(200, 9000) : 90, baseDurationMs: 15 } };
}

/** A log-normal factor around 1, so durations have the long right tail real ones have. */
function spread(prng: Prng): number {
  const normal = Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next());
  return Math.exp(0.5 * normal);
}

const headerBytes = (headers: Record<string, string>) => Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);

export type RenderedRequest = { record: RequestRecord & { id: string }; attack: AttackKind | null };

/**
 * The request record of a planned request: the login issues the visit's token in its response body;
 * later requests carry it in the Authorization header (always the first one after the login, so that
 * every session shows its user), a `token` query parameter or a `token` field of a JSON body.
 */
export function renderRequest(plan: TrafficPlan, entry: PlannedRequest, id: string): RenderedRequest {
  const prng = createPrng(entry.seed);
  const visit: Visit = plan.visits[entry.visit];
  const actor = plan.actors[visit.actor];
  const requestHeaders: Record<string, string> = { 'user-agent': actor.userAgent, accept: 'application/json' };
  let attack: AttackKind | null = null;
  let chosen: Endpoint;
  const isLogin = visit.login && entry.step === 0;
  if (isLogin) {
    chosen = endpoint('POST', '/api/login', {
      body: { username: `${actor.user}@example.com`, password: `pw-${prng.hex(12)}` },
      responseBody: JSON.stringify({ token: visit.token, tokenType: 'Bearer', expiresIn: 43200 }),
      baseDurationMs: 140,
    });
  } else if (visit.logout && entry.step === entry.steps - 1) {
    chosen = endpoint('POST', '/api/logout', { status: 204, responseBytes: 0, baseDurationMs: 10 });
  } else if (prng.chance(actor.attacker ? 0.6 : 0.004)) {
    ({ kind: attack, endpoint: chosen } = attackOf(prng));
  } else {
    chosen = weighted(prng, tableOf(actor));
    if (prng.chance(0.003)) chosen = { ...chosen, status: 500, responseBody: '{"code":"INTERNAL"}', baseDurationMs: chosen.baseDurationMs * 8 };
  }
  let body = chosen.body;
  const query = [...chosen.query];
  if (visit.token !== null && !isLogin) {
    const firstWithToken = entry.step === (visit.login ? 1 : 0);
    const roll = prng.next();
    if (!firstWithToken && !visit.headerOnly && body !== null && roll < 0.25) body = { ...body, token: visit.token };
    else if (!firstWithToken && !visit.headerOnly && body === null && roll < 0.2) query.push(['token', visit.token]);
    else requestHeaders['authorization'] = `Bearer ${visit.token}`;
  }
  if (actor.sid !== null) requestHeaders['cookie'] = `sid=${actor.sid}; consent=1`;
  const requestBody = body === null ? undefined : JSON.stringify(body);
  if (requestBody !== undefined) requestHeaders['content-type'] = 'application/json';
  const search = query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const url = `https://${shopHost}${chosen.path}${search === '' ? '' : `?${search}`}`;
  const responseHeaders: Record<string, string> = chosen.status === 204 ? {} : { 'content-type': 'application/json' };
  if (isLogin) responseHeaders['cache-control'] = 'no-store';
  const responseBytes = (chosen.responseBody?.length ?? chosen.responseBytes) + headerBytes(responseHeaders) + 17;
  const record: RequestRecord & { id: string } = {
    id,
    timestamp: new Date(entry.timeMs).toISOString(),
    method: chosen.method,
    url,
    status: chosen.status,
    durationMs: Math.round(chosen.baseDurationMs * spread(prng) * 10) / 10,
    requestBytes: chosen.method.length + url.length + headerBytes(requestHeaders) + (requestBody?.length ?? 0) + 12,
    responseBytes,
    clientIp: actor.clientIp,
    application: shopApplication,
    requestHeaders,
    responseHeaders,
  };
  if (requestBody !== undefined) record.requestBody = requestBody;
  if (chosen.responseBody !== null) record.responseBody = chosen.responseBody;
  return { record, attack };
}
