/**
 * Why one input item (a line, a HAR entry, an OTLP span) was not accepted. `line` is the absolute line
 * number in the source (the `lineOffset` of the upload plus the line within its body), for line
 * formats and for OTLP JSON lines; `entry` is the absolute index (from 0) of a HAR entry or an OTLP
 * span in its source (the upload's offset plus its index in the body); `field` names the part that was
 * wrong (`status`, `timestamp`, `clientIp`, `request.url`...), or is null when the item as a whole is
 * not a record (not JSON, not a log line, too long). `skipped` marks an item that is well formed but
 * is not an HTTP request (an OTLP span of a database call): not an error of the sender.
 */
export type LineRejection = { line?: number; entry?: number; field: string | null; message: string; skipped?: true };

/** Where an item is in its source: its line, its entry index, or both (a span of an OTLP JSON line). */
export type ItemLocation = { line?: number; entry?: number };

/** Thrown inside a line parser to reject the line; caught per line, so neighbours are unaffected. */
export class LineRejected extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'LineRejected';
  }
}

/** A short, printable excerpt of input for a message: control characters escaped, long text cut. */
export function excerpt(text: string, maxChars = 60): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  let printable = '';
  for (const char of cut) {
    const code = char.charCodeAt(0);
    printable += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return cut === text ? printable : `${printable}...`;
}
