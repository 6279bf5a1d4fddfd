/**
 * A small change to the zone reaches a phone by QR code (issue 11), at 390×844 in zh-CN, offline: the app,
 * built trusting a key made here, has publication 1 active; publication 2 moves one vertex, and its change
 * code (the CLI's `zones diff-code`, written as a PNG) photographed in 区域 rebuilds publication 2, which is
 * checked like any package and adopted. A photo without a code, a QR code that holds something else, and the
 * same code once publication 2 is active (its base is gone) are refused with the reason; nothing changes.
 * Going back to the kept publication 1 works, and the code fits again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'lean-qr';
import { toPngBuffer } from 'lean-qr/extras/node_export';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { packageText, publishZone } from '../../src/zones/publish-zone.ts';
import { openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { capture } from '../helpers/capture.ts';
import { choosePackage, zonesTab } from '../helpers/zone-package-page.ts';

const PORT = 21_801; // below the ephemeral range, and no other browser test's
const GOLDEN = new URL('../fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url).pathname;
const traced = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ZoneFeature;
const dir = mkdtempSync(join(tmpdir(), 'coalzone-qr-'));
const buildEnv: Record<string, string> = {};
const files = { base: join(dir, 'base.json'), next: join(dir, 'next.json'), png: join(dir, 'code.png') };

beforeAll(async () => {
  const pair = await generateDeviceKey();
  const key = {
    authority: '大同市生态环境局（测试）',
    zoneIds: [traced.properties.id],
    privateKey: pair.privateKey,
    publicKey: await exportPublicKey(pair.publicKey),
  };
  buildEnv.VITE_TRUSTED_ZONE_KEYS = JSON.stringify([
    { authority: key.authority, zoneIds: key.zoneIds, key: key.publicKey },
  ]);
  const at = '2026-12-03T05:00:00.000Z';
  const base = await publishZone(traced, key, { sequence: 1, note: '首次发布', publishedAt: at });
  const moved = structuredClone(traced);
  const ring = (moved.geometry as { coordinates: number[][][] }).coordinates[0] as number[][];
  (ring[5] as number[])[1] = ((ring[5] as number[])[1] as number) + 0.0002;
  const next = await publishZone(moved, key, { sequence: 2, note: '一处顶点按现场核实', publishedAt: at });
  if (!base.ok || !next.ok) throw new Error('publishing failed');
  writeFileSync(files.base, packageText(base.pkg));
  writeFileSync(files.next, packageText(next.pkg));
}, 60_000);
const app = appUnderTest(PORT, { buildEnv });

const photo = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, toPngBuffer(generate(text), { scale: 6, pad: 4, on: [0, 0, 0], off: [255, 255, 255] }));
  return path;
};
const statusCode = (page: import('playwright-core').Page) =>
  page.locator('[data-testid="package-status"]').getAttribute('data-code');

describe('a change QR code on a phone', () => {
  it('adopts a small change photographed as a QR code, and refuses what is not one', async () => {
    // The CLI makes the code and its PNG.
    const out = capture();
    const err = capture();
    expect(
      await main(['zones', 'diff-code', files.base, files.next, '--out', files.png], out as never, err as never),
    ).toBe(0);
    const code = out.text().trim();
    expect(code).toMatch(/^CZD1\.[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(1_400);

    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await zonesTab(page);
    expect(await choosePackage(page, 'base.json', readFileSync(files.base, 'utf8'))).toBe('OK');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
    await page.waitForSelector('body[data-zone-version]');
    await context.setOffline(true);
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toContain('第 1 号发布');

    // A photo with no code, and a QR code of something else: refused, the zone unchanged.
    writeFileSync(join(dir, 'blank.png'), toPngBuffer({ size: 21, get: () => false }, { scale: 6 }));
    await page.setInputFiles('#package-qr', join(dir, 'blank.png'));
    await expect.poll(() => statusCode(page), { timeout: 20_000 }).toBe('NO_QR');
    await page.setInputFiles('#package-qr', photo('url.png', 'https://example.cn/zone'));
    await expect.poll(() => statusCode(page), { timeout: 20_000 }).toBe('NOT_A_DIFF');
    expect(await page.locator('[data-testid="package-status"]').textContent()).toContain('不是区域修改码');

    // The real code: publication 2, checked like a package, adopted offline.
    await page.setInputFiles('#package-qr', files.png);
    await expect.poll(() => statusCode(page), { timeout: 20_000 }).toBe('OK');
    expect(await page.locator('[data-testid="package-summary"]').textContent()).toContain('第 2 号发布');
    expect(await page.locator('[data-testid="package-summary"]').textContent()).toContain('一处顶点按现场核实');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toContain('第 2 号发布');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    const active = await page.evaluate(async () => {
      const app = (window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }).coalzone;
      const data = (await app.sourceData('zone-0')) as { geometry?: { coordinates: number[][][] } } | null;
      return data?.geometry?.coordinates[0]?.[5] ?? null;
    });
    const expected = (JSON.parse(readFileSync(files.next, 'utf8')) as { zone: ZoneFeature }).zone.geometry as {
      coordinates: number[][][];
    };
    expect(active).toEqual(expected.coordinates[0]?.[5]);

    // The same code again: its base is no longer the one in use.
    await page.setInputFiles('#package-qr', files.png);
    await expect.poll(() => statusCode(page), { timeout: 20_000 }).toBe('BASE_MISMATCH');
    expect(await page.locator('[data-testid="package-status"]').textContent()).toContain('基于第 1 号发布');

    // Going back a version: publication 1 is kept on the phone and can answer again; then the code fits again.
    await page.waitForSelector('[data-testid="kept-packages"] li[data-sequence="1"]');
    expect(await page.locator('[data-testid="kept-packages"] li').count()).toBe(1);
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="kept-use"]')]);
    await zonesTab(page);
    expect(await page.locator('[data-testid="package-active"]').textContent()).toContain('第 1 号发布');
    await page.waitForSelector('[data-testid="kept-packages"] li[data-sequence="2"]');
    await page.setInputFiles('#package-qr', files.png);
    await expect.poll(() => statusCode(page), { timeout: 20_000 }).toBe('OK');
    await context.close();
  }, 180_000);
});
