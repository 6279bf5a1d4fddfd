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

  it('does not alert on the first fix, only on changes', () => {
    const inside = Array.from({ length: 20 }, (_, k) => ({ lng: 113.315, lat: 40.01, accuracyM: 5, time: k * 1000 }));
    expect(run(inside)).toEqual([]);
  });
});
