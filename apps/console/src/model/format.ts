/** How values read in the console: times in UTC (the API's zone), durations with their unit, exact byte counts. */

export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '').slice(0, 23);
}

/** Date and time to the second, for the session list. */
export function formatDateTime(iso: string | null): string {
  return formatTime(iso).slice(0, 19);
}

export function formatDurationMs(durationMs: number | null): string {
  if (durationMs === null || !Number.isFinite(durationMs)) return '—';
  if (durationMs < 1000) return `${Number.isInteger(durationMs) ? durationMs : durationMs.toFixed(1)} ms`;
  const seconds = durationMs / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function spanMs(firstSeen: string | null, lastSeen: string | null): number | null {
  if (firstSeen === null || lastSeen === null) return null;
  return Math.max(0, Date.parse(lastSeen) - Date.parse(firstSeen));
}

const grouped = new Intl.NumberFormat('en-US');

export function formatCount(value: number | null): string {
  return value === null ? '—' : grouped.format(value);
}

/** A share of 0..1 as a percentage with one decimal below 10 %. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return '<0.1 %';
  return `${percent < 10 && !Number.isInteger(percent) ? percent.toFixed(1) : Math.round(percent)} %`;
}

export function formatMs(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? grouped.format(value) : value.toFixed(1);
}

/** The full URI of a request as received. */
export function requestUri(request: { scheme: string; host: string; path: string; query: string }): string {
  return `${request.scheme}://${request.host}${request.path}${request.query === '' ? '' : request.query.startsWith('?') ? request.query : `?${request.query}`}`;
}

/** A time range to the second; the end drops its date when it is the start's day. */
export function formatRange(firstSeen: string | null, lastSeen: string | null): string {
  const first = formatDateTime(firstSeen);
  const last = formatDateTime(lastSeen);
  return first.slice(0, 10) === last.slice(0, 10) ? `${first} → ${last.slice(11)}` : `${first} → ${last}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
