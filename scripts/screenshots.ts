/**
 * Regenerates docs/screenshots/*.png of the main views (phone-sized, headless Chromium). Chinese text needs a
 * CJK font on the machine (Debian: apt-get install -y fonts-noto-cjk). Run: npm run screenshots
 */
import { buildApp, launch, serve, stop } from '../tests/helpers/browser.ts';
import { gpx, permitRegister, truckEnteringEast, writeTemp } from '../tests/helpers/checkpoint-files.ts';

const out = (name: string) => new URL(`../docs/screenshots/${name}.png`, import.meta.url).pathname;
await buildApp();
const { server, url } = await serve(21_798);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const ready = async (path: string) => {
  await page.goto(url + path);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 120_000 });
  await page.waitForTimeout(1500);
};
await ready('');
await page.screenshot({ path: out('01-start') });
// A full-page capture resizes the viewport and clears the WebGL canvas: take the map view and the answer
// card as two pictures instead.
for (const [name, path] of [
  ['02-inside', '?lng=113.300000&lat=40.092000'],
  ['03-near', '?lng=113.358116&lat=40.043557'],
  ['04-outside-en', '?lng=113.605784&lat=40.039318&lang=en'],
] as const) {
  await ready(path);
  await page.screenshot({ path: out(`${name}-map`) });
  await page.locator('#card').screenshot({ path: out(`${name}-card`) });
}
await ready('');
const box = await page.locator('#map').boundingBox();
const at = await page.evaluate(() =>
  (window as unknown as { coalzone: { project: (a: number, b: number) => { x: number; y: number } } }).coalzone.project(
    113.2425,
    40.0735,
  ),
);
await page.mouse.click((box?.x ?? 0) + at.x, (box?.y ?? 0) + at.y);
await page.waitForSelector('[data-testid="edge-info"]');
await page.waitForTimeout(800);
await page.screenshot({ path: out('05-edge-explained') });
// The records view with one record of each of two kinds.
await ready('?lng=113.300000&lat=40.092000');
await page.click('#tab-records');
await page.waitForSelector('body[data-records-ready="true"]');
await page.fill('#field-name', '鼓楼东街煤炭零售点');
await page.click('[data-testid="save-record"]');
await page.selectOption('#record-kind', 'appliance');
await page.fill('#field-owner', '某饭店大灶');
await page.click('[data-testid="save-record"]');
await page.waitForFunction(() => document.querySelectorAll('[data-testid="record-list"] > li').length === 2);
await page.locator('#records').screenshot({ path: out('06-records') });
// The checkpoint view: a permit register, a checkpoint, a permitted truck being checked, a route entering.
const files = writeTemp({ 'register.csv': permitRegister(), 'enters.gpx': gpx('晋B12345', truckEnteringEast(), 60) });
await page.click('#tab-checkpoints');
await page.waitForSelector('body[data-checkpoints-ready="true"]');
await page.click('#cp-permits > summary');
await page.setInputFiles('#permit-file', files.paths[0] as string);
await page.waitForFunction(() => document.querySelector('[data-testid="permit-count"]')?.textContent?.includes('3'));
await page.click('#cp-permits > summary');
await page.click('#cp-plan > summary');
await page.click('[data-testid="plan-run"]');
await page
  .locator('[data-testid="crossing-row"]', { hasText: '京拉线 · 东侧' })
  .locator('[data-testid="checkpoint-here"]')
  .click();
await page.fill('#checkpoint-name', 'G109 东口卡点');
await page.click('[data-testid="save-checkpoint"]');
await page.waitForSelector('[data-checkpoint="G109 东口卡点"]');
await page.click('#cp-plan > summary');
await page.click('#cp-sites > summary');
await page.click('#cp-route > summary');
await page.setInputFiles('#route-files', files.paths[1] as string);
await page.waitForSelector('[data-testid="route-track"]');
await page.fill('#inspect-plate', '晋B12345');
await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
await page.evaluate(() => window.scrollTo(0, 0));
await page.waitForTimeout(800);
await page.screenshot({ path: out('07-checkpoint-route-map') });
await page.locator('#cp-inspect').screenshot({ path: out('07-checkpoint-inspect') });
await page.locator('#cp-route').screenshot({ path: out('08-checkpoint-route') });
await browser.close();
await stop(server);
console.log('wrote docs/screenshots/*.png');
