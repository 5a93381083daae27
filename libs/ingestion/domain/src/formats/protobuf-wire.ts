/**
 * The protobuf wire format, as much of it as OTLP needs: a reader of tagged fields and a writer of
 * them. Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited (bytes, strings, messages, packed
 * lists), 5 fixed 32-bit; 3 and 4 (groups) are long deprecated and refused.
 */
export const wireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** Thrown on bytes that are not a well-formed message; `offset` is where in the whole buffer. */
export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtobufError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the fields of one message, in order, from `bytes[start, end)`. */
export class ProtobufReader {
  private at: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.at = start;
  }

  /** The next field's number and wire type, or null at the end of the message. */
  nextField(): { field: number; type: number } | null {
    if (this.at >= this.end) return null;
    const tagAt = this.at;
    const tag = this.varint();
    const field = Math.floor(tag / 8);
    const type = tag & 7;
    if (field === 0) throw new ProtobufError('field number 0', tagAt);
    if (type === 3 || type === 4 || type > 5) throw new ProtobufError(`wire type ${type} (field ${field})`, tagAt);
    return { field, type };
  }

  /** A varint of up to 53 bits as a number (a larger one loses precision but is read to its end). */
  varint(): number {
    let result = 0;
    let multiplier = 1;
    const startAt = this.at;
    for (let index = 0; index < 10; index++) {
      if (this.at >= this.end) throw new ProtobufError('truncated varint', startAt);
      const byte = this.bytes[this.at++];
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', startAt);
  }

  /** A varint as a signed 64-bit integer (int64: negative numbers take 10 bytes), as a bigint. */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    const startAt = this.at;
    for (let index = 0; index < 10; index++) {
      if (this.at >= this.end) throw new ProtobufError('truncated varint', startAt);
      const byte = this.bytes[this.at++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    throw new ProtobufError('varint longer than 10 bytes', startAt);
  }

  fixed64(): bigint {
    const low = this.fixed32();
    const high = this.fixed32();
    return (BigInt(high) << 32n) | BigInt(low);
  }

  fixed32(): number {
    if (this.at + 4 > this.end) throw new ProtobufError('truncated fixed32', this.at);
    const b = this.bytes;
    const value = (b[this.at] | (b[this.at + 1] << 8) | (b[this.at + 2] << 16)) + b[this.at + 3] * 0x1000000;
    this.at += 4;
    return value;
  }

  double(): number {
    if (this.at + 8 > this.end) throw new ProtobufError('truncated double', this.at);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8);
    this.at += 8;
    return view.getFloat64(0, true);
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytesField(): Uint8Array {
    const lengthAt = this.at;
    const length = this.varint();
    if (this.at + length > this.end) throw new ProtobufError(`length ${length} runs past the end of its message`, lengthAt);
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  string(): string {
    const startAt = this.at;
    const bytes = this.bytesField();
    // Most strings of a trace (attribute keys, methods, paths) are short ASCII: read without a decoder call.
    if (bytes.length <= 64) {
      let text = '';
      let ascii = true;
      for (let index = 0; index < bytes.length; index++) {
        const byte = bytes[index];
        if (byte >= 0x80) {
          ascii = false;
          break;
        }
        text += String.fromCharCode(byte);
      }
      if (ascii) return text;
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw new ProtobufError('string field is not valid UTF-8', startAt);
    }
  }

  /** Where the next length-delimited field's bytes are, in the whole buffer; the reader moves past them. */
  lengthDelimitedRange(): { start: number; end: number } {
    const lengthAt = this.at;
    const length = this.varint();
    if (this.at + length > this.end) throw new ProtobufError(`length ${length} runs past the end of its message`, lengthAt);
    const start = this.at;
    this.at += length;
    return { start, end: this.at };
  }

  /** A reader of the embedded message in the next length-delimited field. */
  message(): ProtobufReader {
    const { start, end } = this.lengthDelimitedRange();
    return new ProtobufReader(this.bytes, start, end);
  }

  /** Skips a field this reader does not know: protobuf's forward compatibility. */
  skip(type: number): void {
    if (type === wireType.varint) this.varint();
    else if (type === wireType.fixed64) this.advance(8);
    else if (type === wireType.lengthDelimited) this.bytesField();
    else this.advance(4);
  }

  /** Checks that a known field came with the wire type its schema says. */
  expect(type: number, expected: number, field: string): void {
    if (type !== expected) throw new ProtobufError(`${field} has wire type ${type}, expected ${expected}`, this.at);
  }

  private advance(count: number): void {
    if (this.at + count > this.end) throw new ProtobufError('truncated field', this.at);
    this.at += count;
  }
}

/** Builds a message field by field; for replies (ExportTraceServiceResponse), test fixtures and benchmarks. */
export class ProtobufWriter {
  /** Small values (tags, varints) collect here; byte fields are kept as they are and joined at the end. */
  private readonly parts: Array<number[] | Uint8Array> = [];
  private current: number[] = [];
  private length = 0;

  varintField(field: number, value: number | bigint): this {
    this.tag(field, wireType.varint);
    this.varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  fixed64Field(field: number, value: bigint): this {
    this.tag(field, wireType.fixed64);
    for (let index = 0n; index < 8n; index++) this.push(Number((value >> (8n * index)) & 0xffn));
    return this;
  }

  doubleField(field: number, value: number): this {
    this.tag(field, wireType.fixed64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    for (const byte of bytes) this.push(byte);
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, wireType.lengthDelimited);
    this.varint(BigInt(value.length));
    this.parts.push(this.current, value);
    this.current = [];
    this.length += value.length;
    return this;
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  messageField(field: number, build: (writer: ProtobufWriter) => unknown): this {
    const nested = new ProtobufWriter();
    build(nested);
    return this.bytesField(field, nested.finish());
  }

  finish(): Uint8Array {
    const bytes = new Uint8Array(this.length);
    let at = 0;
    for (const part of [...this.parts, this.current]) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  }

  private push(byte: number): void {
    this.current.push(byte);
    this.length++;
  }

  private tag(field: number, type: number): void {
    this.varint(BigInt(field * 8 + type));
  }

  private varint(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.push(Number(rest));
  }
}
