import { describe, expect, it } from 'vitest';
import { type Fix, followFix, type LiveAlert, START } from '../../src/checkpoints/live-alerts.ts';
import { metresPerDegree } from '../../src/geo/ellipsoid.ts';
import { buildGeometryIndex } from '../../src/geo/zone-index.ts';
import { random } from '../helpers/random-zones.ts';

// A 2 km square; its south edge is the line y = 40.
const index = buildGeometryIndex(
  {
    type: 'Polygon',
    coordinates: [
      [
        [113.3, 40.0],
        [113.33, 40.0],
        [113.33, 40.02],
        [113.3, 40.02],
        [113.3, 40.0],
      ],
    ],
  },
  50,
);
const { ky } = metresPerDegree(40);

function run(fixes: Fix[]): LiveAlert[] {
  let state = START;
  const alerts: LiveAlert[] = [];
  for (const fix of fixes) {
    const step = followFix(index, state, fix);
    state = step.state;
    if (step.alert) alerts.push(step.alert);
  }
  return alerts;
}

describe('live alerts', () => {
  it('alerts once when a truck drives in, and once when it drives out', () => {
    const fixes: Fix[] = [];
    // 1 fix/s, 10 m/s: from 600 m south of the line to 600 m north of it and back.
    for (let k = 0; k <= 120; k++)
      fixes.push({ lng: 113.315, lat: 40.0 + (-600 + 10 * k) / ky, accuracyM: 10, time: k * 1000 });
    for (let k = 0; k <= 120; k++)
      fixes.push({ lng: 113.315, lat: 40.0 + (600 - 10 * k) / ky, accuracyM: 10, time: (121 + k) * 1000 });
    expect(run(fixes).map((a) => a.kind)).toEqual(['entered', 'left']);
  });

  it('gives no alert storm for a recorded-style jittery track along the line', () => {
    const rand = random(42);
    const fixes: Fix[] = [];
    // Driving east along the south edge for 10 minutes, GPS noise ±40 m across the line, accuracy 15–35 m.
    for (let k = 0; k < 600; k++) {
      const noise = (rand() - 0.5) * 80;
      fixes.push({ lng: 113.302 + k * 0.00004, lat: 40.0 + noise / ky, accuracyM: 15 + rand() * 20, time: k * 1000 });
    }
    expect(run(fixes).length).toBeLessThanOrEqual(1);
    // Without hysteresis the same fixes would flip dozens of times: the test track really is jittery.
    let flips = 0;
    for (let k = 1; k < fixes.length; k++) if (fixes[k]!.lat > 40 !== fixes[k - 1]!.lat > 40) flips++;
    expect(flips).toBeGreaterThan(100);
  });

  it('alerts on entering and leaving at every fix interval from 1 s to 30 s (fleet trackers report sparsely)', () => {
    for (const everyS of [1, 5, 7.5, 7.7, 10, 15, 20, 30]) {
      // 12 m/s (43 km/h) from 1.5 km south of the line to 1.5 km north of it and back.
      const fixes: Fix[] = [];
      const legS = 3000 / 12;
      for (let t = 0; t <= 2 * legS; t += everyS) {
        const metres = t <= legS ? -1500 + 12 * t : 1500 - 12 * (t - legS);
        fixes.push({ lng: 113.315, lat: 40.0 + metres / ky, accuracyM: 10, time: t * 1000 });
      }
      expect(
        run(fixes).map((a) => a.kind),
        `one fix every ${everyS} s`,
      ).toEqual(['entered', 'left']);
    }
  });

  it('gives no alert storm along the line with sparse fixes either (one every 10 s, ±40 m noise)', () => {
    const rand = random(7);
    const fixes: Fix[] = [];
    for (let k = 0; k < 200; k++) {
      const noise = (rand() - 0.5) * 80;
      fixes.push({ lng: 113.302 + k * 0.0004, lat: 40.0 + noise / ky, accuracyM: 15 + rand() * 20, time: k * 10_000 });
    }
    expect(run(fixes).length).toBeLessThanOrEqual(1);
  });

  it('forgets fixes older than two minutes (GPS lost in between): a stale fix never completes a window', () => {
    const outside = { lng: 113.315, accuracyM: 10 };
    const fixes: Fix[] = [
      ...[0, 10, 20].map((t) => ({ ...outside, lat: 40.0 - 800 / ky, time: t * 1000 })),
      // Ten minutes later, inside: two fixes are not enough after the old ones went stale.
      ...[620, 630].map((t) => ({ ...outside, lat: 40.0 + 800 / ky, time: t * 1000 })),
    ];
    expect(run(fixes)).toEqual([]);
    expect(run([...fixes, { ...outside, lat: 40.0 + 800 / ky, time: 640_000 }]).map((a) => a.kind)).toEqual([
      'entered',
    ]);
  });

  it('reports the fix’s own side beside the smoothed state', () => {
    const step = followFix(index, START, { lng: 113.315, lat: 40.01, accuracyM: 5, time: 0 });
    expect(step.state.state).toBe('unknown');
    expect(step.fixInside).toBe(true);
    expect(followFix(index, START, { lng: 113.315, lat: 39.99, accuracyM: 5, time: 0 }).fixInside).toBe(false);
  });

  it('does not alert on the first fix, only on changes', () => {
    const inside = Array.from({ length: 20 }, (_, k) => ({ lng: 113.315, lat: 40.01, accuracyM: 5, time: k * 1000 }));
    expect(run(inside)).toEqual([]);
  });
});
