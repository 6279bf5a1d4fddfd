/**
 * Runs in headless Chromium (bench/tracks.bench.ts): 1,000 tracks of 2,000 points checked by the route Web
 * Worker while the page keeps animating; reports tracks/s and the longest gap between animation frames (how
 * long the UI could not repaint). Then the app's folder path: 200 GPX files of 2,000 points read, parsed and
 * checked in the worker. Medians of 3 runs; test data is generated and its garbage collected (gc(), exposed
 * by the runner) before each measured run.
 */

import cityZoneText from '../data/zones/datong-city-2024-106.geojson?raw';
import { createRouteChecker } from '../src/checkpoints/route-batch.ts';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { random } from '../tests/helpers/random-zones.ts';
import { publishResults } from './publish-results.ts';
import { streetZoneFeature } from './street-zone-feature.ts';

/** Random walks across the city, 1 fix/s at ~20 m/s. */
function walks(seed: number, count: number): Float64Array[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const out = new Float64Array(4000);
    let x = 113.24 + rand() * 0.15;
    let y = 40.05 + rand() * 0.107;
    let h = rand() * 6.28;
    for (let i = 0; i < 2000; i++) {
      out[2 * i] = x;
      out[2 * i + 1] = y;
      h += (rand() - 0.5) * 0.3;
      x += Math.cos(h) * 0.00018;
      y += Math.sin(h) * 0.000135;
    }
    return out;
  });
}

function gpxFile(flat: Float64Array, k: number): File {
  const t0 = Date.parse('2026-12-01T00:00:00Z');
  const parts: string[] = [
    `<?xml version="1.0"?>\n<gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>${k}</name><trkseg>\n`,
  ];
  for (let i = 0; i < flat.length / 2; i++)
    parts.push(
      `<trkpt lat="${(flat[2 * i + 1] as number).toFixed(6)}" lon="${(flat[2 * i] as number).toFixed(6)}"><time>${new Date(t0 + i * 1000).toISOString()}</time></trkpt>\n`,
    );
  parts.push('</trkseg></trk></gpx>\n');
  return new File(parts, `track-${k}.gpx`, { type: 'application/gpx+xml' });
}

/** Runs `work` while counting frames: resolves to its duration and the longest gap between two frames. */
async function underFrames<T>(work: () => Promise<T>): Promise<{ seconds: number; longest: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  let last = performance.now();
  let longest = 0;
  let animating = true;
  const tick = (now: number) => {
    longest = Math.max(longest, now - last);
    last = now;
    if (animating) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const t = performance.now();
  const value = await work();
  const seconds = (performance.now() - t) / 1000;
  animating = false;
  return { seconds, longest, value };
}

async function run() {
  // ?zone=streetN: a street-like zone of N vertices (bench/street-zone-feature.ts) instead of the city's.
  const city = JSON.parse(cityZoneText) as ZoneFeature;
  const street = /^street(\d+)$/.exec(new URLSearchParams(location.search).get('zone') ?? '');
  const zone = street ? streetZoneFeature(city, Number(street[1])) : city;
  const checker = await createRouteChecker(zone);
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[1] as number;
  const rates: number[] = [];
  const frames: number[] = [];
  let entering = 0;
  for (let r = 0; r < 3; r++) {
    const batch = walks(r + 1, 1000);
    const { seconds, longest, value } = await underFrames(() => checker.check(batch));
    rates.push(value.length / seconds);
    frames.push(longest);
    entering = value.filter((x) => x.status === 'inside').length;
  }
  const fileRates: number[] = [];
  const fileFrames: number[] = [];
  let fileTracks = 0;
  for (let r = 0; r < 3; r++) {
    const files = walks(100 + r, 200).map(gpxFile);
    const { seconds, longest, value } = await underFrames(() => checker.checkFiles(files, {}));
    fileRates.push(files.length / seconds);
    fileFrames.push(longest);
    fileTracks = value.reduce((n, f) => n + f.tracks.length, 0);
  }
  checker.close();
  // Baseline: the same frame measure for 3 s with nothing running.
  const idle = await underFrames(() => new Promise((r) => setTimeout(r, 3000)));
  return {
    zone: `${zone.properties.id} (${zone.geometry.type === 'Polygon' ? (zone.geometry.coordinates[0]?.length ?? 1) - 1 : '?'} vertices)`,
    'tracks checked per run': 1000,
    'points per track': 2000,
    'tracks/s in the worker (median of 3)': median(rates).toFixed(0),
    'longest frame gap on the page (ms, median of 3)': median(frames).toFixed(1),
    'GPX files (2,000 points) read + checked in the worker per s (median of 3, 200 files)':
      median(fileRates).toFixed(0),
    'longest frame gap while reading GPX files (ms, median of 3)': median(fileFrames).toFixed(1),
    'tracks read from the 200 files (last run)': fileTracks,
    'longest frame gap with nothing running (ms, baseline)': idle.longest.toFixed(1),
    'tracks inside beyond uncertainty (last 1,000-track run)': entering,
  };
}

publishResults(run);
