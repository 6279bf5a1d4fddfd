/**
 * Where a declared destination is: the places an officer can name — exempt enterprises recorded in the app
 * (the sites permits allow), located gazetteer places — or coordinates typed or picked on the map. Two
 * destinations are one place when both resolve and lie within `sameWithinM` of each other. A tapped point is
 * named after the nearest known place within `nameWithinM`, else written as coordinates.
 */
import { distanceMetres } from '../geo/ellipsoid.ts';
import { readLocationText } from '../geo/read-location-text.ts';

/** A named place with a position (WGS-84). */
export interface KnownPlace {
  name: string;
  lng: number;
  lat: number;
}

/** Resolves and names destinations against a list of known places (earlier entries win a name clash). */
export function destinationResolver(places: readonly KnownPlace[], sameWithinM = 1000, nameWithinM = 1000) {
  const clean = (s: string) => s.replace(/\s+/g, '');
  const byName = new Map<string, KnownPlace>();
  for (const p of places) if (!byName.has(clean(p.name))) byName.set(clean(p.name), p);
  const resolve = (text: string): [number, number] | null => {
    const known = byName.get(clean(text));
    if (known) return [known.lng, known.lat];
    const typed = readLocationText(text, 'WGS84');
    return typed.ok ? [typed.lng, typed.lat] : null;
  };
  return {
    resolve,
    samePlace: (a: string, b: string): boolean => {
      const p = resolve(a);
      const q = resolve(b);
      return !!p && !!q && distanceMetres(p[0], p[1], q[0], q[1]) <= sameWithinM;
    },
    /** The name for a tapped point: the nearest known place within nameWithinM, else "lng, lat". */
    nameOf: (lng: number, lat: number): string => {
      let best: KnownPlace | null = null;
      let bestM = nameWithinM;
      for (const p of places) {
        const d = distanceMetres(lng, lat, p.lng, p.lat);
        if (d <= bestM) {
          best = p;
          bestM = d;
        }
      }
      return best ? best.name : `${lng.toFixed(5)}, ${lat.toFixed(5)}`;
    },
  };
}
