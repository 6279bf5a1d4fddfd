/**
 * What an edit says of itself (src/zones/ring-vertices.ts, src/zones/snap-provenance.ts): the one vertex an edit
 * moved, added or removed, also at the ring's first vertex; a vertex removed unless three would be left; the
 * default uncertainty — the snapped road's precision, else the moved vertex's old value (an added vertex: the
 * edge it splits); a snapped vertex naming its road and citing the file's feature, the others untouched.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateZone } from '../../src/geo/validate-zone.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { changedVertex, withoutVertex } from '../../src/zones/ring-vertices.ts';
import { citeSnappedRoads, defaultUncertainty, type VertexSnap } from '../../src/zones/snap-provenance.ts';
import { applyRing, current, draftZone, openDraft } from '../../src/zones/zone-draft.ts';

const city = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature;
const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];
const EDIT = { reason: '吸附到太和路', author: '生态环境局 张三', at: '2026-12-03T02:00:00Z' };

describe('changedVertex and withoutVertex', () => {
  it('names the vertex an edit moved, added or removed', () => {
    const moved = square.map((p) => [...p]);
    moved[2] = [1.2, 1.1];
    expect(changedVertex(square, moved)).toEqual({ kind: 'moved', index: 2 });
    const first = square.map((p) => [...p]);
    first[0] = [-0.1, 0];
    first[4] = [-0.1, 0];
    expect(changedVertex(square, first)).toEqual({ kind: 'moved', index: 0 });
    const added = [
      [0, 0],
      [1, 0],
      [1, 0.5],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(changedVertex(square, added)).toEqual({ kind: 'added', index: 2 });
    const closing = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0.5],
      [0, 0],
    ];
    expect(changedVertex(square, closing)).toEqual({ kind: 'added', index: 4 });
    expect(changedVertex(added, square)).toEqual({ kind: 'removed', index: 2 });
    // terra-draw re-closes a ring whose first vertex was removed on the next one.
    expect(
      changedVertex(added, [
        [1, 0],
        [1, 0.5],
        [1, 1],
        [0, 1],
        [1, 0],
      ]),
    ).toEqual({ kind: 'removed', index: 0 });
    expect(changedVertex(square, square)).toBeNull();
    const two = square.map((p) => [p[0] as number, (p[1] as number) + 0.5]);
    expect(changedVertex(square, two)).toBeNull();
  });

  it('removes a vertex and closes the ring, but leaves three', () => {
    const five = [
      [0, 0],
      [1, 0],
      [1, 0.5],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(withoutVertex(five, 2)).toEqual(square);
    expect(withoutVertex(five, 0)).toEqual([
      [1, 0],
      [1, 0.5],
      [1, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(
      withoutVertex(
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
        1,
      ),
    ).toBeNull();
    expect(() => withoutVertex(square, 4)).toThrow(/vertex 4 is not in a ring of 4/);
    expect(five).toHaveLength(6);
  });
});

describe('a snapped edit', () => {
  const draft = openDraft(city, '2026-12-03T01:00:00Z');
  const before = current(draft);
  const ring = before.ring.map((p) => [...p]);
  ring[3] = [(ring[3]?.[0] as number) + 0.0004, ring[3]?.[1] as number];
  const snap: VertexSnap = {
    at: [ring[3]?.[0] as number, ring[3]?.[1] as number],
    ref: 'roads.geojson feature 7 (name)',
    name: '太和路',
    precisionM: 5,
  };

  it('takes the road’s precision as its uncertainty; unsnapped, the vertex’s old value', () => {
    expect(defaultUncertainty(before, ring, [snap])).toBe(5);
    expect(defaultUncertainty(before, ring, [])).toBe(before.vertices[3]?.edge.uncertaintyM);
    // A snap elsewhere is not this vertex's.
    expect(defaultUncertainty(before, ring, [{ ...snap, at: [113.1, 40.2] }])).toBe(
      before.vertices[3]?.edge.uncertaintyM,
    );
    const added = [...before.ring.slice(0, 5), [113.3, 40.1], ...before.ring.slice(5)];
    expect(defaultUncertainty(before, added, [])).toBe(before.vertices[4]?.edge.uncertaintyM);
  });

  it('names the road and cites its feature on the snapped vertex only, and makes a valid zone', () => {
    const edit = { ...EDIT, uncertaintyM: defaultUncertainty(before, ring, [snap]) };
    const applied = applyRing(draft, ring, edit);
    const cited = citeSnappedRoads(applied, [snap], edit);
    const v = current(cited).vertices;
    expect(v[3]?.name).toBe('太和路（吸附 snapped）');
    expect(v[3]?.basis).toBe('derived');
    expect(v[3]?.source).toBe(
      'edited by 生态环境局 张三 at 2026-12-03T02:00:00Z: 吸附到太和路; snapped to roads.geojson feature 7 (name) "太和路" (±5 m)',
    );
    expect(v[3]?.edge.uncertaintyM).toBe(5);
    expect(v.filter((_, i) => i !== 3)).toEqual(current(applied).vertices.filter((_, i) => i !== 3));
    // The earlier state (undo) is untouched, and nothing snapped changes nothing.
    expect(cited.states[0]).toEqual(applied.states[0]);
    expect(citeSnappedRoads(applied, [], edit)).toBe(applied);
    const zone = draftZone(city, cited, { note: 'n', author: 'a', at: EDIT.at, sequence: 1 });
    expect(validateZone(zone)).toEqual({ valid: true });
  });
});
