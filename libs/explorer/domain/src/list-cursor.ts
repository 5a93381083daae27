import { AppError } from '@sessionscope/shared/errors';
import { z } from 'zod';

/**
 * Cursors are opaque to clients: base64url of a small JSON object. Each carries the fingerprint of the
 * query it continues (tenant, endpoint, filters), so a cursor replayed with other filters is refused
 * rather than silently skipping or repeating items, and a checksum over its own content, so an edited
 * cursor is refused too. The checksum is not a signature: a client who rebuilds one only reaches pages
 * that its own filters could reach anyway.
 */
const offsetPosition = z.object({ offset: z.number().int().nonnegative() }).strict();
// After a hit of a time-ordered list: its timestamp (epoch ms, as OpenSearch sorts dates) and its id.
const afterPosition = z.object({ after: z.tuple([z.number().int(), z.string().min(1)]) }).strict();

const cursorSchema = z
  .object({
    v: z.literal(1),
    fp: z.string().regex(/^[0-9a-f]{16}$/),
    at: z.union([offsetPosition, afterPosition]),
    sum: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .strict();

export type OffsetPosition = z.infer<typeof offsetPosition>;
export type AfterPosition = z.infer<typeof afterPosition>;
export type CursorPosition = OffsetPosition | AfterPosition;

const fnvOffsetBasis = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over the UTF-16 code units of a string: stable, dependency-free, not cryptographic. */
export function fingerprintOf(text: string): string {
  let hash = fnvOffsetBasis;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * fnvPrime) & mask64;
  }
  return hash.toString(16).padStart(16, '0');
}

export function encodeCursor(fingerprint: string, at: CursorPosition): string {
  const content = { v: 1, fp: fingerprint, at };
  const cursor = { ...content, sum: fingerprintOf(JSON.stringify(content)) };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function invalidCursor(raw: string, reason: string): AppError {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}...` : raw;
  return new AppError('invalid', 'INVALID_CURSOR', `cursor "${shown}" ${reason}`, { details: [{ field: 'cursor', message: `"${shown}" ${reason}` }] });
}

/** Reads a cursor issued for the query with this fingerprint; throws AppError INVALID_CURSOR (400) otherwise. */
export function decodeCursor<T extends CursorPosition>(raw: string, fingerprint: string, expected: 'offset' | 'after'): T {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return fail();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return fail();
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) return fail();
  const { sum, ...content } = parsed.data;
  if (fingerprintOf(JSON.stringify(content)) !== sum) return fail();
  if (!(expected in content.at)) throw invalidCursor(raw, 'was issued by another list');
  if (content.fp !== fingerprint) throw invalidCursor(raw, 'was issued for other filters; start again without a cursor');
  return content.at as T;

  function fail(): never {
    throw invalidCursor(raw, 'is not a cursor this API issued');
  }
}
