/**
 * The bureau's page (issue 13 "The bureau's view"), in Chromium with real IndexedDB: the sync server (PGlite)
 * serves the built app itself, and the bureau opens the server's own address on a desktop. The enrolment form
 * offers that address; with the admin code the page appears under the records (every agency's records on the
 * map and in the lists). A resident's report arrives; the bureau makes a police agency and a code for its
 * phone, assigns the report to it (the police phone pulls it without the reporter's phone), reads and downloads
 * the weekly report (.xlsx that opens, CSV with Chinese headers), and revokes the phone. Record text stays
 * text. At phone size nothing overflows; a phone that is not an admin shows no such page.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUREAU_AGENCY } from '../../server/src/bootstrap-admin.ts';
import { type RunningServer, startServer } from '../../server/src/start-server.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { openApp } from '../helpers/app-page.ts';
import { buildApp, DIST, launch } from '../helpers/browser.ts';
import { residentReport as reportBody } from '../server/helpers/resident-report.ts';
import { makePhone, type TestPhone } from '../server/helpers/test-phone.ts';

const SYNC_PORT = 21_797; // below the ephemeral range, and no other browser test's
const ADMIN_CODE = 'E2E0-ADM2-N000';
const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">茶水炉烧煤';
let browser: Browser;
let sync: RunningServer;
let dataDir: string;
let downloads: string;
let api: TestPhone;

beforeAll(async () => {
  await buildApp();
  dataDir = mkdtempSync(join(tmpdir(), 'coalzone-bureau-e2e-'));
  downloads = mkdtempSync(join(tmpdir(), 'coalzone-bureau-files-'));
  sync = await startServer({ dataDir, port: SYNC_PORT, adminCode: ADMIN_CODE, appDir: resolve(DIST) });
  api = await makePhone(sync.url, 'ecology');
  expect((await api.enrol(ADMIN_CODE)).status).toBe(200);
  browser = await launch();
}, 180_000);

/** A one-time code made through the API by the first admin phone. */
async function apiCode(agencyId: string, admin: boolean): Promise<string> {
  const code = await api.request<{ code: string }>('POST', '/admin/enrolment-codes', { agencyId, admin });
  expect(code.status).toBe(200);
  return code.body.code;
}

afterAll(async () => {
  await browser?.close();
  await sync?.close().catch(() => undefined);
  for (const dir of [dataDir, downloads]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 250 });
const text = (page: Page, testid: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testid);

async function enrol(page: Page, code: string): Promise<void> {
  await page.click('#tab-records');
  await page.waitForSelector('#sync[data-sync-ready="true"]');
  if (!(await page.locator('#sync details').evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.click('#sync summary');
  // Served by the sync server: its own address is offered.
  await poll(() => page.inputValue('#sync-url')).toBe(new URL(sync.url).origin);
  await page.fill('#sync-code', code);
  await page.click('[data-testid="sync-connect"]');
  await poll(() => text(page, 'sync-form-status')).toContain('本机已登记');
}

async function residentReport(): Promise<void> {
  const sent = await fetch(`${sync.url}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      reportBody({
        installId: 'install-bureau-e2e-0001',
        description: HOSTILE,
        observedAt: '2026-12-03T08:10:00+08:00',
        phone: '13900004444',
      }),
    ),
  });
  expect(sent.status).toBe(200);
}

describe("the bureau's page, served by the sync server", () => {
  it('assigns a report to a new agency, gives the weekly report as files, and revokes a phone', async () => {
    await residentReport();
    const context = await browser.newContext({
      viewport: DESK,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    const page = await openApp(context, `${sync.url}/`);
    expect(await page.locator('#bureau').isHidden()).toBe(true);
    await enrol(page, await apiCode(BUREAU_AGENCY, true));
    await page.waitForSelector('#bureau:not([hidden]) [data-testid="bureau-report"]');
    const report = page.locator('[data-testid="bureau-report"]').first();
    expect(await report.getAttribute('data-status')).toBe('received');
    expect(await report.textContent()).toContain(HOSTILE);
    expect(await report.locator('[data-testid="bureau-contact"]').textContent()).toContain('139 0000 4444');
    expect(await page.locator('#bureau img').count()).toBe(0);
    // Every agency's records are on the map too (the records view, the phone's own filters).
    await poll(() => page.evaluate(() => Number(document.body.dataset.recordsOnMap ?? 0))).toBeGreaterThanOrEqual(1);

    // A police agency, and a one-time code for its phone.
    await page.fill('[data-testid="bureau-agency-id"]', 'police-pingcheng');
    await page.fill('[data-testid="bureau-agency-name"]', '平城公安分局');
    await page.selectOption('[data-testid="bureau-agency-role"]', 'police');
    await page.click('[data-testid="bureau-agency-create"]');
    await poll(() => text(page, 'bureau-devices-message')).toBe('已新建机构：平城公安分局');
    await poll(() => page.locator('[data-testid="bureau-code-agency"] option[value="police-pingcheng"]').count()).toBe(
      1,
    );
    await page.selectOption('[data-testid="bureau-code-agency"]', 'police-pingcheng');
    await page.click('[data-testid="bureau-code-make"]');
    await poll(() => text(page, 'bureau-code')).toMatch(/^登记码 [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}（一次有效/);
    const code = (await text(page, 'bureau-code')).match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0] as string;
    const police = await makePhone(sync.url, 'police');
    expect((await police.enrol(code, '平城公安 1 号')).status).toBe(200);
    expect((await police.pull()).some((r) => r.kind === 'violation-report')).toBe(false);

    // Assign the report to it.
    await poll(() => report.locator('[data-testid="bureau-agency"] option[value="police-pingcheng"]').count()).toBe(1);
    await report.locator('[data-testid="bureau-agency"]').selectOption('police-pingcheng');
    await report.locator('input[type="text"]').fill('请今日核查');
    await report.locator('[data-testid="bureau-assign"]').click();
    await poll(() => text(page, 'bureau-assign-message')).toContain('已交办：平城公安分局');
    await poll(() => page.locator('[data-testid="bureau-report"]').first().getAttribute('data-status')).toBe(
      'assigned',
    );
    expect(await text(page, 'bureau-step')).toBe('交办：平城公安分局（police-pingcheng）。请今日核查');
    const pulled = (await police.pull()).find((r) => r.kind === 'violation-report') as FieldRecord<'violation-report'>;
    expect(pulled.status).toBe('assigned');
    expect(pulled.fields.contact).toBeNull();
    expect(pulled.fields.description).toBe(HOSTILE);

    // The weekly report, on the page and as files.
    await page.fill('[data-testid="bureau-week"]', '2026-12-03');
    await page.click('[data-testid="bureau-week-show"]');
    await poll(() => text(page, 'bureau-week-summary')).toBe(
      '2026-11-30 至 2026-12-06：现有记录 1 条；本周新增 1 条，状态变更 1 次。',
    );
    expect(await text(page, 'bureau-week-kinds')).toContain('违规举报');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="bureau-week-xlsx"]')]);
    expect(xlsx.suggestedFilename()).toBe('禁煤区周报-2026-11-30.xlsx');
    await xlsx.saveAs(join(downloads, 'week.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(join(downloads, 'week.xlsx')) as never);
    expect(book.worksheets.map((s) => s.name)).toContain('本周变化');
    expect(String(book.getWorksheet('汇总')?.getRow(1).getCell(1).value)).toContain('大同市禁煤区周报 2026-11-30');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="bureau-week-changes"]')]);
    await csv.saveAs(join(downloads, 'changes.csv'));
    const csvText = readFileSync(join(downloads, 'changes.csv'), 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain('违规举报');
    expect(csvText).not.toMatch(/(^|,)<img/m);

    // Revoke the police phone: it can no longer sync.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid="bureau-devices-refresh"]');
    const device = page.locator(`[data-testid="bureau-device"][data-id="${police.id}"]`);
    await device.locator('[data-testid="bureau-revoke"]').click();
    await poll(() => device.getAttribute('data-revoked')).toBe('true');
    const refused = await police.request<{ error: { code: string } }>('GET', '/sync/pull?after=0&limit=10');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('REVOKED');
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();

    // The same page in English.
    await page.click('#lang');
    await poll(() => page.locator('#bureau h2').textContent()).toBe("The bureau's page");
    await context.close();
  }, 180_000);

  it('fits a phone screen for the bureau, and shows nothing to a phone that is not an admin', async () => {
    const phone = () => browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const bureauPhone = await phone();
    const page = await openApp(bureauPhone, `${sync.url}/`);
    await enrol(page, await apiCode(BUREAU_AGENCY, true));
    await page.waitForSelector('#bureau:not([hidden]) [data-testid="bureau-device"]');
    await page.click('[data-testid="bureau-week-show"]');
    await poll(() => text(page, 'bureau-week-summary')).toContain('现有记录 1 条');
    const wide = await page.evaluate((width) => {
      const over = [...document.querySelectorAll('body *')].filter(
        (e) =>
          e.getBoundingClientRect().right + Number.parseFloat(getComputedStyle(e).marginRight || '0') > width ||
          (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'),
      );
      return over
        .map(
          (e) =>
            `${e.tagName}.${e.className}[${e.getAttribute('data-testid') ?? ''}] ${e.scrollWidth}/${e.clientWidth}`,
        )
        .slice(0, 8);
    }, PHONE.width);
    expect(wide, 'elements wider than the phone').toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await bureauPhone.close();

    const made = await api.request('POST', '/admin/agencies', {
      id: 'market',
      name: '市场监管局',
      role: 'market-regulation',
    });
    expect(made.status).toBe(200);
    const marketPhone = await phone();
    const market = await openApp(marketPhone, `${sync.url}/`);
    await enrol(market, await apiCode('market', false));
    await poll(() => market.evaluate(() => document.body.dataset.recordsOnMap)).toBe('1');
    expect(await market.locator('#bureau').isHidden()).toBe(true);
    expect(await market.locator('[data-testid="bureau-report"]').count()).toBe(0);
    await marketPhone.close();
  }, 120_000);
});
