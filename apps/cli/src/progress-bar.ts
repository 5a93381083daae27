/**
 * Progress of a long task on stderr: a bar redrawn in place on a terminal, a plain line every few
 * seconds otherwise (CI logs, pipes), so both stay readable.
 */
export type Progress = { update(done: number): void; finish(): void };

type Stream = { write(text: string): unknown; columns?: number };

export function createProgress(options: {
  stream: Stream;
  interactive: boolean;
  label: string;
  total: number;
  unit: string;
  /** Between two plain lines when not interactive. */
  plainIntervalMs?: number;
  nowMs?: () => number;
}): Progress {
  const nowMs = options.nowMs ?? (() => Date.now());
  const startedMs = nowMs();
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  let lastDrawMs = startedMs;
  let done = 0;

  const describe = () => {
    const elapsedS = Math.max((nowMs() - startedMs) / 1000, 0.001);
    const rate = Math.round(done / elapsedS);
    const share = options.total > 0 ? Math.min(done / options.total, 1) : 0;
    const etaS = rate > 0 && options.total > done ? Math.round((options.total - done) / rate) : 0;
    return { share, text: `${formatCount(done)}/${formatCount(options.total)} ${options.unit}  ${formatCount(rate)} ${options.unit}/s  ETA ${formatDuration(etaS)}` };
  };
  const draw = (final: boolean) => {
    const { share, text } = describe();
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    if (options.interactive) {
      const width = 24;
      const filled = Math.round(share * width);
      options.stream.write(`\r\u001b[2K${options.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${text}${final ? '\n' : ''}`);
    } else {
      options.stream.write(`${options.label}: ${percent.trim()} ${text}\n`);
    }
  };

  return {
    update(value) {
      done = value;
      const now = nowMs();
      const interval = options.interactive ? 100 : plainIntervalMs;
      if (now - lastDrawMs >= interval) {
        lastDrawMs = now;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
