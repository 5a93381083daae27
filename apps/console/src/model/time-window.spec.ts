import { fromUtcInputValue, matchingPreset, presetWindow, toUtcInputValue, windowProblem } from './time-window';

describe('time windows', () => {
  it('turns a preset into an absolute window ending at the next whole minute', () => {
    // given 10:07:31.5 UTC
    const nowMs = Date.parse('2026-11-24T10:07:31.500Z');
    // when the last 15 minutes and the last week are chosen
    // then both end at 10:08 and start their length earlier
    expect(presetWindow('15m', nowMs)).toEqual({ from: '2026-11-24T09:53:00.000Z', to: '2026-11-24T10:08:00.000Z' });
    expect(presetWindow('7d', nowMs)).toEqual({ from: '2026-11-17T10:08:00.000Z', to: '2026-11-24T10:08:00.000Z' });
    expect(matchingPreset(presetWindow('1h', nowMs))).toBe('1h');
    expect(matchingPreset({ from: '2026-11-24T10:00:00Z', to: '2026-11-24T10:20:00Z' })).toBeNull();
    expect(matchingPreset({ from: null, to: '2026-11-24T10:20:00Z' })).toBeNull();
  });

  it('reads and writes datetime-local inputs as UTC, refusing impossible dates', () => {
    expect(toUtcInputValue('2026-11-24T10:15:00.000Z')).toBe('2026-11-24T10:15:00');
    expect(toUtcInputValue(null)).toBe('');
    expect(fromUtcInputValue('2026-11-24T10:15')).toBe('2026-11-24T10:15:00.000Z');
    expect(fromUtcInputValue('2026-11-24T10:15:30')).toBe('2026-11-24T10:15:30.000Z');
    expect(fromUtcInputValue('2026-04-31T10:15')).toBeNull();
    expect(fromUtcInputValue('')).toBeNull();
    expect(fromUtcInputValue('yesterday')).toBeNull();
  });

  it('refuses a window whose start is not before its end', () => {
    expect(windowProblem({ from: '2026-11-24T10:00:00Z', to: '2026-11-24T10:00:00Z' })).toBe('"From" must be before "To".');
    expect(windowProblem({ from: '2026-11-24T10:00:00Z', to: null })).toBeNull();
  });
});
