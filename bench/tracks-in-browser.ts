/**
 * Runs in headless Chromium (bench/tracks.bench.ts): 1,000 tracks of 2,000 points checked by the route Web
 * Worker while the page keeps animating; reports tracks/s and the longest gap between animation frames
 * (how long the UI could not repaint). Median of 3 runs.
 */

import cityZoneText from '../data/zones/datong-city-2024-106.geojson?raw';
import { createRouteChecker } from '../src/checkpoints/route-batch.ts';
import { random } from '../tests/helpers/random-zones.ts';
import { publishResults } from './publish-results.ts';

function tracks(seed: number): Float64Array[] {
  const rand = random(seed);
  return Array.from({ length: 1000 }, () => {
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

async function run() {
  const checker = await createRouteChecker(JSON.parse(cityZoneText));
  const rates: number[] = [];
  const frames: number[] = [];
  let entering = 0;
  for (let r = 0; r < 3; r++) {
    const batch = tracks(r + 1);
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
    const results = await checker.check(batch);
    const seconds = (performance.now() - t) / 1000;
    animating = false;
    rates.push(results.length / seconds);
    frames.push(longest);
    entering = results.filter((x) => x.status === 'inside').length;
  }
  checker.close();
  // Baseline: the same frame measure for 3 s with nothing running.
  const idle = await new Promise<number>((resolve) => {
    let last = performance.now();
    let longest = 0;
    const start = last;
    const tick = (now: number) => {
      longest = Math.max(longest, now - last);
      last = now;
      if (now - start < 3000) requestAnimationFrame(tick);
      else resolve(longest);
    };
    requestAnimationFrame(tick);
  });
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[1] as number;
  return {
    'tracks checked per run': 1000,
    'points per track': 2000,
    'tracks/s in the worker (median of 3)': median(rates).toFixed(0),
    'longest frame gap on the page (ms, median of 3)': median(frames).toFixed(1),
    'longest frame gap with nothing running (ms, baseline)': idle.toFixed(1),
    'tracks inside beyond uncertainty (last run)': entering,
  };
}

publishResults(run);
