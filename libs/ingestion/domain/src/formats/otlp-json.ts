import { LineRejected } from '../line-rejection';
import { bodyLines, isBodyLine } from '../body-lines';
import { FormatItem, RecordDefaults } from './format-item';
import { sliceArrayAt, ValueEnds } from './json-array-slices';
import { decodeJsonText, describeType, documentError, isPlainObject, parseJsonText } from './json-document';
import { AttributeValue, OtlpSpan, spanItem, spanKinds } from './otlp-span';

const otlpJson = { name: 'OTLP/JSON request', code: 'INVALID_OTLP' };

/** Deeper attribute values (lists of maps of lists...) are refused: no HTTP attribute nests at all. */
export const maxAttributeDepth = 16;

/**
 * The fields of each OTLP/JSON message (ExportTraceServiceRequest and what it holds), by their JSON
 * names; the proto names (`resource_spans`) are accepted too, as the protobuf JSON mapping says. A
 * field outside these is refused: a misspelt or misplaced field would otherwise lose data silently.
 */
const fieldsOf = {
  request: ['resourceSpans'],
  resourceSpans: ['resource', 'scopeSpans', 'schemaUrl'],
  resource: ['attributes', 'droppedAttributesCount', 'entityRefs'],
  scopeSpans: ['scope', 'spans', 'schemaUrl'],
  scope: ['name', 'version', 'attributes', 'droppedAttributesCount'],
  span: [
    'traceId', 'spanId', 'traceState', 'parentSpanId', 'flags', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano',
    'attributes', 'droppedAttributesCount', 'events', 'droppedEventsCount', 'links', 'droppedLinksCount', 'status',
  ],
  event: ['timeUnixNano', 'name', 'attributes', 'droppedAttributesCount'],
  link: ['traceId', 'spanId', 'traceState', 'attributes', 'droppedAttributesCount', 'flags'],
  status: ['message', 'code'],
  keyValue: ['key', 'value'],
  anyValue: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
  values: ['values'],
} as const;

const knownFields: Record<keyof typeof fieldsOf, Map<string, string>> = Object.fromEntries(
  Object.entries(fieldsOf).map(([message, names]) => [message, new Map(names.flatMap((name) => [[name, name], [snakeCase(name), name]]))]),
) as Record<keyof typeof fieldsOf, Map<string, string>>;

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * A message's fields under their JSON names, or a rejection naming the first unknown field. The
 * object itself is returned when it uses the JSON names only (the usual case: nothing is copied).
 * Fields of rejections here are relative; callers prefix where the message sits (see `within`).
 */
function fieldsIn(value: unknown, message: keyof typeof fieldsOf): Record<string, unknown> {
  if (!isPlainObject(value)) throw new LineRejected(null, `must be an object (${message}), found ${describeType(value)}`);
  const known = knownFields[message];
  let renamed = false;
  for (const key in value) {
    const name = known.get(key);
    if (name === undefined) throw new LineRejected(key, `unknown field "${key}" in ${message}: OTLP/JSON ${message} has ${[...fieldsOf[message]].join(', ')}`);
    if (name !== key) renamed = true;
  }
  if (!renamed) return value;
  const fields: Record<string, unknown> = {};
  for (const key in value) fields[known.get(key) as string] = value[key];
  return fields;
}

/** `read()`, with its rejections named from `prefix`; for the parts read once a resource or scope. */
function at<T>(prefix: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    within(error, prefix);
  }
}

/** Rethrows a rejection from inside `prefix` with its field named from there: paths are built only for errors. */
function within(error: unknown, prefix: string): never {
  if (error instanceof LineRejected) throw new LineRejected(error.field === null ? prefix : `${prefix}.${error.field}`, error.message);
  throw error;
}

/**
 * The spans of an OTLP/JSON body: one ExportTraceServiceRequest document, or one a line (what the
 * Collector's file exporter writes). Each span is an item located by its index among the spans
 * (`entryOffset` plus its index in the body; in JSON lines, its index in the line and the line). A
 * problem outside a span refuses its document: a whole body as an `invalid` AppError, one line alone
 * in JSON lines.
 */
export function* readOtlpJson(body: Uint8Array, options: { entryOffset: number; lineOffset: number; maxLineBytes: number; defaults: RecordDefaults }): Generator<FormatItem> {
  const text = decodeJsonText(body, otlpJson);
  const locate = (index: number) => ({ entry: options.entryOffset + index });
  const sliced = slicedLayout(text);
  if (sliced !== null) {
    yield* slotSpans(sliced, options.defaults, locate);
    return;
  }
  let document: unknown;
  try {
    document = parseJsonText(text, otlpJson);
  } catch (error) {
    if (!looksLikeJsonLines(body)) throw error;
    yield* readOtlpJsonLines(body, options);
    return;
  }
  let slots: SpanSlot[];
  try {
    slots = parsedLayout(document);
  } catch (error) {
    if (!(error instanceof LineRejected)) throw error;
    throw documentError(otlpJson, `${error.field ? `${error.field}: ` : ''}${error.message}`, error.field ?? 'body');
  }
  yield* slotSpans(slots, options.defaults, locate);
}

/** Several lines, the first of which is a whole JSON object: a pretty-printed document's first line is "{". */
function looksLikeJsonLines(body: Uint8Array): boolean {
  const firstNewline = body.indexOf(0x0a);
  if (firstNewline < 0) return false;
  const firstLine = new TextDecoder().decode(body.subarray(0, firstNewline)).trim();
  return firstLine.startsWith('{') && firstLine.endsWith('}');
}

function* readOtlpJsonLines(body: Uint8Array, options: { lineOffset: number; maxLineBytes: number; defaults: RecordDefaults }): Generator<FormatItem> {
  for (const item of bodyLines(body, { maxLineBytes: options.maxLineBytes, lineOffset: options.lineOffset })) {
    if (!isBodyLine(item)) {
      yield { ok: false, rejection: item };
      continue;
    }
    const buffered: FormatItem[] = [];
    try {
      let document: unknown;
      try {
        document = JSON.parse(item.text);
      } catch (error) {
        throw new LineRejected(null, `not valid JSON: ${(error as Error).message}`);
      }
      // A line is one document: its spans are kept only when the whole of it is well formed.
      for (const span of documentSpans(document, options.defaults, (index) => ({ line: item.line, entry: index }))) buffered.push(span);
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      yield { ok: false, rejection: { line: item.line, field: error.field, message: error.message } };
      continue;
    }
    yield* buffered;
  }
}

/** One span of a document: where it sits, its resource's attributes, and its value or the place of its text. */
type SpanSlot = { r: number; s: number; p: number; resourceAttributes: Map<string, AttributeValue>; value?: unknown; text?: { source: string; start: number; end: number } };

/**
 * The spans of one ExportTraceServiceRequest. The frame around the spans (resources, scopes, lists) is
 * checked first, whole, and a problem there throws LineRejected for the caller to refuse the document,
 * before any span is given; then each span is read, and rejected alone when it is wrong.
 */
function* documentSpans(document: unknown, defaults: RecordDefaults, locate: (index: number) => { entry: number; line?: number }): Generator<FormatItem> {
  yield* slotSpans(parsedLayout(document), defaults, locate);
}

function* slotSpans(slots: SpanSlot[], defaults: RecordDefaults, locate: (index: number) => { entry: number; line?: number }): Generator<FormatItem> {
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    const location = locate(index);
    let parsed: OtlpSpan;
    try {
      parsed = spanOf(slot.text === undefined ? slot.value : parseSpanText(slot.text), slot.resourceAttributes);
    } catch (error) {
      if (!(error instanceof LineRejected)) throw error;
      const path = `resourceSpans[${slot.r}].scopeSpans[${slot.s}].spans[${slot.p}]`;
      yield { ok: false, rejection: { ...location, field: error.field === null ? path : `${path}.${error.field}`, message: error.message } };
      continue;
    }
    yield spanItem(parsed, defaults, location);
  }
}

function parseSpanText(text: { source: string; start: number; end: number }): unknown {
  try {
    return JSON.parse(text.source.slice(text.start, text.end));
  } catch (error) {
    throw new LineRejected(null, `the span is not valid JSON: ${(error as Error).message}`);
  }
}

/** The spans of a parsed document, its frame checked. */
function parsedLayout(document: unknown): SpanSlot[] {
  const slots: SpanSlot[] = [];
  const request = fieldsIn(document, 'request');
  const resourceSpansList = listOf(request['resourceSpans'], 'resourceSpans');
  for (let r = 0; r < resourceSpansList.length; r++) {
    const { resourceAttributes, scopeSpansList } = at(`resourceSpans[${r}]`, () => resourceOf(resourceSpansList[r]));
    for (let s = 0; s < scopeSpansList.length; s++) {
      const spans = at(`resourceSpans[${r}].scopeSpans[${s}]`, () => scopeSpansOf(scopeSpansList[s]));
      for (let p = 0; p < spans.length; p++) slots.push({ r, s, p, resourceAttributes, value: spans[p] });
    }
  }
  return slots;
}

function resourceOf(value: unknown): { resourceAttributes: Map<string, AttributeValue>; scopeSpansList: unknown[] } {
  const resourceFields = fieldsIn(value, 'resourceSpans');
  const resourceAttributes = resourceFields['resource'] === undefined ? new Map<string, AttributeValue>() : at('resource', () => attributesOf(fieldsIn(resourceFields['resource'], 'resource')['attributes'], 'attributes'));
  return { resourceAttributes, scopeSpansList: listOf(resourceFields['scopeSpans'], 'scopeSpans') };
}

function scopeSpansOf(value: unknown): unknown[] {
  const scopeFields = fieldsIn(value, 'scopeSpans');
  if (scopeFields['scope'] !== undefined) at('scope', () => attributesOf(fieldsIn(scopeFields['scope'], 'scope')['attributes'], 'attributes'));
  return listOf(scopeFields['spans'], 'spans');
}

/**
 * The spans of a document found in its text, each to be parsed on its own (a large export is then
 * never held parsed all at once), the frame parsed and checked without them. Null when the text is not
 * laid out so (proto field names, a list missing, anything wrong in the frame): then the whole document
 * is parsed, and says what is wrong.
 */
function slicedLayout(text: string): SpanSlot[] | null {
  try {
    // The scan that finds where each resource ends records where its scopes and spans end.
    const ends: ValueEnds = new Map();
    const top = sliceArrayAt(text, ['resourceSpans'], { ends });
    if (top === null) return null;
    fieldsIn(JSON.parse(top.skeleton), 'request');
    const slots: SpanSlot[] = [];
    for (let r = 0; r < top.elements.length / 2; r++) {
      const resource = sliceArrayAt(text, ['scopeSpans'], { ends, element: { start: top.elements[2 * r], end: top.elements[2 * r + 1] } });
      if (resource === null) return null;
      const { resourceAttributes } = resourceOf(JSON.parse(resource.skeleton));
      for (let s = 0; s < resource.elements.length / 2; s++) {
        const scope = sliceArrayAt(text, ['spans'], { ends, element: { start: resource.elements[2 * s], end: resource.elements[2 * s + 1] } });
        if (scope === null) return null;
        scopeSpansOf(JSON.parse(scope.skeleton));
        for (let p = 0; p < scope.elements.length / 2; p++) slots.push({ r, s, p, resourceAttributes, text: { source: text, start: scope.elements[2 * p], end: scope.elements[2 * p + 1] } });
      }
    }
    return slots;
  } catch {
    return null;
  }
}

const noItems: unknown[] = [];

function listOf(value: unknown, field: string): unknown[] {
  if (value === undefined) return noItems;
  if (!Array.isArray(value)) throw new LineRejected(field, `must be a list, found ${describeType(value)}`);
  return value;
}

function spanOf(value: unknown, resourceAttributes: Map<string, AttributeValue>): OtlpSpan {
  const fields = fieldsIn(value, 'span');
  const events = listOf(fields['events'], 'events');
  for (let e = 0; e < events.length; e++) {
    try {
      fieldsIn(events[e], 'event');
    } catch (error) {
      within(error, `events[${e}]`);
    }
  }
  const links = listOf(fields['links'], 'links');
  for (let l = 0; l < links.length; l++) {
    try {
      fieldsIn(links[l], 'link');
    } catch (error) {
      within(error, `links[${l}]`);
    }
  }
  if (fields['status'] !== undefined) {
    try {
      fieldsIn(fields['status'], 'status');
    } catch (error) {
      within(error, 'status');
    }
  }
  const name = fields['name'] ?? '';
  if (typeof name !== 'string') throw new LineRejected('name', `must be a string, found ${describeType(name)}`);
  const attributes = attributesOf(fields['attributes'], 'attributes');
  return {
    traceId: hexId(fields['traceId'], 16, 'traceId'),
    spanId: hexId(fields['spanId'], 8, 'spanId'),
    name,
    kind: kindOf(fields['kind'], 'kind'),
    startTimeUnixNano: nanosOf(fields['startTimeUnixNano'], 'startTimeUnixNano'),
    endTimeUnixNano: nanosOf(fields['endTimeUnixNano'], 'endTimeUnixNano'),
    attributes,
    resourceAttributes,
  };
}

/** OTLP/JSON writes trace and span ids in hex (not base64, unlike the plain protobuf JSON mapping). */
function hexId(value: unknown, bytes: number, field: string): string {
  if (typeof value !== 'string' || value.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(value)) {
    throw new LineRejected(field, `must be ${bytes * 2} hex digits, found ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describeType(value)}`);
  }
  return value.toLowerCase();
}

function kindOf(value: unknown, field: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const index = spanKinds.indexOf(value.replace(/^SPAN_KIND_/, '') as (typeof spanKinds)[number]);
    if (index >= 0) return index;
  }
  throw new LineRejected(field, `must be a SpanKind (0 to 5, or SPAN_KIND_SERVER...), found ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describeType(value)}`);
}

/** Unsigned 64-bit nanoseconds: a decimal string (as int64 is written in JSON) or a number. */
function nanosOf(value: unknown, field: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new LineRejected(field, `must be nanoseconds since the epoch as a decimal string, found ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : describeType(value)}`);
}

/** A list of KeyValue; rejections name `field[index]...`. */
function attributesOf(value: unknown, field: string): Map<string, AttributeValue> {
  const attributes = new Map<string, AttributeValue>();
  const items = listOf(value, field);
  for (let index = 0; index < items.length; index++) {
    try {
      const keyValue = fieldsIn(items[index], 'keyValue');
      const key = keyValue['key'];
      if (typeof key !== 'string') throw new LineRejected('key', `must be a string, found ${describeType(key)}`);
      try {
        attributes.set(key, anyValueOf(keyValue['value'], 0));
      } catch (error) {
        within(error, 'value');
      }
    } catch (error) {
      within(error, `${field}[${index}]`);
    }
  }
  return attributes;
}

function anyValueOf(value: unknown, depth: number): AttributeValue {
  if (depth > maxAttributeDepth) throw new LineRejected(null, `attribute value nested deeper than ${maxAttributeDepth} levels`);
  if (value === undefined) return null;
  const fields = fieldsIn(value, 'anyValue');
  let name: string | undefined;
  for (const key in fields) {
    if (name !== undefined) throw new LineRejected(null, `an AnyValue holds one value, found ${Object.keys(fields).join(' and ')}`);
    name = key;
  }
  if (name === undefined) return null;
  const inner = fields[name];
  const wrong = (expected: string) => new LineRejected(name ?? null, `must be ${expected}, found ${describeType(inner)}`);
  switch (name) {
    case 'stringValue':
      if (typeof inner !== 'string') throw wrong('a string');
      return inner;
    case 'boolValue':
      if (typeof inner !== 'boolean') throw wrong('a boolean');
      return inner;
    case 'intValue':
      if (typeof inner === 'number' && Number.isInteger(inner)) return inner;
      if (typeof inner === 'string' && /^-?\d{1,19}$/.test(inner)) return Number(inner);
      throw wrong('an integer (a decimal string or a number)');
    case 'doubleValue':
      if (typeof inner !== 'number') throw wrong('a number');
      return inner;
    case 'bytesValue':
      if (typeof inner !== 'string') throw wrong('a base64 string');
      return Uint8Array.from(Buffer.from(inner, 'base64'));
    case 'arrayValue': {
      let items: unknown[];
      try {
        items = listOf(fieldsIn(inner, 'values')['values'], 'values');
      } catch (error) {
        within(error, 'arrayValue');
      }
      const values: AttributeValue[] = [];
      for (let index = 0; index < items.length; index++) {
        try {
          values.push(anyValueOf(items[index], depth + 1));
        } catch (error) {
          within(error, `arrayValue.values[${index}]`);
        }
      }
      return values;
    }
    default: {
      let items: unknown[];
      try {
        items = listOf(fieldsIn(inner, 'values')['values'], 'values');
      } catch (error) {
        within(error, 'kvlistValue');
      }
      const map = Object.create(null) as { [key: string]: AttributeValue };
      for (let index = 0; index < items.length; index++) {
        try {
          const keyValue = fieldsIn(items[index], 'keyValue');
          if (typeof keyValue['key'] !== 'string') throw new LineRejected('key', 'must be a string');
          try {
            map[keyValue['key']] = anyValueOf(keyValue['value'], depth + 1);
          } catch (error) {
            within(error, 'value');
          }
        } catch (error) {
          within(error, `kvlistValue.values[${index}]`);
        }
      }
      return map;
    }
  }
}
