/**
 * Records as evidence, in a real browser: the device key's fingerprint is shown in settings and on exports;
 * a backup imported elsewhere names its signing device and key; a tampered backup (hashes recomputed by the
 * editor) is refused with the reason; the in-app verify names the device, and finds a rollback made straight
 * in IndexedDB (against the device's last signed head, and against a receipt chosen as a file) and a deleted
 * record.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_736; // below the ephemeral range, and no other browser test's
const app = appUnderTest(PORT);

const status = (p: Page) => p.locator('[data-testid="records-status"]').textContent();

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('records as evidence', () => {
  it('shows the key fingerprint, names the signing device on import, refuses a tampered backup', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const page = await openApp(context, app.url);
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    for (const [k, name] of ['甲煤店', '乙煤店'].entries()) {
      await page.fill('#field-name', name);
      await page.click('[data-testid="save-record"]');
      await expect.poll(() => page.locator('[data-testid="record-list"] > li').count()).toBe(k + 1);
    }
    await page.click('[data-testid="evidence-settings"] summary');
    const fingerprint = page.locator('[data-testid="device-fingerprint"]');
    await expect.poll(() => fingerprint.textContent()).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const shown = (await fingerprint.textContent()) as string;
    const [receipt] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="receipt-json"]')]);
    const receiptJson = JSON.parse(readFileSync((await receipt.path()) as string, 'utf8'));
    expect(receiptJson).toMatchObject({ format: 'coalzone-receipt', fingerprint: shown, head: { seq: 2 } });
    const [backup] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup"]')]);
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-evidence-'));
    const zip = join(dir, 'backup.zip');
    await backup.saveAs(zip);

    // The motivated editor: a record deleted, the manifest's file hashes and counts recomputed.
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    const records = JSON.parse(new TextDecoder().decode(files['records.json'])).slice(1);
    const edited = strToU8(JSON.stringify(records));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    manifest.files['records.json'] = await sha256(edited);
    manifest.counts.records = records.length;
    const tampered = join(dir, 'tampered.zip');
    writeFileSync(
      tampered,
      zipSync({ ...files, 'records.json': edited, 'manifest.json': strToU8(JSON.stringify(manifest)) }),
    );

    const other = await openApp(await app.browser.newContext(), app.url);
    await other.click('#tab-records');
    await other.waitForSelector('body[data-records-ready="true"]');
    await other.setInputFiles('#import-file', tampered);
    await expect.poll(() => status(other)).toContain('BAD_SIGNATURE');
    expect(await status(other)).toContain('备份被拒收');
    expect(await other.locator('[data-testid="record-list"] > li').count()).toBe(0);
    await other.setInputFiles('#import-file', zip);
    await expect.poll(() => status(other)).toContain('新增 2');
    expect(await status(other)).toContain(shown);
    expect(await status(other)).toContain('首次见到此密钥');

    // The in-app verify names this device and its key.
    await page.click('[data-testid="verify"]');
    await expect.poll(() => status(page)).toContain('校验通过');
    expect(await status(page)).toContain(shown);
    // Exports carry the fingerprint too.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(readFileSync((await csv.path()) as string, 'utf8')).toContain(shown);

    // Behind the app's back: the newest entry and its record removed (a consistent rollback). The head this
    // device signed for the backup and the receipt shows it.
    const removeFromDb = (what: 'last entry and its record' | 'a record') =>
      page.evaluate(
        (which) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.open('coalzone-records');
            request.onsuccess = () => {
              const tx = request.result.transaction(['records', 'audit'], 'readwrite');
              if (which === 'a record') {
                const cursor = tx.objectStore('records').openCursor();
                cursor.onsuccess = () => cursor.result?.delete();
              } else {
                const last = tx.objectStore('audit').openCursor(null, 'prev');
                last.onsuccess = () => {
                  const entry = last.result?.value as { recordId: string } | undefined;
                  if (!entry) return;
                  last.result?.delete();
                  tx.objectStore('records').delete(entry.recordId);
                };
              }
              tx.oncomplete = () => {
                request.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        what,
      );
    await removeFromDb('last entry and its record');
    await page.click('[data-testid="verify"]');
    await expect.poll(() => status(page)).toContain('ROLLED_BACK');
    expect(await status(page)).toContain(shown);
    // The same against the receipt kept elsewhere (chosen as a file).
    const receiptFile = join(dir, 'receipt.json');
    writeFileSync(receiptFile, JSON.stringify(receiptJson));
    await page.evaluate(() => {
      (document.querySelector('[data-testid="records-status"]') as HTMLElement).textContent = '';
    });
    await page.setInputFiles('#anchor-file', receiptFile);
    await expect.poll(() => status(page)).toContain('ROLLED_BACK');
    // A record deleted straight from IndexedDB: the in-app verify names it missing.
    await removeFromDb('a record');
    await page.click('[data-testid="verify"]');
    await expect.poll(() => status(page)).toContain('RECORD_MISSING');
    await context.close();
  }, 120_000);
});
