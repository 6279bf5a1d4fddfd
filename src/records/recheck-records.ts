/**
 * The records re-checked against the zone version in use (issue 11: "records checked under older versions are
 * re-checked … with a summary (n changed)"): of the live records saved with an answer under another version,
 * how many now get another answer. The saved answers stay as they were (they are evidence); each record says
 * its current answer beside it (record-item.ts), and this is the count above the list.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import type { FieldRecord } from './record.ts';

/** How many records were checked under another version, and how many of them answer differently now. */
export interface Recheck {
  otherVersion: number;
  changed: number;
  /** The version answering now (null when no record was re-checked). */
  currentVersion: string | null;
}

/** Re-checks `records` with `classify` (the zones in use). */
export function recheckRecords(
  records: readonly FieldRecord[],
  classify: (lng: number, lat: number, accuracyM: number) => PointAnswer | null,
): Recheck {
  let otherVersion = 0;
  let changed = 0;
  let currentVersion: string | null = null;
  for (const r of records) {
    const saved = r.zoneAnswer;
    if (r.deleted || !saved) continue;
    const now = classify(r.location.lng, r.location.lat, r.location.accuracyM);
    if (!now || now.zoneVersion === saved.zoneVersion) continue;
    otherVersion++;
    currentVersion = now.zoneVersion;
    if (now.status !== saved.status) changed++;
  }
  return { otherVersion, changed, currentVersion };
}
