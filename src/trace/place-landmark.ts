/**
 * A landmark of the notice as the extract has it: its outline (or point) in plane metres, where the line
 * passes it by the notice's rule (村东 → its east edge; a point-only village counts as pointRadiusM wide),
 * and whether a road point keeps the rule (a road "以北" of a 小区 must lie north of its centre).
 */
import type { LocalPlane } from './local-plane.ts';
import type { ExtractLandmark, RoadExtract } from './road-extract.ts';
import type { LandmarkRule, RouteLandmark } from './route-spec.ts';

/** Outlines further apart than this are different places of one name. */
const SAME_PLACE_M = 1_000;

/** A landmark found in the extract. */
export interface PlacedLandmark {
  key: string;
  refs: string[];
  names: string[];
  point: boolean;
  /** Every vertex of its outlines, plane metres. */
  vertices: [number, number][];
  centre: [number, number];
}

/** The landmark `key`: found, not found, or found at several places. */
export type LandmarkLookup =
  | { ok: true; landmark: PlacedLandmark }
  | { ok: false; code: 'LANDMARK_NOT_FOUND' }
  | { ok: false; code: 'LANDMARK_AMBIGUOUS'; places: { ref: string; name: string; centre: [number, number] }[] };

/** Looks a landmark up; outlines win over points of the same name. */
export function findLandmark(extract: RoadExtract, key: string, plane: LocalPlane): LandmarkLookup {
  const all = extract.landmarks.filter((l) => l.keys.includes(key));
  if (all.length === 0) return { ok: false, code: 'LANDMARK_NOT_FOUND' };
  const areas = all.filter((l) => !l.point);
  const chosen = areas.length > 0 ? areas : all;
  const placed = chosen.map((l) => ({ l, vertices: vertices(l, plane) }));
  const centres = placed.map((p) => centreOf(p.vertices));
  const first = centres[0] as [number, number];
  const far = centres.findIndex((c) => Math.hypot(c[0] - first[0], c[1] - first[1]) > SAME_PLACE_M);
  if (far >= 0)
    return {
      ok: false,
      code: 'LANDMARK_AMBIGUOUS',
      places: placed.map((p, i) => ({
        ref: p.l.ref,
        name: p.l.name,
        centre: plane.toLngLat(...(centres[i] as [number, number])),
      })),
    };
  const vs = placed.flatMap((p) => p.vertices);
  return {
    ok: true,
    landmark: {
      key,
      refs: placed.map((p) => p.l.ref),
      names: [...new Set(placed.map((p) => p.l.name))],
      point: areas.length === 0,
      vertices: vs,
      centre: centreOf(vs),
    },
  };
}

function vertices(l: ExtractLandmark, plane: LocalPlane): [number, number][] {
  return l.rings.flatMap((ring) => ring.map(([lng, lat]) => plane.toXY(lng, lat)));
}

function centreOf(vs: [number, number][]): [number, number] {
  let x = 0;
  let y = 0;
  for (const v of vs) {
    x += v[0];
    y += v[1];
  }
  return [x / vs.length, y / vs.length];
}

/** Where the line passes the landmark by the rule, when no road is next to it: its outline's extreme
 *  point in the rule's direction (a point landmark: pointRadiusM that way), or its centre for 'at'. */
export function rulePoint(landmark: PlacedLandmark, rule: LandmarkRule, spec: RouteLandmark): [number, number] {
  const [cx, cy] = landmark.centre;
  const pad = landmark.point ? spec.pointRadiusM : 0;
  const pick = (score: (v: [number, number]) => number) =>
    landmark.vertices.reduce((best, v) => (score(v) > score(best) ? v : best));
  switch (rule) {
    case 'east-of': {
      const v = pick((p) => p[0]);
      return [v[0] + pad, v[1]];
    }
    case 'west-of': {
      const v = pick((p) => -p[0]);
      return [v[0] - pad, v[1]];
    }
    case 'north-of': {
      const v = pick((p) => p[1]);
      return [v[0], v[1] + pad];
    }
    case 'south-of': {
      const v = pick((p) => -p[1]);
      return [v[0], v[1] - pad];
    }
    default:
      return [cx, cy];
  }
}

/** True when a point lies on the rule's side of the landmark's centre ('at' always holds). */
export function keepsRule(landmark: PlacedLandmark, rule: LandmarkRule, x: number, y: number): boolean {
  const [cx, cy] = landmark.centre;
  if (rule === 'east-of') return x > cx;
  if (rule === 'west-of') return x < cx;
  if (rule === 'north-of') return y > cy;
  if (rule === 'south-of') return y < cy;
  return true;
}

/** Distance from a point to the landmark's nearest vertex (plane metres). */
export function distanceToLandmark(landmark: PlacedLandmark, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const v of landmark.vertices) best = Math.min(best, Math.hypot(v[0] - x, v[1] - y));
  return best;
}

/** The rule in the notice's words. */
export function ruleWords(rule: string): string {
  return (
    {
      'north-of': '以北 / north of',
      'south-of': '以南 / south of',
      'east-of': '以东 / east of',
      'west-of': '以西 / west of',
    }[rule] ?? '起点 / at'
  );
}
