/**
 * What a grid cell (or sub-cell) of a zone index is, and the grid's fixed sizes. A leaf module: the index's
 * builders and the hot paths import these without importing the builder itself (no import cycle, and no
 * live-binding lookups through a module that is still being evaluated).
 */

/** Cell states: wholly outside, wholly inside, or an edge passes through it. */
export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;

/** Sub-cells per side of a boundary cell. */
export const SUB = 8;

/** Padding (degrees, ~0.1 mm) for the edge–cell test, so edges on a cell border are listed on both sides. */
export const EPS = 1e-9;
