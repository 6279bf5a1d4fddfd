/**
 * The records' own places for search: recorded sales points, exempt enterprises and police checkpoints, by
 * their name (and address), at the location the record keeps. Deleted records are left out. Pure: the caller
 * reads the records from src/store.
 */
import type { FieldRecord, RecordKind } from '../records/record.ts';
import type { SearchablePlace } from './search-places.ts';

/** The record kinds whose names are places people look for. */
export const PLACE_RECORD_KINDS: readonly RecordKind[] = ['sales-point', 'exempt-enterprise', 'checkpoint'];

/** Search places from records (one per live record with a name). */
export function recordPlaces(records: readonly FieldRecord[]): SearchablePlace[] {
  const places: SearchablePlace[] = [];
  for (const record of records) {
    if (record.deleted || !PLACE_RECORD_KINDS.includes(record.kind)) continue;
    const fields = record.fields as { name?: unknown; address?: unknown; road?: unknown };
    const name = typeof fields.name === 'string' ? fields.name.trim() : '';
    if (name === '') continue;
    const address = [fields.address, fields.road].filter((s) => typeof s === 'string' && s.trim() !== '').join(' ');
    places.push({
      id: `record-${record.id}`,
      name,
      kind: record.kind,
      lng: record.location.lng,
      lat: record.location.lat,
      accuracyM: record.location.accuracyM,
      source: `record ${record.id}`,
      origin: 'record',
      ...(address ? { address } : {}),
    });
  }
  return places;
}
