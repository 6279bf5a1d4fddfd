/**
 * Times as they appear in GPS logs and spreadsheets from Datong: ISO 8601 with a zone, "2026-11-30 08:15:00"
 * or "2026/11/30 8:15" or "2026年11月30日 08:15" without one (read as Beijing time, UTC+8, as people there
 * write it), and Unix seconds or milliseconds. Returns ms since the epoch, or null when unreadable.
 */

const LOCAL =
  /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2}(?:\.\d+)?))?秒?)?$/;
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Parses one time; null when it is not a time. */
export function parseTime(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{12,13}$/.test(s)) return Number(s);
  const local = LOCAL.exec(s);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = local;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) >= 61)
      return null;
    return Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), 0, Number(sec) * 1000) - BEIJING_OFFSET_MS;
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/** Formats ms since the epoch as Beijing local time, "2026-11-30 08:15:00". */
export function formatBeijingTime(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
