/**
 * Drafts of the zone: an edited vertex gets the reason, the author and the uncertainty given, unchanged vertices
 * keep their provenance, undo/redo walk the states, the draft makes a valid zone version, and a vertex dragged
 * across the ring is found as a self-crossing with its place.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateZone } from '../../src/geo/validate-zone.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import {
  applyRing,
  canRedo,
  current,
  draftProblems,
  draftZone,
  openDraft,
  redo,
  undo,
} from '../../src/zones/zone-draft.ts';

const city = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature;
const EDIT = { reason: '按实地道路修正', uncertaintyM: 50, author: '生态环境局 张三', at: '2026-12-03T02:00:00Z' };
const OPTIONS = { note: '东侧修正', author: '生态环境局 张三', at: '2026-12-03T02:00:00Z', sequence: 1 };

describe('zone drafts', () => {
  it('moves a vertex with its reason and uncertainty; the rest keep their provenance; undo and redo', () => {
    const draft = openDraft(city, '2026-12-03T01:00:00Z');
    const ring = current(draft).ring.map((p) => [...p]);
    const old = current(draft).vertices;
    ring[2] = [(ring[2]![0] as number) + 0.001, ring[2]![1] as number];
    const moved = applyRing(draft, ring, EDIT);
    const now = current(moved).vertices;
    expect(now.length).toBe(old.length);
    expect(now[2]!.source).toBe('edited by 生态环境局 张三 at 2026-12-03T02:00:00Z: 按实地道路修正');
    expect(now[2]!.edge).toEqual({ side: old[1]!.edge.side, uncertaintyM: 50, basis: 'reasoned' });
    expect(now[5]).toEqual(old[5]);
    // The edge into the moved vertex is as uncertain as the edit at least.
    expect(now[1]!.edge.uncertaintyM).toBe(Math.max(old[1]!.edge.uncertaintyM, 50));
    const back = undo(moved);
    expect(current(back).ring).toEqual(current(draft).ring);
    expect(canRedo(back)).toBe(true);
    expect(current(redo(back)).ring[2]).toEqual(ring[2]);
    // A new edit after an undo drops the undone state.
    expect(canRedo(applyRing(back, ring, EDIT))).toBe(false);

    const zone = draftZone(city, moved, OPTIONS);
    expect(zone.properties.version).toBe('2024-106.edit-1');
    expect(zone.properties.status).toBe('draft');
    expect(validateZone(zone)).toEqual({ valid: true });
    expect(draftProblems(zone)).toEqual({ reasons: [], crossings: [] });
    // The base is untouched.
    expect(city.properties.version).toBe('2024-106.trace-1');
  });

  it('an added vertex (an edge split) is valid; a vertex dragged across the ring is refused with where', () => {
    const draft = openDraft(city, '2026-12-03T01:00:00Z');
    const ring = current(draft).ring.map((p) => [...p]);
    const a = ring[3]!;
    const b = ring[4]!;
    const split = [...ring.slice(0, 4), [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], ...ring.slice(4)];
    const added = draftZone(city, applyRing(draft, split, EDIT), OPTIONS);
    expect(added.properties.rings[0]!.vertices.length).toBe(ring.length);
    expect(validateZone(added)).toEqual({ valid: true });

    // Vertex 3 dragged to the far side of the zone: the ring crosses itself.
    const crossed = ring.map((p) => [...p]);
    const far = ring[Math.floor(ring.length / 2)]!;
    crossed[3] = [far[0]! + 0.01, far[1]! - 0.01];
    const bad = draftZone(city, applyRing(draft, crossed, EDIT), OPTIONS);
    const problems = draftProblems(bad);
    expect(problems.reasons.map((r) => r.code)).toContain('SELF_INTERSECTION');
    expect(problems.crossings.length).toBeGreaterThan(0);
  });
});
