/**
 * The notice's route as data (data/zones/*.route-spec.json): each side an ordered list of steps — a road to
 * follow, or a landmark rule ("华阳星月城小区以北") — with every name the road goes by. The sides run
 * clockwise and the last step of one side hands over to the first of the next, so the steps close a ring.
 * Validated here (user data: reasons, never throws).
 */
import type { Reason, Validation } from '../errors.ts';

/** Where the line passes a landmark: 'at' (through it, e.g. a start point) or on one side of it. */
export type LandmarkRule = 'at' | 'north-of' | 'south-of' | 'east-of' | 'west-of';

/** One step of a side: follow a road, or pass a landmark by a rule. */
export type RouteStep = { road: string } | { landmark: string; rule: LandmarkRule };

/** A road and every name it goes by (OSM name, name:zh, alt_name, old_name, ref, the layer's name field). */
export interface RouteRoad {
  names: string[];
  refs?: string[];
  /** Roads of one corridor are one graph: 开源街 and 庆新路 were built as one road (SOURCES.md F1). */
  corridor?: string;
  note?: string;
}

/** A landmark: a 小区, a village; found as a named place/landuse/building outline or point. */
export interface RouteLandmark {
  names: string[];
  /** How far from the landmark the roads next to it may be before the rule is not met. */
  reachM: number;
  /** A landmark known only as a point stands for an area this wide (a village ~300 m). */
  pointRadiusM: number;
  note?: string;
}

/** One side of the notice, clockwise. */
export interface RouteSide {
  id: string;
  clause: string;
  steps: RouteStep[];
}

/** A length check: the path along roads between two junctions should be about this long. */
export interface LengthCheck {
  id: string;
  description: string;
  along: string[];
  from: [string, string];
  to: [string, string];
  expectedKm: number;
  toleranceKm: number;
}

/** The route spec of one zone. */
export interface RouteSpec {
  zone: string;
  notice: string;
  /** Two roads meet when their lines come this close (metres); beyond it they are reported as not meeting. */
  maxGapM: number;
  roads: Record<string, RouteRoad>;
  landmarks: Record<string, RouteLandmark>;
  sides: RouteSide[];
  checks?: LengthCheck[];
}

const RULES = new Set(['at', 'north-of', 'south-of', 'east-of', 'west-of']);

/** Validates a parsed route spec. */
export function validateRouteSpec(value: unknown): Validation {
  const reasons: Reason[] = [];
  const add = (path: string, message: string) => reasons.push({ code: 'BAD_ROUTE_SPEC', message, path });
  const v = value as Partial<RouteSpec> | null;
  if (!v || typeof v !== 'object')
    return { valid: false, reasons: [{ code: 'BAD_ROUTE_SPEC', message: 'not an object' }] };
  if (typeof v.zone !== 'string' || !v.zone) add('zone', 'zone (the id of the zone it traces) is missing');
  if (!(typeof v.maxGapM === 'number' && v.maxGapM > 0 && v.maxGapM <= 1000))
    add('maxGapM', 'maxGapM must be metres in (0, 1000]');
  const roads = isRecord(v.roads) ? v.roads : {};
  const landmarks = isRecord(v.landmarks) ? v.landmarks : {};
  if (!isRecord(v.roads)) add('roads', 'roads must be an object of road keys');
  if (!isRecord(v.landmarks)) add('landmarks', 'landmarks must be an object of landmark keys');
  for (const [key, road] of Object.entries(roads)) {
    if (!isNames((road as RouteRoad)?.names)) add(`roads.${key}.names`, `road ${key} needs a list of names`);
    const refs = (road as RouteRoad)?.refs;
    if (refs !== undefined && !isNames(refs)) add(`roads.${key}.refs`, `road ${key}: refs must be a list of strings`);
  }
  for (const [key, landmark] of Object.entries(landmarks)) {
    const l = landmark as RouteLandmark;
    if (!isNames(l?.names)) add(`landmarks.${key}.names`, `landmark ${key} needs a list of names`);
    if (!(l?.reachM > 0)) add(`landmarks.${key}.reachM`, `landmark ${key} needs reachM > 0`);
    if (!(l?.pointRadiusM >= 0)) add(`landmarks.${key}.pointRadiusM`, `landmark ${key} needs pointRadiusM ≥ 0`);
  }
  const sides = Array.isArray(v.sides) ? v.sides : [];
  if (sides.length < 2) add('sides', 'sides must list at least two sides');
  let steps = 0;
  sides.forEach((side, s) => {
    if (!side || typeof side.id !== 'string' || typeof side.clause !== 'string' || !Array.isArray(side.steps)) {
      add(`sides[${s}]`, 'a side needs id, clause and steps');
      return;
    }
    side.steps.forEach((step, i) => {
      const path = `sides[${s}].steps[${i}]`;
      steps++;
      if ('road' in step) {
        if (!(step.road in roads)) add(path, `road "${step.road}" is not in roads`);
      } else if ('landmark' in step) {
        if (!(step.landmark in landmarks)) add(path, `landmark "${step.landmark}" is not in landmarks`);
        if (!RULES.has(step.rule)) add(path, `rule must be one of ${[...RULES].join(', ')}`);
      } else add(path, 'a step is {"road": KEY} or {"landmark": KEY, "rule": …}');
    });
  });
  if (steps < 3) add('sides', 'the sides need at least three steps in all to close a ring');
  for (const [i, check] of (v.checks ?? []).entries()) {
    const known = (k: string) => k in roads;
    if (!check.along?.every(known) || !check.from?.every(known) || !check.to?.every(known))
      add(`checks[${i}]`, `check ${check.id} names a road that is not in roads`);
  }
  return reasons.length === 0 ? { valid: true } : { valid: false, reasons };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNames(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === 'string' && n.trim() !== '');
}
