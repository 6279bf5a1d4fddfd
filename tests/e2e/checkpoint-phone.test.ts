/**
 * The police inspection flow at a phone viewport (390×844, zh-CN): what an officer at a checkpoint in the
 * cold must be able to trust. No register means no verdict; a typo is a question under the typed plate's own
 * verdict; the primary button follows the verdict; one truck's "已记录" does not stand beside the next.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, tapMap } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { gpx, permitRegister, truckEnteringEast, writeTemp } from '../helpers/checkpoint-files.ts';

const PORT = 21_734;
const app = appUnderTest(PORT);

const primaryOutcome = (page: Page) => page.locator('.outcomes .primary').getAttribute('data-outcome');

describe('checkpoint inspection on a phone', () => {
  it('never says 无通行证 without a register; typo is a question; primary follows the verdict; status clears', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');

    // A new phone: no register. Said plainly, and a plate gets no "no permit" verdict.
    const status = page.locator('[data-testid="register-status"]');
    expect(await status.getAttribute('data-register')).toBe('none');
    expect(await status.textContent()).toContain('本机没有通行证登记表');
    await page.fill('#inspect-plate', '晋B12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="no-register"]');
    expect(await page.locator('[data-testid="permit-result"]').textContent()).not.toContain('无通行证');
    expect(await primaryOutcome(page)).toBe('turned-back');

    // Load the register: its count and date are shown; the same plate is now valid and 放行 is primary.
    const { paths } = writeTemp({ 'register.csv': permitRegister() });
    await page.click('#cp-permits > summary');
    await page.setInputFiles('#permit-file', paths[0] as string);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="register-status"]')?.getAttribute('data-register') === 'loaded',
    );
    expect(await status.textContent()).toMatch(
      /通行证登记表：3 张，更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/,
    );
    await page.fill('#inspect-plate', '');
    await page.fill('#inspect-plate', '晋B12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
    expect(await primaryOutcome(page)).toBe('passed');
    // The whole check fits the phone's screen from the top of the page: plate, verdict, outcome buttons.
    await page.evaluate(() => window.scrollTo(0, 0));
    const fits = await page.evaluate(() => {
      const ids = [
        '#inspect-plate',
        '[data-testid="permit-result"]',
        ...[...document.querySelectorAll('[data-outcome]')].map((_, k) => `[data-outcome]:nth-child(${k + 1})`),
      ];
      return ids.map((sel) => {
        const box = document.querySelector(sel)?.getBoundingClientRect();
        return { sel, top: box?.top ?? -1, bottom: box?.bottom ?? 1e9 };
      });
    });
    for (const f of fits) {
      expect(f.top, f.sel).toBeGreaterThanOrEqual(0);
      expect(f.bottom, f.sel).toBeLessThanOrEqual(844);
    }

    // A one-character typo: the typed plate's verdict first, the registered plate only as a question, and no
    // green "valid" box for the other plate.
    await page.fill('#inspect-plate', '晋B12346');
    await page.waitForSelector('[data-testid="pick-permit-plate"]');
    const box = page.locator('[data-testid="permit-result"]');
    expect(await box.locator(':scope > :first-child').getAttribute('data-result')).toBe('none');
    expect(await box.textContent()).toContain('是否为 晋B·12345');
    expect(await box.locator('[data-result="valid"]').count()).toBe(0);
    expect(await primaryOutcome(page)).toBe('turned-back');
    // An expired permit: 放行 is not primary.
    await page.fill('#inspect-plate', '晋BD23456');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="expired"]');
    expect(await primaryOutcome(page)).toBe('turned-back');

    // A route file named with a plate is looked up in the register, its end compared with the destination.
    const tracks = writeTemp({
      '晋B12345 12月2日.gpx': gpx('truck', truckEnteringEast()),
      '晋C99999.gpx': gpx('other', truckEnteringEast()),
    });
    await page.click('#cp-route > summary');
    await page.setInputFiles('#route-files', tracks.paths);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="route-permit"]').length === 2);
    const permitLines = await page.locator('[data-testid="route-permit"]').allTextContents();
    expect(permitLines.find((l) => l.includes('晋B·12345'))).toMatch(/目的地与通行证不符 · TX-001（终点：/);
    expect(permitLines.find((l) => l.includes('晋C·99999'))).toContain('无通行证');

    // Record one truck at a checkpoint; the next plate clears the previous "已记录".
    await page.click('#cp-sites > summary');
    const small = (await page.locator('#map').boundingBox())?.height ?? 0;
    await page.click('[data-testid="place-on-map"]');
    // Picking on a 150-pixel map is guesswork: the map has its full height while a pick waits.
    expect((await page.locator('#map').boundingBox())?.height).toBeGreaterThan(small * 2);
    await tapMap(page, 113.376, 40.09);
    await page.fill('#checkpoint-name', '东口');
    await page.click('[data-testid="save-checkpoint"]');
    await page.waitForSelector('[data-checkpoint="东口"]');
    await page.fill('#inspect-plate', '晋B12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
    await page.click('[data-outcome="passed"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspect-status"]')?.textContent?.includes('已记录'),
    );
    await page.locator('#inspect-plate').pressSequentially('晋B');
    expect(await page.locator('[data-testid="inspect-status"]').textContent()).toBe('');
    await context.close();
  });
});
