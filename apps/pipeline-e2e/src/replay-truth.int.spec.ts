import { JetStreamConnection, SessionConfigStore } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { createSearchClient, deleteAllIndices, refresh, aliasTargets } from '@sessionscope/search';
import { developmentSessionKeySecret, tenantKeySecret } from '@sessionscope/session-keys';
import { defaultSessionizationSettings } from '@sessionscope/sessionization/domain';
import { resessionize } from '@sessionscope/sessionization/infra';
import { developmentIngestToken } from '@sessionscope/shared/config';
import { AppProcess, buildApps, deleteRedisNamespace, freePort } from '@sessionscope/stack';
import { compareSessions, generateTraffic, shopApplication, shopSessionConfig } from '@sessionscope/traffic-generator';
import { join } from 'node:path';

/**
 * A configuration set after the traffic came in, then `replay`: traffic ingested under the built-in
 * keys only (its tokens masked on the way in) is sessionized again with the `shop` configuration, and
 * every request lands in its true session with its true User and Roles, read from what was stored.
 */
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const root = join(__dirname, '../../..');

describe('replay with a configuration set after the traffic', () => {
  const namespace = uniqueNamespace('replaytruth');
  const search = createSearchClient(openSearchUrl);
  const traffic = [...generateTraffic({ requests: 1500, seed: 5 }).records()];
  let ingestion: AppProcess;
  let connection: JetStreamConnection;

  beforeAll(async () => {
    buildApps(root);
    ingestion = new AppProcess(root, 'ingestion', await freePort(), { NATS_URL: natsUrl, OPENSEARCH_URL: openSearchUrl, SESSIONSCOPE_NAMESPACE: namespace, SESSIONSCOPE_INDEX_PREFIX: namespace });
    await ingestion.start();
    connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'replay-truth' });
  }, 120_000);

  afterAll(async () => {
    await ingestion?.stop();
    await connection.deleteNamespace();
    await connection.close();
    await deleteAllIndices(search, namespace);
    await search.close();
    await deleteRedisNamespace(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', namespace);
  });

  it('finds the true sessions, users and roles of traffic whose tokens were masked', async () => {
    const body = traffic.map(({ record }) => JSON.stringify(record)).join('\n');
    const response = await fetch(`${ingestion.url}/v1/traffic?format=ndjson`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${developmentIngestToken}` } });
    expect(await response.json()).toMatchObject({ accepted: traffic.length, rejected: 0 });

    const configs = await SessionConfigStore.open(connection);
    await configs.put('default', shopApplication, shopSessionConfig, new Date().toISOString());
    await configs.follow(() => undefined);
    const report = await resessionize({
      connection,
      search,
      indexPrefix: namespace,
      partitions: 4,
      generation: 'replayed',
      settings: { ...defaultSessionizationSettings(), rulesOf: (tenant, application) => configs.current(tenant, application) },
      pointsOf: (tenant, application) => configs.current(tenant, application) ?? { keyChain: [], user: null, roles: null },
      // The secret ingestion used: the development one, as the test starts it without its own.
      secretOf: (tenant) => tenantKeySecret(developmentSessionKeySecret, tenant),
      now: () => new Date(),
    });
    await configs.close();
    expect(report.requests).toBe(traffic.length);

    const targets = aliasTargets(namespace);
    await refresh(search, targets);
    const requests = await search.search({ index: targets.requests, body: { size: traffic.length, _source: ['requestId', 'sessionId'] } });
    const sessionOf = new Map(requests.body.hits.hits.map((hit) => [(hit._source as { requestId: string }).requestId, (hit._source as { sessionId: string }).sessionId]));
    const comparison = compareSessions(
      traffic.map(({ truth }) => truth.session),
      traffic.map(({ record }) => sessionOf.get(record.id) ?? 'missing'),
    );
    expect({ misplaced: comparison.misplacedRequests, examples: comparison.examples }).toEqual({ misplaced: 0, examples: [] });

    const sessions = await search.search({ index: targets.sessions, body: { size: 10_000 } });
    const identityOf = new Map(sessions.body.hits.hits.map((hit) => {
      const session = hit._source as { sessionId: string; user: string | null; roles?: string[] };
      return [session.sessionId, { user: session.user, roles: session.roles ?? [] }];
    }));
    const wrong = traffic.filter(({ record, truth }) => JSON.stringify(identityOf.get(sessionOf.get(record.id) ?? '')) !== JSON.stringify({ user: truth.user, roles: truth.roles }));
    expect(wrong.slice(0, 3).map(({ truth }) => truth.session)).toEqual([]);
  }, 240_000);
});
