/**
 * CSV output that opens safely in Excel and WPS: text cells that start with = + - @ (or a tab / CR) get a
 * leading apostrophe so they are shown, not run as formulas (OWASP "CSV Injection"); cells with commas,
 * quotes or newlines are quoted. Numbers are written as numbers, so −12.5 stays a number.
 */

/** A UTF-8 byte-order mark: Excel needs it to read Chinese text in a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, escaped and neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = String(value);
  const c = text.charCodeAt(0);
  // = + - @ TAB CR
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, with the terminating CRLF that RFC 4180 and Excel expect. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
