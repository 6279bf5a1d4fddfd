/**
 * "Going back a version" (issue 11): the publications of a zone kept on this phone (each one adopted here),
 * other than the one in use, each with 改用此版本. Choosing one makes it answer again after a reload (checked
 * again at start like any package); a package arriving from outside must still be newer than the one in use.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import { keptPackages, useKept } from '../zones/accepted-zone-store.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** Fills `root` with the kept publications of `zoneId` other than `activeSequence` (0: built-in in use). */
export async function showKeptPackages(
  root: HTMLElement,
  deps: { lang: Lang; zoneId: string; activeSequence: number; reload: () => void },
): Promise<void> {
  const { lang } = deps;
  const others = (await keptPackages(deps.zoneId).catch(() => [])).filter((p) => p.sequence !== deps.activeSequence);
  if (others.length === 0) return replaceChildren(root);
  replaceChildren(
    root,
    el(
      'p',
      { class: 'hint' },
      L(lang, '本机保存的其他发布（可改回）：', 'Other publications kept here (you may go back):'),
    ),
    el(
      'ul',
      { 'data-testid': 'kept-packages' },
      ...others.map((p) => {
        const use = button(L(lang, '改用此版本', 'Use this one'), { testid: 'kept-use' });
        use.addEventListener('click', async () => {
          use.disabled = true;
          await useKept(p.zoneId, p.sequence);
          deps.reload();
        });
        return el(
          'li',
          { 'data-sequence': String(p.sequence) },
          L(
            lang,
            `第 ${p.sequence} 号发布（${formatBeijingTime(Date.parse(p.publishedAt)).slice(0, 16)}${p.note ? `，${p.note}` : ''}） `,
            `Publication ${p.sequence} (${formatBeijingTime(Date.parse(p.publishedAt)).slice(0, 16)}${p.note ? `, ${p.note}` : ''}) `,
          ),
          use,
        );
      }),
    ),
  );
}
