/**
 * Why the tracer would not trace a side, as a stable code, the data behind it, and the sentence in Chinese
 * and English (the CLI prints both; the app can key its own strings on `code` and `detail`).
 */

/** Stable refusal codes. Add, never rename. */
export type RefusalCode =
  | 'ROAD_NOT_FOUND'
  | 'ROAD_GAP'
  | 'ROADS_DO_NOT_MEET'
  | 'ROADS_MEET_SEVERAL_TIMES'
  | 'LANDMARK_NOT_FOUND'
  | 'LANDMARK_AMBIGUOUS'
  | 'LANDMARK_TOO_FAR'
  | 'LANDMARK_RULE_NOT_MET'
  | 'CORNER_TOO_FAR';

/** One refusal: which sides it stops, and why. */
export interface Refusal {
  code: RefusalCode;
  sides: string[];
  detail: Record<string, unknown>;
  message: { zh: string; en: string };
}

type Candidate = { name: string; ref: string; distanceM: number };
type Place = { ref: string; name: string; centre: [number, number] };

const m = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? `${Math.round(n)} m` : '?');
const at = (p: unknown) => (Array.isArray(p) ? `${(p[0] as number).toFixed(5)}, ${(p[1] as number).toFixed(5)}` : '?');

/** Builds a refusal with its two sentences. */
export function refusal(code: RefusalCode, sides: string[], detail: Record<string, unknown>): Refusal {
  return { code, sides, detail, message: describe(code, detail) };
}

function describe(code: RefusalCode, d: Record<string, unknown>): { zh: string; en: string } {
  switch (code) {
    case 'ROAD_NOT_FOUND': {
      const candidates = (d.candidates as Candidate[]) ?? [];
      const zhList = candidates.map((c) => `${c.name}（${c.ref}，距原描绘线 ${m(c.distanceM)}）`).join('、');
      const enList = candidates
        .map((c) => `${c.name} (${c.ref}, ${m(c.distanceM)} from the previous trace)`)
        .join('; ');
      const names = (d.names as string[]).join(' / ');
      return {
        zh: `未找到道路“${d.road}”（按名称 ${names} 查找）${zhList ? `；最接近的同名相似道路：${zhList}` : '；没有名称相近的道路'}`,
        en: `road "${d.road}" not found (looked for ${names})${enList ? `; nearest roads with similar names: ${enList}` : '; no road with a similar name'}`,
      };
    }
    case 'ROAD_GAP':
      return {
        zh: `“${d.road}”在 ${at(d.at)} 断开 ${m(d.gapM)}（超过 ${m(d.maxGapM)}），无法沿路连通`,
        en: `"${d.road}" breaks off for ${m(d.gapM)} at ${at(d.at)} (more than ${m(d.maxGapM)}): it cannot be followed through`,
      };
    case 'ROADS_DO_NOT_MEET':
      return {
        zh: `${d.roads} 不相交：最近处相距 ${m(d.distanceM)}（${at(d.at)}），超过 ${m(d.maxGapM)}`,
        en: `${d.roads} do not meet: they come no closer than ${m(d.distanceM)} (at ${at(d.at)}), more than ${m(d.maxGapM)}`,
      };
    case 'ROADS_MEET_SEVERAL_TIMES': {
      const places = (d.at as unknown[]).map(at).join('; ');
      return {
        zh: `${d.roads} 相交于多处（${places}），不能确定是哪一处——同名道路可能不止一条`,
        en: `${d.roads} meet at several places (${places}); which one is meant cannot be told — the name may belong to more than one road`,
      };
    }
    case 'LANDMARK_NOT_FOUND':
      return {
        zh: `未找到地标“${d.landmark}”（没有同名的 place / landuse / building 轮廓或点）`,
        en: `landmark "${d.landmark}" not found (no place / landuse / building outline or point of that name)`,
      };
    case 'LANDMARK_AMBIGUOUS': {
      const places = (d.places as Place[]).map((p) => `${p.name} ${p.ref} @ ${at(p.centre)}`).join('; ');
      return {
        zh: `地标“${d.landmark}”有多处同名且相距超过 1 公里：${places}`,
        en: `landmark "${d.landmark}" names several places more than 1 km apart: ${places}`,
      };
    }
    case 'LANDMARK_TOO_FAR':
      return {
        zh: `“${d.road}”距地标“${d.landmark}”最近 ${m(d.distanceM)}，超过允许的 ${m(d.reachM)}`,
        en: `"${d.road}" comes no closer than ${m(d.distanceM)} to landmark "${d.landmark}" (allowed: ${m(d.reachM)})`,
      };
    case 'LANDMARK_RULE_NOT_MET':
      return {
        zh: `“${d.road}”离“${d.landmark}”最近的一点不在其${String(d.rule).split(' / ')[0]}，与通告文字不符`,
        en: `the point of "${d.road}" nearest to "${d.landmark}" is not ${String(d.rule).split(' / ')[1]} it, as the notice says`,
      };
    case 'CORNER_TOO_FAR':
      return {
        zh: `相邻一侧未能描绘；“${d.road}”距原描绘线的拐角 ${m(d.distanceM)}，超过其误差 ${m(d.reachM)}`,
        en: `the neighbouring side was not traced, and "${d.road}" is ${m(d.distanceM)} from the previous trace's corner (more than its ${m(d.reachM)} uncertainty)`,
      };
  }
}
