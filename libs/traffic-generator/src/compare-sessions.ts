/**
 * Compares two groupings of the same requests into sessions, each given as one session label per
 * request (index i of both lists is the same request). Labels need not match, only the grouping: two
 * groupings agree when the requests of each session of one are exactly those of a session of the other.
 */
export type SessionComparison = {
  requests: number;
  expectedSessions: number;
  actualSessions: number;
  /** Requests whose actual session is not exactly their expected session. */
  misplacedRequests: number;
  /** Expected sessions with at least one misplaced request. */
  differingSessions: number;
  /** A few differing sessions, to look at: the expected label and the actual labels of its requests. */
  examples: { expected: string; actual: string[] }[];
};

/** Each request's session, named by the index of the session's first request: equal names mean the same grouping. */
function firstMemberOf(labels: ArrayLike<string>): Int32Array {
  const first = new Map<string, number>();
  const names = new Int32Array(labels.length);
  for (let index = 0; index < labels.length; index++) {
    let name = first.get(labels[index]);
    if (name === undefined) {
      name = index;
      first.set(labels[index], index);
    }
    names[index] = name;
  }
  return names;
}

function countDistinct(labels: ArrayLike<string>): number {
  const seen = new Set<string>();
  for (let index = 0; index < labels.length; index++) seen.add(labels[index]);
  return seen.size;
}

export function compareSessions(expected: ArrayLike<string>, actual: ArrayLike<string>, maxExamples = 5): SessionComparison {
  if (expected.length !== actual.length) throw new RangeError(`both groupings must label the same requests: ${expected.length} expected labels, ${actual.length} actual`);
  const expectedNames = firstMemberOf(expected);
  const actualNames = firstMemberOf(actual);
  const differing = new Map<string, Set<string>>();
  let misplacedRequests = 0;
  for (let index = 0; index < expected.length; index++) {
    if (expectedNames[index] === actualNames[index]) continue;
    misplacedRequests++;
    differing.set(expected[index], new Set());
  }
  // A request can be misplaced without its own expected session's first member being so: collect all labels of a differing session.
  for (let index = 0; index < expected.length; index++) differing.get(expected[index])?.add(actual[index]);
  return {
    requests: expected.length,
    expectedSessions: countDistinct(expected),
    actualSessions: countDistinct(actual),
    misplacedRequests,
    differingSessions: differing.size,
    examples: [...differing.entries()].slice(0, maxExamples).map(([label, actualLabels]) => ({ expected: label, actual: [...actualLabels] })),
  };
}
