import { AppError } from '@sessionscope/shared/errors';
import { decodeCursor, encodeCursor, fingerprintOf } from './list-cursor';

const fingerprint = fingerprintOf('sessions\ndefault\n{}');

function cursorError(raw: string, expectedFingerprint = fingerprint, kind: 'offset' | 'after' = 'offset'): AppError {
  try {
    decodeCursor(raw, expectedFingerprint, kind);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('list cursors', () => {
  it('round-trips an offset and a search_after position as URL-safe text', () => {
    // given
    const offsetCursor = encodeCursor(fingerprint, { offset: 150 });
    const afterCursor = encodeCursor(fingerprint, { after: [1795514400000, 'r-9'] });
    // then
    expect(offsetCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(offsetCursor, fingerprint, 'offset')).toEqual({ offset: 150 });
    expect(decodeCursor(afterCursor, fingerprint, 'after')).toEqual({ after: [1795514400000, 'r-9'] });
  });

  it('refuses an edited cursor', () => {
    // given: a client changes the offset and re-encodes
    const json = JSON.parse(Buffer.from(encodeCursor(fingerprint, { offset: 50 }), 'base64url').toString('utf8'));
    json.at.offset = 5000;
    const edited = Buffer.from(JSON.stringify(json)).toString('base64url');
    // when
    const error = cursorError(edited);
    // then
    expect(error.code).toBe('INVALID_CURSOR');
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual([{ field: 'cursor', message: `"${edited.slice(0, 60)}..." is not a cursor this API issued` }]);
  });

  it.each(['not base64!', 'bm90IGpzb24', Buffer.from('{"v":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')])('refuses garbage %j', (raw) => {
    expect(cursorError(raw).code).toBe('INVALID_CURSOR');
  });

  it('refuses a cursor issued for other filters', () => {
    const cursor = encodeCursor(fingerprintOf('sessions\ndefault\n{"host":["a"]}'), { offset: 50 });
    expect(cursorError(cursor).message).toMatch(/was issued for other filters/);
  });

  it('refuses a cursor of another kind of list', () => {
    const cursor = encodeCursor(fingerprint, { offset: 50 });
    expect(cursorError(cursor, fingerprint, 'after').message).toMatch(/was issued by another list/);
  });

  it('fingerprints are stable 64-bit hex', () => {
    expect(fingerprintOf('')).toBe('cbf29ce484222325');
    expect(fingerprintOf('a')).toBe('af63dc4c8601ec8c');
  });
});
