/** The 区域 tab's package panel in a browser test: open the tab, choose a package file, read the refusal code. */
import type { Page } from 'playwright-core';
import { writeTemp } from './checkpoint-files.ts';

/** Chooses `text` as the package file `name`; resolves to the panel's status code ('' when none). */
export async function choosePackage(page: Page, name: string, text: string): Promise<string> {
  const { paths } = writeTemp({ [name]: text });
  await page.setInputFiles('#package-file', paths[0] as string);
  await page.waitForFunction(() => document.querySelector('[data-testid="package-status"]')?.getAttribute('data-code'));
  return (await page.locator('[data-testid="package-status"]').getAttribute('data-code')) ?? '';
}

/** Opens the 区域 tab and waits until its views are mounted. */
export async function zonesTab(page: Page): Promise<void> {
  await page.click('#tab-zones');
  await page.waitForSelector('body[data-zones-ready="true"]');
}
