/**
 * Datong's extent, used to reject coordinates that cannot be about Datong and to detect swapped lng/lat.
 * The prefecture spans about 112°34′–114°33′ E and 39°03′–40°44′ N (大同市 administrative area); we pad it a
 * little so that a point just over the line is reported as outside the zone, not as bad input.
 */

/** [west, south, east, north] of Datong prefecture, padded by ~0.1°. */
export const DATONG_EXTENT: readonly [number, number, number, number] = [112.45, 38.95, 114.65, 40.85];

/** Mainland China's rough extent (for "this is not in China" messages before any zone logic). */
export const CHINA_EXTENT: readonly [number, number, number, number] = [73.5, 18.0, 135.1, 53.6];

/** True when lng/lat lies in the extent [w, s, e, n]. */
export function inExtent(lng: number, lat: number, extent: readonly [number, number, number, number]): boolean {
  return lng >= extent[0] && lng <= extent[2] && lat >= extent[1] && lat <= extent[3];
}
