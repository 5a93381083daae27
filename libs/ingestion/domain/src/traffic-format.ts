import { AppError } from '@sessionscope/shared/errors';

export const trafficFormats = ['ndjson', 'combined', 'common', 'nginx-json', 'har', 'otlp-json', 'otlp-protobuf'] as const;
export type TrafficFormat = (typeof trafficFormats)[number];

/** Media types that name a format on their own; access logs come as plain text in the combined format. */
const formatOfMediaType: Record<string, TrafficFormat> = {
  'application/x-ndjson': 'ndjson',
  'application/json': 'ndjson',
  'text/plain': 'combined',
  'application/x-protobuf': 'otlp-protobuf',
};

/** The media types of OTLP/HTTP (`POST /v1/traces`) and the format each carries. */
const traceFormatOfMediaType: Record<string, TrafficFormat> = {
  'application/json': 'otlp-json',
  'application/x-protobuf': 'otlp-protobuf',
};

/**
 * The format of an OTLP/HTTP trace export from its Content-Type. Throws an `invalid` AppError with
 * code UNSUPPORTED_MEDIA_TYPE for any other.
 */
export function resolveTraceFormat(contentType: string | undefined): 'otlp-json' | 'otlp-protobuf' {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  const format = traceFormatOfMediaType[mediaType];
  if (format === 'otlp-json' || format === 'otlp-protobuf') return format;
  const expected = 'OTLP/HTTP takes Content-Type application/x-protobuf or application/json';
  throw new AppError('invalid', 'UNSUPPORTED_MEDIA_TYPE', `${mediaType === '' ? 'no Content-Type' : `Content-Type "${mediaType}"`}: ${expected}`, {
    details: [{ field: 'content-type', message: expected }],
  });
}

/**
 * The format of a traffic upload: the `format` parameter when given, else the body's Content-Type.
 * Throws an `invalid` AppError with code UNKNOWN_FORMAT when neither names a known format.
 */
export function resolveTrafficFormat(input: { format?: string; contentType?: string }): TrafficFormat {
  if (input.format !== undefined) {
    if ((trafficFormats as readonly string[]).includes(input.format)) return input.format as TrafficFormat;
    throw unknownFormat(`unknown format "${input.format}"`, 'format');
  }
  const mediaType = input.contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== '' && mediaType in formatOfMediaType) return formatOfMediaType[mediaType];
  const said = mediaType ? `Content-Type "${mediaType}" names no traffic format` : 'no format given';
  throw unknownFormat(said, 'content-type');
}

function unknownFormat(problem: string, field: string): AppError {
  const expected = `use format=${trafficFormats.join('|')}, or Content-Type ${Object.keys(formatOfMediaType).join(', ')}`;
  return new AppError('invalid', 'UNKNOWN_FORMAT', `${problem}: ${expected}`, { details: [{ field, message: expected }] });
}
