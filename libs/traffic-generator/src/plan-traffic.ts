import { createPrng, Prng } from './prng';

/**
 * The plan of generated traffic: who the clients are, their visits (true sessions) and when each of
 * their requests happens. Records are rendered from the plan one at a time (render-request.ts), so a
 * million requests never sit in memory as records.
 */
export type ActorKind = 'user' | 'integration' | 'visitor' | 'client';

export type Actor = {
  id: string;
  kind: ActorKind;
  clientIp: string;
  userAgent: string;
  /** The `sub` claim of a signed-in user's tokens. */
  user: string | null;
  role: string | null;
  /** The `sid` cookie of an anonymous visitor, the same over all their visits. */
  sid: string | null;
  /** Sends attack payloads in most of its requests. */
  attacker: boolean;
  /** Behind a NAT address shared with other actors. */
  behindNat: boolean;
};

export type Visit = {
  actor: number;
  /** Stable label of the true session: `<actor id>.v<n>`; its parts append `.p<n>`. */
  label: string;
  /** The bearer token of a signed-in visit. */
  token: string | null;
  /** The visit starts with POST /api/login, whose response issues `token`. */
  login: boolean;
  /** The visit ends with POST /api/logout. */
  logout: boolean;
  /** The token always travels in the Authorization header (integrations, staff shifts). */
  headerOnly: boolean;
};

export type PlannedRequest = {
  timeMs: number;
  visit: number;
  /** Position of the request in its visit, from 0. */
  step: number;
  /** Steps of the visit, so the renderer knows the last one. */
  steps: number;
  /** Seed of the request's own generator: rendering does not depend on the order records are rendered in. */
  seed: number;
};

export type TrafficPlan = {
  seed: number;
  idleTimeoutMs: number;
  maxSessionMs: number;
  actors: Actor[];
  visits: Visit[];
  /** In time order (ties keep planning order); index = record number. */
  requests: PlannedRequest[];
};

export type PlanOptions = {
  requests: number;
  seed: number;
  /** Earliest request time; default defaultStartMs. */
  startMs?: number;
  /** Over how long visits start; default 3 days. */
  spanMs?: number;
  idleTimeoutMs: number;
  maxSessionMs: number;
};

/** Early enough that the traffic is in the past: ingestion refuses times more than a day ahead. */
export const defaultStartMs = Date.parse('2026-11-02T08:00:00Z');
const defaultSpanMs = 3 * 24 * 60 * 60_000;

const browserAgents: ((prng: Prng) => string)[] = [
  (p) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${p.int(118, 131)}.0.${p.int(5000, 6999)}.${p.int(10, 250)} Safari/537.36`,
  (p) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 14_${p.int(0, 7)}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${p.int(0, 6)} Safari/605.1.15`,
  (p) => `Mozilla/5.0 (X11; Linux x86_64; rv:${p.int(115, 133)}.0) Gecko/20100101 Firefox/${p.int(115, 133)}.0`,
  (p) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${p.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${p.int(0, 6)} Mobile/15E148 Safari/604.1`,
  (p) => `Mozilla/5.0 (Linux; Android ${p.int(11, 15)}; SM-S${p.int(900, 928)}B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${p.int(118, 131)}.0.${p.int(5000, 6999)}.${p.int(10, 250)} Mobile Safari/537.36`,
];
const toolAgents: ((prng: Prng) => string)[] = [
  (p) => `ShopApp/4.${p.int(0, 12)}.${p.int(0, 40)} (Android ${p.int(11, 15)}; build ${p.int(1000, 9999)})`,
  (p) => `ShopApp/4.${p.int(0, 12)}.${p.int(0, 40)} (iOS 17.${p.int(0, 6)}; build ${p.int(1000, 9999)})`,
  (p) => `python-requests/2.${p.int(25, 32)}.${p.int(0, 3)}`,
  (p) => `curl/8.${p.int(0, 11)}.${p.int(0, 1)}`,
  (p) => `okhttp/4.${p.int(9, 12)}.${p.int(0, 3)}`,
  (p) => `Go-http-client/1.1 price-watch/${p.int(1, 9)}.${p.int(0, 30)}`,
];
const attackerAgents: ((prng: Prng) => string)[] = [
  (p) => `Mozilla/5.0 (X11; Linux x86_64; rv:${p.int(100, 133)}.0) Gecko/20100101 Firefox/${p.int(100, 133)}.0`,
  (p) => `python-requests/2.${p.int(20, 32)}.${p.int(0, 3)}`,
];

/**
 * Individual clients get addresses of the benchmarking range 198.18.0.0/15 (RFC 2544) and of the IPv6
 * documentation prefix; NAT gateways addresses of the shared address space 100.64.0.0/10 (RFC 6598).
 * None of them belongs to anyone.
 */
function clientAddress(prng: Prng): string {
  if (prng.chance(0.05)) return `2001:db8:${prng.hex(4)}:${prng.hex(4)}::${prng.int(1, 0xfffe).toString(16)}`;
  return `198.${prng.int(18, 19)}.${prng.int(0, 255)}.${prng.int(1, 254)}`;
}

function natAddresses(prng: Prng, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `100.${64 + (index % 64)}.${prng.int(0, 255)}.${prng.int(1, 254)}`);
}

export function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

const jwtHeader = base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** A JWT as the shop's login would issue it; the signature is random bytes (nobody verifies it here). */
function issueToken(prng: Prng, user: string, role: string, issuedAtMs: number): string {
  const issuedAt = Math.floor(issuedAtMs / 1000);
  const payload = { sub: user, role, jti: prng.hex(16), iat: issuedAt, exp: issuedAt + 12 * 3600 };
  return `${jwtHeader}.${base64Url(JSON.stringify(payload))}.${Buffer.from(prng.hex(64), 'hex').toString('base64url')}`;
}

type Gaps = { withinMaxMs: number; betweenMinMs: number };

function gapsOf(idleTimeoutMs: number): Gaps {
  // Margins keep every gap clearly on one side of the idle timeout, whatever rounding a consumer does.
  const marginMs = Math.max(1000, Math.round(idleTimeoutMs * 0.1));
  return { withinMaxMs: idleTimeoutMs - marginMs, betweenMinMs: idleTimeoutMs + marginMs };
}

/** Think time between two requests of one visit: mostly seconds, sometimes minutes, never an idle gap. */
function thinkTimeMs(prng: Prng, gaps: Gaps): number {
  const roll = prng.next();
  const ms = roll < 0.8 ? prng.between(300, 20_000) : roll < 0.96 ? prng.between(20_000, 180_000) : prng.between(180_000, gaps.withinMaxMs);
  return Math.max(1, Math.min(gaps.withinMaxMs, Math.round(ms)));
}

function visitLength(prng: Prng, kind: ActorKind): number {
  const skew = prng.next() ** 2;
  switch (kind) {
    case 'user':
      return 3 + Math.floor(skew * 50);
    case 'visitor':
      return 2 + Math.floor(skew * 35);
    case 'client':
    case 'integration':
      return 1 + Math.floor(skew * 25);
  }
}

type Builder = {
  prng: Prng;
  options: Required<PlanOptions>;
  gaps: Gaps;
  actors: Actor[];
  visits: Visit[];
  requests: PlannedRequest[];
  pairs: Set<string>;
  nat: string[];
};

function addActor(builder: Builder, kind: ActorKind, attacker = false): number {
  const { prng } = builder;
  const index = builder.actors.length;
  const behindNat = !attacker && prng.chance(0.15);
  const agents = attacker ? attackerAgents : kind === 'user' || kind === 'visitor' ? browserAgents : toolAgents;
  let clientIp = behindNat ? prng.pick(builder.nat) : clientAddress(prng);
  let userAgent = prng.pick(agents)(prng);
  // IP + User-Agent is the key of clients without a token or cookie: two actors must never share it.
  for (let attempt = 0; builder.pairs.has(`${clientIp} ${userAgent}`); attempt++) {
    if (attempt > 20 && !behindNat) clientIp = clientAddress(prng);
    userAgent = prng.pick(agents)(prng);
  }
  builder.pairs.add(`${clientIp} ${userAgent}`);
  const number = String(index).padStart(6, '0');
  const role = kind === 'integration' ? 'integration' : kind === 'user' ? (prng.chance(0.05) ? 'admin' : prng.chance(0.04) ? 'support' : 'customer') : null;
  builder.actors.push({
    id: `${attacker ? 'attacker' : kind}-${number}`,
    kind,
    clientIp,
    userAgent,
    user: role === null ? null : kind === 'integration' ? `svc-${number}` : `u-${number}`,
    role,
    sid: kind === 'visitor' ? prng.hex(32) : null,
    attacker,
    behindNat,
  });
  return index;
}

type VisitToken = Pick<Visit, 'token' | 'login' | 'logout' | 'headerOnly'>;

function addVisit(builder: Builder, actor: number, visitOfActor: number, startMs: number, steps: number, token: VisitToken, gapOf: () => number): number {
  const visit = builder.visits.length;
  builder.visits.push({ actor, label: `${builder.actors[actor].id}.v${visitOfActor}`, ...token });
  let timeMs = startMs;
  for (let step = 0; step < steps; step++) {
    if (step > 0) timeMs += gapOf();
    builder.requests.push({ timeMs, visit, step, steps, seed: builder.prng.uint32() });
  }
  return timeMs;
}

/** One actor and all their visits; returns the number of requests planned. */
function planActor(builder: Builder, kind: ActorKind, budget: number, attacker = false): number {
  const { prng, options, gaps } = builder;
  const actor = addActor(builder, kind, attacker);
  const endMs = options.startMs + options.spanMs;
  let startMs = options.startMs + Math.floor(prng.next() * options.spanMs * 0.9);
  let planned = 0;
  let token: string | null = null;
  let loggedOut = true;
  const visitCount = kind === 'integration' ? 1 : 1 + (prng.chance(0.45) ? prng.int(1, 3) : 0);
  for (let index = 0; index < visitCount && planned < budget && startMs < endMs; index++) {
    let steps = Math.min(budget - planned, visitLength(prng, kind));
    let gapOf = () => thinkTimeMs(prng, gaps);
    const role = builder.actors[actor].role;
    const shift = kind === 'user' && index === 0 && (role === 'admin' || role === 'support') && prng.chance(0.3);
    if (kind === 'integration' || shift) {
      // Integrations poll, staff work a shift, without an idle gap for 1.1 to 2.5 times the maximum
      // session length: a session in several parts. Gaps of at least 0.7 x the interval make sure of it.
      const durationMs = options.maxSessionMs * prng.between(1.1, 2.5);
      const intervalMs = Math.min(gaps.withinMaxMs, Math.max(kind === 'integration' ? 60_000 : prng.between(60_000, 300_000), durationMs / Math.max(1, budget - planned)));
      steps = Math.max(1, Math.min(budget - planned, Math.ceil(durationMs / (0.7 * intervalMs))));
      gapOf = () => Math.round(intervalMs * prng.between(0.7, 1));
    }
    let visitToken: VisitToken = { token: null, login: false, logout: false, headerOnly: false };
    if (kind === 'user' || kind === 'integration') {
      // A visit that logs in makes at least one request with the token after the login.
      if (steps < 2) break;
      // A returning user whose token is still valid resumes without a login: same key, new session.
      const resume = !loggedOut && token !== null && prng.chance(0.35);
      if (!resume) token = issueToken(prng, builder.actors[actor].user ?? '', builder.actors[actor].role ?? '', startMs);
      loggedOut = kind === 'user' && steps > 2 && prng.chance(0.3);
      visitToken = { token, login: !resume, logout: loggedOut, headerOnly: kind === 'integration' || shift };
    }
    const lastMs = addVisit(builder, actor, index, startMs, steps, visitToken, gapOf);
    planned += steps;
    startMs = lastMs + gaps.betweenMinMs + Math.floor(prng.next() * 8 * 3600_000);
  }
  return planned;
}

function pickKind(prng: Prng): { kind: ActorKind; attacker: boolean } {
  const roll = prng.next();
  if (roll < 0.42) return { kind: 'user', attacker: false };
  if (roll < 0.72) return { kind: 'visitor', attacker: false };
  if (roll < 0.995) return { kind: 'client', attacker: false };
  return { kind: 'client', attacker: true };
}

export function planTraffic(options: PlanOptions): TrafficPlan {
  if (!Number.isInteger(options.requests) || options.requests < 0) throw new RangeError(`requests must be a whole number >= 0, got ${options.requests}`);
  if (options.idleTimeoutMs < 10_000) throw new RangeError(`idleTimeoutMs must be at least 10000 for believable think times, got ${options.idleTimeoutMs}`);
  const full: Required<PlanOptions> = { ...options, startMs: options.startMs ?? defaultStartMs, spanMs: options.spanMs ?? defaultSpanMs };
  if (!Number.isFinite(full.startMs) || !(full.spanMs > 0)) throw new RangeError(`startMs must be a time and spanMs > 0, got ${full.startMs} and ${full.spanMs}`);
  const prng = createPrng(options.seed);
  const builder: Builder = {
    prng,
    options: full,
    gaps: gapsOf(options.idleTimeoutMs),
    actors: [],
    visits: [],
    requests: [],
    pairs: new Set(),
    nat: natAddresses(prng, Math.max(3, Math.round(options.requests / 5000))),
  };
  let planned = 0;
  // Long sessions first, so that even small traffic has sessions in parts.
  const integrations = options.requests >= 50 ? Math.max(1, Math.floor(options.requests / 100_000)) : 0;
  for (let index = 0; index < integrations; index++) planned += planActor(builder, 'integration', Math.floor(options.requests / (4 * integrations)));
  while (planned < options.requests) {
    // The last few requests go to a client without login, whose visits may be of any length.
    const { kind, attacker } = options.requests - planned < 3 ? { kind: 'client' as const, attacker: false } : pickKind(prng);
    planned += planActor(builder, kind, options.requests - planned, attacker);
  }
  const order = builder.requests.map((_, index) => index);
  order.sort((a, b) => builder.requests[a].timeMs - builder.requests[b].timeMs || a - b);
  return {
    seed: options.seed,
    idleTimeoutMs: options.idleTimeoutMs,
    maxSessionMs: options.maxSessionMs,
    actors: builder.actors,
    visits: builder.visits,
    requests: order.map((index) => builder.requests[index]),
  };
}
