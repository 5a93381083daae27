import { crsRulesOfOtherTypes, placements, rate, type PayloadSummary, type Tally } from '@sessionscope/detection';
import type { LevelReport } from './detection-evaluation';

/** `97.3% (350/360)`, two decimals below 1% (false positive rates); `n/a` when there was nothing to count. */
export function formatTally(tally: Tally): string {
  const share = rate(tally);
  if (share === null) return 'n/a';
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)}% (${tally.detected}/${tally.total})`;
}

const placementNames = { query: 'query ?q=', json: 'JSON body {"q"}' } as const;

/** The tables of one paranoia level, as lines for a person to read. */
export function formatLevelReport(report: LevelReport, options: { targetRecall: number; maxFprPayloads: number; maxFprApache: number }): string[] {
  const lines: string[] = [`== paranoia ${report.paranoia} ==`];
  const mark = (share: number | null, ok: boolean) => (share === null ? '' : ok ? '  ok' : '  BELOW TARGET');
  if (report.crs) {
    lines.push('', `CRS regression suite: positives of tests at paranoia <= ${report.paranoia}`);
    lines.push(`  ${'class'.padEnd(22)} ${'counted as found by'.padEnd(20)} ${'recall'.padEnd(22)} ${'any hit'.padEnd(22)} strict (class type only)`);
    const otherTypes = Object.entries(crsRulesOfOtherTypes);
    for (const { crsClass, typed, strict, anyHit } of report.crs.classes) {
      if (typed.total === 0) continue;
      const share = rate(typed);
      const also = otherTypes.filter(([rule]) => rule.startsWith(crsClass.code)).map(([rule, { types }]) => `${rule}: ${types.join(', ')}`);
      const foundBy = `${crsClass.type ?? 'any type'}${also.length > 0 ? ` (${also.join('; ')})` : ''}`;
      lines.push(
        `  ${`${crsClass.code} ${crsClass.name}`.padEnd(22)} ${foundBy.padEnd(20)} ${formatTally(typed).padEnd(22)} ${formatTally(anyHit).padEnd(22)} ${formatTally(strict)}` +
          // The issue sets the recall target on the paranoia-1 positives; other levels are reported as they are.
          (!crsClass.target ? '  (no target)' : report.paranoia === 1 ? mark(share, share !== null && share >= options.targetRecall) : ''),
      );
    }
    lines.push(
      `  ${'target classes'.padEnd(22)} ${''.padEnd(20)} ${formatTally(report.crs.typed).padEnd(22)} ${formatTally(report.crs.anyHit).padEnd(22)} ${formatTally(report.crs.strict)}`,
    );
    for (const [rule, { why }] of otherTypes) lines.push(`  (${rule}) ${why}`);
  }
  if (report.payloads) {
    const payloads = report.payloads;
    lines.push('', 'payload_train.csv: each value as a query parameter and as a JSON body field');
    lines.push(`  ${'label'.padEnd(22)} ${'found by'.padEnd(20)} ${placements.map((placement) => placementNames[placement].padEnd(22)).join(' ')}`);
    for (const [index, { label, type }] of payloads.query.labels.entries()) {
      const cells = placements.map((placement) => {
        const { typed } = payloads[placement].labels[index];
        const share = rate(typed);
        return `${formatTally(typed)}${share !== null && share < options.targetRecall ? ' !' : ''}`.padEnd(22);
      });
      lines.push(`  ${label.padEnd(22)} ${type.padEnd(20)} ${cells.join(' ')}`);
    }
    const fpCells = placements.map((placement) => {
      const share = rate(payloads[placement].normFlagged);
      return `${formatTally(payloads[placement].normFlagged)}${share !== null && share > options.maxFprPayloads ? ' !' : ''}`.padEnd(22);
    });
    lines.push(`  ${'norm flagged (FP)'.padEnd(22)} ${'any hit'.padEnd(20)} ${fpCells.join(' ')}`);
    lines.push(`  (! marks a recall below ${percent(options.targetRecall)} or a false positive rate above ${percent(options.maxFprPayloads)})`);
  }
  if (report.apache) {
    const share = rate(report.apache.flagged);
    lines.push('', `apache_logs.log: requests flagged (false positives) ${formatTally(report.apache.flagged)}${mark(share, share !== null && share <= options.maxFprApache)}`);
    if (report.apache.byDetector.length > 0) {
      lines.push(`  by detector: ${report.apache.byDetector.map(({ detector, requests }) => `${detector} ${requests}`).join(', ')}`);
      lines.push('  top flagged lines, to judge by eye:');
      for (const { line, text, hits } of report.apache.top) {
        lines.push(`    line ${line}: ${clip(text, 160)}`);
        for (const hit of hits) lines.push(`      ${hit.type} at ${hit.point} by ${hit.detector} (score ${hit.score}): ${JSON.stringify(clip(hit.payload, 100))}`);
      }
    }
  }
  if (report.throughput) {
    const { recordsPerSecond, records, elapsedMs, passes, recordsPerCpuSecond } = report.throughput;
    lines.push(
      '',
      `throughput: ${Math.round(recordsPerSecond).toLocaleString('en-US')} records/s on one core ` +
        `(${records.toLocaleString('en-US')} records, ${passes} passes in ${(elapsedMs / 1000).toFixed(1)} s, after a warm-up pass)`,
    );
    if (recordsPerCpuSecond !== undefined) {
      lines.push(`  by CPU time of this process: ${Math.round(recordsPerCpuSecond).toLocaleString('en-US')} records/s (other load on the machine does not lower it; garbage collection threads count)`);
    }
  }
  if (report.engineErrors.count > 0) {
    lines.push('', `detection threw on ${report.engineErrors.count} records (counted as no hits), e.g.:`, ...report.engineErrors.examples.map((example) => `  ${example}`));
  }
  return lines;
}

/** One JSON object for scripts: every figure of every level, rates as fractions. */
export function summaryOf(reports: readonly LevelReport[], read: Record<string, string | null>) {
  const tally = (value: Tally) => ({ detected: value.detected, total: value.total, rate: rate(value) });
  return {
    evaluation: 'detection',
    files: read,
    levels: reports.map((report) => ({
      paranoia: report.paranoia,
      crs: report.crs && {
        targetClasses: tally(report.crs.typed),
        targetClassesStrict: tally(report.crs.strict),
        classes: Object.fromEntries(
          report.crs.classes.map(({ crsClass, typed, strict, anyHit }) => [
            crsClass.code,
            { name: crsClass.name, type: crsClass.type ?? 'any', recall: tally(typed), strict: tally(strict), anyHit: tally(anyHit) },
          ]),
        ),
      },
      payloads: report.payloads && payloadFigures(report.payloads, tally),
      apacheFlagged: report.apache && tally(report.apache.flagged),
      recordsPerSecond: report.throughput && Math.round(report.throughput.recordsPerSecond),
      recordsPerCpuSecond: cpuRate(report.throughput),
      engineErrors: report.engineErrors.count,
    })),
  };
}

function cpuRate(throughput: LevelReport['throughput']): number | null {
  const perCpuSecond = throughput?.recordsPerCpuSecond;
  return perCpuSecond === undefined ? null : Math.round(perCpuSecond);
}

function payloadFigures(payloads: PayloadSummary, tally: (value: Tally) => unknown) {
  return Object.fromEntries(
    placements.map((placement) => [
      placement,
      { ...Object.fromEntries(payloads[placement].labels.map(({ label, typed }) => [label, tally(typed)])), normFlagged: tally(payloads[placement].normFlagged) },
    ]),
  );
}

function percent(share: number): string {
  return `${+(share * 100).toFixed(2)}%`;
}

function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}...` : text;
}
