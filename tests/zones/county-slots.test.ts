import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countyColour, countySlotFor, countySlots, countySlotsAt } from '../../src/zones/county-slots.ts';

const names = (lng: number, lat: number) =>
  countySlotsAt(lng, lat).map((s) => `${s.name.zh}${s.nearBorder ? '?' : ''}`);

describe('county slots at a point', () => {
  it('names the district whose own zone is still to be published, and both near a district border', () => {
    // 鼓楼 in 平城区: 平城区 has no slot of its own (its zone is all inside the city zone).
    expect(names(113.3, 40.092)).toEqual([]);
    // West of the city, around 云冈石窟: 云冈区.
    expect(names(113.13, 40.11)).toEqual(['云冈区']);
    // North, 新荣区; east of the 御河, 云州区.
    expect(names(113.14, 40.3)).toEqual(['新荣区']);
    expect(names(113.61, 40.04)).toEqual(['云州区']);
    expect(countySlotsAt(113.61, 40.04)[0]).toMatchObject({ adcode: '140215', published: false });
    // On 云冈区's own outline: named, and marked as near its border (outlines are good to tens of metres).
    const outline = JSON.parse(readFileSync(new URL('../../data/context/districts.geojson', import.meta.url), 'utf8'));
    const yungang = outline.features.find((f: { properties: { adcode: number } }) => f.properties.adcode === 140214);
    const [lng, lat] = yungang.geometry.coordinates[0][0][5] as [number, number];
    expect(countySlotsAt(lng, lat).find((s) => s.adcode === '140214')?.nearBorder).toBe(true);
    expect(countySlotsAt(113.13, 40.11)[0]?.nearBorder).toBe(false);
    // Far outside Datong: none.
    expect(names(116.4, 39.9)).toEqual([]);
  });
});

describe('county slots with their own zone adopted', () => {
  it('says published only for the slots whose package answers on this phone', () => {
    expect(countySlotsAt(113.61, 40.04, new Set(['yunzhou']))[0]).toMatchObject({ id: 'yunzhou', published: true });
    expect(countySlotsAt(113.61, 40.04, new Set(['yungang']))[0]).toMatchObject({ id: 'yunzhou', published: false });
    expect(countySlotsAt(113.13, 40.11, new Set(['yunzhou']))[0]).toMatchObject({ id: 'yungang', published: false });
  });

  it('knows the slots by zone id, and gives each county zone its own map colour, none to the city zone', () => {
    expect(countySlots().map((s) => s.id)).toEqual(['yungang', 'xinrong', 'yunzhou']);
    expect(countySlotFor('yunzhou')?.name.zh).toBe('云州区');
    expect(countySlotFor('datong-city-2024-106')).toBeNull();
    expect(countyColour('datong-city-2024-106')).toBeNull();
    const colours = countySlots().map((s) => countyColour(s.id));
    expect(new Set(colours).size).toBe(3);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(colours).not.toContain('#c62828');
  });
});
