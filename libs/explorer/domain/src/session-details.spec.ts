import { toSessionDetails } from './session-details';
import { aSessionSnapshot, someSessionStats } from './testing/explorer.builders';

describe('toSessionDetails', () => {
  it('shows in-filter values next to the whole session', () => {
    // given
    const session = aSessionSnapshot({ sessionId: 's-1', requestCount: 10, clientIps: ['203.0.113.7', '198.51.100.1'] });
    // when
    const details = toSessionDetails('s-1', session, someSessionStats({ requestCount: 2 }));
    // then
    expect(details).toMatchObject({ id: 's-1', requestCount: 2, clientIps: ['203.0.113.7'], user: 'alice', status: 'closed', closeReason: 'idle' });
    expect(details.wholeSession).toEqual({
      firstSeen: '2026-11-24T09:00:00.000Z',
      lastSeen: '2026-11-24T11:00:00.000Z',
      requestCount: 10,
      clientIps: ['203.0.113.7', '198.51.100.1'],
      userAgents: ['Mozilla/5.0'],
      hosts: ['shop.example.com'],
    });
  });

  it('gives zero in-filter counts, not a 404, when no request matches the filters', () => {
    const details = toSessionDetails('s-1', aSessionSnapshot(), undefined);
    expect(details).toMatchObject({ firstSeen: null, lastSeen: null, requestCount: 0, clientIps: [], endpointCount: 0, topEndpoints: [] });
  });

  it('answers SESSION_NOT_FOUND without a session document', () => {
    expect(() => toSessionDetails('s-404', undefined, someSessionStats())).toThrow(expect.objectContaining({ kind: 'not-found', code: 'SESSION_NOT_FOUND', details: [{ field: 'id', message: '"s-404" does not exist' }] }));
  });
});
