import type { RequestRecord } from '@sessionscope/contracts';
import { validRecord } from './formats/record-fast-path';
import { LineRejected } from './line-rejection';

/** One NDJSON line: a JSON object that satisfies the canonical request record schema. */
export function parseNdjsonLine(text: string): RequestRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LineRejected(null, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LineRejected(null, `expected a JSON object (a request record), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return validRecord(value as Record<string, unknown>);
}
