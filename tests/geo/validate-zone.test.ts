import { describe, expect, it } from 'vitest';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { cityZone } from '../helpers/fixtures.ts';

/** The codes a validation returned (empty when valid). */
function codes(value: unknown): string[] {
  const v = validateZone(value);
  return v.valid ? [] : v.reasons.map((r) => r.code);
}

describe('validateZone', () => {
  it('accepts the embedded city zone', () => {
    expect(validateZone(cityZone())).toEqual({ valid: true });
  });

  it('refuses something that is not a Feature', () => {
    expect(codes({ type: 'FeatureCollection', features: [] })).toEqual(['NOT_A_FEATURE']);
    expect(codes(null)).toEqual(['NOT_A_FEATURE']);
    expect(codes('{}')).toEqual(['NOT_A_FEATURE']);
  });

  it('refuses a non-polygon geometry', () => {
    const zone = cityZone() as unknown as { geometry: unknown };
    zone.geometry = { type: 'LineString', coordinates: [[113, 40]] };
    expect(codes(zone)).toEqual(['BAD_GEOMETRY']);
  });

  it('refuses swapped lng/lat', () => {
    const zone = cityZone();
    zone.geometry.coordinates = [zone.geometry.coordinates[0]!.map((p) => [p[1]!, p[0]!]).reverse()];
    expect(codes(zone)).toContain('SWAPPED_LNG_LAT');
  });

  it('refuses coordinates outside Datong', () => {
    const zone = cityZone();
    zone.geometry.coordinates = [zone.geometry.coordinates[0]!.map((p) => [p[0]! + 3, p[1]!])];
    expect(codes(zone)).toContain('OUTSIDE_DATONG');
  });

  it('refuses a self-intersecting boundary', () => {
    const zone = cityZone();
    const ring = zone.geometry.coordinates[0]!;
    // Swap two vertices on opposite sides: the ring crosses itself.
    const a = ring[2]!;
    ring[2] = ring[12]!;
    ring[12] = a;
    expect(codes(zone)).toContain('SELF_INTERSECTION');
  });

  it('refuses an open ring, a short ring, a bad position and a zero-length edge', () => {
    const open = cityZone();
    open.geometry.coordinates[0]!.pop();
    expect(codes(open)).toContain('RING_NOT_CLOSED');
    const short = cityZone();
    short.geometry.coordinates = [
      [
        [113.3, 40.1],
        [113.31, 40.1],
        [113.3, 40.1],
      ],
    ];
    expect(codes(short)).toContain('RING_TOO_SHORT');
    const bad = cityZone();
    (bad.geometry.coordinates[0]![3] as unknown) = ['113.3', 40.1];
    expect(codes(bad)).toContain('BAD_POSITION');
    const dup = cityZone();
    dup.geometry.coordinates[0]!.splice(3, 0, [...dup.geometry.coordinates[0]![3]!]);
    expect(codes(dup)).toContain('DUPLICATE_VERTEX');
  });

  it('refuses the wrong winding (RFC 7946)', () => {
    const zone = cityZone();
    zone.geometry.coordinates[0]!.reverse();
    zone.properties.rings[0]!.vertices.reverse();
    expect(codes(zone)).toContain('WINDING');
  });

  it('refuses missing provenance: notice, version, sources, sides', () => {
    const zone = cityZone() as unknown as { properties: Record<string, unknown> };
    delete zone.properties.notice;
    delete zone.properties.version;
    zone.properties.sources = [];
    expect(codes(zone).filter((c) => c === 'MISSING_PROVENANCE').length).toBeGreaterThanOrEqual(3);
    expect(codes({ ...cityZone(), properties: undefined })).toContain('MISSING_PROVENANCE');
  });

  it('refuses an edge without an uncertainty, a vertex without a source, an unknown side', () => {
    const zone = cityZone();
    const v = zone.properties.rings[0]!.vertices;
    (v[0]!.edge as { uncertaintyM?: number }).uncertaintyM = undefined;
    (v[1] as { source?: string }).source = '';
    v[2]!.edge.side = 'up';
    const found = codes(zone);
    expect(found).toContain('MISSING_UNCERTAINTY');
    expect(found).toContain('MISSING_PROVENANCE');
    expect(found).toContain('UNKNOWN_SIDE');
  });

  it('refuses provenance that does not describe every vertex', () => {
    const zone = cityZone();
    zone.properties.rings[0]!.vertices.pop();
    expect(codes(zone)).toContain('PROVENANCE_MISMATCH');
  });

  it('refuses a missing uncertainty statement and a bad status', () => {
    const zone = cityZone() as unknown as { properties: Record<string, unknown> };
    delete zone.properties.uncertaintyStatement;
    zone.properties.status = 'final';
    expect(codes(zone)).toEqual(expect.arrayContaining(['MISSING_UNCERTAINTY', 'BAD_STATUS']));
  });
});
