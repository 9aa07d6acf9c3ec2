/**
 * CSV as RFC 4180 writes it: comma-separated fields, records ending in CRLF (a bare LF is
 * accepted too), fields in double quotes when they hold commas, quotes or line breaks, a quote
 * inside quotes written twice. Spreadsheets also save blank lines, which are skipped. Anything
 * else (a stray quote, an unclosed quote) is refused with the line it is on, never guessed at.
 */

export interface CsvRecord {
  /** The line of the file the record starts on, counting from 1 (the header is line 1). */
  line: number;
  fields: string[];
}

export type CsvParse =
  { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

export function parseCsv(input: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field started with a quote
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      if (field !== '' || quoted)
        return {
          ok: false,
          line,
          message:
            'a quote inside a field that does not start with one; put the whole field in quotes and write the quote twice',
        };
      quoted = true;
      const start = line;
      for (i++; ; i++) {
        if (i >= text.length)
          return { ok: false, line: start, message: 'a quoted field is never closed' };
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') break;
        else {
          if (text[i] === '\n') line += 1;
          field += text[i];
        }
      }
      const next = text[i + 1];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        return { ok: false, line, message: 'there is text after a closing quote' };
    } else if (c === ',') {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] !== '\n')
        return { ok: false, line, message: 'a line ends with a carriage return alone' };
      if (c === '\r') i++;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return { ok: true, records };
}

/** One field as RFC 4180 wants it: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** Records to CSV text, CRLF after every record. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  // A record of one empty field is quoted, or it would read back as a blank line.
  const line = (row: readonly string[]) =>
    row.length === 1 && row[0] === '' ? '""' : row.map(csvField).join(',');
  return rows.map((row) => line(row) + '\r\n').join('');
}

/**
 * Free text a person typed (a name), made safe to open in a spreadsheet: a leading = + - @
 * would otherwise be run as a formula.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
