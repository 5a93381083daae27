import { AppError } from '@sessionscope/shared/errors';
import { resolveTraceFormat, resolveTrafficFormat } from './traffic-format';

describe('resolveTrafficFormat', () => {
  it.each([
    [{ format: 'ndjson' }, 'ndjson'],
    [{ format: 'combined', contentType: 'application/x-ndjson' }, 'combined'],
    [{ format: 'common' }, 'common'],
    [{ contentType: 'application/x-ndjson' }, 'ndjson'],
    [{ contentType: 'application/json; charset=utf-8' }, 'ndjson'],
    [{ contentType: 'Text/Plain;charset=UTF-8' }, 'combined'],
    [{ format: 'har' }, 'har'],
    [{ format: 'nginx-json' }, 'nginx-json'],
    [{ format: 'otlp-json' }, 'otlp-json'],
    [{ contentType: 'application/x-protobuf' }, 'otlp-protobuf'],
  ])('given %j, when resolved, then the format is %s', (input, format) => {
    expect(resolveTrafficFormat(input)).toBe(format);
  });

  it.each([
    [{ format: 'pcap' }, 'format', /unknown format "pcap"/],
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
    expect((error as AppError).message).toMatch(/format=ndjson\|combined\|common\|nginx-json\|har\|otlp-json\|otlp-protobuf/);
  });
});

describe('resolveTraceFormat', () => {
  it.each([
    ['application/json', 'otlp-json'],
    ['application/x-protobuf', 'otlp-protobuf'],
    ['Application/X-Protobuf; charset=binary', 'otlp-protobuf'],
  ])('given Content-Type %s, when resolved, then the format is %s', (contentType, format) => {
    expect(resolveTraceFormat(contentType)).toBe(format);
  });

  it.each([[undefined, /no Content-Type/], ['text/plain', /Content-Type "text\/plain"/]])('given %s, when resolved, then it is refused naming what OTLP/HTTP takes', (contentType, message) => {
    expect(() => resolveTraceFormat(contentType)).toThrow(message);
    expect(() => resolveTraceFormat(contentType)).toThrow(/application\/x-protobuf or application\/json/);
  });
});
