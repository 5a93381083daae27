import { createEvent, DomainEvent, ObservedRequest, subjects } from '@sessionscope/contracts';
import { goldenObservedRequest } from '@sessionscope/contracts/testing';
import { JetStreamConnection, partitionOf, SessionConfigStore } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { createSearchClient, deleteAllIndices, SearchClient } from '@sessionscope/search';
import { chainValueHasher, tenantKeySecret } from '@sessionscope/session-keys';
import { defaultSessionizationSettings, SessionizationSettings } from '@sessionscope/sessionization/domain';
import { PartitionCheckpoints } from './partition-checkpoints';
import { PartitionLeases } from './partition-leases';
import { resessionize } from './resessionize';

/**
 * `sessionscope replay` against the real NATS and OpenSearch: traffic stored under the built-in keys
 * (one client IP) is sessionized again with a key chain on a cookie that masking hid.
 */
jest.setTimeout(120_000);

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const partitions = 2;
const deploymentSecret = 'replay-test-secret-0123456789';
const settings: SessionizationSettings = { ...defaultSessionizationSettings(), maxHoldMs: 0 };
const hashOf = chainValueHasher({ tenant: 'default', application: 'shop', secret: tenantKeySecret(deploymentSecret, 'default') });

/** Two browsers behind one address, told apart only by a `sid` cookie that was masked at ingestion. */
function storedTraffic(): Array<DomainEvent<'RequestObserved'>> {
  const start = Date.parse('2026-11-22T09:00:00.000Z');
  return Array.from({ length: 8 }, (_, index) => {
    const sid = index % 2 === 0 ? 'browser-a' : 'browser-b';
    const at = new Date(start + index * 60_000).toISOString();
    const request: ObservedRequest = { ...goldenObservedRequest(), id: `rq-${index}`, timestamp: at, requestHeaders: { cookie: 'sid=[masked]' } };
    return createEvent(
      'RequestObserved',
      { request, sessionKey: { point: 'ip', hash: 'one-address' }, identity: { user: index % 2 === 0 ? 'alice' : null, roles: [] }, pointHashes: { 'cookie:sid': hashOf(sid) } },
      { id: `req:default:${request.id}`, tenant: 'default', correlationId: 'replay-test', occurredAt: at },
    );
  });
}

/** A namespace of its own (streams, buckets, indices) for the tests of one describe, removed after them. */
function ownNamespace(name: string, seed: Array<DomainEvent<'RequestObserved'>> = []) {
  const namespace = uniqueNamespace(name);
  const stack = { namespace } as { namespace: string; connection: JetStreamConnection; search: SearchClient };
  beforeAll(async () => {
    stack.connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'test' });
    await stack.connection.ensureStreams();
    stack.search = createSearchClient(openSearchUrl);
    if (seed.length > 0) await stack.connection.publish(seed.map((event) => ({ subject: stack.connection.subject(subjects.requestObserved, partitionOf(event.data.sessionKey.hash, partitions)), event })));
  });
  afterAll(async () => {
    await stack.connection.deleteNamespace();
    await stack.connection.close();
    await deleteAllIndices(stack.search, namespace);
    await stack.search.close();
  });
  return stack;
}

describe('resessionize', () => {
  const stack = ownNamespace('rsz', storedTraffic());

  const run = (configs: SessionConfigStore) =>
    resessionize({
      connection: stack.connection,
      search: stack.search,
      indexPrefix: stack.namespace,
      partitions,
      generation: `g${Date.now()}`,
      settings: { ...settings, rulesOf: (tenant, application) => configs.current(tenant, application) },
      pointsOf: (tenant, application) => configs.current(tenant, application) ?? { keyChain: [], user: null, roles: null },
      secretOf: (tenant) => tenantKeySecret(deploymentSecret, tenant),
      now: () => new Date(),
    });

  it('refuses while a sessionization instance is running', async () => {
    const leases = await PartitionLeases.open(stack.connection);
    await leases.heartbeat('still-running', Date.now());
    const configs = await SessionConfigStore.open(stack.connection);
    await expect(run(configs)).rejects.toMatchObject({ code: 'SESSIONIZATION_RUNNING' });
    await leases.leaveMembers('still-running');
  });

  it('keys the stored traffic again with the new chain, hidden values included, and hands the partitions on at the end', async () => {
    const configs = await SessionConfigStore.open(stack.connection);
    await configs.put('default', 'shop', { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], user: null, roles: null, idleTimeoutMs: 1_800_000, maxSessionMs: 86_400_000 }, new Date().toISOString());
    await configs.follow(() => undefined);

    // A decision of before, which the replay's decisions replace.
    const old = createEvent('RequestAssignedToSession', { sessionId: 's-old', request: goldenObservedRequest() }, { id: 'assigned:old', tenant: 'default', correlationId: 'before', occurredAt: new Date().toISOString() });
    await stack.connection.publish([{ subject: stack.connection.subject(subjects.requestAssigned, 0), event: old }]);
    const report = await run(configs);
    await configs.close();

    expect(report).toMatchObject({ requests: 8, sessions: 2 });
    // The sessions stream holds the replay's decisions only: the one of before is gone.
    const decisions = await stack.connection.manager.streams.info(stack.connection.streamName('sessions'));
    expect(decisions.state.first_seq).toBe(2);
    const sessions = await stack.search.search({ index: `${stack.namespace}-sessions`, body: { size: 10, query: { match_all: {} } } });
    const snapshots = sessions.body.hits.hits.map((hit) => hit._source as { requestCount: number; keyPoint: string; user: string | null });
    expect(snapshots.map((session) => [session.requestCount, session.keyPoint, session.user]).sort()).toEqual([
      [4, 'cookie:sid', null],
      [4, 'cookie:sid', 'alice'],
    ]);
    const checkpoints = await PartitionCheckpoints.open(stack.connection);
    const info = await stack.connection.manager.streams.info(stack.connection.streamName('traffic'));
    for (let partition = 0; partition < partitions; partition++) {
      const state = await checkpoints.load(partition);
      expect(Math.floor(state.lastPosition / 500)).toBeGreaterThanOrEqual(info.state.last_seq);
    }
  });
});

describe('resessionize, traffic stored out of time order', () => {
  const stack = ownNamespace('rszo');

  it('reads each application in time order across the subjects, whatever order the publishes stored it in', async () => {
    const start = Date.parse('2026-11-22T08:00:00.000Z');
    const request = (client: string, step: number, application: string): DomainEvent<'RequestObserved'> => {
      const at = new Date(start + step * 10 * 60_000).toISOString();
      const observed: ObservedRequest = { ...goldenObservedRequest(), id: `${application}-${client}-${step}`, application, timestamp: at, clientIp: client };
      return createEvent('RequestObserved', { request: observed, sessionKey: { point: 'ip', hash: client } }, { id: `req:default:${observed.id}`, tenant: 'default', correlationId: 'order-test', occurredAt: at });
    };
    // Two clients on two subjects, each active for two hours, one request every ten minutes: one session
    // each. Stored as two publishes would store them: all of subject 0, then all of subject 1 (back two
    // hours in time, far past the allowed lateness), and an application of another era after both.
    const steps = Array.from({ length: 12 }, (_, step) => step);
    const stored = [
      ...steps.map((step) => ({ partition: 0, event: request('198.51.100.1', step, 'shop') })),
      ...steps.map((step) => ({ partition: 1, event: request('198.51.100.2', step, 'shop') })),
      ...steps.map((step) => ({ partition: 0, event: request('198.51.100.3', step - 60_000, 'legacy') })),
    ];
    for (const { partition, event } of stored) await stack.connection.publish([{ subject: stack.connection.subject(subjects.requestObserved, partition), event }]);
    // One partition after the replay: both clients' requests meet there.
    const report = await resessionize({
      connection: stack.connection,
      search: stack.search,
      indexPrefix: stack.namespace,
      partitions: 1,
      generation: `g${Date.now()}`,
      settings,
      pointsOf: () => ({ keyChain: [], user: null, roles: null }),
      secretOf: (tenant) => tenantKeySecret(deploymentSecret, tenant),
      now: () => new Date(),
    });
    expect(report).toMatchObject({ requests: 36, sessions: 3 });
  });
});
