import { formatCount, formatDurationMs, formatRange, formatShare, formatTime, plural, requestUri, spanMs } from './format';

describe('formatting', () => {
  it('shows times in UTC to the millisecond', () => {
    expect(formatTime('2026-11-24T10:00:00.123Z')).toBe('2026-11-24 10:00:00.123');
    expect(formatTime(null)).toBe('—');
  });

  it('gives durations their unit at a readable scale', () => {
    expect(formatDurationMs(12.5)).toBe('12.5 ms');
    expect(formatDurationMs(999)).toBe('999 ms');
    expect(formatDurationMs(4_200)).toBe('4.2 s');
    expect(formatDurationMs(42_000)).toBe('42 s');
    expect(formatDurationMs(20 * 60_000 + 5_000)).toBe('20 min 05 s');
    expect(formatDurationMs(3 * 3_600_000 + 4 * 60_000)).toBe('3 h 04 min');
    expect(formatDurationMs(null)).toBe('—');
    expect(spanMs('2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z')).toBe(1_800_000);
  });

  it('shows counts grouped and shares as percentages', () => {
    expect(formatCount(100000)).toBe('100,000');
    expect(formatShare(0.75)).toBe('75 %');
    expect(formatShare(0.0525)).toBe('5.3 %');
    expect(formatShare(0.0001)).toBe('<0.1 %');
    expect(formatShare(0)).toBe('0 %');
  });

  it('rebuilds the URI of a request', () => {
    expect(requestUri({ scheme: 'https', host: 'shop.example.com', path: '/search', query: 'q=1' })).toBe('https://shop.example.com/search?q=1');
    expect(requestUri({ scheme: 'http', host: 'h', path: '/', query: '' })).toBe('http://h/');
  });

  it('writes ranges without repeating the day, and plurals', () => {
    expect(formatRange('2026-11-24T10:00:00Z', '2026-11-24T10:50:00.500Z')).toBe('2026-11-24 10:00:00 → 10:50:00');
    expect(formatRange('2026-11-24T23:50:00Z', '2026-11-25T00:10:00Z')).toBe('2026-11-24 23:50:00 → 2026-11-25 00:10:00');
    expect(plural(1, 'request')).toBe('1 request');
    expect(plural(1200, 'request')).toBe('1,200 requests');
  });
});
