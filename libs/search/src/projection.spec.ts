import { describeRefusedDocuments, readBulkItems } from './projection';

const item = (status: number, type?: string) => ({ index: { _index: 'sessionscope-requests-v1-g0', _id: `default:r${status}`, status, ...(type ? { error: { type, reason: `reason of ${type}` } } : {}) } });

describe('reading a _bulk answer', () => {
  it('counts written documents and older session snapshots apart', () => {
    expect(readBulkItems([item(201), item(200), item(409, 'version_conflict_engine_exception')])).toEqual({ written: 2, stale: 1, refused: [], retryable: null });
  });

  it('reports a document refused for good (400) by index, id and reason, beside the written ones', () => {
    const result = readBulkItems([item(201), item(400, 'mapper_parsing_exception')]);
    expect(result).toEqual({ written: 1, stale: 0, refused: [{ index: 'sessionscope-requests-v1-g0', id: 'default:r400', reason: 'mapper_parsing_exception: reason of mapper_parsing_exception' }], retryable: null });
  });

  it.each([
    [429, 'es_rejected_execution_exception'],
    [503, 'unavailable_shards_exception'],
    [403, 'cluster_block_exception'],
    [404, 'index_not_found_exception'],
  ])('says that a %i %s is one that a later write gets past', (status, type) => {
    const result = readBulkItems([item(201), item(400, 'mapper_parsing_exception'), item(status, type), item(503, 'second')]);
    expect(result.retryable).toMatchObject({ status, error: { type } });
    expect(result.written).toBe(1);
  });

  it('describes refused documents in one line: the first few, how many more, and what to do', () => {
    const refused = Array.from({ length: 5 }, (_, index) => ({ index: 'requests', id: `default:r${index}`, reason: 'mapper_parsing_exception: bad' }));
    const line = describeRefusedDocuments(refused);
    expect(line).toMatch(/^OpenSearch refused 5 document\(s\) for good: requests\/default:r0: mapper_parsing_exception: bad; .*requests\/default:r2: .*; and 2 more\./);
    expect(line).toContain('sessionscope replay --projections');
    expect(line).not.toContain('default:r3');
  });
});
