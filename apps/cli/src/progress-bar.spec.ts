import { createProgress, formatBytes, formatDuration } from './progress-bar';

function recorder() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } };
}

describe('createProgress', () => {
  it('prints a plain line once per interval when not on a terminal, and a last one at the end', () => {
    let now = 0;
    const { writes, stream } = recorder();
    const progress = createProgress({ stream, interactive: false, label: 'import', total: 1000, unit: 'lines', plainIntervalMs: 5000, nowMs: () => now });

    now = 1000;
    progress.update(100);
    now = 2000;
    progress.update(200);
    now = 7000;
    progress.update(700);
    now = 10_000;
    progress.finish();

    expect(writes).toEqual(['import: 70% 700/1,000 lines  100 lines/s  ETA 0:03\n', 'import: 70% 700/1,000 lines  70 lines/s  ETA 0:04\n']);
  });

  it('redraws one line in place on a terminal', () => {
    let now = 0;
    const { writes, stream } = recorder();
    const progress = createProgress({ stream, interactive: true, label: 'import', total: 4, unit: 'lines', nowMs: () => now });
    now = 1000;
    progress.update(2);
    progress.finish();

    expect(writes[0]).toBe('\r\u001b[2Kimport [############------------]  50% 2/4 lines  2 lines/s  ETA 0:01');
    expect(writes[1].endsWith('\n')).toBe(true);
  });
});

describe('formatting', () => {
  it('writes durations and sizes for people', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_400_000)).toBe('2.3 MiB');
  });
});
