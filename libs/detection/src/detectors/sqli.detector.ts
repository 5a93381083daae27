import { analyzeSqlInjection } from '../sql/analysis';
import type { Detector, Paranoia } from '../types';

/** Lowest shape score reported at each paranoia level (shape scores in `sql/analysis.ts`). */
const minimumScore: Record<Paranoia, number> = { 1: 0.8, 2: 0.7, 3: 0.55, 4: 0.45 };

/** Characters of context kept before the injected SQL in a hit's payload. */
const leadingContextChars = 16;
const maxPayloadChars = 200;

/**
 * SQL injection: the value is read in every context it could sit in a query (single- or double-quoted
 * string, backtick name, bare number, whole expression) and the tokens after the break-out are scored
 * by the injection shape they form (`sql/analysis.ts`).
 */
export const sqliDetector: Detector = {
  name: 'sqli',
  type: 'sqli',
  inspect(value, options) {
    const finding = analyzeSqlInjection(value.value);
    if (finding === null || finding.score < minimumScore[options.paranoia]) return null;
    const from = Math.max(0, finding.offset - leadingContextChars);
    return {
      type: 'sqli',
      point: value.point,
      payload: value.value.slice(from, from + maxPayloadChars),
      score: finding.score,
      detector: `sqli/${finding.shape}`,
    };
  },
};
