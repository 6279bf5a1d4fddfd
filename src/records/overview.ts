/**
 * Counts for the overview: records by kind, by status, by zone answer, and by day (Beijing date), soft-deleted
 * records left out. Pure: the view draws them (table + uPlot chart).
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
}

const BEIJING_MS = 8 * 3600_000;

/** The Beijing calendar date (YYYY-MM-DD) of an ISO time. */
export function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 10);
}

/** Computes the overview. */
export function overview(records: readonly FieldRecord[]): Overview {
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
  };
}
