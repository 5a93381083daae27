#!/usr/bin/env node
// Writes deterministic demo traffic for a small shop API as NDJSON request records (the format of
// libs/contracts/src/request-record.ts), sorted by time. The same seed always gives the same bytes.
//
// What is in it, so the demo has something to show:
//   - signed-in users: a login that sets a PHPSESSID cookie, then requests carrying that cookie and a
//     bearer JWT whose `sub` names the user and `role` their role;
//   - anonymous clients with no cookie: grouped by client IP + User-Agent;
//   - a few long sessions with idle gaps over 30 minutes, which the sessionizer splits into linked parts;
//   - a handful of crawler requests and attack payloads (SQLi, path traversal, XSS) in query strings.
//
// Usage: node tools/demo/generate-demo-traffic.mjs [--seed 42] [--sessions 300] [--start 2026-01-15T09:00:00Z] [--out FILE]
//   Without --out the records go to stdout; a summary always goes to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const defaults = { seed: 42, sessions: 300, start: '2026-01-15T09:00:00Z' };

const host = 'shop.example.com';
const application = 'demo-shop';
const idleGapMinMs = 35 * 60_000;

const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'ShopApp/4.2.1 (Android 14; Pixel 8)',
  'okhttp/4.12.0',
];
const crawlerAgent = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const attackQueries = [
  "q=1' OR '1'='1' --",
  'file=../../../../etc/passwd',
  'q=<script>alert(document.cookie)</script>',
  'id=1 UNION SELECT username, password FROM users',
];
const categories = ['shoes', 'bags', 'watches', 'jackets', 'hats'];

/** mulberry32: a tiny seeded PRNG, so the output depends on the seed only. */
function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
    hex: (length) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token: the demo's signature is random bytes; the claims are what the key chain reads. */
function jwt(random, claims) {
  return `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.${Buffer.from(random.hex(64), 'hex').toString('base64url')}`;
}

function clientIp(random, index) {
  return `${random.pick([198, 203])}.${random.pick([51, 0])}.${random.int(0, 113)}.${(index % 250) + 1}`;
}

/** One browsing step of a shop client: method, path, query, status, sizes. */
function browseStep(random, { signedIn }) {
  const roll = random.next();
  if (roll < 0.3) return { method: 'GET', path: '/api/v1/products', query: `category=${random.pick(categories)}&page=${random.int(1, 5)}`, status: 200, responseBytes: random.int(4000, 30_000) };
  if (roll < 0.6) return { method: 'GET', path: `/api/v1/products/${random.int(1000, 1400)}`, query: '', status: random.chance(0.05) ? 404 : 200, responseBytes: random.int(800, 4000) };
  if (roll < 0.7) return { method: 'GET', path: '/api/v1/search', query: `q=${random.pick(categories)}`, status: 200, responseBytes: random.int(2000, 20_000) };
  if (!signedIn) return { method: 'GET', path: '/api/v1/products', query: '', status: 200, responseBytes: random.int(4000, 30_000) };
  if (roll < 0.8) return { method: 'POST', path: '/api/v1/cart/items', query: '', status: 201, responseBytes: random.int(200, 600), requestBody: JSON.stringify({ productId: random.int(1000, 1400), quantity: random.int(1, 3) }) };
  if (roll < 0.88) return { method: 'GET', path: '/api/v1/cart', query: '', status: 200, responseBytes: random.int(300, 3000) };
  if (roll < 0.94) return { method: 'GET', path: `/api/v1/orders/${random.int(50_000, 59_999)}`, query: '', status: random.chance(0.1) ? 403 : 200, responseBytes: random.int(500, 5000) };
  return { method: 'POST', path: '/api/v1/orders', query: '', status: random.chance(0.1) ? 402 : 201, responseBytes: random.int(300, 900), requestBody: JSON.stringify({ payment: 'card', items: random.int(1, 4) }) };
}

function record(random, context, step, timestampMs) {
  const requestHeaders = { 'user-agent': context.userAgent, accept: 'application/json' };
  if (context.cookie) requestHeaders.cookie = context.cookie;
  if (context.token) requestHeaders.authorization = `Bearer ${context.token}`;
  if (step.requestBody) requestHeaders['content-type'] = 'application/json';
  const responseHeaders = { 'content-type': 'application/json' };
  if (step.setCookie) responseHeaders['set-cookie'] = step.setCookie;
  const line = {
    id: `demo-${context.seed}-${context.sessionIndex}-${context.requestIndex++}`,
    timestamp: new Date(timestampMs).toISOString(),
    method: step.method,
    url: `https://${host}${step.path}${step.query ? `?${step.query}` : ''}`,
    status: step.status,
    durationMs: Math.round((step.method === 'GET' ? random.int(5, 120) : random.int(20, 400)) * 10) / 10,
    requestBytes: 200 + (step.requestBody ? Buffer.byteLength(step.requestBody) : 0) + random.int(0, 300),
    responseBytes: step.responseBytes,
    clientIp: context.clientIp,
    application,
    requestHeaders,
    responseHeaders,
  };
  if (step.requestBody) line.requestBody = step.requestBody;
  return line;
}

/** Generates the records; returns them sorted by time with a description of what was generated. */
export function generateDemoTraffic(options = {}) {
  const seed = options.seed ?? defaults.seed;
  const sessionCount = options.sessions ?? defaults.sessions;
  const startMs = Date.parse(options.start ?? defaults.start);
  const random = prng(seed);
  const records = [];
  const counts = { users: 0, anonymous: 0, long: 0, crawlers: 0, attacks: 0 };
  const spreadMs = 6 * 3600_000;

  for (let sessionIndex = 0; sessionIndex < sessionCount; sessionIndex += 1) {
    const kind = sessionIndex % 50 === 7 ? 'long' : sessionIndex % 40 === 13 ? 'crawler' : random.chance(0.6) ? 'user' : 'anonymous';
    const context = { seed, sessionIndex, requestIndex: 0, clientIp: clientIp(random, sessionIndex), userAgent: random.pick(userAgents), cookie: null, token: null };
    let timeMs = startMs + Math.floor(random.next() * spreadMs);
    // A person pauses 2 to 90 s between requests; a crawler about a second.
    const push = (step, pauseMs = random.int(2, 90) * 1000) => {
      records.push(record(random, context, step, timeMs));
      timeMs += pauseMs;
    };

    if (kind === 'crawler') {
      counts.crawlers += 1;
      context.userAgent = crawlerAgent;
      const pages = random.int(20, 40);
      for (let index = 0; index < pages; index += 1) {
        push({ method: 'GET', path: `/api/v1/products/${1000 + index}`, query: '', status: 200, responseBytes: random.int(800, 4000) }, random.int(500, 1500));
      }
      continue;
    }
    if (kind === 'anonymous') counts.anonymous += 1;
    else {
      counts[kind === 'long' ? 'long' : 'users'] += 1;
      const sessionCookie = `PHPSESSID=${random.hex(26)}`;
      const user = `user-${String(sessionIndex).padStart(4, '0')}`;
      const role = random.chance(0.1) ? 'admin' : 'customer';
      push({ method: 'POST', path: '/api/v1/auth/login', query: '', status: 200, responseBytes: 420, requestBody: JSON.stringify({ username: user, password: '********' }), setCookie: `${sessionCookie}; Path=/; HttpOnly` });
      context.cookie = sessionCookie;
      context.token = jwt(random, { sub: user, role, iat: Math.floor(timeMs / 1000) });
    }

    const bursts = kind === 'long' ? random.int(3, 4) : 1;
    for (let burst = 0; burst < bursts; burst += 1) {
      if (burst > 0) timeMs += idleGapMinMs + random.int(0, 55) * 60_000;
      const steps = random.int(4, 18);
      for (let index = 0; index < steps; index += 1) {
        const step = browseStep(random, { signedIn: kind !== 'anonymous' });
        if (random.chance(0.015)) {
          counts.attacks += 1;
          push({ ...step, method: 'GET', path: '/api/v1/search', query: random.pick(attackQueries), status: random.pick([200, 400, 403]) });
        } else push(step);
      }
    }
    if (kind !== 'anonymous' && random.chance(0.5)) push({ method: 'POST', path: '/api/v1/auth/logout', query: '', status: 204, responseBytes: 0 });
  }

  records.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : 1));
  return {
    records,
    description:
      `${records.length} requests in ${sessionCount} client sessions (seed ${seed}): ${counts.users} signed-in users with cookies, ` +
      `${counts.anonymous} anonymous IP+User-Agent clients, ${counts.long} long sessions with idle gaps over 30 min, ` +
      `${counts.crawlers} crawlers, ${counts.attacks} attack payloads; ${records[0]?.timestamp} to ${records.at(-1)?.timestamp}`,
  };
}

function parseArguments(argv) {
  const options = {};
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    const value = argv[index + 1];
    if (name === '--help') return { help: true };
    if (!['--seed', '--sessions', '--start', '--out'].includes(name) || value === undefined) throw new Error(`unknown or incomplete option ${name}`);
    index += 1;
    if (name === '--seed' || name === '--sessions') {
      if (!/^\d+$/.test(value)) throw new Error(`${name} takes a whole number`);
      options[name.slice(2)] = Number(value);
    } else if (name === '--start') {
      if (Number.isNaN(Date.parse(value))) throw new Error('--start takes an ISO 8601 time');
      options.start = value;
    } else options.out = value;
  }
  return options;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const usage = `usage: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url))} [--seed N] [--sessions N] [--start ISO-TIME] [--out FILE]`;
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(usage);
    process.exit(0);
  }
  const { records, description } = generateDemoTraffic(options);
  const text = records.map((line) => JSON.stringify(line)).join('\n') + '\n';
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, text);
    console.error(`generated ${description} -> ${options.out}`);
  } else {
    process.stdout.write(text);
    console.error(`generated ${description}`);
  }
}
