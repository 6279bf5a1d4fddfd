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
  for await (const batch of readCsvBatches(chunks, delimiter)) yield* batch;
}

/** The rows of a CSV text stream, a batch per chunk read (the hot path for big files: one await per chunk,
 *  not per row). Records are found with native indexOf over quote and newline characters (quote parity
 *  decides whether a newline ends the record); only records that contain a quote are parsed character by
 *  character. Holds at most one chunk's rows and one unfinished row in memory. */
export async function* readCsvBatches(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvRow[]> {
  let carry = '';
  let line = 1;
  let first = true;
  for await (const chunk of chunks) {
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: CsvRow[] = [];
    let start = 0;
    let pos = 0;
    let inQuote = false;
    let quoted = false;
    // The next quote at or after pos (text.length when none), found once and reused until passed.
    let q = text.indexOf('"');
    if (q < 0) q = text.length;
    for (;;) {
      if (q < pos) {
        q = text.indexOf('"', pos);
        if (q < 0) q = text.length;
      }
      if (inQuote) {
        if (q >= text.length) break;
        inQuote = false;
        pos = q + 1;
        continue;
      }
      const n = text.indexOf('\n', pos);
      if (n < 0) break;
      if (q < n) {
        inQuote = true;
        quoted = true;
        pos = q + 1;
        continue;
      }
      const record = text.slice(start, n);
      batch.push({ line, fields: parseRecord(record, delimiter, line) });
      line += 1 + (quoted ? countNewlines(record) : 0);
      start = n + 1;
      pos = start;
      quoted = false;
    }
    if (batch.length > 0) yield batch;
    carry = text.slice(start);
    if (carry.length > MAX_ROW_CHARS)
      throw new FileFormatError(
        `the row starting on line ${line} is longer than ${MAX_ROW_CHARS} characters (an unclosed quote?)`,
        {
          line,
        },
      );
  }
  if (carry !== '') {
    if (quoteCount(carry) % 2 === 1)
      throw new FileFormatError(`a quoted field opened on line ${line} is never closed`, { line });
    yield [{ line, fields: parseRecord(carry, delimiter, line) }];
  }
}

/** Splits one record (without its final newline) into fields. */
function parseRecord(record: string, delimiter: string, line: number): string[] {
  const text = record.endsWith('\r') ? record.slice(0, -1) : record;
  if (!text.includes('"')) return text.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new FileFormatError(`a quoted field opened on line ${line} is never closed`, { line });
  fields.push(field);
  return fields;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** Adapts a string to the chunk stream readCsvRows takes (tests, small inputs). */
export async function* textChunks(text: string, size = 65_536): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
