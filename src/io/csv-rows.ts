/**
 * Streaming CSV reader (RFC 4180: quotes, doubled quotes, newlines inside quotes) that keeps the source line
 * number of every row, so a malformed row can be reported as "line 1,234". Reads text chunks from any
 * async iterable (a Node stream with setEncoding('utf8'), or a browser Blob's TextDecoderStream), holding at
 * most one row in memory. papaparse's streaming mode does not report source line numbers, hence this.
 */
import { FileFormatError } from '../errors.ts';

/** One row and the line it starts on (1-based). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Longest row we accept, in characters: a runaway quote must not swallow the whole file into memory. */
export const MAX_ROW_CHARS = 1_000_000;

/** Yields the rows of a CSV text stream. A UTF-8 BOM is dropped; the delimiter is ',' unless given. */
export async function* readCsvRows(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvRow> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let rowChars = 0;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (++rowChars > MAX_ROW_CHARS)
        throw new FileFormatError(`the row starting on line ${rowLine} is longer than ${MAX_ROW_CHARS} characters (an unclosed quote?)`, {
          line: rowLine,
        });
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (afterQuote) field += '"'; // a doubled quote inside a quoted field
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (ch === delimiter) {
        fields.push(field);
        field = '';
      } else if (ch === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield { line: rowLine, fields };
        fields = [];
        field = '';
        line++;
        rowLine = line;
        rowChars = 0;
      } else {
        field += ch;
      }
    }
  }
  if (quoted) throw new FileFormatError(`a quoted field opened on line ${rowLine} is never closed`, { line: rowLine });
  if (field !== '' || fields.length > 0) {
    fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield { line: rowLine, fields };
  }
}

/** Adapts a string to the chunk stream readCsvRows takes (tests, small inputs). */
export async function* textChunks(text: string, size = 65_536): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
