import { exampleSessionConfig, keyChainSchema, sessionConfigSchema } from './session-config';

const productExample = exampleSessionConfig;

function problemsOf(input: unknown): Array<{ field: string; message: string }> {
  const result = sessionConfigSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

describe('session configuration of an application', () => {
  it('accepts the example of the product definition unchanged', () => {
    expect(sessionConfigSchema.parse(productExample)).toEqual(productExample);
  });

  it('fills the default idle gap (30 min), maximum length (24 h), user and roles', () => {
    const config = sessionConfigSchema.parse({ keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }] });
    expect(config).toEqual({
      keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }],
      user: null,
      roles: null,
      idleTimeoutMs: 1_800_000,
      maxSessionMs: 86_400_000,
    });
  });

  it.each([
    ['an empty chain', { keyChain: [] }, 'keyChain', /at least one point/],
    ['a missing chain', {}, 'keyChain', /expected array/],
    ['a gap of zero', { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], idleTimeoutMs: 0 }, 'idleTimeoutMs', /at least 1000 ms/],
    ['a fractional gap', { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], idleTimeoutMs: 1500.5 }, 'idleTimeoutMs', /whole number of milliseconds/],
    ['a gap given as text', { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], idleTimeoutMs: '30m' }, 'idleTimeoutMs', /expected number/],
    [
      'a maximum length shorter than the idle gap',
      { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], idleTimeoutMs: 3_600_000, maxSessionMs: 600_000 },
      'maxSessionMs',
      /at least idleTimeoutMs \(3600000 ms\)/,
    ],
    ['a body point without a path', { keyChain: [{ source: 'response', in: 'body' }] }, 'keyChain.0.path', /needs a dotted `path`/],
    ['a body path with an empty segment', { keyChain: [{ source: 'response', in: 'body', path: 'data..token' }] }, 'keyChain.0.path', /empty segment/],
    ['a body point with a name', { keyChain: [{ source: 'response', in: 'body', path: 'token', name: 'token' }] }, 'keyChain.0.name', /addressed by `path`/],
    ['a header point without a name', { keyChain: [{ source: 'request', in: 'header' }] }, 'keyChain.0.name', /a header point needs a `name`/],
    ['a cookie name with a space', { keyChain: [{ source: 'request', in: 'cookie', name: 'my session' }] }, 'keyChain.0.name', /not a valid cookie name/],
    ['a path on a query point', { keyChain: [{ source: 'request', in: 'query', name: 'token', path: 'a.b' }] }, 'keyChain.0.path', /only for body points/],
    ['an unknown location', { keyChain: [{ source: 'request', in: 'url', name: 'token' }] }, 'keyChain.0.in', /header.*cookie.*query.*body/],
    ['an unknown source', { keyChain: [{ source: 'upstream', in: 'header', name: 'x' }] }, 'keyChain.0.source', /request.*response/],
    ['a misspelt field', { keyChain: [{ source: 'request', in: 'header', name: 'authorization', jwt_claim: 'sub' }] }, 'keyChain.0', /jwt_claim/],
    ['an empty claim', { keyChain: [{ source: 'request', in: 'header', name: 'authorization', jwtClaim: '' }] }, 'keyChain.0.jwtClaim', /too small/i],
    [
      'a point repeated (header names differ only in case)',
      { keyChain: [{ source: 'request', in: 'header', name: 'X-Session' }, { source: 'request', in: 'header', name: 'x-session' }] },
      'keyChain.1',
      /repeats point 0/,
    ],
    ['a user point without a name', { keyChain: [{ source: 'request', in: 'cookie', name: 'sid' }], user: { source: 'request', in: 'header' } }, 'user.name', /needs a `name`/],
  ])('rejects %s, naming the field', (_case, input, field, message) => {
    const problems = problemsOf(input);
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('lists the problems of several points at once', () => {
    const problems = problemsOf({
      keyChain: [
        { source: 'request', in: 'header' },
        { source: 'request', in: 'cookie', name: 'sid' },
        { source: 'response', in: 'body' },
      ],
    });
    expect(problems.map(({ field }) => field)).toEqual(['keyChain.0.name', 'keyChain.2.path']);
  });

  it('allows an empty chain where a deployment means "fallbacks only"', () => {
    expect(keyChainSchema.parse([])).toEqual([]);
  });
});
