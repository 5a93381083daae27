import { compareSessions } from './compare-sessions';

describe('compareSessions', () => {
  it('finds two groupings with other labels but the same sessions equal', () => {
    // given
    const expected = ['a', 'a', 'b', 'c', 'b'];
    const actual = ['s1', 's1', 's2', 's3', 's2'];
    // when
    const comparison = compareSessions(expected, actual);
    // then
    expect(comparison).toMatchObject({ requests: 5, expectedSessions: 3, actualSessions: 3, misplacedRequests: 0, differingSessions: 0, examples: [] });
  });

  it('counts the requests of a session split in two', () => {
    // given session b, split by the actual grouping
    const comparison = compareSessions(['a', 'b', 'b', 'b'], ['x', 'y', 'y', 'z']);
    // then
    expect(comparison).toMatchObject({ expectedSessions: 2, actualSessions: 3, misplacedRequests: 1, differingSessions: 1 });
    expect(comparison.examples).toEqual([{ expected: 'b', actual: ['y', 'z'] }]);
  });

  it('counts the requests of two sessions merged into one', () => {
    const comparison = compareSessions(['a', 'a', 'b', 'b'], ['x', 'x', 'x', 'x']);
    expect(comparison).toMatchObject({ actualSessions: 1, misplacedRequests: 2, differingSessions: 1 });
  });

  it('refuses groupings of different requests', () => {
    expect(() => compareSessions(['a'], ['a', 'b'])).toThrow('both groupings must label the same requests');
  });
});
