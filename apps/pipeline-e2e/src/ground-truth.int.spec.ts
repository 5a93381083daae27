import { JetStreamConnection } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { aliasTargets, createSearchClient, deleteAllIndices, refresh } from '@sessionscope/search';
import { developmentIngestToken } from '@sessionscope/shared/config';
import { AppProcess, buildApps, deleteRedisNamespace, freePort } from '@sessionscope/stack';
import { compareSessions, GeneratedRequest, generateTraffic, shopApplication, shopSessionConfig } from '@sessionscope/traffic-generator';
import { join } from 'node:path';

/**
 * Sessions against ground truth, through the whole pipeline: the session configuration of `shop` set at
 * the gateway, generated traffic (users who log in and carry their token in a header, a query parameter
 * or a body; visitors with a cookie; clients with only an address; sessions longer than the maximum)
 * posted to ingestion in a shuffled order within the allowed lateness, and every request found in its
 * true session, with the true User, Roles and part links.
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const root = join(__dirname, '../../..');
const requestCount = 3000;

type SessionDocument = { sessionId: string; user: string | null; roles?: string[]; previousPartId: string | null; requestCount: number };
type Page<T> = { items: T[]; total: number; nextCursor: string | null };

describe('sessions against ground truth, through ingestion, sessionization and the gateway', () => {
  const namespace = uniqueNamespace('truth');
  const search = createSearchClient(openSearchUrl);
  const targets = aliasTargets(namespace);
  const traffic: GeneratedRequest[] = [...generateTraffic({ requests: requestCount, seed: 11, shuffleLatenessMs: 5 * 60_000 }).records()];
  let apps: AppProcess[] = [];
  let gateway: AppProcess;
  let ingestion: AppProcess;
  let sessionization: AppProcess;

  beforeAll(async () => {
    buildApps(root);
    const env = { NATS_URL: natsUrl, OPENSEARCH_URL: openSearchUrl, SESSIONSCOPE_NAMESPACE: namespace, SESSIONSCOPE_INDEX_PREFIX: namespace, SESSIONSCOPE_PARTITIONS: '4', MAX_HOLD_MS: '1000', LOG_LEVEL: 'log' };
    gateway = new AppProcess(root, 'gateway', await freePort(), env);
    ingestion = new AppProcess(root, 'ingestion', await freePort(), env);
    sessionization = new AppProcess(root, 'sessionization', await freePort(), env);
    apps = [gateway, ingestion, sessionization];
    await gateway.start();
    // The configuration is in place before ingestion starts: it reads every stored one when it starts.
    const put = await fetch(`${gateway.url}/api/v1/applications/${shopApplication}/session-config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(shopSessionConfig) });
    expect(put.status).toBe(200);
    await Promise.all([ingestion.start(), sessionization.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    const connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'truth-cleanup' });
    await connection.deleteNamespace();
    await connection.close();
    await deleteAllIndices(search, namespace);
    await search.close();
    await deleteRedisNamespace(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', namespace);
  });

  async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${gateway.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<T>;
  }

  async function storedAssignments(): Promise<Map<string, string>> {
    await refresh(search, targets);
    const assignments = new Map<string, string>();
    let response = await search.search({ index: targets.requests, scroll: '1m', body: { size: 5000, _source: ['requestId', 'sessionId'], query: { term: { application: shopApplication } } } });
    while (response.body.hits.hits.length > 0) {
      for (const hit of response.body.hits.hits) {
        const source = hit._source as { requestId: string; sessionId: string };
        assignments.set(source.requestId, source.sessionId);
      }
      response = await search.scroll({ scroll_id: response.body._scroll_id as string, scroll: '1m' });
    }
    return assignments;
  }

  it(
    'puts every request in its true session, with its user, roles and previous part, whatever the arrival order within the lateness',
    async () => {
      for (let offset = 0; offset < traffic.length; offset += 1000) {
        const body = traffic.slice(offset, offset + 1000).map(({ record }) => JSON.stringify(record)).join('\n');
        const response = await fetch(`${ingestion.url}/v1/traffic?format=ndjson`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${developmentIngestToken}` } });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ rejected: 0 });
      }
      // Waits while the count grows: on a busy machine the services may wait out OpenSearch's 429s.
      let assignments = new Map<string, string>();
      let lastProgress = Date.now();
      while (assignments.size < traffic.length && Date.now() - lastProgress < 90_000) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const before = assignments.size;
        assignments = await storedAssignments();
        if (assignments.size > before) lastProgress = Date.now();
      }
      if (assignments.size < traffic.length) {
        throw new Error(`${traffic.length - assignments.size} of ${traffic.length} requests were not stored after 90 s without progress; the apps said:\n${apps.map((app) => `--- ${app.name}\n${app.recentOutput(60)}`).join('\n')}`);
      }

      const expected = traffic.map(({ truth }) => truth.session);
      const actual = traffic.map(({ record }) => assignments.get(record.id) ?? 'missing');
      const comparison = compareSessions(expected, actual);
      expect({ misplaced: comparison.misplacedRequests, examples: comparison.examples }).toEqual({ misplaced: 0, examples: [] });

      // The sessions index settles after the requests: wait until every session shows its final count.
      const actualOf = new Map(traffic.map(({ record, truth }) => [truth.session, assignments.get(record.id) as string]));
      const countOf = new Map<string, number>();
      for (const sessionId of actual) countOf.set(sessionId, (countOf.get(sessionId) ?? 0) + 1);
      let sessions = new Map<string, SessionDocument>();
      const settled = Date.now() + 60_000;
      do {
        await refresh(search, targets);
        const response = await search.search({ index: targets.sessions, body: { size: 10_000, query: { term: { application: shopApplication } } } });
        sessions = new Map(response.body.hits.hits.map((hit) => [(hit._source as SessionDocument).sessionId, hit._source as SessionDocument]));
      } while ([...countOf].some(([id, count]) => sessions.get(id)?.requestCount !== count) && Date.now() < settled && (await new Promise((resolve) => setTimeout(resolve, 1000)), true));

      const wrong: string[] = [];
      for (const { truth } of traffic) {
        const session = sessions.get(actualOf.get(truth.session) as string);
        const expectedPrevious = truth.previousPart === null ? null : actualOf.get(truth.previousPart);
        const seen = { user: session?.user ?? null, roles: session?.roles ?? [], previousPartId: session?.previousPartId ?? null };
        if (JSON.stringify(seen) !== JSON.stringify({ user: truth.user, roles: truth.roles, previousPartId: expectedPrevious })) wrong.push(`${truth.session}: ${JSON.stringify(seen)}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);

      // The same through the gateway's filters: a user's sessions, and a role.
      const someone = traffic.find(({ truth }) => truth.user !== null && truth.roles.includes('admin'))?.truth;
      expect(someone).toBeDefined();
      const theirs = new Set(traffic.filter(({ truth }) => truth.user === someone?.user).map(({ truth }) => actualOf.get(truth.session)));
      const listed: Page<{ id: string; user: string | null; roles: string[] }> = await getJson(`/api/v1/sessions?user=${encodeURIComponent(someone?.user ?? '')}&limit=1000`);
      expect(new Set(listed.items.map((item) => item.id))).toEqual(theirs);
      const admins: Page<{ roles: string[] }> = await getJson('/api/v1/sessions?role=admin&limit=1000');
      expect(admins.total).toBeGreaterThan(0);
      expect(admins.items.every((item) => item.roles.includes('admin'))).toBe(true);
    },
    480_000,
  );
});
