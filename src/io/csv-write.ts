/**
 * CSV output that opens safely in Excel, WPS and LibreOffice. Text cells that a spreadsheet could read as a
 * formula or a DDE call get a leading apostrophe so they are shown, not run (OWASP "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection): a cell whose first character is = + - @ TAB CR LF,
 * or whose first character after leading blanks (space, tab, CR, LF, U+3000 ideographic space, NBSP) is one
 * of = + - @ | — including the full-width ＝ ＋ － ＠ ｜ that Chinese input methods type and that WPS folds to
 * their ASCII forms. Every cell that needs it is quoted (RFC 4180). Numbers are written as numbers, so −12.5
 * stays a number; the text "-12.5" is shown as text.
 */

/** A UTF-8 byte-order mark: Excel needs it to read Chinese text in a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
/** Leading blanks, then a character that starts a formula or a DDE payload (ASCII or full-width). */
const FORMULA_START = /^[\s\u3000\u00a0\ufeff]*[=+\-@|\uff1d\uff0b\uff0d\uff20\uff5c]/;
/** A first character that some spreadsheets strip or act on before reading the rest. */
const CONTROL_START = /^[\t\r\n]/;

/** True when a spreadsheet could run `text` as a formula (so csvCell prefixes it). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) || CONTROL_START.test(text);
}

/** One cell, escaped and neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = String(value);
  if (looksLikeFormula(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, with the terminating CRLF that RFC 4180 and Excel expect. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'];

/** csvCell(Math.round(n · 10^digits) / 10^digits), digits 0–9, without a float-to-shortest-string
 *  conversion: the rounded value k / 10^digits is written from the integers k splits into (integer to
 *  string is cheap). Equal to the number's own string because no shorter decimal lies as close to that
 *  double (k < 2^52: neighbouring multiples of 10^-digits are more than an ulp apart); tiny values, which String
 *  writes with an exponent (1e-7), and huge ones take String itself. The CLI writes millions of these. */
export function decimalCell(n: number, digits: number): string {
  const f = POWERS[digits];
  if (f === undefined) throw new RangeError(`digits must be 0–9, got ${digits}`);
  const k = Math.round(n * f);
  const a = k < 0 ? -k : k;
  if (!(a < 2 ** 52) || a * 1e6 < f) return csvCell(k / f);
  let whole = Math.trunc(a / f);
  let rest = a - whole * f;
  if (rest < 0) {
    whole--;
    rest += f;
  } else if (rest >= f) {
    whole++;
    rest -= f;
  }
  const head = k < 0 ? `-${whole}` : `${whole}`;
  if (rest === 0) return head;
  let length = digits;
  while (rest % 10 === 0) {
    rest /= 10;
    length--;
  }
  const tail = `${rest}`;
  return `${head}.${ZEROS[length - tail.length]}${tail}`;
}
