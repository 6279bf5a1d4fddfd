/**
 * A published zone reaches a phone (390×844, zh-CN, offline): the app built trusting a test key
 * (VITE_TRUSTED_ZONE_KEYS; the repository's trusted-keys.json holds none) adopts a package signed by it, kept
 * in IndexedDB, and answers from it after the reload; a tampered, an unknown-key and an older package are
 * refused with the reason and the zone in use does not change; going back to the built-in version works.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../../src/geo/classify-point.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { signZonePackage, type ZonePackage } from '../../src/zones/zone-package.ts';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { choosePackage, zonesTab } from '../helpers/zone-package-page.ts';

const PORT = 21_763; // below the ephemeral range, and no other browser test's
const fixture = (name: string) => new URL(`../fixtures/zones/${name}`, import.meta.url);
const PACKAGE = readFileSync(fixture('synthetic-city.package.json'), 'utf8');
const builtIn = buildZoneIndex(
  JSON.parse(readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8')),
);
const packaged = buildZoneIndex((JSON.parse(PACKAGE) as ZonePackage).zone);
/** A place outside the built-in line and inside the package's, clear of both uncertainty bands. */
const FLIP: [number, number] = [113.335, 40.14];
const app = appUnderTest(PORT, {
  buildEnv: { VITE_TRUSTED_ZONE_KEYS: readFileSync(fixture('test-trusted-keys.json'), 'utf8') },
});

describe('a published zone on a phone', () => {
  it('adopts a signed package offline, answers from it, refuses tampered, unknown and older ones, goes back', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    await context.setOffline(true);
    // A sales point recorded under the built-in zone, where the package's line answers otherwise.
    const [lng, lat] = FLIP;
    expect([classifyStatus(builtIn, lng, lat), classifyStatus(packaged, lng, lat)]).toEqual(['outside', 'inside']);
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await page.fill('#place-typed', `${lat.toFixed(5)}, ${lng.toFixed(5)}`);
    await page.click('[data-testid="place-typed-use"]');
    await page.fill('#field-name', '甲煤店');
    await page.click('[data-testid="save-record"]');
    await page.waitForSelector('[data-testid="record-list"] > li');
    expect(await page.locator('[data-testid="under-current"]').count()).toBe(0);
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toBe(
      '正在使用：内置的 同政函〔2024〕106号 · 第 1 版描绘（尚未采用任何发布包）。',
    );

    // Tampered after signing: refused, said why, nothing adopted.
    const tampered = PACKAGE.replace('"note":"fuzz fixture"', '"note":"改过"');
    expect(await choosePackage(page, 'tampered.json', tampered)).toBe('BAD_SIGNATURE');
    expect(await page.locator('[data-testid="package-status"]').textContent()).toBe(
      '不能采用 tampered.json：签名不符：发布包被改动过或已损坏。正在使用的边界没有改变。',
    );
    expect(await page.locator('[data-testid="package-adopt"]').count()).toBe(0);

    // Signed by a key this build does not trust.
    const pair = await generateDeviceKey();
    const stranger = await signZonePackage(
      (JSON.parse(PACKAGE) as ZonePackage).zone,
      { privateKey: pair.privateKey, publicKey: await exportPublicKey(pair.publicKey) },
      { authority: '某人', sequence: 5, note: '', publishedAt: '2026-12-03T00:00:00Z' },
    );
    expect(await choosePackage(page, 'stranger.json', JSON.stringify(stranger))).toBe('UNKNOWN_KEY');

    // The real one: its summary, then adopted; the app reloads and answers from it.
    expect(await choosePackage(page, 'city.json', PACKAGE)).toBe('OK');
    expect(await page.locator('[data-testid="package-summary"]').textContent()).toMatch(
      /^同政函〔2024〕106号 · 第 1 版道路数据描绘：coalzone tests \(not an authority\)第 1 号发布，\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间），密钥指纹 [0-9A-F ]{39}。说明：fuzz fixture。$/,
    );
    expect(await page.locator('[data-testid="package-changed"]').textContent()).toBe(
      '采用后本机记录中答案会改变的：1 条。',
    );
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
    await page.waitForSelector('body[data-zone-version="2024-106.roads-1"]');
    // Checked and indexed off the page, in the zone-load worker.
    expect(workers.some((u) => /zone-load-worker/.test(u))).toBe(true);
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.waitForSelector('[data-testid="card"] [data-testid="verdict"]');
    expect(await page.locator('[data-testid="card"]').textContent()).toContain(
      '区域版本：同政函〔2024〕106号 · 第 1 版道路数据描绘（沿道路数据描绘，非官方地图）',
    );
    // The record keeps the answer it was saved with, and says what the version in use answers now.
    await page.click('#tab-records');
    await page.waitForSelector('[data-testid="under-current"]');
    expect(await page.locator('[data-testid="under-current"]').getAttribute('data-changed')).toBe('true');
    expect(await page.locator('[data-testid="under-current"]').textContent()).toBe(
      ' · 按现行版本（同政函〔2024〕106号 · 第 1 版道路数据描绘）：区内（与记录时不同）',
    );
    expect(await page.locator('[data-testid="recheck"]').textContent()).toBe(
      '按现行版本（同政函〔2024〕106号 · 第 1 版道路数据描绘）重新核对：1 条记录是在其他版本下记录的，其中 1 条答案改变（见各记录“按现行版本”）。',
    );

    // The same package again is not newer than the one in use.
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toMatch(
      /^正在使用：同政函〔2024〕106号 · 第 1 版道路数据描绘，coalzone tests \(not an authority\)第 1 号发布/,
    );
    expect(await choosePackage(page, 'city.json', PACKAGE)).toBe('NOT_NEWER');

    // Back to the built-in version.
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-builtin"]')]);
    await page.waitForSelector('body[data-ready="true"]');
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toContain('正在使用：内置的');
    await context.close();
  }, 180_000);

  it("says a district's own zone is not published yet, where the point lies in 云州区, and nothing in 平城区", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await typeCoordinate(page, '40.0400, 113.6100');
    await page.waitForSelector('[data-testid="county-slot"]');
    expect(await page.locator('[data-testid="county-slot"]').allTextContents()).toEqual([
      '此处属云州区：云州区自己的禁煤区范围由区人民政府公布，目前尚未公布（通告第（三）项），不能据此认为可以用煤。',
    ]);
    // 鼓楼, in 平城区: the city zone answers, and no district line.
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="card"]')?.getAttribute('data-status') === 'inside',
    );
    await page.waitForTimeout(300);
    expect(await page.locator('[data-testid="county-slot"]').count()).toBe(0);
    await context.close();
  }, 120_000);
});
