/**
 * What an edit that snapped to a road says of itself, pure (no DOM, no map): the uncertainty an edit takes
 * when the editor leaves the field empty — the snapped road's own precision (OSM ~5 m, a survey layer ~1 m),
 * else the old value of the moved vertex (an added vertex: of the edge it splits) — and, after applyRing
 * (zone-draft.ts), each snapped vertex naming its road and citing the road's file and feature or OSM way.
 * The rule: "default: what the snapped source supports, else the old value". Decision 0028.
 */
import type { VertexProvenance } from '../geo/zone.ts';
import { changedVertex } from './ring-vertices.ts';
import { current, type DraftState, type ZoneDraft } from './zone-draft.ts';

/** A vertex placed on a road line by snapping. */
export interface VertexSnap {
  /** Where it was placed [lng, lat]. */
  at: [number, number];
  /** The road's citation ("roads.geojson feature 3 (name)", "x.osm.pbf osm way 123") and name. */
  ref: string;
  name: string;
  /** How far the road's own positions may be off (metres). */
  precisionM: number;
}

/** Within this (degrees, ~1 cm) a ring vertex is the snapped position: terra-draw rounds to 1e-9°. */
const SAME_DEG = 1e-7;

/** The snap (if any) that placed the vertex at `p`. */
export function snapAt(snaps: readonly VertexSnap[], p: readonly number[]): VertexSnap | undefined {
  return snaps.find(
    (s) => Math.abs(s.at[0] - (p[0] as number)) < SAME_DEG && Math.abs(s.at[1] - (p[1] as number)) < SAME_DEG,
  );
}

/** The uncertainty (m) of an edit from `before` to `ring` when the editor gives none. */
export function defaultUncertainty(
  before: DraftState,
  ring: readonly number[][],
  snaps: readonly VertexSnap[],
): number {
  const change = changedVertex(before.ring, ring);
  if (change && change.kind !== 'removed') {
    const snap = snapAt(snaps, ring[change.index] as number[]);
    if (snap) return snap.precisionM;
  }
  const n = before.vertices.length;
  const old = (i: number) => (before.vertices[((i % n) + n) % n] as VertexProvenance | undefined)?.edge.uncertaintyM;
  if (change?.kind === 'moved') return old(change.index) ?? 200;
  // An added vertex splits the edge that led to it; a removed one merges two edges: the one into it.
  if (change) return old(change.index - 1) ?? 200;
  const all = before.vertices.map((v) => v.edge.uncertaintyM).sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)] ?? 200;
}

/** The draft with each vertex of its current state that a snap placed citing its road (basis derived: from
 *  the road line, as a traced vertex is). Other vertices are left as applyRing made them. */
export function citeSnappedRoads(
  draft: ZoneDraft,
  snaps: readonly VertexSnap[],
  edit: { reason: string; author: string; at: string },
): ZoneDraft {
  if (snaps.length === 0) return draft;
  const state = current(draft);
  let changed = false;
  const vertices = state.vertices.map((v, i) => {
    const snap = snapAt(snaps, state.ring[i] as number[]);
    if (!snap || !v.source.startsWith('edited by')) return v;
    changed = true;
    return {
      ...v,
      name: `${snap.name}（吸附 snapped）`,
      basis: 'derived' as const,
      source: `edited by ${edit.author} at ${edit.at}: ${edit.reason}; snapped to ${snap.ref} "${snap.name}" (±${snap.precisionM} m)`,
    };
  });
  if (!changed) return draft;
  const states = draft.states.map((s, k) => (k === draft.at ? { ...s, vertices } : s));
  return { ...draft, states };
}
