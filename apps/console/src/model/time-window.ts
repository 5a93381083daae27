/**
 * Time windows of the filters: `from` inclusive, `to` exclusive, ISO 8601 in UTC. Presets become an
 * absolute window when chosen, so a shared link shows the same requests tomorrow.
 */
export type TimeWindow = { from: string | null; to: string | null };

export const presets = [
  { id: '15m', label: 'Last 15 minutes', durationMs: 15 * 60_000 },
  { id: '1h', label: 'Last hour', durationMs: 60 * 60_000 },
  { id: '1d', label: 'Last day', durationMs: 24 * 60 * 60_000 },
  { id: '7d', label: 'Last week', durationMs: 7 * 24 * 60 * 60_000 },
] as const;

export type PresetId = (typeof presets)[number]['id'];

/** The window of a preset ending at the next whole minute after `nowMs`, so the current minute is included. */
export function presetWindow(id: PresetId, nowMs: number): { from: string; to: string } {
  const preset = presets.find((candidate) => candidate.id === id);
  if (!preset) throw new Error(`unknown time window preset ${id}`);
  const toMs = Math.floor(nowMs / 60_000) * 60_000 + 60_000;
  return { from: new Date(toMs - preset.durationMs).toISOString(), to: new Date(toMs).toISOString() };
}

/** The preset a window matches (same length, whatever its end), for highlighting the chosen button. */
export function matchingPreset(window: TimeWindow): PresetId | null {
  if (window.from === null || window.to === null) return null;
  const lengthMs = Date.parse(window.to) - Date.parse(window.from);
  return presets.find((preset) => preset.durationMs === lengthMs)?.id ?? null;
}

const inputPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** An ISO time as the value of a `datetime-local` input read as UTC (YYYY-MM-DDTHH:mm:ss); '' for none or an unreadable time. */
export function toUtcInputValue(iso: string | null): string {
  if (iso === null) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 19);
}

/** The value of a `datetime-local` input, read as UTC, as ISO 8601; null when empty or invalid. */
export function fromUtcInputValue(value: string): string | null {
  const match = inputPattern.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0'] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const date = new Date(ms);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return date.toISOString();
}

/** Why a window cannot be applied, or null when it can. */
export function windowProblem(window: TimeWindow): string | null {
  if (window.from !== null && window.to !== null && Date.parse(window.from) >= Date.parse(window.to)) return '"From" must be before "To".';
  return null;
}
