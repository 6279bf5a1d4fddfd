/**
 * The plain baseline for `coalzone check`: read a CSV of lng,lat and ask Turf, point by point, whether each
 * lies in the zone (with the zone's bbox precomputed, as Turf's docs suggest). What a user would write in
 * fifteen lines instead of using coalzone. Usage: tsx bench/plain-turf-check.ts POINTS.csv ZONE.geojson
 */
import { readFileSync } from 'node:fs';
import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

const [pointsFile, zoneFile] = process.argv.slice(2) as [string, string];
const zone = JSON.parse(readFileSync(zoneFile, 'utf8')) as Feature<Polygon | MultiPolygon>;
zone.bbox = turfBbox(zone);
const lines = readFileSync(pointsFile, 'utf8').split('\n');
const out: string[] = ['line,lng,lat,inside'];
for (let i = 1; i < lines.length; i++) {
  const [lng, lat] = (lines[i] as string).split(',').map(Number) as [number, number];
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue;
  out.push(`${i + 1},${lng},${lat},${booleanPointInPolygon([lng, lat], zone) ? 'inside' : 'outside'}`);
}
process.stdout.write(`${out.join('\n')}\n`);
