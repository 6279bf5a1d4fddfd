/**
 * Records leave the phone (issue 13 "In the app", issue 14 item 7), in Chromium at phone size (390×844, zh-CN,
 * Asia/Shanghai) with real IndexedDB: the built app talks to a real sync server (server/src, PGlite) started
 * on loopback by this test, allowed for the app's origin only (COALZONE_ALLOWED_ORIGINS' option). An officer's
 * phone is enrolled with a one-time code (a wrong one refused in Chinese), a record saved offline says it is
 * only on this phone, and when the phone is back online it syncs by itself and the status line says so, in
 * Beijing time; the server holds the record. A resident's phone, with the server's address only, sends a
 * report and gets a receipt code and its status, and the bureau's assignment shows up on the phone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/start-server.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { buildApp, launch, serve, stop } from '../helpers/browser.ts';
import { makePhone, type TestPhone } from '../server/helpers/test-phone.ts';

const PORT = 21_771; // below the ephemeral range, and no other browser test's
const SYNC_PORT = 21_772;
const ADMIN_CODE = 'E2E0-ADM1-N000';
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let preview: PreviewServer;
let url: string;
let sync: RunningServer;
let admin: TestPhone;
let dataDir: string;

beforeAll(async () => {
  await buildApp();
  ({ server: preview, url } = await serve(PORT));
  dataDir = mkdtempSync(join(tmpdir(), 'coalzone-sync-e2e-'));
  sync = await startServer({
    dataDir,
    port: SYNC_PORT,
    adminCode: ADMIN_CODE,
    allowedOrigins: [new URL(url).origin],
  });
  admin = await makePhone(sync.url, 'ecology');
  expect((await admin.enrol(ADMIN_CODE)).status).toBe(200);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (preview) await stop(preview).catch(() => undefined);
  await sync?.close().catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const phone = () => browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 250 });
/** The text of the first element with the test id now, '' when there is none (no waiting for it). */
const text = (page: Page, testid: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testid);

async function openRecords(page: Page): Promise<void> {
  await page.click('#tab-records');
  await page.waitForSelector('body[data-records-ready="true"]');
  await page.waitForSelector('#sync[data-sync-ready="true"]');
}

async function connect(page: Page, server: string, code: string): Promise<void> {
  if (!(await page.locator('#sync details').evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.click('#sync summary');
  await page.fill('#sync-url', server);
  await page.fill('#sync-code', code);
  await page.click('[data-testid="sync-connect"]');
}

async function newCode(agencyId: string, role: string): Promise<string> {
  const made = await admin.request('POST', '/admin/agencies', { id: agencyId, name: `机构 ${agencyId}`, role });
  expect([200, 409]).toContain(made.status);
  const code = await admin.request<{ code: string }>('POST', '/admin/enrolment-codes', { agencyId });
  expect(code.status).toBe(200);
  return code.body.code;
}

/** Beijing wall-clock "YYYY-MM-DD HH:" now (the status line's time, to the hour). */
const beijingHour = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 13).replace('T', ' ');

describe('sync on a phone', () => {
  it('enrols with a one-time code, says a record saved offline is only on this phone, and syncs it when back online', async () => {
    const context = await phone();
    const page = await openApp(context, url);
    await typeCoordinate(page, '40.0920, 113.3000');
    await openRecords(page);
    // The status line sits above the records, on screen without scrolling far, and starts honest.
    expect(await text(page, 'sync-server')).toContain('未连接同步服务器：记录只保存在本机，尚未发送');
    const box = await page.locator('#sync').boundingBox();
    const records = await page.locator('#records').boundingBox();
    expect(box && records && box.y < records.y).toBe(true);

    // A wrong code is refused in the server's Chinese words; nothing is enrolled.
    await connect(page, sync.url, 'AAAA-BBBB-CCCC');
    await poll(() => text(page, 'sync-form-status')).toContain('登记码错误、已使用或已过期');
    expect(await text(page, 'sync-pending')).toBe('');
    await connect(page, sync.url, await newCode('market', 'market-regulation'));
    await poll(() => text(page, 'sync-form-status')).toContain('本机已登记：market（市场监管）');
    await poll(() => text(page, 'sync-pending')).toBe('全部记录已发送到服务器');
    expect(await text(page, 'sync-server')).toContain(`已连接 ${sync.url}`);

    // Offline: the record is saved on the phone and the line says it has not been sent.
    await context.setOffline(true);
    await page.fill('#field-name', '乙煤店');
    await page.click('[data-testid="save-record"]');
    await poll(() => page.locator('[data-testid="record-list"] > li').count()).toBe(1);
    await poll(() => text(page, 'sync-pending')).toBe('1 条记录只保存在本机，尚未发送');
    await poll(() => text(page, 'sync-offline')).toContain('现在没有网络');
    const deviceId = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.open('coalzone-records');
          request.onsuccess = () => {
            const get = request.result.transaction('meta').objectStore('meta').get('deviceId');
            get.onsuccess = () => {
              request.result.close();
              resolve(get.result.value as string);
            };
          };
        }),
    );
    const onServer = () =>
      sync.db.query<{ body: FieldRecord<'sales-point'> }>('SELECT body FROM records WHERE origin_device = $1', [
        deviceId,
      ]);
    expect(await onServer()).toHaveLength(0);

    // Back online: it syncs by itself (the browser's online event), and the line says so, in Beijing time.
    await context.setOffline(false);
    await poll(() => text(page, 'sync-pending')).toBe('全部记录已发送到服务器');
    expect(await text(page, 'sync-offline')).toBe('');
    expect(await text(page, 'sync-error')).toBe('');
    const last = await text(page, 'sync-last');
    expect(last).toMatch(/^上次同步：\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）$/);
    expect(last.slice(5, 18)).toBe(beijingHour());
    const rows = await onServer();
    expect(rows.map((r) => r.body.fields.name)).toEqual(['乙煤店']);
    // 立即同步 works on demand too, and changes nothing when there is nothing new.
    await page.click('[data-testid="sync-now"]');
    await poll(() => page.locator('#sync').getAttribute('data-sync-state')).toBe('synced');
    expect(await onServer()).toHaveLength(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The same line in English.
    await page.click('#lang');
    await poll(() => text(page, 'sync-pending')).toBe('Every record is on the server');
    await poll(() => text(page, 'sync-last')).toMatch(/^Last sync: \d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)$/);
    expect(await page.locator('[data-testid="sync-now"]').textContent()).toBe('Sync now');
    await context.close();
  }, 120_000);

  it('a resident with the server address only sends a report, gets a receipt, and sees the bureau assign it', async () => {
    const context = await phone();
    const page = await openApp(context, url);
    await openRecords(page);
    await connect(page, sync.url, '');
    await poll(() => text(page, 'sync-form-status')).toContain('已保存服务器地址');
    expect(await text(page, 'sync-server')).toContain('本机未登记');

    await page.click('#tab-check');
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.click('[data-testid="report-here"]');
    await page.waitForSelector('#report-what');
    await page.selectOption('#report-what', 'burning');
    await page.fill('#report-description', '院内锅炉烧散煤，冒黑烟');
    await page.fill('#report-phone', '139 0000 3333');
    await page.click('[data-testid="report-save"]');
    await poll(() => text(page, 'report-receipt')).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const receipt = await text(page, 'report-receipt');
    expect(await text(page, 'report-status')).toContain('举报已发送给生态环境局');
    await poll(() => text(page, 'report-receipts')).toContain(`回执码 ${receipt}：已收到，等待分派`);
    const stored = await sync.db.query<{ body: FieldRecord<'violation-report'> }>(
      'SELECT r.body FROM records r JOIN reports p ON p.record_id = r.id WHERE p.receipt = $1',
      [receipt],
    );
    expect(stored[0]?.body.fields.description).toBe('院内锅炉烧散煤，冒黑烟');
    expect(stored[0]?.body.zoneAnswer?.status).toBe('inside');

    // Offline, the next report stays on the phone and says so, with the call fallback; online, it is sent.
    await context.setOffline(true);
    await page.fill('#report-description', '流动三轮车卖煤');
    await page.click('[data-testid="report-save"]');
    await poll(() => text(page, 'report-status')).toContain('只保存在本机，尚未发送');
    expect(await page.locator('[data-testid="report-status"] a[href="tel:+863525022085"]').count()).toBe(1);
    expect(await page.locator('[data-testid="report-receipt-row"]').count()).toBe(2);
    await context.setOffline(false);
    await poll(
      async () =>
        (await page.locator('[data-testid="report-receipt-row"]').allTextContents()).filter((t) =>
          t.startsWith('回执码'),
        ).length,
    ).toBe(2);

    // The bureau assigns the first report; the phone shows it after 刷新处理进度.
    const id = (stored[0] as { body: FieldRecord }).body.id;
    expect((await admin.request('POST', `/admin/records/${id}/status`, { status: 'assigned' })).status).toBe(200);
    await page.click('[data-testid="report-refresh"]');
    await poll(() => text(page, 'report-receipts')).toContain(`回执码 ${receipt}：已分派给执法部门`);
    await context.close();
  }, 120_000);
});
