/**
 * Builds the search gazetteer the app ships (data/places/gazetteer.json) from the seed (places.json, written by
 * import-context.ts) and the hand-kept names (extra.json), romanising every name here, at build time: the app
 * searches pinyin and initials without pinyin-pro in the browser (it weighed 145 KiB gzip to romanise a fixed
 * list). pinyin-pro stays a devDependency for this script only.
 *   npm run places            (writes data/places/gazetteer.json)
 *   npm run places -- --check (exit 1 when gazetteer.json is not what the inputs give)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import type { GazetteerPlace } from '../src/places/search-places.ts';

interface SeedPlace {
  id: string;
  name: string;
  nameEn?: string;
  kind: string;
  lng?: number | null;
  lat?: number | null;
  accuracyM?: number | null;
  source?: string;
}

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../data/places/${name}`, import.meta.url), 'utf8')) as { places: SeedPlace[] };

/** Romanises one name: full pinyin without tones ("datongzhan") and initials ("dtz"); Latin and digits
 *  pass through (G109 → g109), punctuation is dropped. pinyin-pro reads the name as a phrase, so 重 in 重熙
 *  is chong, not zhong. */
export function romanise(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { pinyin: syllables.join(''), initials: syllables.map((s) => (/\d/.test(s) ? s : s[0])).join('') };
}

/** The gazetteer from the two inputs: one entry per name (a located entry wins over an unlocated one). */
export function buildGazetteer(seed: readonly SeedPlace[], extra: readonly SeedPlace[]): GazetteerPlace[] {
  const byName = new Map<string, GazetteerPlace>();
  for (const p of [...seed, ...extra]) {
    const located = typeof p.lng === 'number' && typeof p.lat === 'number';
    const entry: GazetteerPlace = {
      id: p.id,
      name: p.name,
      ...(p.nameEn ? { nameEn: p.nameEn } : {}),
      kind: p.kind,
      lng: located ? (p.lng as number) : null,
      lat: located ? (p.lat as number) : null,
      accuracyM: located ? (p.accuracyM ?? null) : null,
      source: p.source ?? 'name only (data/places/extra.json); no sourced coordinate',
      ...romanise(p.name),
    };
    const previous = byName.get(p.name);
    if (!previous || (previous.lng === null && entry.lng !== null)) byName.set(p.name, entry);
  }
  return [...byName.values()];
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const places = buildGazetteer(read('places.json').places, read('extra.json').places);
  const text = `${JSON.stringify({
    description:
      'Built by scripts/build-gazetteer.ts from places.json and extra.json (pinyin and initials romanised at build time); do not edit by hand.',
    places,
  })}\n`;
  const out = new URL('../data/places/gazetteer.json', import.meta.url);
  if (process.argv.includes('--check')) {
    const same = readFileSync(out, 'utf8') === text;
    console.log(same ? 'gazetteer.json is up to date' : 'gazetteer.json is stale: run npm run places');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(out, text);
  console.log(
    `gazetteer: ${places.length} names, ${places.filter((p) => p.lng !== null).length} located → data/places/gazetteer.json`,
  );
}
