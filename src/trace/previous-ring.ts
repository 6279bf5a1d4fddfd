/**
 * The zone version being replaced, read side by side: its exterior ring clockwise (as the notice reads),
 * each vertex with the edge that leaves it, so a side that cannot be traced keeps exactly its previous
 * vertices and provenance, and a traced side next to it knows the kept corner.
 */
import type { EdgeProvenance, VertexProvenance, ZoneFeature } from '../geo/zone.ts';
import { polygonsOf } from '../geo/zone.ts';
import { type LocalPlane, nearestOnSegment } from './local-plane.ts';

/** One previous vertex, clockwise, with its clockwise edge. */
export interface PreviousVertex {
  lng: number;
  lat: number;
  name: string;
  basis: VertexProvenance['basis'];
  source: string;
  edge: EdgeProvenance;
}

/** A corner of the previous ring, where one side hands over to the next. */
export interface Corner {
  lng: number;
  lat: number;
  uncertaintyM: number;
}

/** The previous ring, by side. */
export interface PreviousRing {
  vertices: PreviousVertex[];
  /** The vertices of a side: its first corner up to the vertex before the next side's corner. */
  chain(side: string): PreviousVertex[];
  /** The corner where this side begins (the previous side hands over). */
  cornerBefore(side: string): Corner | null;
  /** The corner where this side ends (the first vertex of the next side). */
  cornerAfter(side: string): Corner | null;
  /** The largest edge uncertainty on this side (metres). */
  maxUncertainty(side: string): number;
}

/** Reads the exterior ring of polygon 0 clockwise. */
export function previousRing(zone: ZoneFeature): PreviousRing {
  const ring = polygonsOf(zone.geometry)[0]?.[0] ?? [];
  const described = zone.properties.rings.find((r) => r.polygon === 0 && r.ring === 0)?.vertices ?? [];
  const n = described.length;
  // Stored counterclockwise (RFC 7946) with each vertex's edge to the next; clockwise, vertex i's edge is
  // the stored edge of the vertex that followed it counterclockwise (see scripts/trace-zone.ts buildZone).
  const vertices: PreviousVertex[] = [];
  for (let i = 0; i < n; i++) {
    const k = n - 1 - i;
    const position = ring[k] as number[];
    const v = described[k] as VertexProvenance;
    const edge = (described[(n - 2 - i + n) % n] as VertexProvenance).edge;
    vertices.push({
      lng: position[0] as number,
      lat: position[1] as number,
      name: v.name,
      basis: v.basis,
      source: v.source,
      edge,
    });
  }
  const starts = (side: string) =>
    vertices.findIndex(
      (v, i) => v.edge.side === side && (vertices[(i - 1 + n) % n] as PreviousVertex).edge.side !== side,
    );
  const chain = (side: string) => {
    const start = starts(side);
    if (start < 0) return vertices.every((v) => v.edge.side === side) ? vertices : [];
    const out: PreviousVertex[] = [];
    for (let k = 0; k < n; k++) {
      const v = vertices[(start + k) % n] as PreviousVertex;
      if (v.edge.side !== side) break;
      out.push(v);
    }
    return out;
  };
  const corner = (v: PreviousVertex | undefined, before: PreviousVertex | undefined): Corner | null =>
    v ? { lng: v.lng, lat: v.lat, uncertaintyM: Math.max(v.edge.uncertaintyM, before?.edge.uncertaintyM ?? 0) } : null;
  return {
    vertices,
    chain,
    cornerBefore(side) {
      const start = starts(side);
      return start < 0 ? null : corner(vertices[start], vertices[(start - 1 + n) % n]);
    },
    cornerAfter(side) {
      const c = chain(side);
      if (c.length === 0) return null;
      const last = vertices.indexOf(c[c.length - 1] as PreviousVertex);
      return corner(vertices[(last + 1) % n], vertices[last]);
    },
    maxUncertainty(side) {
      return Math.max(0, ...chain(side).map((v) => v.edge.uncertaintyM));
    },
  };
}

/** The shortest distance (plane metres) from any of `coords` to the previous course of a side. */
export function distanceToOldRing(
  previous: PreviousRing,
  plane: LocalPlane,
  side: string,
  coords: readonly (readonly [number, number])[],
): number {
  const chain = previous.chain(side);
  const after = previous.cornerAfter(side);
  const line = [...chain.map((v) => plane.toXY(v.lng, v.lat)), ...(after ? [plane.toXY(after.lng, after.lat)] : [])];
  let best = Number.POSITIVE_INFINITY;
  for (const [lng, lat] of coords) {
    const [x, y] = plane.toXY(lng, lat);
    const only = line.length === 1 ? (line[0] as [number, number]) : null;
    if (only) best = Math.min(best, Math.hypot(x - only[0], y - only[1]));
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1] as [number, number];
      const b = line[i] as [number, number];
      best = Math.min(best, nearestOnSegment(x, y, a[0], a[1], b[0], b[1]).distance);
    }
  }
  return best;
}
