/**
 * Who sees what. Each agency's role sees the record kinds its work needs; the ecology bureau sees everything
 * and is the only one that sees a reporter's contact; a county sees every kind, but only inside its own area;
 * every device also sees the records it created. Residents have no account: they see only their receipt's
 * status (server/src/resident-reports.ts).
 */
import type { RecordKind } from '../../src/records/record.ts';

/** An agency's role. */
export type Role = 'ecology' | 'police' | 'market-regulation' | 'city-management' | 'county';

/** Every role, in the order the bureau lists them. */
export const ROLES: readonly Role[] = ['ecology', 'police', 'market-regulation', 'city-management', 'county'];

const ALL_KINDS: readonly RecordKind[] = [
  'sales-point',
  'appliance',
  'violation-report',
  'exempt-enterprise',
  'checkpoint-inspection',
  'checkpoint',
];

/** The record kinds each role pulls. */
export const KINDS_BY_ROLE: Readonly<Record<Role, readonly RecordKind[]>> = {
  ecology: ALL_KINDS,
  // Police work the checkpoints: inspections, checkpoints, and the exempt enterprises whose permits they check.
  police: ['checkpoint-inspection', 'checkpoint', 'exempt-enterprise'],
  // Market regulation closes sales points and follows up reports of selling and storing.
  'market-regulation': ['sales-point', 'violation-report', 'exempt-enterprise'],
  // City management removes appliances and follows up reports of burning.
  'city-management': ['appliance', 'sales-point', 'violation-report'],
  county: ALL_KINDS,
};

/** Whether the role sees a reporter's contact (name and phone of a violation report). */
export function seesContact(role: Role): boolean {
  return role === 'ecology';
}

/** The record as the role may see it: a violation report's contact is removed for everyone but the bureau.
 *  Returns the same object when nothing is hidden. */
export function redactForRole<T extends { kind: string; fields: unknown }>(record: T, role: Role): T {
  if (seesContact(role) || record.kind !== 'violation-report') return record;
  const fields = record.fields as Record<string, unknown>;
  if (fields.contact === null || fields.contact === undefined) return record;
  return { ...record, fields: { ...fields, contact: null } };
}

/** Whether the point lies in the (Multi)Polygon: even-odd ray casting over every ring, so holes count.
 *  Used where PostGIS is not (PGlite); on PostgreSQL the same test is ST_Covers. */
export function pointInArea(
  lng: number,
  lat: number,
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] },
): boolean {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  let inside = false;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
  return inside;
}
