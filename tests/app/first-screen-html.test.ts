/**
 * The first screen's text is in index.html (issue 15): painted before any script runs, so nothing moves when
 * main.ts fills the texts in (that fill was Lighthouse's whole layout shift, 0.086). The HTML's words must be
 * the zh-CN dictionary's, or a Chinese reader would see the text change under them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MessageKey, t } from '../../src/ui/i18n.ts';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
const main = readFileSync(new URL('../../src/app/main.ts', import.meta.url), 'utf8');

/** main.ts's TEXTS table: [element id, message key] pairs it writes on start and on a language switch. */
const texts = [...main.matchAll(/\['([a-z-]+)', '([A-Za-z]+)'\],/g)].map((m) => [m[1], m[2]] as [string, MessageKey]);

/** The text between an element's opening tag (found by id) and its closing tag, or null if there is none. */
function htmlText(id: string): string | null {
  const match = new RegExp(`<([a-z0-9]+)[^>]* id="${id}"[^>]*>([^<]*)</\\1>`).exec(html);
  return match ? (match[2] as string).trim() : null;
}

describe('index.html carries the first screen in zh-CN', () => {
  it('finds main.ts’s table of texts', () => {
    expect(texts.length).toBeGreaterThan(15);
  });

  it.each(['title', 'subtitle', 'provisional', 'ways-title', 'gps', 'tap-hint', 'typed-label', 'search-label'])(
    '#%s has its text before any script runs',
    (id) => {
      expect(htmlText(id)).toBeTruthy();
    },
  );

  it('every text in the HTML is the zh-CN dictionary’s', () => {
    for (const [id, key] of texts) {
      const text = htmlText(id);
      if (text) expect(`${id}: ${text}`).toBe(`${id}: ${t('zh', key)}`);
    }
  });

  it('the inputs’ placeholders are the zh-CN dictionary’s', () => {
    expect(html).toContain(
      `id="typed" name="typed" autocomplete="off" inputmode="text" placeholder="${t('zh', 'typedPlaceholder')}"`,
    );
    expect(html).toContain(
      `id="search" name="search" autocomplete="off" placeholder="${t('zh', 'searchPlaceholder')}"`,
    );
  });
});
