const maxPayloadChars = 200;

/** The payload of a hit: `text[start, end)` clamped to the text and to 200 characters. */
export function excerpt(text: string, start: number, end: number): string {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length, from + maxPayloadChars));
  return text.slice(from, to);
}
