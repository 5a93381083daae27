import { createEvent, ObservedRequest, SessionSnapshot } from '@sessionscope/contracts';
import { goldenObservedRequest } from '@sessionscope/contracts/testing';
import { uniqueNamespace } from '@sessionscope/messaging/testing';
import { aliasName } from './index-names';
import { describeRefusedDocuments, ProjectableEvent, projectEvents } from './projection';
import { rebuildProjections } from './rebuild';
import { aliasTargets, createSearchClient, deleteAllIndices, ensureIndices, refresh } from './search-client';

const openSearchUrl = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const meta = (id: string) => ({ id, tenant: 'default', correlationId: 'test', occurredAt: '2026-11-24T10:00:00.000Z' });

function snapshot(overrides: Partial<SessionSnapshot>): SessionSnapshot {
  return {
    sessionId: 's-1', revision: 1, tenant: 'default', application: 'shop', keyPoint: 'ip', status: 'open', closeReason: null,
    firstSeen: '2026-11-24T10:00:00.000Z', lastSeen: '2026-11-24T10:00:00.000Z', requestCount: 1, clientIps: ['203.0.113.7'],
    userAgents: [], hosts: ['shop.example.com'], user: null, previousPartId: null, ...overrides,
  };
}
const request = (id: string): ObservedRequest => ({ ...goldenObservedRequest(), id });

const events: ProjectableEvent[] = [
  createEvent('RequestAssignedToSession', { sessionId: 's-1', request: request('a') }, meta('assigned:a')),
  createEvent('RequestAssignedToSession', { sessionId: 's-1', request: request('b') }, meta('assigned:b')),
  createEvent('SessionUpdated', { session: snapshot({ revision: 2, requestCount: 2 }) }, meta('session:s-1:2')),
  // An older snapshot that arrives late must not overwrite the newer one.
  createEvent('SessionOpened', { session: snapshot({ revision: 1, requestCount: 1 }) }, meta('session:s-1:1')),
];

describe('projection and rebuild against the real OpenSearch', () => {
  const client = createSearchClient(openSearchUrl);
  const prefix = uniqueNamespace('search');

  afterAll(async () => {
    await deleteAllIndices(client, prefix);
    await client.close();
  });

  async function contents() {
    const targets = aliasTargets(prefix);
    await refresh(client, targets);
    const read = async (index: string) => (await client.search({ index, body: { size: 100, sort: [{ _id: 'asc' }] } })).body.hits.hits.map((hit) => ({ id: hit._id, source: hit._source }));
    return { requests: await read(targets.requests), sessions: await read(targets.sessions) };
  }

  it('keeps the newest session snapshot and rebuilds identical content behind the aliases', async () => {
    const targets = await ensureIndices(client, prefix);
    expect(await projectEvents(client, targets, events)).toEqual({ written: 3, stale: 1, refused: [] });
    const before = await contents();
    expect(before.sessions).toEqual([{ id: 'default:s-1', source: expect.objectContaining({ revision: 2, requestCount: 2 }) }]);
    expect(before.requests.map((hit) => hit.id)).toEqual(['default:a', 'default:b']);

    async function* batches(fromSequence: number) {
      if (fromSequence <= events.length) yield { events: events.slice(fromSequence - 1), lastSequence: events.length, endSequence: events.length };
    }
    const report = await rebuildProjections(client, prefix, 'rebuilt', batches);

    expect(report.removedIndices).toEqual([`${aliasName(prefix, 'requests')}-v1-g0`, `${aliasName(prefix, 'sessions')}-v1-g0`]);
    expect(await contents()).toEqual(before);
    const aliases = await client.indices.getAlias({ name: aliasName(prefix, 'sessions') });
    expect(Object.keys(aliases.body)).toEqual([`${aliasName(prefix, 'sessions')}-v1-rebuilt`]);
  });
  it('writes the rest of a batch and reports a document OpenSearch refuses for good, instead of failing the batch', async () => {
    const targets = aliasTargets(prefix);
    // No record that passes the contracts makes such a document today; a mapping changed by hand would.
    const refusedRequest = { ...request('refused'), status: 'not-a-number' } as unknown as ObservedRequest;
    const batch: ProjectableEvent[] = [
      createEvent('RequestAssignedToSession', { sessionId: 's-2', request: request('c') }, meta('assigned:c')),
      createEvent('RequestAssignedToSession', { sessionId: 's-2', request: refusedRequest }, meta('assigned:refused')),
      createEvent('RequestAssignedToSession', { sessionId: 's-2', request: request('d') }, meta('assigned:d')),
    ];
    const result = await projectEvents(client, targets, batch);
    expect(result).toMatchObject({ written: 2, stale: 0, refused: [{ id: 'default:refused', reason: expect.stringContaining('mapper_parsing_exception') }] });
    expect(result.refused[0].index).toContain(aliasName(prefix, 'requests'));
    expect((await contents()).requests.map((hit) => hit.id)).toEqual(expect.arrayContaining(['default:c', 'default:d']));
    expect(describeRefusedDocuments(result.refused)).toMatch(/^OpenSearch refused 1 document\(s\) for good: .*default:refused: mapper_parsing_exception/);
  });
});
