/**
 * A route against the county zones adopted on this phone (decision 0030): what a track does in one of them,
 * in words, for the route panel and the inspection record.
 */
import type { FileSummary, TrackSummary } from '../checkpoints/route-batch.ts';
import { L, type Lang } from './i18n.ts';

const STATUS = { near: ['临界（贴近不确定的边界）', 'near (grazes an uncertain edge)'] } as const;

const km = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`);

/** A county zone a route is also checked against. */
export interface CountyRouteZone {
  zoneId: string;
  name: { zh: string; en: string };
  feature: unknown;
}

/** One county zone's answers for the same files, track for track. */
export interface CountyAnswers {
  zone: CountyRouteZone;
  files: FileSummary[];
}

/** What a track does in a county zone, in words ("进入云州区禁煤区，区内 1.2 km"); null when it stays out. */
export function countyRouteWords(zone: CountyRouteZone, t: TrackSummary, lang: Lang): string | null {
  if (!t.ok || t.status === 'outside') return null;
  const inside = t.lengthInsideM > 0 ? L(lang, `，区内 ${km(t.lengthInsideM)}`, `, ${km(t.lengthInsideM)} inside`) : '';
  return t.status === 'inside'
    ? L(lang, `进入${zone.name.zh}禁煤区${inside}`, `enters the ${zone.name.en} coal-ban zone${inside}`)
    : L(lang, `${zone.name.zh}禁煤区：${STATUS.near[0]}`, `${zone.name.en} coal-ban zone: ${STATUS.near[1]}`);
}
