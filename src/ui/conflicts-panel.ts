/** Conflicts from imports, side by side, for a person to resolve (keep this device's or take the import). */
import { formatBeijingTime } from '../io/parse-time.ts';
import type { Author, FieldRecord } from '../records/record.ts';
import { openConflicts, resolveConflict } from '../store/conflicts.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { STATUS_LABELS } from './record-forms.ts';

/** Renders the open conflicts into `box`; `changed` runs after one is resolved. */
export async function renderConflictsPanel(
  box: HTMLElement,
  db: RecordsDatabase,
  lang: Lang,
  author: () => Author,
  changed: () => Promise<void>,
): Promise<void> {
  const summary = (r: FieldRecord) =>
    `${STATUS_LABELS[r.status]?.[lang] ?? r.status} · ${formatBeijingTime(Date.parse(r.updatedAt)).slice(0, 16)} · ${JSON.stringify(r.fields)}`;
  const open = await openConflicts(db);
  if (open.length === 0) return replaceChildren(box);
  const rows = await Promise.all(
    open.map(async (c) => {
      const local = await db.records.get(c.recordId);
      const choose = (keep: 'local' | 'incoming', label: string) => {
        const b = el('button', { type: 'button', class: 'secondary', 'data-testid': `keep-${keep}` }, label);
        b.addEventListener('click', async () => {
          await resolveConflict(db, c.id, keep, { author: author(), zoneAnswer: null });
          await changed();
        });
        return b;
      };
      return el(
        'li',
        {},
        el(
          'div',
          { class: 'side' },
          el('strong', {}, L(lang, '本机', 'This device')),
          el('p', {}, local ? summary(local) : '—'),
        ),
        el('div', { class: 'side' }, el('strong', {}, L(lang, '导入的', 'Imported')), el('p', {}, summary(c.incoming))),
        choose('local', L(lang, '保留本机', 'Keep this device’s')),
        choose('incoming', L(lang, '采用导入', 'Take the imported')),
      );
    }),
  );
  replaceChildren(
    box,
    el('h3', {}, L(lang, `待处理的冲突：${open.length}`, `Conflicts to resolve: ${open.length}`)),
    el('ul', {}, ...rows),
  );
}
