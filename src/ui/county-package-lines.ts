/**
 * The 区域 tab's lines for the county slots (云冈、新荣、云州 publish their own 禁煤区, decision 0030): for each,
 * the package that answers on this phone beside the city zone, or "尚未公布", and a button to go back to no
 * county zone (the packages stay kept). Built with textContent only.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import type { ZonePackage } from '../zones/zone-package.ts';
import { versionWords } from './answer-card.ts';
import { button, el } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** A county slot and the package answering for it on this phone (null: not published here). */
export interface CountyPackageState {
  id: string;
  name: { zh: string; en: string };
  active: ZonePackage | null;
}

/** One paragraph per county slot; `back(zoneId)` is called when its "go back" button is pressed. */
export function countyPackageLines(
  counties: readonly CountyPackageState[],
  lang: Lang,
  back: (zoneId: string) => void,
): HTMLElement[] {
  return counties.map((c) => {
    const name = L(lang, c.name.zh, c.name.en);
    const p = c.active;
    const line = el(
      'p',
      { 'data-testid': 'package-county', 'data-zone-id': c.id, 'data-active': p ? String(p.sequence) : '0' },
      p
        ? L(
            lang,
            `${name}：${versionWords(p.zone.properties.version, lang)}，${p.authority}第 ${p.sequence} 号发布（${formatBeijingTime(Date.parse(p.publishedAt))}，北京时间），与市禁煤区一同作答。`,
            `${name}: ${versionWords(p.zone.properties.version, lang)}, publication ${p.sequence} of ${p.authority} (${formatBeijingTime(Date.parse(p.publishedAt))} Beijing time), answers beside the city zone.`,
          )
        : L(
            lang,
            `${name}：区县禁煤区尚未公布（本机未采用该区的发布包）。`,
            `${name}: the district's own zone is not published yet (no package of it adopted here).`,
          ),
    );
    if (!p) return line;
    const undo = button(L(lang, `不再使用${name}的发布`, `Stop using ${name}'s publication`), {
      testid: 'package-county-builtin',
    });
    undo.dataset.zoneId = c.id;
    undo.addEventListener('click', () => {
      undo.disabled = true;
      back(c.id);
    });
    line.append(' ', undo);
    return line;
  });
}
