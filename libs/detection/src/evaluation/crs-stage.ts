import type { DetectableRequest } from '../types';
import { joinHeaders, parseRawHttpRequest, splitTarget } from './raw-http-request';

/**
 * One stage of the OWASP CRS regression suite, flattened to one JSON line
 * (`crs/crs-regression-tests.jsonl` of ../shared/datasets).
 */
export type CrsStage = {
  ruleId: number;
  /** null for the few tests that name no paranoia level. */
  paranoia: number | null;
  /** Rules that must fire: a non-empty list makes the stage a positive of its rule. */
  expectIds: number[];
  /** Rules that must not fire; not benign traffic (often an attack aimed at a neighbouring rule). */
  noExpectIds: number[];
  request: DetectableRequest;
};

export type ParsedCrsStage = { ok: true; stage: CrsStage } | { ok: false; reason: string };

const formContentType = 'application/x-www-form-urlencoded';

/**
 * A stage as the CRS test runner (go-ftw) sends it: `encoded_request` (a base64 raw request) wins when
 * present; otherwise method (GET when absent), uri (`/` when absent), headers and data. Unless
 * `autocomplete_headers` is false, the runner completes the headers: a stage with data and no
 * Content-Type goes out as a form (`application/x-www-form-urlencoded`) with its Content-Length, so the
 * form bodies that carry most payloads are read as parameters.
 */
export function parseCrsStage(line: string): ParsedCrsStage {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(row)) return { ok: false, reason: 'not a JSON object' };
  const ruleId = row['rule_id'];
  if (typeof ruleId !== 'number' || !Number.isInteger(ruleId)) return { ok: false, reason: 'rule_id is not a whole number' };
  const paranoia = row['paranoia_level'];
  const where = `rule ${ruleId} test ${String(row['test_id'] ?? '?')} stage ${String(row['stage'] ?? '?')}`;
  try {
    return {
      ok: true,
      stage: {
        ruleId,
        paranoia: typeof paranoia === 'number' ? paranoia : null,
        expectIds: idList(row['expect_ids']),
        noExpectIds: idList(row['no_expect_ids']),
        request: requestOfRow(row),
      },
    };
  } catch (error) {
    return { ok: false, reason: `${where}: ${(error as Error).message}` };
  }
}

function requestOfRow(row: Record<string, unknown>): DetectableRequest {
  const encoded = row['encoded_request'];
  if (typeof encoded === 'string' && encoded !== '') return parseRawHttpRequest(decodeBase64(encoded));

  const method = optionalString(row, 'method') ?? 'GET';
  const uri = optionalString(row, 'uri') ?? '/';
  const data = optionalString(row, 'data');
  const headersValue = row['headers'] ?? {};
  if (!isObject(headersValue)) throw new Error('headers is not an object');
  const pairs: [string, string][] = Object.entries(headersValue).map(([name, value]) => {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`header ${name} is neither text nor a number`);
    return [name, String(value)];
  });
  const requestHeaders = joinHeaders(pairs);
  if (row['autocomplete_headers'] !== false && data !== null && data !== '') {
    if (requestHeaders['content-type'] === undefined) requestHeaders['content-type'] = formContentType;
    if (requestHeaders['content-length'] === undefined) requestHeaders['content-length'] = String(new TextEncoder().encode(data).length);
  }
  return { method, ...splitTarget(uri), requestHeaders, requestBody: data === null || data === '' ? null : data };
}

/** Base64 (standard or URL alphabet, padding optional) to text, bytes read as UTF-8. */
export function decodeBase64(encoded: string): string {
  const compact = encoded.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) throw new Error('encoded_request is not base64');
  const binary = atob(compact.padEnd(Math.ceil(compact.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return new TextDecoder('utf-8').decode(bytes);
}

function idList(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];
}

function optionalString(row: Record<string, unknown>, field: string): string | null {
  const value = row[field];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`${field} is not text`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
