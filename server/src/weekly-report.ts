/**
 * The bureau's weekly report (issue 13, "the bureau's view"): every live record counted by kind, status and
 * district as it stands when the report is made, and what changed in the Beijing week — records created in
 * it (by the record's own createdAt) and the status steps taken in it (by each step's time, from the
 * record's statusHistory). Soft-deleted records are left out, as the app's overview leaves them out.
 *
 * Two queries, the same on both stores except for the district: PostGIS places each record with ST_Covers
 * in SQL; PGlite returns the places (as arrays) and the app's own point-in-polygon core places them
 * (weekly-report-districts.ts). Times inside a record are the phone's strings: they are read with
 * Date.parse in JavaScript (as the app reads them), never cast in SQL, so one malformed time cannot fail the
 * report. Which records can have changed in the week is narrowed by the server's own write time
 * (records.updated_at): a record created or stepped in the week reached the server after that, less the
 * phone clock's error, for which two days are allowed; only those records' bodies are read.
 */
import type { Database } from './database.ts';
import { type DistrictSet, districtSql, districtsCte, shippedDistricts } from './weekly-report-districts.ts';
import type { ReportWeek } from './weekly-report-week.ts';

/** How far a phone's clock may run ahead of the server's for its changes still to be found. */
export const CLOCK_SLACK_MS = 2 * 86_400_000;

/** Live records of one kind, status and district. */
export interface CountRow {
  kind: string;
  status: string;
  district: number;
  count: number;
}

/** One change in the week: a record created, or a status step. */
export interface ChangeRow {
  /** ISO time of the change (UTC). */
  at: string;
  type: 'created' | 'status';
  recordId: string;
  kind: string;
  district: number;
  /** The status before the step (null for a created record). */
  from: string | null;
  to: string;
  /** Who took the step (the officer id in the history; for a created record, its first step's). */
  by: string;
  note: string;
  documentNumber: string;
}

/** The report. */
export interface WeeklyReport {
  week: { monday: string; sunday: string; from: string; to: string };
  generatedAt: string;
  /** How districts were placed: PostGIS ST_Covers, or the app's own core. */
  placedBy: 'postgis' | 'app-core';
  districts: { adcode: number; zh: string; en: string }[];
  total: number;
  counts: CountRow[];
  changes: ChangeRow[];
}

/** Computes the report for `week` at time `nowMs`. */
export async function weeklyReport(
  db: Database,
  week: ReportWeek,
  nowMs: number,
  districts: DistrictSet = shippedDistricts(),
): Promise<WeeklyReport> {
  const counts = await countRows(db, districts);
  const changes = await changeRows(db, week, districts);
  return {
    week: {
      monday: week.monday,
      sunday: week.sunday,
      from: new Date(week.fromMs).toISOString(),
      to: new Date(week.toMs).toISOString(),
    },
    generatedAt: new Date(nowMs).toISOString(),
    placedBy: db.postgis ? 'postgis' : 'app-core',
    districts: [...districts.names].map(([adcode, name]) => ({ adcode, ...name })).sort(byDistrictOrder),
    total: counts.reduce((n, r) => n + r.count, 0),
    counts,
    changes,
  };
}

/** The four districts by code, then "outside" last. */
function byDistrictOrder(a: { adcode: number }, b: { adcode: number }): number {
  return (a.adcode || Number.MAX_SAFE_INTEGER) - (b.adcode || Number.MAX_SAFE_INTEGER);
}

async function countRows(db: Database, districts: DistrictSet): Promise<CountRow[]> {
  const merged = new Map<string, CountRow>();
  const add = (kind: string, status: string, district: number, n: number) => {
    const key = `${kind}\u0000${status}\u0000${district}`;
    const row = merged.get(key);
    if (row) row.count += n;
    else merged.set(key, { kind, status, district, count: n });
  };
  if (db.postgis) {
    const rows = await db.query<{ kind: string; status: string; district: number; n: number }>(
      `WITH ${districtsCte(1)}
       SELECT r.kind, r.status, ${districtSql('r')} AS district, count(*)::int AS n
         FROM records r WHERE NOT r.deleted GROUP BY 1, 2, 3`,
      [districts.postgisParameter],
    );
    for (const r of rows) add(r.kind, r.status, Number(r.district), Number(r.n));
  } else {
    // One row per kind and status with the places as two arrays: PGlite hands back one array far faster
    // than a row per record (200,000 records: 0.6 s against 3.7 s, bench/weekly-report.bench.ts).
    const rows = await db.query<{ kind: string; status: string; lng: number[]; lat: number[] }>(
      'SELECT kind, status, array_agg(lng) AS lng, array_agg(lat) AS lat FROM records WHERE NOT deleted GROUP BY kind, status',
    );
    for (const r of rows) {
      const perDistrict = new Map<number, number>();
      for (let i = 0; i < r.lng.length; i++) {
        const d = districts.districtOf(r.lng[i] as number, r.lat[i] as number);
        perDistrict.set(d, (perDistrict.get(d) ?? 0) + 1);
      }
      for (const [d, n] of perDistrict) add(r.kind, r.status, d, n);
    }
  }
  return [...merged.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.status.localeCompare(b.status) || a.district - b.district,
  );
}

interface Candidate {
  id: string;
  kind: string;
  created_at: string | null;
  history: unknown;
  district?: number;
  lng: number;
  lat: number;
}

async function changeRows(db: Database, week: ReportWeek, districts: DistrictSet): Promise<ChangeRow[]> {
  const since = new Date(week.fromMs - CLOCK_SLACK_MS);
  const candidates = db.postgis
    ? await db.query<Candidate>(
        `WITH ${districtsCte(2)}
         SELECT r.id, r.kind, r.body->>'createdAt' AS created_at, r.body->'statusHistory' AS history, r.lng, r.lat,
                ${districtSql('r')} AS district
           FROM records r WHERE NOT r.deleted AND r.updated_at >= $1`,
        [since, districts.postgisParameter],
      )
    : await db.query<Candidate>(
        `SELECT id, kind, body->>'createdAt' AS created_at, body->'statusHistory' AS history, lng, lat
           FROM records WHERE NOT deleted AND updated_at >= $1`,
        [since],
      );
  const inWeek = (ms: number) => ms >= week.fromMs && ms < week.toMs;
  const out: ChangeRow[] = [];
  for (const c of candidates) {
    const history = Array.isArray(c.history) ? (c.history as Record<string, unknown>[]) : [];
    const created = Date.parse(c.created_at ?? '');
    const district = c.district === undefined ? null : Number(c.district);
    const place = () => district ?? districts.districtOf(c.lng, c.lat);
    if (inWeek(created)) {
      const first = history[0];
      out.push({
        at: new Date(created).toISOString(),
        type: 'created',
        recordId: c.id,
        kind: c.kind,
        district: place(),
        from: null,
        to: text(first?.status),
        by: text(first?.by),
        note: text(first?.note),
        documentNumber: text(first?.documentNumber),
      });
    }
    for (let i = 1; i < history.length; i++) {
      const step = history[i] as Record<string, unknown>;
      const before = history[i - 1] as Record<string, unknown>;
      const at = Date.parse(text(step?.at));
      if (!inWeek(at)) continue;
      // A step that repeats the status with nothing to say is a re-save, not a step (as the app's report).
      if (step.status === before?.status && !step.note && !step.documentNumber) continue;
      out.push({
        at: new Date(at).toISOString(),
        type: 'status',
        recordId: c.id,
        kind: c.kind,
        district: place(),
        from: text(before?.status),
        to: text(step.status),
        by: text(step.by),
        note: text(step.note),
        documentNumber: text(step.documentNumber),
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      a.recordId.localeCompare(b.recordId) ||
      (a.type === b.type ? 0 : a.type === 'created' ? -1 : 1),
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Sums of the report for its tables: live records by kind, by kind and status, by district, by district and
 *  kind; the week's new records and steps by the same. */
export interface ReportSums {
  byKind: Map<string, number>;
  byKindStatus: Map<string, number>;
  byDistrict: Map<number, number>;
  byDistrictKind: Map<string, number>;
  newByKind: Map<string, number>;
  newByDistrict: Map<number, number>;
  /** Steps into each status this week, key `kind:status`. */
  stepsInto: Map<string, number>;
  stepsByKind: Map<string, number>;
}

/** Adds up a report. */
export function reportSums(report: WeeklyReport): ReportSums {
  const sums: ReportSums = {
    byKind: new Map(),
    byKindStatus: new Map(),
    byDistrict: new Map(),
    byDistrictKind: new Map(),
    newByKind: new Map(),
    newByDistrict: new Map(),
    stepsInto: new Map(),
    stepsByKind: new Map(),
  };
  const add = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  for (const r of report.counts) {
    add(sums.byKind, r.kind, r.count);
    add(sums.byKindStatus, `${r.kind}:${r.status}`, r.count);
    add(sums.byDistrict, r.district, r.count);
    add(sums.byDistrictKind, `${r.district}:${r.kind}`, r.count);
  }
  for (const c of report.changes)
    if (c.type === 'created') {
      add(sums.newByKind, c.kind);
      add(sums.newByDistrict, c.district);
    } else {
      add(sums.stepsInto, `${c.kind}:${c.to}`);
      add(sums.stepsByKind, c.kind);
    }
  return sums;
}
