/**
 * Validates a zone file: GeoJSON shape, WGS-84 positions inside Datong, no swapped lng/lat, closed rings,
 * no self-intersections (find-crossings.ts), the RFC 7946 winding, and complete provenance with an uncertainty
 * on every edge. Returns reasons with stable codes; never throws on bad data.
 */

import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Reason, Validation } from '../errors.ts';
import { DATONG_EXTENT, inExtent } from './datong-extent.ts';
import { findCrossings } from './find-crossings.ts';
import { polygonsOf, type ZoneFeature } from './zone.ts';

const STATUSES = new Set(['official', 'provisional', 'county-published', 'draft', 'traced-from-roads']);
const BASES = new Set(['sourced', 'derived', 'reasoned']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How many reasons of one code are listed. */
const REASONS_PER_CODE = 10;

/** Validates an unknown value as a zone Feature. */
export function validateZone(value: unknown): Validation {
  const reasons: Reason[] = [];
  // At most REASONS_PER_CODE reasons of one kind are listed (a file of 1,001 rings would otherwise list
  // thousands), then one line says how many more there were.
  const perCode = new Map<string, number>();
  const add = (code: string, message: string, path?: string) => {
    const seen = (perCode.get(code) ?? 0) + 1;
    perCode.set(code, seen);
    if (seen <= REASONS_PER_CODE) reasons.push({ code, message, path });
  };
  if (!isObject(value) || value.type !== 'Feature') {
    add('NOT_A_FEATURE', 'A zone file must be one GeoJSON Feature');
    return { valid: false, reasons };
  }
  const geometry = value.geometry;
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    add('BAD_GEOMETRY', 'geometry must be a Polygon or MultiPolygon', 'geometry');
    return { valid: false, reasons };
  }
  const shapeOk = checkGeometry(geometry as unknown as Polygon | MultiPolygon, add);
  if (shapeOk) checkTopology(value as unknown as ZoneFeature, add);
  checkProperties(value.properties, shapeOk ? (geometry as unknown as Polygon | MultiPolygon) : null, add);
  for (const [code, seen] of perCode)
    if (seen > REASONS_PER_CODE)
      reasons.push({ code, message: `… and ${seen - REASONS_PER_CODE} more ${code} problem(s) like those above` });
  return reasons.length === 0 ? { valid: true } : { valid: false, reasons };
}

type Add = (code: string, message: string, path?: string) => void;

function checkGeometry(geometry: Polygon | MultiPolygon, add: Add): boolean {
  const raw = geometry.coordinates as unknown;
  const polygons = geometry.type === 'Polygon' ? [raw] : raw;
  if (!Array.isArray(polygons) || polygons.length === 0) {
    add('BAD_GEOMETRY', 'geometry.coordinates is empty or not an array', 'geometry.coordinates');
    return false;
  }
  let ok = true;
  let swapped = 0;
  let outside = 0;
  let positions = 0;
  polygons.forEach((rings: unknown, p: number) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      add('BAD_GEOMETRY', `polygon ${p} has no rings`, `polygon ${p}`);
      ok = false;
      return;
    }
    rings.forEach((ring: unknown, r: number) => {
      const where = `polygon ${p} ring ${r}`;
      if (!Array.isArray(ring) || ring.length < 4) {
        add('RING_TOO_SHORT', `${where} needs at least 4 positions (a closed triangle)`, where);
        ok = false;
        return;
      }
      for (let i = 0; i < ring.length; i++) {
        const pos = ring[i] as unknown;
        if (!Array.isArray(pos) || pos.length < 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
          add('BAD_POSITION', `${where} position ${i} is not [lng, lat] numbers`, `${where} position ${i}`);
          ok = false;
          return;
        }
        positions++;
        const [lng, lat] = pos as [number, number];
        if (!inExtent(lng, lat, DATONG_EXTENT)) {
          if (inExtent(lat, lng, DATONG_EXTENT)) swapped++;
          else outside++;
        }
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        add('RING_NOT_CLOSED', `${where} does not end where it starts`, where);
        ok = false;
      }
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as Position;
        const b = ring[i] as Position;
        if (a[0] === b[0] && a[1] === b[1]) {
          add('DUPLICATE_VERTEX', `${where} repeats position ${i - 1} at ${i} (a zero-length edge)`, where);
          ok = false;
        }
      }
    });
  });
  if (swapped > 0) {
    add(
      'SWAPPED_LNG_LAT',
      `${swapped} of ${positions} positions look like [lat, lng]; GeoJSON wants [lng, lat] (Datong is ~113°E, 40°N)`,
    );
    ok = false;
  }
  if (outside > 0) {
    add(
      'OUTSIDE_DATONG',
      `${outside} of ${positions} positions lie outside Datong's area (${DATONG_EXTENT.join(', ')})`,
    );
    ok = false;
  }
  return ok;
}

function checkTopology(feature: ZoneFeature, add: Add): void {
  const { crossings, capped, exhausted } = findCrossings(polygonsOf(feature.geometry));
  if (crossings.length > 0) {
    const at = crossings
      .slice(0, 3)
      .map((c) => c.at.map((n) => n.toFixed(6)).join(','))
      .join('; ');
    const count = capped || exhausted ? `at least ${crossings.length}` : String(crossings.length);
    add('SELF_INTERSECTION', `the boundary crosses itself at ${count} place(s), e.g. ${at}`);
  } else if (exhausted)
    // A partial search proves nothing; refusing is safer than calling an unchecked boundary valid.
    add(
      'TOO_COMPLEX',
      `the boundary has too many long edges crowded together (${edgeCount(feature)} edges) to be checked for self-crossings; simplify it`,
    );
  polygonsOf(feature.geometry).forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const area = signedArea(ring);
      if (area === 0) add('DEGENERATE_RING', `polygon ${p} ring ${r} has no area`, `polygon ${p} ring ${r}`);
      // RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise.
      else if ((r === 0) !== area > 0)
        add(
          'WINDING',
          `polygon ${p} ring ${r} winds the wrong way (RFC 7946 right-hand rule)`,
          `polygon ${p} ring ${r}`,
        );
    });
  });
}

function edgeCount(feature: ZoneFeature): number {
  return polygonsOf(feature.geometry).reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length - 1, 0), 0);
}

function checkProperties(value: unknown, geometry: Polygon | MultiPolygon | null, add: Add): void {
  if (!isObject(value)) {
    add('MISSING_PROVENANCE', 'properties are missing: a zone needs its notice, version, status and provenance');
    return;
  }
  for (const key of ['id', 'version'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') add('MISSING_PROVENANCE', `properties.${key} is missing`);
  }
  if (!STATUSES.has(value.status as string))
    add('BAD_STATUS', `properties.status must be one of ${[...STATUSES].join(', ')}`, 'properties.status');
  const notice = value.notice;
  if (!isObject(notice) || typeof notice.number !== 'string' || !notice.number) {
    add('MISSING_PROVENANCE', 'properties.notice.number is missing', 'properties.notice');
  } else {
    for (const key of ['date', 'effectiveFrom'] as const) {
      if (typeof notice[key] !== 'string' || !DATE.test(notice[key] as string))
        add('MISSING_PROVENANCE', `properties.notice.${key} must be a YYYY-MM-DD date`, `properties.notice.${key}`);
    }
  }
  const statement = value.uncertaintyStatement;
  if (!isObject(statement) || typeof statement.zh !== 'string' || typeof statement.en !== 'string')
    add(
      'MISSING_UNCERTAINTY',
      'properties.uncertaintyStatement {zh, en} is missing',
      'properties.uncertaintyStatement',
    );
  if (!Array.isArray(value.sources) || value.sources.length === 0)
    add('MISSING_PROVENANCE', 'properties.sources lists no source', 'properties.sources');
  const sides = Array.isArray(value.sides) ? value.sides : [];
  const sideIds = new Set<string>();
  sides.forEach((side: unknown, i: number) => {
    if (!isObject(side) || typeof side.id !== 'string' || typeof side.clause !== 'string' || !side.clause)
      add(
        'MISSING_PROVENANCE',
        `properties.sides[${i}] needs an id and the clause it comes from`,
        `properties.sides[${i}]`,
      );
    else sideIds.add(side.id);
  });
  if (sideIds.size === 0) add('MISSING_PROVENANCE', 'properties.sides is empty', 'properties.sides');
  if (geometry) checkRings(value.rings, geometry, sideIds, add);
}

function checkRings(rings: unknown, geometry: Polygon | MultiPolygon, sideIds: Set<string>, add: Add): void {
  const polygons = polygonsOf(geometry);
  const expected = polygons.reduce((n, p) => n + p.length, 0);
  if (!Array.isArray(rings) || rings.length !== expected) {
    add('MISSING_PROVENANCE', `properties.rings must describe each of the ${expected} ring(s)`, 'properties.rings');
    return;
  }
  rings.forEach((entry: unknown, k: number) => {
    const path = `properties.rings[${k}]`;
    if (!isObject(entry) || typeof entry.polygon !== 'number' || typeof entry.ring !== 'number') {
      add('MISSING_PROVENANCE', `${path} must name its polygon and ring`, path);
      return;
    }
    const ring = polygons[entry.polygon]?.[entry.ring];
    const vertices = entry.vertices;
    if (!ring || !Array.isArray(vertices) || vertices.length !== ring.length - 1) {
      add('PROVENANCE_MISMATCH', `${path}.vertices must have one entry per vertex (${(ring?.length ?? 1) - 1})`, path);
      return;
    }
    vertices.forEach((v: unknown, i: number) => {
      const at = `${path}.vertices[${i}]`;
      if (!isObject(v) || !BASES.has(v.basis as string) || typeof v.source !== 'string' || !v.source) {
        add('MISSING_PROVENANCE', `${at} needs basis (sourced|derived|reasoned) and source`, at);
        return;
      }
      const edge = v.edge;
      if (!isObject(edge) || typeof edge.uncertaintyM !== 'number' || !(edge.uncertaintyM > 0)) {
        add('MISSING_UNCERTAINTY', `${at}.edge.uncertaintyM must be a positive number of metres`, at);
        return;
      }
      if (!sideIds.has(edge.side as string))
        add('UNKNOWN_SIDE', `${at}.edge.side ${shown(edge.side)} is not a side`, at);
    });
  });
}

/** Shoelace area in degrees² (sign = winding: positive is counterclockwise). */
export function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    sum += ((a[0] as number) - (b[0] as number)) * ((a[1] as number) + (b[1] as number));
  }
  return sum / 2;
}

/** A value from the file, for a message: as JSON, clipped (`String()` throws on `{"toString": 1}`). */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
