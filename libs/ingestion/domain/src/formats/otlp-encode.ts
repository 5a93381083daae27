import { ProtobufWriter } from './protobuf-wire';

/** The OTLP/JSON shapes this encoder writes: the subset a trace export of HTTP spans uses. */
export type OtlpJsonAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string | number }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpJsonAnyValue[] } };
export type OtlpJsonKeyValue = { key: string; value: OtlpJsonAnyValue };
export type OtlpJsonSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpJsonKeyValue[];
};
export type OtlpJsonRequest = {
  resourceSpans: Array<{ resource?: { attributes?: OtlpJsonKeyValue[] }; scopeSpans: Array<{ scope?: { name?: string; version?: string }; spans: OtlpJsonSpan[] }> }>;
};

/**
 * An OTLP/JSON ExportTraceServiceRequest written as OTLP/protobuf, with the same field numbers the
 * reader uses: for test fixtures and benchmarks, and for tools that turn one encoding into the other.
 */
export function encodeTraceRequest(request: OtlpJsonRequest): Uint8Array {
  const writer = new ProtobufWriter();
  for (const resourceSpans of request.resourceSpans) {
    writer.messageField(1, (resourceWriter) => {
      if (resourceSpans.resource) resourceWriter.messageField(1, (resource) => writeAttributes(resource, 1, resourceSpans.resource?.attributes ?? []));
      for (const scopeSpans of resourceSpans.scopeSpans) {
        resourceWriter.messageField(2, (scopeWriter) => {
          if (scopeSpans.scope) {
            scopeWriter.messageField(1, (scope) => {
              if (scopeSpans.scope?.name) scope.stringField(1, scopeSpans.scope.name);
              if (scopeSpans.scope?.version) scope.stringField(2, scopeSpans.scope.version);
            });
          }
          for (const span of scopeSpans.spans) scopeWriter.messageField(2, (spanWriter) => writeSpan(spanWriter, span));
        });
      }
    });
  }
  return writer.finish();
}

function writeSpan(writer: ProtobufWriter, span: OtlpJsonSpan): void {
  writer.bytesField(1, hexBytes(span.traceId)).bytesField(2, hexBytes(span.spanId));
  if (span.parentSpanId) writer.bytesField(4, hexBytes(span.parentSpanId));
  writer.stringField(5, span.name).varintField(6, span.kind);
  writer.fixed64Field(7, BigInt(span.startTimeUnixNano)).fixed64Field(8, BigInt(span.endTimeUnixNano));
  writeAttributes(writer, 9, span.attributes ?? []);
}

function writeAttributes(writer: ProtobufWriter, field: number, attributes: OtlpJsonKeyValue[]): void {
  for (const attribute of attributes) {
    writer.messageField(field, (keyValue) => keyValue.stringField(1, attribute.key).messageField(2, (value) => writeAnyValue(value, attribute.value)));
  }
}

function writeAnyValue(writer: ProtobufWriter, value: OtlpJsonAnyValue): void {
  if ('stringValue' in value) writer.stringField(1, value.stringValue);
  else if ('boolValue' in value) writer.varintField(2, value.boolValue ? 1 : 0);
  else if ('intValue' in value) writer.varintField(3, BigInt(value.intValue));
  else if ('doubleValue' in value) writer.doubleField(4, value.doubleValue);
  else writer.messageField(5, (array) => value.arrayValue.values.forEach((item) => array.messageField(1, (inner) => writeAnyValue(inner, item))));
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
