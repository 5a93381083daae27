import { ObservedRequest, RequestRecord } from '@sessionscope/contracts';
import { parseAccessLogLine } from './access-log-line';
import { bodyLines, isBodyLine } from './body-lines';
import { FormatItem, RecordDefaults, unknownClientIp } from './formats/format-item';
import { readHar } from './formats/har';
import { defaultNginxJsonMapping, NginxJsonMapping, parseNginxJsonLine, parseNginxJsonMapping } from './formats/nginx-json';
import { readOtlpJson } from './formats/otlp-json';
import { readOtlpProtobuf } from './formats/otlp-protobuf';
import { ItemLocation, LineRejected, LineRejection } from './line-rejection';
import { parseNdjsonLine } from './ndjson-line';
import { normaliseRecord } from './normalise-record';
import { recordIdOf } from './record-id';
import { TrafficFormat } from './traffic-format';

export const defaultApplication = 'default';

export type TrafficOptions = {
  format: TrafficFormat;
  tenant: string;
  /** Application of records that name none (access log lines never do). Default `default`. */
  application?: string;
  /** Host of records that name none (access log lines never do). Default empty. */
  host?: string;
  /** Opaque name of the source; with it, records without an id get ids stable across retries. */
  sourceId?: string;
  /**
   * Items of the source before this body, so that locations reported are absolute: lines for the
   * line formats (and OTLP/JSON lines), entries for HAR and OTLP documents. Default 0.
   */
  lineOffset?: number;
  maxLineBytes: number;
  /**
   * Field names of nginx JSON lines: a mapping, or its overrides as JSON text (the `nginxFields`
   * query parameter); the common nginx names by default.
   */
  nginxJsonMapping?: NginxJsonMapping | string;
  /** Client address of records whose source does not know it (browser HAR captures); default 0.0.0.0. */
  clientIp?: string;
};

export type TrafficContext = {
  /** Id of a record that has none and comes from an unnamed source. */
  newId: () => string;
  /** Time of receipt (ISO 8601): the time of HAR entries that carry none. */
  now?: string;
};

export type ParsedLine = { ok: true; request: ObservedRequest; at: ItemLocation } | { ok: false; rejection: LineRejection };

/**
 * Reads a traffic body item by item, lazily: each line (line formats) or entry (HAR entries, OTLP
 * spans) gives a normalised request or the reason it was rejected. A bad item never affects its
 * neighbours; a body that cannot be read at all (a HAR file that is not JSON) throws an `invalid`
 * AppError before the first item.
 */
export function* readTraffic(body: Uint8Array, options: TrafficOptions, context: TrafficContext): Generator<ParsedLine> {
  const application = options.application ?? defaultApplication;
  const host = options.host ?? '';
  const defaults: RecordDefaults = { application, host, clientIp: options.clientIp ?? unknownClientIp, receivedAt: context.now ?? '' };
  const format = options.format;
  if (isLineFormat(format)) {
    const mapping = typeof options.nginxJsonMapping === 'string' ? parseNginxJsonMapping(options.nginxJsonMapping) : (options.nginxJsonMapping ?? defaultNginxJsonMapping);
    yield* readLineTraffic(body, options, lineParser(format, mapping, defaults), { application, host, newId: context.newId });
    return;
  }
  for (const item of documentItems(body, format, options, defaults)) {
    if (!item.ok) {
      yield item;
      continue;
    }
    const at: ItemLocation = item.entry === undefined ? { line: item.line } : item.line === undefined ? { entry: item.entry } : { line: item.line, entry: item.entry };
    try {
      const id = recordIdOf(item.record.id, item.line ?? item.entry ?? 0, {
        // Entries and lines of one source are numbered apart: entry 3 is not line 3.
        sourceId: options.sourceId === undefined || item.line !== undefined ? options.sourceId : `${options.sourceId}#entries`,
        newId: context.newId,
      });
      const request = normaliseRecord(item.record, { id, tenant: options.tenant, line: item.line ?? null, entry: item.entry, format: options.format, application, host });
      yield { ok: true, request, at };
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      yield { ok: false, rejection: { ...at, field: error.field, message: error.message } };
    }
  }
}

function isLineFormat(format: TrafficFormat): format is 'ndjson' | 'combined' | 'common' | 'nginx-json' {
  return format === 'ndjson' || format === 'combined' || format === 'common' || format === 'nginx-json';
}

/**
 * readTraffic of the line formats, in one loop: the per-line work is a few microseconds, so the
 * layers of the general path (an item, then a request, each yielded) would be a good part of it.
 */
function* readLineTraffic(
  body: Uint8Array,
  options: TrafficOptions,
  parse: (text: string) => RequestRecord,
  defaults: { application: string; host: string; newId: () => string },
): Generator<ParsedLine> {
  const idSource = { sourceId: options.sourceId, newId: defaults.newId };
  for (const item of bodyLines(body, { maxLineBytes: options.maxLineBytes, lineOffset: options.lineOffset ?? 0 })) {
    if (!isBodyLine(item)) {
      yield { ok: false, rejection: item };
      continue;
    }
    const line = item.line;
    try {
      const record = parse(item.text);
      const id = recordIdOf(record.id, line, idSource, item.text);
      const request = normaliseRecord(record, { id, tenant: options.tenant, line, format: options.format, application: defaults.application, host: defaults.host });
      yield { ok: true, request, at: { line } };
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      yield { ok: false, rejection: { line, field: error.field, message: error.message } };
    }
  }
}

/** The items of a body of a document format (entries, spans), before ids and normalisation. */
function documentItems(body: Uint8Array, format: 'har' | 'otlp-json' | 'otlp-protobuf', options: TrafficOptions, defaults: RecordDefaults): Iterable<FormatItem> {
  const offset = options.lineOffset ?? 0;
  switch (format) {
    case 'har':
      return readHar(body, { entryOffset: offset, defaults });
    case 'otlp-json':
      return readOtlpJson(body, { entryOffset: offset, lineOffset: offset, maxLineBytes: options.maxLineBytes, defaults });
    case 'otlp-protobuf':
      return readOtlpProtobuf(body, { entryOffset: offset, defaults });
  }
}

function lineParser(format: 'ndjson' | 'combined' | 'common' | 'nginx-json', mapping: NginxJsonMapping, defaults: RecordDefaults): (text: string) => RequestRecord {
  switch (format) {
    case 'ndjson':
      return parseNdjsonLine;
    case 'nginx-json':
      return (text) => parseNginxJsonLine(text, mapping, defaults);
    default:
      return (text) => parseAccessLogLine(text, format, defaults);
  }
}

/** readTraffic, collected: for tests and for callers whose bodies are small. */
export function parseTraffic(body: Uint8Array, options: TrafficOptions, context: TrafficContext): { requests: ObservedRequest[]; rejections: LineRejection[] } {
  const requests: ObservedRequest[] = [];
  const rejections: LineRejection[] = [];
  for (const parsed of readTraffic(body, options, context)) {
    if (parsed.ok) requests.push(parsed.request);
    else rejections.push(parsed.rejection);
  }
  return { requests, rejections };
}
