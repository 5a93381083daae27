/**
 * Why one input line was not accepted. `line` is the absolute line number in the source (the
 * `lineOffset` of the upload plus the line within its body); `field` names the part that was wrong
 * (`status`, `timestamp`, `clientIp`, `request`...), or is null when the line as a whole is not a
 * record (not JSON, not a log line, too long).
 */
export type LineRejection = { line: number; field: string | null; message: string };

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
