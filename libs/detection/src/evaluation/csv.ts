/**
 * Rows of a CSV text (RFC 4180): fields separated by commas, a field in double quotes may hold commas,
 * line breaks and doubled quotes (`""` is one `"`). Lines end with LF or CRLF; a last line without one
 * counts; blank lines are skipped. Throws on a quote left open at the end of the text.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    if (fieldStarted || row.length > 0) rows.push([...row, field]);
    row = [];
    field = '';
    fieldStarted = false;
  };
  for (let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[at + 1] === '"') {
        field += '"';
        at++;
      } else quoted = false;
      continue;
    }
    if (char === '"') {
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\n') endRow();
    else if (char === '\r' && text[at + 1] === '\n') continue;
    else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new Error('the text ends inside a quoted field');
  endRow();
  return rows;
}

/** CSV rows with a header line as objects keyed by the header's column names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}
