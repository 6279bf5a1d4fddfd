/**
 * What a device pulls: the records changed after its cursor that its role may see (kinds by role, its own
 * records and the reports the bureau assigned to its agency always, a county's kinds only inside its own area), each redacted for the role (a reporter's contact only
 * for the bureau). The county filter is one indexed ST_Covers on PostGIS; on PGlite (no PostGIS) the bounding
 * box is filtered in SQL and the polygon in JavaScript (roles.ts pointInArea), with the cursor moving past
 * every row looked at so no page repeats.
 */
import type { FieldRecord } from '../../src/records/record.ts';
import type { Device } from './authenticate-device.ts';
import type { Database } from './database.ts';
import { KINDS_BY_ROLE, pointInArea, redactForRole } from './roles.ts';

/** One page of a pull. */
export interface PullPage {
  records: FieldRecord[];
  /** Pass as `after` next time. */
  cursor: number;
  /** More changes wait after the cursor. */
  more: boolean;
}

/** The records changed after `after` that `device` may see, at most `limit`. */
export async function pullRecords(db: Database, device: Device, after: number, limit: number): Promise<PullPage> {
  const kinds = KINDS_BY_ROLE[device.role];
  const params: unknown[] = [after, kinds, device.id, limit, device.agencyId];
  let area = '';
  const county = device.role === 'county';
  if (county && db.postgis) area = 'AND ST_Covers((SELECT area_geom FROM agencies WHERE id = $5), r.geog::geometry)';
  else if (county) {
    const [minLng, minLat, maxLng, maxLat] = device.area?.bbox ?? [0, 0, -1, -1];
    params.push(minLng, minLat, maxLng, maxLat);
    area = 'AND r.lng BETWEEN $6 AND $8 AND r.lat BETWEEN $7 AND $9';
  }
  const rows = await db.query<{
    changed_seq: number;
    body: FieldRecord;
    origin_device: string | null;
    assigned_agency: string | null;
    lng: number;
    lat: number;
  }>(
    `SELECT r.changed_seq, r.body, r.origin_device, r.assigned_agency, r.lng, r.lat FROM records r
      WHERE r.changed_seq > $1
        AND (r.origin_device = $3 OR r.assigned_agency = $5 OR (r.kind = ANY($2::text[]) ${area}))
      ORDER BY r.changed_seq LIMIT $4`,
    params,
  );
  const visible =
    county && !db.postgis
      ? rows.filter(
          (r) =>
            r.origin_device === device.id ||
            r.assigned_agency === device.agencyId ||
            (device.area && pointInArea(r.lng, r.lat, device.area.geometry)),
        )
      : rows;
  const last = rows[rows.length - 1];
  return {
    records: visible.map((r) => redactForRole(r.body, device.role)),
    cursor: last ? Number(last.changed_seq) : after,
    more: rows.length === limit,
  };
}
