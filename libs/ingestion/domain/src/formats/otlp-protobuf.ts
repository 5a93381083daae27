import { AppError } from '@sessionscope/shared/errors';
import { FormatItem, RecordDefaults } from './format-item';
import { maxAttributeDepth } from './otlp-json';
import { AttributeValue, OtlpSpan, spanItem } from './otlp-span';
import { ProtobufError, ProtobufReader, ProtobufWriter, wireType } from './protobuf-wire';

/**
 * Field numbers of the OTLP trace protos (opentelemetry-proto, collector/trace/v1/trace_service.proto,
 * trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto). Fields not listed are
 * skipped, as protobuf readers do, so newer senders stay readable.
 */
const fields = {
  request: { resourceSpans: 1 },
  resourceSpans: { resource: 1, scopeSpans: 2 },
  resource: { attributes: 1 },
  scopeSpans: { spans: 2 },
  span: { traceId: 1, spanId: 2, name: 5, kind: 6, startTimeUnixNano: 7, endTimeUnixNano: 8, attributes: 9 },
  keyValue: { key: 1, value: 2 },
  anyValue: { stringValue: 1, boolValue: 2, intValue: 3, doubleValue: 4, arrayValue: 5, kvlistValue: 6, bytesValue: 7 },
  values: { values: 1 },
  response: { partialSuccess: 1 },
  partialSuccess: { rejectedSpans: 1, errorMessage: 2 },
} as const;

/**
 * The spans of an OTLP/protobuf ExportTraceServiceRequest (what the Collector's otlphttp exporter
 * sends by default), each an item located by its index among the body's spans. The framing around
 * spans is read first, whole: bytes that are not a request refuse the body, naming the byte where it
 * breaks. Each span is then decoded when its turn comes (a large export is never held decoded all at
 * once); a span whose own bytes are broken is rejected alone.
 */
export function* readOtlpProtobuf(body: Uint8Array, options: { entryOffset: number; defaults: RecordDefaults }): Generator<FormatItem> {
  let located: LocatedSpan[];
  try {
    located = locateSpans(body);
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    throw new AppError('invalid', 'INVALID_OTLP', `the body is not an OTLP/protobuf ExportTraceServiceRequest: ${error.message}`, {
      details: [{ field: 'body', message: error.message }],
    });
  }
  for (let index = 0; index < located.length; index++) {
    const entry = options.entryOffset + index;
    let span: OtlpSpan;
    try {
      span = decodeSpan(new ProtobufReader(body, located[index].start, located[index].end), located[index].resourceAttributes);
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      yield { ok: false, rejection: { entry, field: null, message: `the span's bytes are not a well-formed Span: ${error.message}` } };
      continue;
    }
    yield spanItem(span, options.defaults, { entry });
  }
}

/** Where a span's bytes are in the body, with the attributes of its resource. */
type LocatedSpan = { start: number; end: number; resourceAttributes: Map<string, AttributeValue> };

/** Every span of a request, decoded at once: for tests and tools whose requests are small. */
export function decodeTraceRequest(body: Uint8Array): OtlpSpan[] {
  return locateSpans(body).map((span) => decodeSpan(new ProtobufReader(body, span.start, span.end), span.resourceAttributes));
}

function locateSpans(body: Uint8Array): LocatedSpan[] {
  const spans: LocatedSpan[] = [];
  const reader = new ProtobufReader(body);
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    if (field.field !== fields.request.resourceSpans) {
      reader.skip(field.type);
      continue;
    }
    reader.expect(field.type, wireType.lengthDelimited, 'resource_spans');
    locateResourceSpans(reader.message(), spans);
  }
  return spans;
}

function locateResourceSpans(reader: ProtobufReader, spans: LocatedSpan[]): void {
  let resourceAttributes = new Map<string, AttributeValue>();
  const scopes: ProtobufReader[] = [];
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    if (field.field === fields.resourceSpans.resource) {
      reader.expect(field.type, wireType.lengthDelimited, 'resource');
      resourceAttributes = decodeAttributesOf(reader.message(), fields.resource.attributes);
    } else if (field.field === fields.resourceSpans.scopeSpans) {
      reader.expect(field.type, wireType.lengthDelimited, 'scope_spans');
      scopes.push(reader.message());
    } else {
      reader.skip(field.type);
    }
  }
  // The resource may come after its spans on the wire; every span needs it, so spans are located after.
  for (const scope of scopes) {
    for (let field = scope.nextField(); field !== null; field = scope.nextField()) {
      if (field.field !== fields.scopeSpans.spans) {
        scope.skip(field.type);
        continue;
      }
      scope.expect(field.type, wireType.lengthDelimited, 'spans');
      const { start, end } = scope.lengthDelimitedRange();
      spans.push({ start, end, resourceAttributes });
    }
  }
}

function decodeSpan(reader: ProtobufReader, resourceAttributes: Map<string, AttributeValue>): OtlpSpan {
  const span: OtlpSpan = { traceId: '', spanId: '', name: '', kind: 0, startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: new Map(), resourceAttributes };
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    switch (field.field) {
      case fields.span.traceId:
        reader.expect(field.type, wireType.lengthDelimited, 'trace_id');
        span.traceId = hex(reader.bytesField());
        break;
      case fields.span.spanId:
        reader.expect(field.type, wireType.lengthDelimited, 'span_id');
        span.spanId = hex(reader.bytesField());
        break;
      case fields.span.name:
        reader.expect(field.type, wireType.lengthDelimited, 'name');
        span.name = reader.string();
        break;
      case fields.span.kind:
        reader.expect(field.type, wireType.varint, 'kind');
        span.kind = reader.varint();
        break;
      case fields.span.startTimeUnixNano:
        reader.expect(field.type, wireType.fixed64, 'start_time_unix_nano');
        span.startTimeUnixNano = reader.fixed64();
        break;
      case fields.span.endTimeUnixNano:
        reader.expect(field.type, wireType.fixed64, 'end_time_unix_nano');
        span.endTimeUnixNano = reader.fixed64();
        break;
      case fields.span.attributes: {
        reader.expect(field.type, wireType.lengthDelimited, 'attributes');
        const [key, value] = decodeKeyValue(reader.message(), 0);
        span.attributes.set(key, value);
        break;
      }
      default:
        reader.skip(field.type);
    }
  }
  return span;
}

/** The repeated KeyValue field `attributesField` of a message (Resource, InstrumentationScope). */
function decodeAttributesOf(reader: ProtobufReader, attributesField: number): Map<string, AttributeValue> {
  const attributes = new Map<string, AttributeValue>();
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    if (field.field !== attributesField) {
      reader.skip(field.type);
      continue;
    }
    reader.expect(field.type, wireType.lengthDelimited, 'attributes');
    const [key, value] = decodeKeyValue(reader.message(), 0);
    attributes.set(key, value);
  }
  return attributes;
}

function decodeKeyValue(reader: ProtobufReader, depth: number): [string, AttributeValue] {
  let key = '';
  let value: AttributeValue = null;
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    if (field.field === fields.keyValue.key) {
      reader.expect(field.type, wireType.lengthDelimited, 'key');
      key = reader.string();
    } else if (field.field === fields.keyValue.value) {
      reader.expect(field.type, wireType.lengthDelimited, 'value');
      value = decodeAnyValue(reader.message(), depth);
    } else {
      reader.skip(field.type);
    }
  }
  return [key, value];
}

function decodeAnyValue(reader: ProtobufReader, depth: number): AttributeValue {
  if (depth > maxAttributeDepth) throw new ProtobufError(`attribute value nested deeper than ${maxAttributeDepth} levels`, 0);
  let value: AttributeValue = null;
  for (let field = reader.nextField(); field !== null; field = reader.nextField()) {
    switch (field.field) {
      case fields.anyValue.stringValue:
        reader.expect(field.type, wireType.lengthDelimited, 'string_value');
        value = reader.string();
        break;
      case fields.anyValue.boolValue:
        reader.expect(field.type, wireType.varint, 'bool_value');
        value = reader.varint() !== 0;
        break;
      case fields.anyValue.intValue:
        reader.expect(field.type, wireType.varint, 'int_value');
        value = Number(reader.int64());
        break;
      case fields.anyValue.doubleValue:
        reader.expect(field.type, wireType.fixed64, 'double_value');
        value = reader.double();
        break;
      case fields.anyValue.bytesValue:
        reader.expect(field.type, wireType.lengthDelimited, 'bytes_value');
        value = reader.bytesField();
        break;
      case fields.anyValue.arrayValue: {
        reader.expect(field.type, wireType.lengthDelimited, 'array_value');
        const values: AttributeValue[] = [];
        const array = reader.message();
        for (let item = array.nextField(); item !== null; item = array.nextField()) {
          if (item.field !== fields.values.values) array.skip(item.type);
          else values.push(decodeAnyValue(array.message(), depth + 1));
        }
        value = values;
        break;
      }
      case fields.anyValue.kvlistValue: {
        reader.expect(field.type, wireType.lengthDelimited, 'kvlist_value');
        const map = Object.create(null) as { [key: string]: AttributeValue };
        const list = reader.message();
        for (let item = list.nextField(); item !== null; item = list.nextField()) {
          if (item.field !== fields.values.values) {
            list.skip(item.type);
            continue;
          }
          const [key, inner] = decodeKeyValue(list.message(), depth + 1);
          map[key] = inner;
        }
        value = map;
        break;
      }
      default:
        reader.skip(field.type);
    }
  }
  return value;
}

const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += hexDigits[byte];
  return text;
}

/**
 * ExportTraceServiceResponse: empty when every span was taken; with partial_success when some were
 * rejected (or, with rejected_spans 0, to warn about skipped spans, as the OTLP spec allows).
 */
export function encodeTraceResponse(partialSuccess: { rejectedSpans: number; errorMessage: string } | null): Uint8Array {
  const writer = new ProtobufWriter();
  if (partialSuccess !== null) {
    writer.messageField(fields.response.partialSuccess, (inner) => {
      if (partialSuccess.rejectedSpans > 0) inner.varintField(fields.partialSuccess.rejectedSpans, partialSuccess.rejectedSpans);
      if (partialSuccess.errorMessage !== '') inner.stringField(fields.partialSuccess.errorMessage, partialSuccess.errorMessage);
    });
  }
  return writer.finish();
}

/** google.rpc.Status, the body of an OTLP/HTTP error reply in protobuf: code 3 is INVALID_ARGUMENT. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return new ProtobufWriter().varintField(1, code).stringField(2, message).finish();
}
