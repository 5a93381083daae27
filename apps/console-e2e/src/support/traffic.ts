/**
 * The traffic the console tests import: two sessions of one application on 2026-11-24 (UTC).
 * Alice (cookie PHPSESSID=alice) makes 6 requests from 10:00 to 10:50, one of them carrying an XSS
 * payload built to show itself if it were ever rendered (an element with a known id, a dialog);
 * Bob makes 3 requests from 10:05 to 10:07, so a 10:15-10:35 window keeps only Alice, cut to 2 requests.
 */
export const application = 'console-e2e';
export const host = 'shop.example.com';
export const xssMarkerId = 'xss-e2e-marker';
export const xssPayload = `"><img id=${xssMarkerId} src=x onerror=alert(document.domain)>`;

type Step = { minute: number; second?: number; method: string; path: string; status: number; durationMs: number; query?: string; body?: string };

const alice: Step[] = [
  { minute: 0, method: 'GET', path: '/api/items', status: 200, durationMs: 12 },
  { minute: 10, method: 'POST', path: '/api/cart', status: 201, durationMs: 30, body: '{"item":42}' },
  { minute: 20, method: 'GET', path: '/search', query: `q=${encodeURIComponent(xssPayload)}`, status: 200, durationMs: 18 },
  { minute: 30, method: 'GET', path: '/api/items/404', status: 404, durationMs: 8 },
  { minute: 40, method: 'GET', path: '/api/items/42', status: 200, durationMs: 9 },
  { minute: 50, method: 'DELETE', path: '/api/cart/42', status: 500, durationMs: 120 },
];

const bob: Step[] = [
  { minute: 5, method: 'GET', path: '/api/items', status: 200, durationMs: 11 },
  { minute: 6, method: 'GET', path: '/api/items/7', status: 200, durationMs: 10 },
  { minute: 7, method: 'GET', path: '/api/items/8', status: 200, durationMs: 10 },
];

function record(step: Step, cookie: string, clientIp: string, userAgent: string) {
  const time = `2026-11-24T10:${String(step.minute).padStart(2, '0')}:${String(step.second ?? 0).padStart(2, '0')}Z`;
  return {
    timestamp: time,
    method: step.method,
    url: `https://${host}${step.path}${step.query ? `?${step.query}` : ''}`,
    status: step.status,
    durationMs: step.durationMs,
    requestBytes: 200 + (step.body?.length ?? 0),
    responseBytes: 1000 + step.minute,
    clientIp,
    application,
    requestHeaders: { cookie: `PHPSESSID=${cookie}`, 'user-agent': userAgent, accept: 'application/json' },
    responseHeaders: { 'content-type': 'application/json' },
    ...(step.body ? { requestBody: step.body } : {}),
  };
}

/** Carol, in an application of her own, stays 80 minutes: longer than the tests' maximum session length of an hour, so her session has two parts. */
export const partsApplication = 'console-e2e-parts';
const carol: Step[] = [0, 20, 40, 60, 80].map((minutes) => ({ minute: minutes, method: 'GET', path: `/api/reports/${minutes}`, status: 200, durationMs: 15 }));

function carolRecord(step: Step) {
  const time = new Date(Date.parse('2026-11-24T12:00:00Z') + step.minute * 60_000).toISOString();
  return { ...record(step, 'carol', '192.0.2.30', 'Mozilla/5.0 (carol)'), timestamp: time, application: partsApplication };
}

export function consoleTraffic(): object[] {
  return [
    ...alice.map((step) => record(step, 'alice', '192.0.2.10', 'Mozilla/5.0 (alice)')),
    ...bob.map((step) => record(step, 'bob', '192.0.2.20', 'Mozilla/5.0 (bob)')),
    ...carol.map(carolRecord),
  ];
}

export const carolRequestCount = carol.length;

export const aliceRequestCount = alice.length;
export const aliceGetCount = alice.filter((step) => step.method === 'GET').length;
export const bobRequestCount = bob.length;
