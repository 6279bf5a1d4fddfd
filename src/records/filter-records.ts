/**
 * The records list's filters as plain data, and the one function that applies them: the list shows, the
 * overview counts and every export (CSV, GeoJSON, KML) writes exactly what it returns, so a filtered list of
 * one exports one. Soft-deleted records are never in it.
 */
import { beijingDay } from './overview.ts';
import type { FieldRecord } from './record.ts';

/** The filters ('' = any). Dates are Beijing calendar days (YYYY-MM-DD), both ends included. */
export interface RecordFilter {
  kind: string;
  status: string;
  zone: string;
  from: string;
  to: string;
  text: string;
}

/** No filter at all. */
export const NO_FILTER: RecordFilter = { kind: '', status: '', zone: '', from: '', to: '', text: '' };

/** True when some filter narrows the list. */
export function isFiltered(filter: RecordFilter): boolean {
  return Object.values(filter).some((v) => v.trim() !== '');
}

/** The live records that pass every filter, in the order given. Text matches any field's text, any case. */
export function filterRecords(records: readonly FieldRecord[], filter: RecordFilter): FieldRecord[] {
  const q = filter.text.trim().toLowerCase();
  return records.filter((r) => {
    if (r.deleted) return false;
    const day = beijingDay(r.createdAt);
    return (
      (!filter.kind || r.kind === filter.kind) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.zone || r.zoneAnswer?.status === filter.zone) &&
      (!filter.from || day >= filter.from) &&
      (!filter.to || day <= filter.to) &&
      (!q || JSON.stringify(r.fields).toLowerCase().includes(q))
    );
  });
}
