/**
 * The week a weekly report covers: a Monday-based Beijing week (ISO 8601 weeks, as the app's overview counts
 * them, src/records/overview.ts), Monday 00:00 to the next Monday 00:00 Beijing time (UTC+8, no daylight
 * saving). A week is asked for by any date in it (YYYY-MM-DD, a Beijing calendar date); none means the week
 * holding `now`.
 */
import { beijingDay, beijingMonday } from '../../src/records/overview.ts';
import { badRequest } from './errors.ts';

/** One Beijing week. */
export interface ReportWeek {
  /** Beijing date of its Monday, YYYY-MM-DD. */
  monday: string;
  /** Beijing date of its Sunday. */
  sunday: string;
  /** Monday 00:00 Beijing time, ms since the epoch (inclusive). */
  fromMs: number;
  /** The next Monday 00:00 Beijing time (exclusive). */
  toMs: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The week holding Beijing date `day` (or the week of `nowMs` when undefined); a day that is not a real
 *  calendar date is a 400 naming the `week` parameter. */
export function reportWeek(day: string | undefined, nowMs: number): ReportWeek {
  const date = day ?? beijingDay(new Date(nowMs).toISOString());
  const m = DAY.exec(date);
  const t = m ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2026-02-31 as March 3rd in some engines: the date must print back as given.
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== date)
    throw badRequest(
      `week must be a date YYYY-MM-DD (any day of the Beijing week), got ${JSON.stringify(date)}`,
      `week 须为日期（年-月-日，该周任意一天），收到 ${JSON.stringify(date)}`,
      { field: 'week' },
    );
  const monday = beijingMonday(date);
  const fromMs = Date.parse(`${monday}T00:00:00+08:00`);
  const toMs = fromMs + 7 * 86_400_000;
  return { monday, sunday: new Date(toMs - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10), fromMs, toMs };
}
