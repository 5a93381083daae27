import { INestApplication } from '@nestjs/common';
import { createEvent, DomainEvent, ObservedRequest, subjects } from '@sessionscope/contracts';
import { goldenObservedRequest } from '@sessionscope/contracts/testing';
import { JetStreamConnection, partitionOf, readStoredEvents } from '@sessionscope/messaging';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { createSearchClient, deleteAllIndices, SearchClient } from '@sessionscope/search';
import { loadConfig } from '@sessionscope/shared/config';
import { sessionizationConfigSchema } from './config';
import { createSessionizationApp } from './main';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const partitions = 4;

function observed(index: number, clientKey: string, at: Date): DomainEvent<'RequestObserved'> {
  const request: ObservedRequest = { ...goldenObservedRequest(), id: `req-${index}`, timestamp: at.toISOString(), clientIp: `198.51.100.${clientKey.length}` };
  return createEvent('RequestObserved', { request, sessionKey: { point: 'ip+user-agent', hash: clientKey } }, { id: `req:default:req-${index}`, tenant: 'default', correlationId: 'int-test', occurredAt: at.toISOString() });
}

/** 30 clients, 20 requests each, one minute apart; clients with an even number pause 45 minutes half-way. */
function traffic(): Array<DomainEvent<'RequestObserved'>> {
  const events: Array<DomainEvent<'RequestObserved'>> = [];
  const start = Date.parse('2026-11-20T08:00:00.000Z');
  let index = 0;
  for (let step = 0; step < 20; step++) {
    for (let client = 0; client < 30; client++) {
      const pauseMs = client % 2 === 0 && step >= 10 ? 45 * 60_000 : 0;
      events.push(observed(index++, `client-${client}`, new Date(start + step * 60_000 + pauseMs)));
    }
  }
  // Traffic arrives in time order, as it does from a real capture.
  return events.sort((a, b) => a.data.request.timestamp.localeCompare(b.data.request.timestamp));
}

const expectedSessions = 30 + 15; // every even client's pause splits its session in two

describe('sessionization service against real NATS and OpenSearch', () => {
  const namespace = uniqueNamespace('sz');
  let connection: JetStreamConnection;
  let search: SearchClient;
  const config = loadConfig(sessionizationConfigSchema, {
    NATS_URL: natsUrl,
    OPENSEARCH_URL: openSearchUrl,
    SESSIONSCOPE_NAMESPACE: namespace,
    SESSIONSCOPE_INDEX_PREFIX: namespace,
    SESSIONSCOPE_PARTITIONS: String(partitions),
    SESSIONIZATION_BATCH_SIZE: '2',
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    connection = await JetStreamConnection.connect({ url: natsUrl, namespace, name: 'test' });
    await connection.ensureStreams();
    search = createSearchClient(openSearchUrl);
  });

  afterAll(async () => {
    await connection.deleteNamespace();
    await connection.close();
    await deleteAllIndices(search, namespace);
    await search.close();
  });

  async function publish(events: Array<DomainEvent<'RequestObserved'>>) {
    await connection.publish(events.map((event) => ({ subject: connection.subject(subjects.requestObserved, partitionOf(event.data.sessionKey.hash, partitions)), event })));
  }

  async function countWhenSettled(index: string, expected: number, timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let count = -1;
    while (Date.now() < deadline) {
      await search.indices.refresh({ index }).catch(() => undefined);
      const response = await search.count({ index }).catch(() => undefined);
      count = response?.body.count ?? -1;
      if (count === expected) return count;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return count;
  }

  it('loses and duplicates nothing when the service is stopped in the middle of the traffic and started again', async () => {
    const events = traffic();
    let app: INestApplication = await createSessionizationApp(config);
    await app.init();
    await publish(events.slice(0, 300));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await app.close();

    await publish(events.slice(300));
    app = await createSessionizationApp(config);
    await app.init();
    try {
      expect(await countWhenSettled(`${namespace}-requests`, events.length)).toBe(events.length);
      expect(await countWhenSettled(`${namespace}-sessions`, expectedSessions)).toBe(expectedSessions);
      const sessions = await search.search({ index: `${namespace}-sessions`, body: { size: 100, query: { match_all: {} } } });
      const counts = sessions.body.hits.hits.map((hit) => (hit._source as { requestCount: number }).requestCount);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(events.length);
      expect(counts.filter((count) => count === 10)).toHaveLength(30);
      expect(counts.filter((count) => count === 20)).toHaveLength(15);
      // The last requests of each partition waited the hold time without new traffic: a tick is in each partition's stream.
      const ticked = new Set<number>();
      for await (const { events: stored } of readStoredEvents(connection, { stream: 'traffic', filterSubject: connection.subject(`${subjects.requestObserved}.>`) })) {
        for (const { event } of stored) if (event.type === 'ReorderHoldExpired') ticked.add(event.data.partition);
      }
      expect(ticked.size).toBe(partitions);
    } finally {
      await app.close();
    }
  }, 120_000);
});
