/**
 * Which vertex of a closed ring an edit touched, and the ring with one vertex taken out, pure (no DOM, no
 * map): the editor selects the vertex a drag moved or added, and the Delete key (or the panel's button on a
 * tablet) removes the selected one. Rings are closed, [lng, lat][], first = last. Decision 0028.
 */

/** What one edit did to a ring: moved, added or removed the vertex at `index` (of the ring after the edit for
 *  moved and added, of the ring before it for removed), or null when the rings are the same or differ in
 *  more than one vertex. */
export type VertexChange = { kind: 'moved' | 'added' | 'removed'; index: number } | null;

const same = (p: number[] | undefined, q: number[] | undefined) =>
  p !== undefined &&
  q !== undefined &&
  Math.abs((p[0] as number) - (q[0] as number)) < 1e-9 &&
  Math.abs((p[1] as number) - (q[1] as number)) < 1e-9;

/** The one vertex an edit changed between `before` and `after` (both closed rings). */
export function changedVertex(before: readonly number[][], after: readonly number[][]): VertexChange {
  const a = before.slice(0, -1);
  const b = after.slice(0, -1);
  if (a.length === b.length) {
    const differ = a.flatMap((p, i) => (same(p, b[i]) ? [] : [i]));
    return differ.length === 1 ? { kind: 'moved', index: differ[0] as number } : null;
  }
  const [longer, shorter, kind] = b.length === a.length + 1 ? [b, a, 'added' as const] : [a, b, 'removed' as const];
  if (longer.length !== shorter.length + 1) return null;
  // The first position where they part is the vertex; everything after it must line up shifted by one. A
  // change at index 0 of a closed ring may come rotated (terra-draw re-closes on the new first vertex).
  let k = 0;
  while (k < shorter.length && same(longer[k], shorter[k])) k++;
  for (let i = k; i < shorter.length; i++) if (!same(longer[i + 1], shorter[i])) return null;
  return { kind, index: k };
}

/** The closed ring without vertex `index` (0 ≤ index < vertex count), or null when three vertices or fewer
 *  would be left with none to spare (a ring needs three). */
export function withoutVertex(ring: readonly number[][], index: number): number[][] | null {
  const open = ring.slice(0, -1).map((p) => [...p]);
  if (!Number.isInteger(index) || index < 0 || index >= open.length)
    throw new Error(`withoutVertex: vertex ${index} is not in a ring of ${open.length}`);
  if (open.length <= 3) return null;
  open.splice(index, 1);
  return [...open, [...(open[0] as number[])]];
}
