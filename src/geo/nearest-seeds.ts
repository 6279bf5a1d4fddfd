/**
 * Per cell, one edge near the cell's centre: the first guess a nearest-edge search starts from
 * (near-edges.ts), so that it prunes from its first box on instead of after its first leaf. Any edge is a
 * valid guess (the search still proves the answer against every box), so these need only be good, not
 * exact, and are built in O(cells) by propagation, not by measuring edges from every cell: a boundary cell
 * takes the edge through it nearest its centre; every other cell, in two raster passes (forward from the
 * west and the previous row, backward from the east and the next row), the nearest to its centre of its
 * neighbours' guesses — the vector propagation of Danielsson, "Euclidean distance mapping" (1980), with
 * edges for sources.
 */
import { BOUNDARY } from './cell-states.ts';
import { planarEdgeDistance } from './edge-distance.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Zones with fewer edges keep no seeds (cellSeed stays -1): their tree is two or three levels deep, a
 *  search costs little more than the seed would save, and a first build (cold code) stays as fast. */
export const SEED_MIN_EDGES = 512;

/** Fills index.cellSeed (for zones of SEED_MIN_EDGES edges or more). */
export function fillNearestSeeds(index: ZoneIndex): void {
  if (index.edgeCount < SEED_MIN_EDGES) return;
  const { nx, ny, cellState, cellStart, cellEdges, west, south, cellW, cellH, kxMax: kx, ky } = index;
  const seed = index.cellSeed;
  const dist = new Float64Array(nx * ny).fill(Infinity);
  for (let j = 0, c = 0; j < ny; j++)
    for (let i = 0; i < nx; i++, c++) {
      if (cellState[c] !== BOUNDARY) continue;
      const x = west + (i + 0.5) * cellW;
      const y = south + (j + 0.5) * cellH;
      for (let k = cellStart[c] as number, end = cellStart[c + 1] as number; k < end; k++) {
        const e = cellEdges[k] as number;
        const d = planarEdgeDistance(index, e, x, y, kx, ky);
        if (d < (dist[c] as number)) {
          dist[c] = d;
          seed[c] = e;
        }
      }
    }
  for (let pass = 0; pass < 2; pass++) {
    const forward = pass === 0;
    const di = forward ? -1 : 1;
    const dj = forward ? -nx : nx;
    for (let jj = 0; jj < ny; jj++) {
      const j = forward ? jj : ny - 1 - jj;
      const hasRow = forward ? j > 0 : j + 1 < ny;
      const y = south + (j + 0.5) * cellH;
      for (let ii = 0; ii < nx; ii++) {
        const i = forward ? ii : nx - 1 - ii;
        const c = j * nx + i;
        if (cellState[c] === BOUNDARY) continue;
        const x = west + (i + 0.5) * cellW;
        // The neighbours already passed: the side cell, and the three of the row before.
        for (let n = 0; n < 4; n++) {
          let b: number;
          if (n === 0) b = (forward ? i > 0 : i + 1 < nx) ? c + di : -1;
          else if (!hasRow) break;
          else if (n === 1) b = c + dj;
          else if (n === 2) b = (forward ? i > 0 : i + 1 < nx) ? c + dj + di : -1;
          else b = (forward ? i + 1 < nx : i > 0) ? c + dj - di : -1;
          if (b < 0) continue;
          const e = seed[b] as number;
          if (e < 0 || e === seed[c]) continue;
          const d = planarEdgeDistance(index, e, x, y, kx, ky);
          if (d < (dist[c] as number)) {
            dist[c] = d;
            seed[c] = e;
          }
        }
      }
    }
  }
}

/** The seed edge of the cell holding (x, y), or -1 (beyond the grid, or no edge anywhere near). */
export function seedEdge(index: ZoneIndex, x: number, y: number): number {
  if (!(x >= index.west && x <= index.east && y >= index.south && y <= index.north)) return -1;
  const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
  const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
  return index.cellSeed[j * index.nx + i] as number;
}
