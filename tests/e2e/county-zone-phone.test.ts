/**
 * A county zone answers alongside the city's (issue 11, "County zones"; decision 0030), on a phone (390×844,
 * zh-CN): the app built trusting a test key for the 云州区 slot only and another for the city zone only. Before
 * adoption a point in 云州区 says the district's zone is 尚未公布; a county package signed by the city's key is
 * refused with the reason; the county's own package is adopted, and after the reload the same point is in the
 * 云州区 zone (the city's answer still heads the card), a point beside it is outside, the map draws the county
 * outline in its own colour, a route across it names the zone, and going back leaves the district 尚未公布 again;
 * a kept county package altered on the phone is not used at the next start, and the 区域 tab says why.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../../src/geo/classify-point.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { countySlotsAt } from '../../src/zones/county-slots.ts';
import { signZonePackage, type TrustedKey } from '../../src/zones/zone-package.ts';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { writeTemp } from '../helpers/checkpoint-files.ts';
import { countyZone } from '../helpers/county-zone.ts';
import { choosePackage, zonesTab } from '../helpers/zone-package-page.ts';

const PORT = 21_799; // below the ephemeral range, and no other browser test's
const CITY_ID = 'datong-city-2024-106';
const county = countyZone('yunzhou', [113.6, 40.03, 113.62, 40.05]);
const IN: [number, number] = [113.61, 40.04];
const OUT: [number, number] = [113.65, 40.04];
const city = buildZoneIndex(
  JSON.parse(readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8')),
);

// Two keys made for this run: one trusted for the city zone only, one for the 云州区 slot only.
const cityPair = await generateDeviceKey();
const countyPair = await generateDeviceKey();
const cityKey = { privateKey: cityPair.privateKey, publicKey: await exportPublicKey(cityPair.publicKey) };
const countyKey = { privateKey: countyPair.privateKey, publicKey: await exportPublicKey(countyPair.publicKey) };
const trusted: TrustedKey[] = [
  { authority: '测试市生态环境局', zoneIds: [CITY_ID], key: cityKey.publicKey },
  { authority: '测试云州区人民政府', zoneIds: ['yunzhou'], key: countyKey.publicKey },
];
const app = appUnderTest(PORT, { buildEnv: { VITE_TRUSTED_ZONE_KEYS: JSON.stringify(trusted) } });
const options = { sequence: 1, note: '测试', publishedAt: '2026-12-03T00:00:00Z' };

/** Checks a point and waits until its district lines are there; the card's status is the city's answer. */
async function checkAt(page: Page, [lng, lat]: [number, number]): Promise<{ status: string; lines: string[] }> {
  await page.click('#tab-check');
  await typeCoordinate(page, `${lat.toFixed(5)}, ${lng.toFixed(5)}`);
  await page.waitForFunction(
    (where) =>
      document.querySelector('[data-testid="card"] .where')?.textContent?.includes(where) &&
      document.querySelector('[data-testid="card"] .county'),
    `${lng.toFixed(6)}, ${lat.toFixed(6)}`,
  );
  const card = page.locator('[data-testid="card"]');
  return {
    status: (await card.getAttribute('data-status')) ?? '',
    lines: await card.locator('.county').allTextContents(),
  };
}

describe('a county zone on a phone', () => {
  it('says 尚未公布, refuses the city key for the county, adopts the county package, answers beside the city, goes back', async () => {
    expect(countySlotsAt(...IN).map((s) => s.id)).toEqual(['yunzhou']);
    expect(countySlotsAt(...OUT).map((s) => s.id)).toEqual(['yunzhou']);
    const cityAnswer = classifyStatus(city, ...IN);
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await openApp(context, app.url);

    // Before: the district's zone is not published.
    const before = await checkAt(page, IN);
    expect(before.status).toBe(cityAnswer);
    expect(before.lines).toEqual([
      '此处属云州区：云州区自己的禁煤区范围由区人民政府公布，目前尚未公布（通告第（三）项），不能据此认为可以用煤。',
    ]);

    // Signed by the city's key, which this build trusts for the city zone only: refused, said why.
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-county"][data-zone-id="yunzhou"]').textContent()).toBe(
      '云州区：区县禁煤区尚未公布（本机未采用该区的发布包）。',
    );
    const wrongKey = await signZonePackage(county, cityKey, { ...options, authority: '测试市生态环境局' });
    expect(await choosePackage(page, 'wrong-key.json', JSON.stringify(wrongKey))).toBe('KEY_NOT_FOR_ZONE');
    expect(await page.locator('[data-testid="package-status"]').textContent()).toBe(
      '不能采用 wrong-key.json：测试市生态环境局 的密钥不能发布区域 yunzhou。正在使用的边界没有改变。',
    );
    expect(await page.locator('[data-testid="package-adopt"]').count()).toBe(0);

    // The county's own package: summary names the district, then adopted.
    const good = await signZonePackage(county, countyKey, { ...options, authority: '测试云州区人民政府' });
    expect(await choosePackage(page, 'yunzhou.json', JSON.stringify(good))).toBe('OK');
    expect(await page.locator('[data-testid="package-summary"]').textContent()).toMatch(
      /^云州区 · yunzhou-test\.official-1：测试云州区人民政府第 1 号发布/,
    );
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
    await page.waitForSelector('body[data-county-zones="yunzhou"]');

    // The same point: the city's answer heads the card, and the 云州区 zone says inside, with its version.
    const inside = await checkAt(page, IN);
    expect(inside.status).toBe(cityAnswer);
    expect(inside.lines).toHaveLength(1);
    expect(inside.lines[0]).toMatch(
      /^此处在云州区禁煤区内（距边界 \d+ 米）。云州区区域版本：yunzhou-test\.official-1（区县公布）。$/,
    );
    expect(await page.locator('[data-testid="county-zone"]').getAttribute('data-status')).toBe('inside');
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(1);
    // Beside it, still in 云州区: outside that zone.
    const outside = await checkAt(page, OUT);
    expect(outside.status).toBe(classifyStatus(city, ...OUT));
    expect(outside.lines[0]).toMatch(/^此处在云州区禁煤区外（距边界 \d+ 米）。/);

    // The map draws the county outline apart: its own source, its own colour; the city's keeps the default.
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    const sources = await page.evaluate(async () => {
      const c = (window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }).coalzone;
      return [await c.sourceData('zone-0'), await c.sourceData('zone-1')] as {
        properties: { id: string; colour: string | null };
        geometry: { coordinates: number[][][] };
      }[];
    });
    expect(sources.map((s) => [s.properties.id, s.properties.colour])).toEqual([
      [CITY_ID, null],
      ['yunzhou', '#6a1b9a'],
    ]);
    expect(sources[1]?.geometry.coordinates).toEqual(county.geometry.coordinates);
    // Each zone's fill and outline painted in its colour (constants per layer: no data-driven program).
    const paints = await page.evaluate(() => {
      const c = (window as unknown as { coalzone: { paint: (l: string, p: string) => unknown } }).coalzone;
      return [
        c.paint('zone-0-line', 'line-color'),
        c.paint('zone-1-line', 'line-color'),
        c.paint('zone-1-fill', 'fill-color'),
      ];
    });
    expect(paints).toEqual(['#c62828', '#6a1b9a', '#6a1b9a']);

    // A route across the county zone (outside the city zone; a point of it deep inside) names the 云州区 zone.
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    await page.click('#cp-route > summary');
    const across = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'LineString',
        coordinates: [
          [113.59, 40.04],
          [113.61, 40.04],
          [113.63, 40.04],
        ],
      },
    };
    const { paths } = writeTemp({ 'across.geojson': JSON.stringify(across) });
    await page.setInputFiles('#route-files', paths[0] as string);
    await page.waitForSelector('[data-testid="route-track"]');
    expect(await page.locator('[data-testid="route-track"]').getAttribute('data-status')).toBe('outside');
    expect(await page.locator('[data-testid="route-county"]').allTextContents()).toEqual([
      '进入云州区禁煤区，区内 1.7 km',
    ]);
    expect(await page.locator('[data-testid="route-county"]').getAttribute('data-zone-id')).toBe('yunzhou');

    // The 区域 tab says what answers for 云州区; going back makes it 尚未公布 again, the city zone unchanged.
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-county"][data-zone-id="yunzhou"]').textContent()).toMatch(
      /^云州区：yunzhou-test\.official-1，测试云州区人民政府第 1 号发布（.*），与市禁煤区一同作答。/,
    );
    expect(await page.locator('[data-testid="package-active"]').textContent()).toContain('正在使用：内置的');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-county-builtin"]')]);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('body[data-county-zones=""]');
    expect((await checkAt(page, IN)).lines[0]).toMatch(/^此处属云州区：.*目前尚未公布/);

    // Adopted again, then altered where it is kept: at the next start it is checked again and not used.
    await zonesTab(page);
    expect(await choosePackage(page, 'yunzhou.json', JSON.stringify(good))).toBe('OK');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
    await page.waitForSelector('body[data-county-zones="yunzhou"]');
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('coalzone-zones');
          open.onsuccess = () => {
            const store = open.result.transaction('packages', 'readwrite').objectStore('packages');
            const read = store.get(['yunzhou', 1]);
            read.onsuccess = () => {
              const put = store.put({ ...read.result, note: '改过' });
              put.onsuccess = () => {
                open.result.close();
                resolve();
              };
              put.onerror = () => reject(put.error);
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.reload();
    await page.waitForSelector('body[data-county-zones=""]');
    expect((await checkAt(page, IN)).lines[0]).toMatch(/^此处属云州区：.*目前尚未公布/);
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-problem"]').textContent()).toBe(
      '本机保存的云州区第 1 号发布未被使用：签名不符：发布包被改动过或已损坏。该区按尚未公布处理。',
    );
    await context.close();
  }, 240_000);
});
