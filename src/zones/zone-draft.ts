/**
 * A draft edit of a zone's outer ring, pure (no DOM, no map): the ring as the editor now has it, each vertex's
 * provenance carried over where the vertex is unchanged, and for every moved or added vertex the reason and
 * the uncertainty the editor gave (its edge's side taken from the nearest unchanged neighbour); undo/redo over
 * the ring's states; validation by the same validator as `zones:check`, with where the ring crosses itself;
 * and the new version it makes (status draft, version `….edit-N`). Decision 0023.
 */

import type { Reason } from '../errors.ts';
import { findCrossings } from '../geo/find-crossings.ts';
import { validateZone } from '../geo/validate-zone.ts';
import type { VertexProvenance, ZoneFeature } from '../geo/zone.ts';

/** One state of the draft. */
export interface DraftState {
  /** Closed ring [lng, lat][], first = last. */
  ring: number[][];
  vertices: VertexProvenance[];
}

/** A draft: the zone it edits, its states (undo/redo), and what the editor said of the edits. */
export interface ZoneDraft {
  baseVersion: string;
  zoneId: string;
  states: DraftState[];
  /** Index of the current state in `states`. */
  at: number;
  savedAt: string;
}

/** Opens a zone's first ring as a draft. */
export function openDraft(zone: ZoneFeature, now: string): ZoneDraft {
  const ring = outerRing(zone).map((p) => [p[0] as number, p[1] as number]);
  const vertices = zone.properties.rings.find((r) => r.polygon === 0 && r.ring === 0)?.vertices ?? [];
  return {
    baseVersion: zone.properties.version,
    zoneId: zone.properties.id,
    states: [{ ring, vertices: structuredClone(vertices) }],
    at: 0,
    savedAt: now,
  };
}

/** The draft's current state. */
export function current(draft: ZoneDraft): DraftState {
  return draft.states[draft.at] as DraftState;
}

/** A new ring from the editor, with the reason and uncertainty for the vertices it moved or added. Later
 *  states (undone) are dropped. Unchanged vertices (same position to 1e-9°) keep their provenance. */
export function applyRing(
  draft: ZoneDraft,
  ring: number[][],
  edit: { reason: string; uncertaintyM: number; author: string; at: string },
): ZoneDraft {
  const before = current(draft);
  const key = (p: number[]) => `${(p[0] as number).toFixed(9)},${(p[1] as number).toFixed(9)}`;
  const kept = new Map<string, VertexProvenance>();
  for (const [i, p] of before.ring.slice(0, -1).entries()) kept.set(key(p), before.vertices[i] as VertexProvenance);
  const open = ring.slice(0, -1);
  let lastSide = before.vertices[0]?.edge.side ?? 'edited';
  const vertices = open.map((p) => {
    const same = kept.get(key(p));
    if (same) {
      lastSide = same.edge.side;
      return same;
    }
    return {
      name: `edited ${edit.at.slice(0, 10)}`,
      basis: 'reasoned' as const,
      source: `edited by ${edit.author} at ${edit.at}: ${edit.reason}`,
      edge: { side: lastSide, uncertaintyM: edit.uncertaintyM, basis: 'reasoned' as const },
    };
  });
  // The edge into an edited vertex changes too: its start keeps its name but takes the larger uncertainty.
  vertices.forEach((v, i) => {
    const next = vertices[(i + 1) % vertices.length] as VertexProvenance;
    if (next.source.startsWith('edited by') && !v.source.startsWith('edited by'))
      vertices[i] = { ...v, edge: { ...v.edge, uncertaintyM: Math.max(v.edge.uncertaintyM, edit.uncertaintyM) } };
  });
  const states = [...draft.states.slice(0, draft.at + 1), { ring: ring.map((p) => [...p]), vertices }];
  return { ...draft, states, at: states.length - 1, savedAt: edit.at };
}

export const canUndo = (draft: ZoneDraft) => draft.at > 0;
export const canRedo = (draft: ZoneDraft) => draft.at < draft.states.length - 1;
export const undo = (draft: ZoneDraft): ZoneDraft => (canUndo(draft) ? { ...draft, at: draft.at - 1 } : draft);
export const redo = (draft: ZoneDraft): ZoneDraft => (canRedo(draft) ? { ...draft, at: draft.at + 1 } : draft);

/** The zone the draft makes now (status draft): the base with the edited ring and its provenance. */
export function draftZone(
  base: ZoneFeature,
  draft: ZoneDraft,
  options: { note: string; author: string; at: string; sequence: number },
): ZoneFeature {
  const state = current(draft);
  const zone = structuredClone(base);
  const stem = base.properties.version.replace(/\.[a-z-]+-\d+$/, '');
  zone.properties.version = `${stem}.edit-${options.sequence}`;
  zone.properties.status = 'draft';
  zone.properties.tracedAt = options.at;
  const polygons = zone.geometry.type === 'Polygon' ? [zone.geometry.coordinates] : zone.geometry.coordinates;
  (polygons[0] as number[][][])[0] = state.ring;
  zone.properties.rings = zone.properties.rings.map((r) =>
    r.polygon === 0 && r.ring === 0 ? { ...r, vertices: state.vertices } : r,
  );
  zone.properties.sources = [
    ...zone.properties.sources.filter((s) => s.id !== 'hand-edit'),
    {
      id: 'hand-edit',
      description: `${options.author}, ${options.at}: ${options.note} (from ${base.properties.version})`,
      crs: 'WGS-84',
      licence: 'as the zone',
    },
  ];
  return zone;
}

/** What is wrong with the draft now: the validator's reasons, and where the ring crosses itself. */
export function draftProblems(zone: ZoneFeature): { reasons: Reason[]; crossings: [number, number][] } {
  const v = validateZone(zone);
  const crossings = findCrossings([[outerRing(zone)]], 20).crossings.map((c) => c.at);
  return { reasons: v.valid ? [] : v.reasons, crossings };
}

function outerRing(zone: ZoneFeature): number[][] {
  const g = zone.geometry;
  return (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0]) as number[][];
}
