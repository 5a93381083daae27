import { RequestRecord, requestRecordSchema, sessionConfigSchema } from '@sessionscope/contracts';
import { generateTraffic, GeneratedRequest, TrafficOptions } from './generate-traffic';
import { shopSessionConfig } from './shop-session-config';

const generate = (options: TrafficOptions): GeneratedRequest[] => [...generateTraffic(options).records()];

/**
 * The key a request's session follows from under shopSessionConfig, read from the record alone, as
 * an independent check of the truth: the `jti` of the token in the Authorization header, the `token`
 * query parameter, the `token` body field or the `token` of the response body; else the `sid` cookie,
 * else IP + User-Agent.
 */
function keyOf(record: RequestRecord): string {
  const headers = record.requestHeaders as Record<string, string>;
  const authorization = headers['authorization'];
  if (authorization) return `token:${jwtPayload(authorization.replace(/^Bearer /, '')).jti}`;
  const query = new URL(record.url).searchParams.get('token');
  if (query) return `token:${jwtPayload(query).jti}`;
  const body = record.requestBody ? (JSON.parse(record.requestBody) as { token?: string }) : {};
  if (body.token) return `token:${jwtPayload(body.token).jti}`;
  const response = record.responseBody ? (JSON.parse(record.responseBody) as { token?: string }) : {};
  if (response.token) return `token:${jwtPayload(response.token).jti}`;
  const sid = /(?:^|; )sid=([^;]+)/.exec(headers['cookie'] ?? '')?.[1];
  if (sid) return `sid:${sid}`;
  return `ip+ua:${record.clientIp} ${headers['user-agent']}`;
}

/** Session parts by the sessionizer's rules over keys and times: a label per request id. */
function sessionsByRules(requests: GeneratedRequest[], idleTimeoutMs: number, maxSessionMs: number): Map<string, string> {
  const open = new Map<string, { label: string; lastMs: number; partStartMs: number }>();
  const labels = new Map<string, string>();
  const byTime = [...requests].sort((a, b) => Date.parse(a.record.timestamp) - Date.parse(b.record.timestamp));
  for (const { record } of byTime) {
    const key = keyOf(record);
    const timeMs = Date.parse(record.timestamp);
    let session = open.get(key);
    if (!session || timeMs - session.lastMs > idleTimeoutMs || timeMs - session.partStartMs >= maxSessionMs) {
      session = { label: record.id, lastMs: timeMs, partStartMs: timeMs };
      open.set(key, session);
    }
    session.lastMs = timeMs;
    labels.set(record.id, session.label);
  }
  return labels;
}

/** Requests grouped by a label, as sorted lists of ids: two labellings are the same partition when equal. */
function partition(labels: Iterable<[string, string]>): string[] {
  const groups = new Map<string, string[]>();
  for (const [id, label] of labels) groups.set(label, [...(groups.get(label) ?? []), id]);
  return [...groups.values()].map((ids) => ids.sort().join(',')).sort();
}

function jwtPayload(token: string): { sub: string; role: string; jti: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('generateTraffic', () => {
  const options = { requests: 3000, seed: 11 };
  const traffic = generate(options);

  it('is deterministic: the same seed gives the same records and truth, another seed other ones', () => {
    // given the same options twice, and another seed
    const again = generate(options);
    const other = generate({ ...options, seed: 12 });
    // then
    expect(JSON.stringify(again)).toBe(JSON.stringify(traffic));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(traffic));
  });

  it('gives exactly the requested number of valid request records with unique ids, in time order', () => {
    expect(traffic).toHaveLength(3000);
    for (const { record } of traffic) expect(requestRecordSchema.safeParse(record).error).toBeUndefined();
    expect(new Set(traffic.map(({ record }) => record.id)).size).toBe(3000);
    const times = traffic.map(({ record }) => Date.parse(record.timestamp));
    expect(times.every((time, index) => index === 0 || time >= times[index - 1])).toBe(true);
  });

  it('has a truth entry for each record, whose sessions are those the key chain and the idle and length rules give', () => {
    // given
    const fromRules = sessionsByRules(traffic, shopSessionConfig.idleTimeoutMs, shopSessionConfig.maxSessionMs);
    // then
    expect(traffic.every(({ record, truth }) => truth.id === record.id)).toBe(true);
    expect(partition(traffic.map(({ truth }) => [truth.id, truth.session]))).toEqual(partition(fromRules));
  });

  it('links each later part to the part before it, of the same actor and earlier', () => {
    const partsByLabel = new Map<string, GeneratedRequest[]>();
    for (const request of traffic) partsByLabel.set(request.truth.session, [...(partsByLabel.get(request.truth.session) ?? []), request]);
    const continued = [...partsByLabel.values()].filter((requests) => requests[0].truth.previousPart !== null);
    expect(continued.length).toBeGreaterThan(0);
    for (const requests of continued) {
      const previous = partsByLabel.get(requests[0].truth.previousPart ?? '');
      expect(previous?.[0].truth.actor).toBe(requests[0].truth.actor);
      expect(Date.parse(previous?.at(-1)?.record.timestamp ?? '')).toBeLessThan(Date.parse(requests[0].record.timestamp));
    }
  });

  it('names in every signed-in session part the user and role that its bearer tokens carry', () => {
    const signedIn = new Map<string, GeneratedRequest[]>();
    for (const request of traffic) if (request.truth.user !== null) signedIn.set(request.truth.session, [...(signedIn.get(request.truth.session) ?? []), request]);
    expect(signedIn.size).toBeGreaterThan(10);
    for (const requests of signedIn.values()) {
      const bearer = requests.map(({ record }) => (record.requestHeaders as Record<string, string>)['authorization']).find((value) => value !== undefined);
      expect(bearer).toBeDefined();
      const claims = jwtPayload((bearer ?? '').replace('Bearer ', ''));
      expect([claims.sub, [claims.role]]).toEqual([requests[0].truth.user, requests[0].truth.roles]);
    }
  });

  it('covers every case the sessionizer must handle', () => {
    const records = traffic.map(({ record }) => record);
    const truths = traffic.map(({ truth }) => truth);
    const logins = records.filter((record) => record.url.endsWith('/api/login'));
    // logins whose response issues the token, then the token in a header, a query parameter and a body field
    expect(logins.length).toBeGreaterThan(5);
    expect(logins.every((record) => typeof JSON.parse(record.responseBody ?? '{}').token === 'string')).toBe(true);
    expect(records.some((record) => (record.requestHeaders as Record<string, string>)['authorization']?.startsWith('Bearer '))).toBe(true);
    expect(records.some((record) => new URL(record.url).searchParams.has('token'))).toBe(true);
    expect(records.some((record) => record.requestBody?.includes('"token"'))).toBe(true);
    // anonymous visitors with a cookie, clients with IP + User-Agent only
    expect(records.some((record) => (record.requestHeaders as Record<string, string>)['cookie']?.startsWith('sid='))).toBe(true);
    expect(truths.some((truth) => truth.actor.startsWith('client-'))).toBe(true);
    // returning actors: one actor, several sessions
    const sessionsOfActor = new Map<string, Set<string>>();
    for (const truth of truths) sessionsOfActor.set(truth.actor, (sessionsOfActor.get(truth.actor) ?? new Set()).add(truth.session.replace(/\.p\d+$/, '')));
    expect([...sessionsOfActor.values()].some((sessions) => sessions.size > 1)).toBe(true);
    // several actors behind one IP address
    const actorsOfIp = new Map<string, Set<string>>();
    for (const { record, truth } of traffic) actorsOfIp.set(record.clientIp, (actorsOfIp.get(record.clientIp) ?? new Set()).add(truth.actor));
    expect([...actorsOfIp.values()].some((actors) => actors.size > 2)).toBe(true);
    // attacks, of both kinds
    expect(new Set(truths.map((truth) => truth.attack))).toEqual(new Set([null, 'sqli', 'xss']));
  });

  it('shuffles arrival within the lateness bound and changes nothing else', () => {
    // given
    const latenessMs = 60_000;
    const shuffled = generate({ ...options, shuffleLatenessMs: latenessMs });
    // then the same requests and truth, in another order
    const byId = (requests: GeneratedRequest[]) => JSON.stringify([...requests].sort((a, b) => a.record.id.localeCompare(b.record.id)));
    expect(byId(shuffled)).toBe(byId(traffic));
    expect(shuffled.map(({ record }) => record.id)).not.toEqual(traffic.map(({ record }) => record.id));
    // and no request arrives more than the bound after a request stamped later
    let latestMs = 0;
    for (const { record } of shuffled) {
      const timeMs = Date.parse(record.timestamp);
      expect(latestMs - timeMs).toBeLessThanOrEqual(latenessMs);
      latestMs = Math.max(latestMs, timeMs);
    }
  });

  it('refuses a negative number of requests', () => {
    expect(() => generateTraffic({ requests: -1, seed: 1 })).toThrow('requests must be a whole number');
  });
});

describe('shopSessionConfig', () => {
  it('is a valid session configuration', () => {
    expect(sessionConfigSchema.safeParse(shopSessionConfig).error).toBeUndefined();
  });
});
