/**
 * Counts for the overview: records by kind, by status, by zone answer, by day (Beijing date) and by week
 * (Monday-based Beijing weeks: this week so far against the whole of last week), soft-deleted records left
 * out. Pure: the view draws them (table + uPlot chart).
 */
import type { FieldRecord } from './record.ts';

/** The overview's numbers. */
export interface Overview {
  total: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  byZone: Record<string, number>;
  /** Consecutive days from the first record to the last, with zero days included (chart-ready). */
  byDay: { day: string; count: number }[];
  /** New records this Beijing week (Monday 00:00 to now) and last week (the seven days before). */
  weeks: { thisWeek: { from: string; count: number }; lastWeek: { from: string; to: string; count: number } };
}

const BEIJING_MS = 8 * 3600_000;

/** The Beijing calendar date (YYYY-MM-DD) of an ISO time. */
export function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 10);
}

/** The Monday (YYYY-MM-DD) of the Beijing week holding Beijing day `day`. */
export function beijingMonday(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6 (ISO 8601 weeks)
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Computes the overview; `now` decides which week is this week. */
export function overview(records: readonly FieldRecord[], now: Date = new Date()): Overview {
  const live = records.filter((r) => !r.deleted);
  const count = (key: (r: FieldRecord) => string) => {
    const out: Record<string, number> = {};
    for (const r of live) out[key(r)] = (out[key(r)] ?? 0) + 1;
    return out;
  };
  const perDay = count((r) => beijingDay(r.createdAt));
  const days = Object.keys(perDay).sort();
  const byDay: Overview['byDay'] = [];
  if (days.length > 0) {
    for (
      let t = Date.parse(`${days[0]}T00:00:00Z`), end = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
      t <= end;
      t += 86_400_000
    ) {
      const day = new Date(t).toISOString().slice(0, 10);
      byDay.push({ day, count: perDay[day] ?? 0 });
    }
  }
  return {
    total: live.length,
    byKind: count((r) => r.kind),
    byStatus: count((r) => `${r.kind}:${r.status}`),
    byZone: count((r) => r.zoneAnswer?.status ?? 'unknown'),
    byDay,
    weeks: weekCounts(live, now),
  };
}

function weekCounts(live: readonly FieldRecord[], now: Date): Overview['weeks'] {
  const monday = beijingMonday(beijingDay(now.toISOString()));
  const lastMonday = addDays(monday, -7);
  let thisWeek = 0;
  let lastWeek = 0;
  for (const r of live) {
    const day = beijingDay(r.createdAt);
    if (day >= monday) thisWeek++;
    else if (day >= lastMonday) lastWeek++;
  }
  return {
    thisWeek: { from: monday, count: thisWeek },
    lastWeek: { from: lastMonday, to: addDays(monday, -1), count: lastWeek },
  };
}
