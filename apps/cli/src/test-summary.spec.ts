import { addUpJestTotals, formatTotals } from './test-summary';

describe('addUpJestTotals', () => {
  it('adds up every jest run of an nx stream, prefixes and colours included', () => {
    const totals = addUpJestTotals([
      'stack:  Test Suites: 3 passed, 3 total',
      'stack:  Tests:       14 passed, 14 total',
      '\u001b[2mcli:\u001b[22m  \u001b[1mTests:\u001b[22m       \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m, 2 skipped, 11 passed, 14 total',
      'contracts: Tests:       1 todo, 4 passed, 5 total',
      'nothing to see: Tests are great',
    ]);

    expect(totals).toEqual({ passed: 29, failed: 1, skipped: 3, reports: 3 });
    expect(formatTotals(totals)).toBe('tests: 29 passed, 1 failed, 3 skipped');
  });

  it('finds nothing in output without a jest summary', () => {
    expect(addUpJestTotals(['> nx run cli:lint', 'Successfully ran target lint'])).toEqual({ passed: 0, failed: 0, skipped: 0, reports: 0 });
  });
});
