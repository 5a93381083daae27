import { observeTraffic } from './observe-traffic';

const record = (overrides: Record<string, unknown>) =>
  JSON.stringify({ timestamp: '2026-11-24T10:00:00Z', method: 'GET', url: 'https://shop.example.com/a', clientIp: '203.0.113.7', ...overrides });

function observe(lines: string[]) {
  let id = 0;
  return [
    ...observeTraffic(
      new TextEncoder().encode(lines.join('\n')),
      { format: 'ndjson', tenant: 'default', maxLineBytes: 1 << 20, sessionPointsOf: () => ({ keyChain: [], user: null, roles: null }), secret: 'a-secret-of-16-chars', paranoiaOf: () => 1 },
      { newId: () => `id-${++id}`, now: '2026-11-24T12:00:00.000Z', correlationId: 'test' },
    ),
  ];
}

describe('implausible input that would corrupt sessions or the index', () => {
  it('refuses a request time more than a day after receipt, and one before 1990, keeping the lines beside them', () => {
    const lines = observe([record({}), record({ timestamp: '2099-01-01T00:00:00Z' }), record({ timestamp: '0000-01-01T00:00:00+01:00' }), record({ timestamp: '2026-11-25T11:00:00Z' })]);
    expect(lines.map((line) => line.ok)).toEqual([true, false, false, true]);
    expect(lines[1]).toEqual({ ok: false, rejection: { line: 2, field: 'timestamp', message: expect.stringMatching(/more than 24 hours after the time of receipt/) } });
    expect(lines[2]).toEqual({ ok: false, rejection: { line: 3, field: 'timestamp', message: expect.stringMatching(/before 1990/) } });
  });

  it('refuses a host longer than a host name can be', () => {
    const [line] = observe([record({ url: `https://${'a'.repeat(300)}.example/` })]);
    expect(line).toEqual({ ok: false, rejection: { line: 1, field: 'url', message: expect.stringMatching(/over the 261 a host name may have/) } });
  });

  it('refuses a duration no index can hold', () => {
    const [line] = observe([record({ durationMs: 1e300 })]);
    expect(line).toEqual({ ok: false, rejection: { line: 1, field: 'durationMs', message: expect.stringMatching(/at most 1e9 ms/) } });
  });

  it('refuses headers larger than one event can carry, keeping the records beside them', () => {
    const lines = observe([record({}), record({ responseHeaders: { 'x-padding': 'p'.repeat(300 * 1024) } }), record({})]);
    expect(lines.map((line) => line.ok)).toEqual([true, false, true]);
    expect(lines[1]).toEqual({ ok: false, rejection: { line: 2, field: 'responseHeaders', message: expect.stringMatching(/over the 262144 a request record may carry/) } });
  });
});
