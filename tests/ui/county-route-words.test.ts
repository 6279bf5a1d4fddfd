/** A route's answer in a county zone (decision 0030): named when it enters or grazes the zone, silent when it
 *  stays out or cannot be checked, in both languages. */
import { describe, expect, it } from 'vitest';
import type { TrackSummary } from '../../src/checkpoints/route-batch.ts';
import { countyRouteWords } from '../../src/ui/county-route-words.ts';

const zone = { zoneId: 'yunzhou', name: { zh: '云州区', en: 'Yunzhou District' }, feature: null };
const track = (status: TrackSummary['status'], lengthInsideM: number, ok = true) =>
  ({ ok, status, lengthInsideM }) as TrackSummary;

describe('county route words', () => {
  it('names the county zone a route enters, with the length inside', () => {
    expect(countyRouteWords(zone, track('inside', 1704), 'zh')).toBe('进入云州区禁煤区，区内 1.7 km');
    expect(countyRouteWords(zone, track('inside', 420), 'en')).toBe(
      'enters the Yunzhou District coal-ban zone, 420 m inside',
    );
    expect(countyRouteWords(zone, track('near', 0), 'zh')).toBe('云州区禁煤区：临界（贴近不确定的边界）');
  });

  it('says nothing of a zone the route stays out of, or of a track that could not be checked', () => {
    expect(countyRouteWords(zone, track('outside', 0), 'zh')).toBeNull();
    expect(countyRouteWords(zone, track('invalid', 0, false), 'en')).toBeNull();
  });
});
