import { Logger } from '@nestjs/common';
import { createEvent, DomainEvent, ObservedRequest, subjects } from '@sessionscope/contracts';
import { goldenObservedRequest } from '@sessionscope/contracts/testing';
import { JetStreamConnection, partitionOf } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { createSearchClient, deleteAllIndices, ensureIndices, SearchClient } from '@sessionscope/search';
import { defaultSessionizationSettings, SessionizationSettings } from '@sessionscope/sessionization/domain';
import { PartitionCheckpoints } from '@sessionscope/sessionization/infra';
import { PartitionCoordinator } from './partition-coordinator';
import { PartitionLeases } from '@sessionscope/sessionization/infra';
import { PartitionSessionizer } from './sessionization.consumer';

/**
 * Several sessionization instances on one stream, against the real NATS and OpenSearch: together they
 * must produce exactly the sessions one instance produces, also when one of them dies in the middle.
 */
jest.setTimeout(180_000);
// Ownership changes are logged at `log` level; the test reads them from the coordinators instead.
Logger.overrideLogger(['warn', 'error']);

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const partitions = 4;
const leaseMs = 1500;
const settings: SessionizationSettings = { ...defaultSessionizationSettings(), maxHoldMs: 300 };

/** 24 clients, 25 requests each, a minute apart; every third client pauses 40 minutes after its 12th. */
function traffic(): Array<DomainEvent<'RequestObserved'>> {
  const start = Date.parse('2026-11-21T08:00:00.000Z');
  const events: Array<DomainEvent<'RequestObserved'>> = [];
  for (let step = 0; step < 25; step++) {
    for (let client = 0; client < 24; client++) {
      const at = new Date(start + step * 60_000 + (client % 3 === 0 && step >= 12 ? 40 * 60_000 : 0)).toISOString();
      const request: ObservedRequest = { ...goldenObservedRequest(), id: `c${client}-s${step}`, timestamp: at };
      events.push(createEvent('RequestObserved', { request, sessionKey: { point: 'ip', hash: `client-${client}` } }, { id: `req:default:${request.id}`, tenant: 'default', correlationId: 'scale-out', occurredAt: at }));
    }
  }
  return events.sort((a, b) => a.data.request.timestamp.localeCompare(b.data.request.timestamp));
}

type Cluster = { connection: JetStreamConnection; namespace: string; prefix: string };
type Instance = { coordinator: PartitionCoordinator; connection: JetStreamConnection };

let search: SearchClient;
const clusters: Cluster[] = [];

beforeAll(() => {
  search = createSearchClient(openSearchUrl);
});

afterAll(async () => {
  for (const cluster of clusters) {
    await cluster.connection.deleteNamespace();
    await cluster.connection.close();
    await deleteAllIndices(search, cluster.prefix);
  }
  await search.close();
});

async function newCluster(name: string): Promise<Cluster> {
  const namespace = uniqueNamespace(name);
  const connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'test' });
  await connection.ensureStreams();
  const cluster = { connection, namespace, prefix: namespace };
  clusters.push(cluster);
  return cluster;
}

/** One instance as the service runs it (see sessionization.module.ts), without the Nest wiring. */
async function startInstance(cluster: Cluster, instanceId: string): Promise<Instance> {
  const connection = await JetStreamConnection.connect({ url: natsUrl, namespace: cluster.namespace, name: instanceId });
  const checkpoints = await PartitionCheckpoints.open(connection);
  const leases = await PartitionLeases.open(connection);
  const projection = { search, targets: await ensureIndices(search, cluster.prefix) };
  const coordinator = new PartitionCoordinator(leases, { instanceId, partitions, leaseMs }, (partition, onLost) => new PartitionSessionizer(partition, connection, checkpoints, settings, 3, projection, onLost));
  await coordinator.start();
  return { coordinator, connection };
}

async function stopInstance(instance: Instance, how: 'stop' | 'crash'): Promise<void> {
  await (how === 'stop' ? instance.coordinator.stop() : instance.coordinator.crash());
  await instance.connection.close();
}

async function publish(cluster: Cluster, events: Array<DomainEvent<'RequestObserved'>>): Promise<void> {
  await cluster.connection.publish(events.map((event) => ({ subject: cluster.connection.subject(subjects.requestObserved, partitionOf(event.data.sessionKey.hash, partitions)), event })));
}

/** requestId -> sessionId of every projected request, once all of them are there. */
async function assignments(cluster: Cluster, expected: number, timeoutMs = 90_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await search.indices.refresh({ index: `${cluster.prefix}-requests` }).catch(() => undefined);
    const response = await search.search({ index: `${cluster.prefix}-requests`, body: { size: 2000, _source: ['requestId', 'sessionId'], query: { match_all: {} } } }).catch(() => undefined);
    const hits = (response?.body.hits.hits ?? []) as Array<{ _source: { requestId: string; sessionId: string } }>;
    if (hits.length === expected || Date.now() > deadline) return Object.fromEntries(hits.map((hit) => [hit._source.requestId, hit._source.sessionId]));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const sessionCount = (mapping: Record<string, string>) => new Set(Object.values(mapping)).size;

describe('checkpoints as a fence', () => {
  it('refuses the checkpoint of an owner that lost its partition once the next owner has taken it', async () => {
    const cluster = await newCluster('sofence');
    const open = async (name: string) => {
      const connection = await JetStreamConnection.connect({ url: natsUrl, namespace: cluster.namespace, name });
      return { connection, checkpoints: await PartitionCheckpoints.open(connection) };
    };
    const [old, next] = [await open('old'), await open('next')];
    const state = await old.checkpoints.load(0);
    await old.checkpoints.save(0, state);
    // The next owner loads and writes back at once, as PartitionSessionizer.start does.
    await next.checkpoints.save(0, await next.checkpoints.load(0));
    await expect(old.checkpoints.save(0, { ...state, lastPosition: 999 })).rejects.toMatchObject({ code: 'PARTITION_LOST' });
    expect((await next.checkpoints.load(0)).lastPosition).toBe(state.lastPosition);
    for (const { connection } of [old, next]) await connection.close();
  });
});

describe('sessionization instances sharing partitions by lease', () => {
  const events = traffic();
  let oneInstance: Record<string, string>;

  beforeAll(async () => {
    const cluster = await newCluster('so1');
    const single = await startInstance(cluster, 'only');
    expect(single.coordinator.ownedPartitions()).toEqual([0, 1, 2, 3]);
    await publish(cluster, events);
    oneInstance = await assignments(cluster, events.length);
    await stopInstance(single, 'stop');
    expect(Object.keys(oneInstance)).toHaveLength(events.length);
    expect(sessionCount(oneInstance)).toBe(24 + 8); // every third client's pause splits its session
  });

  it('gives with three instances exactly the sessions of one, each instance owning a share', async () => {
    const cluster = await newCluster('so3');
    const instances = [await startInstance(cluster, 'a'), await startInstance(cluster, 'b'), await startInstance(cluster, 'c')];
    await publish(cluster, events.slice(0, 200));
    // Wait for the leases to settle: every partition with its preferred owner.
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    await publish(cluster, events.slice(200));
    const mapping = await assignments(cluster, events.length);
    const owned = instances.map((instance) => instance.coordinator.ownedPartitions());
    for (const instance of instances) await stopInstance(instance, 'stop');
    expect(owned.flat().sort()).toEqual([0, 1, 2, 3]);
    expect(owned.every((partitionsOfOne) => partitionsOfOne.length >= 1)).toBe(true);
    expect(mapping).toEqual(oneInstance);
  });

  it('hands the partitions of an instance that dies to the others without losing or changing anything', async () => {
    const cluster = await newCluster('sox');
    const survivor = await startInstance(cluster, 'survivor');
    const doomed = await startInstance(cluster, 'doomed');
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect(doomed.coordinator.ownedPartitions().length).toBeGreaterThan(0);
    await publish(cluster, events.slice(0, 300));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopInstance(doomed, 'crash');
    await publish(cluster, events.slice(300));
    const mapping = await assignments(cluster, events.length);
    expect(survivor.coordinator.ownedPartitions()).toEqual([0, 1, 2, 3]);
    await stopInstance(survivor, 'stop');
    expect(mapping).toEqual(oneInstance);
  });
});
