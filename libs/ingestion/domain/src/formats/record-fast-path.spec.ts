import { requestRecordSchema } from '@sessionscope/contracts';
import { fastRecord, isIpv4, validRecord } from './record-fast-path';

const base = { timestamp: '2026-11-24T10:00:00.123Z', method: 'GET', url: 'https://shop.example.com/a?b=1', clientIp: '203.0.113.7' };

/** Values around each rule's edges: the fast path must never accept what the schema refuses. */
const variants: Array<Record<string, unknown>> = [
  base,
  { ...base, id: 'x', host: 'h', status: 200, durationMs: 0.5, requestBytes: 0, responseBytes: 10, application: 'shop', requestHeaders: { a: 'b', c: ['d', 'e'] }, responseHeaders: {}, requestBody: '', responseBody: 'x', extra: 1 },
  ...['2026-11-24T10:00:00Z', '2026-11-24T10:00:00+01:00', '2026-11-24T10:00:00.123456789-05:30', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24T10:60:00Z', '2026-11-24T10:00:60Z', '2026-11-24T10:00Z', '2026-11-24T10:00:00', '2026-11-24 10:00:00Z', '2026-11-24T10:00:00+0100', '2026-11-24T10:00:00+24:00', '2026-11-24T10:00:00.Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '+02026-11-24T10:00:00Z'].map((timestamp) => ({ ...base, timestamp })),
  ...['GET', 'get', 'PROPFIND', 'A'.repeat(16), 'A'.repeat(17), 'GE T', 'GET_X', '', 'ÄB'].map((method) => ({ ...base, method })),
  ...['1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '::1', '2001:db8::1', '1.2.3.4 ', 'x', '0.0.0.0', '1..2.3'].map((clientIp) => ({ ...base, clientIp })),
  ...[99, 100, 599, 600, 200.5, '200', Number.NaN].map((status) => ({ ...base, status })),
  ...[-1, 0, 1e9, 1e9 + 1, Number.POSITIVE_INFINITY, '1'].map((durationMs) => ({ ...base, durationMs })),
  ...[-1, 0, 1.5, 2 ** 53, '3'].map((responseBytes) => ({ ...base, responseBytes })),
  ...['', 'x'.repeat(8192), 'x'.repeat(8193), 7].map((url) => ({ ...base, url })),
  ...['', 'a'.repeat(100), 'a'.repeat(101)].map((application) => ({ ...base, application })),
  ...[{ a: 1 }, { a: ['x', 2] }, [], null, 'h', { a: null }].map((requestHeaders) => ({ ...base, requestHeaders })),
  ...['', 'x'.repeat(200), 'x'.repeat(201)].map((id) => ({ ...base, id })),
  { ...base, requestBody: 5 },
  { ...base, host: 'h'.repeat(256) },
];

describe('fastRecord', () => {
  it.each(variants.map((variant) => [JSON.stringify(variant).slice(0, 120), variant]))('given %s, when checked, then it accepts only what the schema accepts, with the same result', (_name, variant) => {
    const fast = fastRecord(variant);
    const schema = requestRecordSchema.safeParse(variant);
    if (fast !== null) {
      expect(schema.success).toBe(true);
      expect(fast).toEqual(schema.data);
    }
  });

  it('given the usual shapes, when checked, then the fast path takes them (it would be useless otherwise)', () => {
    expect(fastRecord(base)).toEqual(base);
    expect(fastRecord(variants[1])).not.toBeNull();
    expect(fastRecord({ ...base, timestamp: '2026-11-24T10:00:00+01:00' })).not.toBeNull();
  });

  it('given an IPv6 client, when validated, then the schema takes it', () => {
    expect(validRecord({ ...base, clientIp: '2001:db8::1' })).toMatchObject({ clientIp: '2001:db8::1' });
    expect(() => validRecord({ ...base, clientIp: 'nope' })).toThrow('not an IPv4 or IPv6 address');
  });

  it.each([
    ['1.2.3.4', true],
    ['0.0.0.0', true],
    ['1.2.3.04', false],
    ['1.2.3.256', false],
    ['1.2.3.', false],
  ])('isIpv4(%s) is %s', (text, expected) => {
    expect(isIpv4(text)).toBe(expected);
  });
});
