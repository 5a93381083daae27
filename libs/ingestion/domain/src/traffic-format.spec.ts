import { AppError } from '@sessionscope/shared/errors';
import { resolveTrafficFormat } from './traffic-format';

describe('resolveTrafficFormat', () => {
  it.each([
    [{ format: 'ndjson' }, 'ndjson'],
    [{ format: 'combined', contentType: 'application/x-ndjson' }, 'combined'],
    [{ format: 'common' }, 'common'],
    [{ contentType: 'application/x-ndjson' }, 'ndjson'],
    [{ contentType: 'application/json; charset=utf-8' }, 'ndjson'],
    [{ contentType: 'Text/Plain;charset=UTF-8' }, 'combined'],
  ])('given %j, when resolved, then the format is %s', (input, format) => {
    expect(resolveTrafficFormat(input)).toBe(format);
  });

  it.each([
    [{ format: 'har' }, 'format', /unknown format "har"/],
    [{ format: 'NDJSON' }, 'format', /unknown format "NDJSON"/],
    [{ contentType: 'application/xml' }, 'content-type', /Content-Type "application\/xml" names no traffic format/],
    [{}, 'content-type', /no format given/],
    [{ contentType: '' }, 'content-type', /no format given/],
  ])('given %j, when resolved, then it is refused as UNKNOWN_FORMAT naming %s', (input, field, message) => {
    let error: unknown;
    try {
      resolveTrafficFormat(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_FORMAT', message: expect.stringMatching(message), details: [{ field }] });
    expect((error as AppError).message).toMatch(/format=ndjson\|combined\|common/);
  });
});
