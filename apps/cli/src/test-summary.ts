export type TestTotals = { passed: number; failed: number; skipped: number; reports: number };

// eslint-disable-next-line no-control-regex
const ansiEscape = /\u001b\[[0-9;]*m/g;

/**
 * Adds up the `Tests:` lines that each jest run prints (`Tests: 1 failed, 2 skipped, 11 passed, 14 total`),
 * whatever prefix nx's stream output puts before them. Skipped includes todo.
 */
export function addUpJestTotals(lines: Iterable<string>): TestTotals {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0, reports: 0 };
  for (const raw of lines) {
    const match = /\bTests:\s+(.*\d+ total)\s*$/.exec(raw.replace(ansiEscape, ''));
    if (!match) continue;
    totals.reports += 1;
    for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
      totals[kind === 'todo' ? 'skipped' : (kind as 'passed' | 'failed' | 'skipped')] += Number(count);
    }
  }
  return totals;
}

/** The one closing line CI reads: `tests: N passed, N failed, N skipped`. */
export function formatTotals(totals: TestTotals): string {
  return `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}
