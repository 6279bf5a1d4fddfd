/**
 * Times as they appear in GPS logs and spreadsheets from Datong: ISO 8601 with a zone, "2026-11-30 08:15:00"
 * or "2026/11/30 8:15" or "2026年11月30日 08:15" without one (read as Beijing time, UTC+8, as people there
 * write it), and Unix seconds or milliseconds. Returns ms since the epoch, or null when unreadable.
 *
 * Impossible calendar dates (2026-02-31, 2026-04-31, 24:00) are refused, not rolled over: `Date.UTC` and
 * V8's `Date.parse` would quietly turn 2026-02-31 into 2026-03-03, and a permit "valid to 2026-02-31" must be
 * named as a bad line, not read as valid three days longer.
 */

const LOCAL =
  /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2}(?:\.\d+)?))?秒?)?$/;
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-](\d{2}):?(\d{2}))$/i;
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Parses one time; null when it is not a time (or names a date or time of day that does not exist). */
export function parseTime(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{12,13}$/.test(s)) return Number(s);
  const local = LOCAL.exec(s);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = local;
    return civilToUtc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), BEIJING_OFFSET_MS);
  }
  const iso = ISO_WITH_ZONE.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec = '0', zone, zh = '0', zm = '0'] = iso;
    if (Number(zh) > 14 || Number(zm) > 59) return null;
    const sign = zone === 'Z' || zone === 'z' ? 0 : zone?.startsWith('-') ? -1 : 1;
    const offsetMs = sign * (Number(zh) * 3600_000 + Number(zm) * 60_000);
    return civilToUtc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), offsetMs);
  }
  return null;
}

/** True when year-month-day names a real day of the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A wall-clock time at `offsetMs` east of UTC → ms since the epoch; null when the date or time does not exist.
 *  Seconds may be 60 (a leap second, as GPS receivers print it). */
function civilToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  offsetMs: number,
): number | null {
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || !(sec < 61)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, 0, sec * 1000) - offsetMs;
}

/** Formats ms since the epoch as Beijing local time, "2026-11-30 08:15:00". */
export function formatBeijingTime(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
