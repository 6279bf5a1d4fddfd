/**
 * One record in the list: its title in words (never a code), kind, status, zone answer and time, the photos'
 * thumbnails, the status history, and its actions. A status change is a step (issue 14 item 16): choose the
 * next status, add a note, an optional document number (责令停止通知书号) and an optional photo, and commit
 * it with a button — touching the dropdown changes nothing. 删除 asks first, and is undone from the message
 * or restored later from 已删除的记录 (soft delete, audited; records-repo.ts).
 */

import type { PointAnswer } from '../geo/classify-point.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { type Author, type FieldRecord, STATUS_FLOW } from '../records/record.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { addStatusStep, deleteRecord, RecordValidationError } from '../store/records-repo.ts';
import { versionWords } from './answer-card.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang, problemText } from './i18n.ts';
import { thumbnails } from './photo-viewer.ts';
import { choiceLabel, KIND_LABELS, STATUS_LABELS, ZONE_LABELS } from './record-forms.ts';

/** What an item needs from the view. */
export interface RecordItemDeps {
  db: RecordsDatabase;
  lang: Lang;
  author: () => Author;
  say: (text: string, action?: HTMLElement) => void;
  /** Opens the record in the form. */
  edit: (record: FieldRecord) => void;
  /** After a change (the list is redrawn). */
  changed: () => Promise<void>;
  /** Restores a deleted record (the undo button). */
  restore: (record: FieldRecord) => Promise<void>;
  /** The answer at the record's place under the zone in use now (a newer version may answer otherwise). */
  current?: (lng: number, lat: number, accuracyM: number) => PointAnswer | null;
}

/** The record's title in words. */
export function recordTitle(r: FieldRecord, lang: Lang): string {
  const f = r.fields as unknown as Record<string, unknown>;
  // A report has no name: what was seen, in words (never the code "burning"), and the start of its text.
  const reported =
    r.kind === 'violation-report'
      ? `${choiceLabel(r.kind, 'what', String(f.what), lang)}${f.description ? `：${String(f.description).slice(0, 40)}` : ''}`
      : null;
  return String(f.name ?? f.owner ?? f.plate ?? reported ?? KIND_LABELS[r.kind][lang]);
}

const minute = (iso: string) => formatBeijingTime(Date.parse(iso)).slice(0, 16);

/** "Under the current version: …" when the record was checked against another version of the zone (a signed
 *  package adopted since, say): the saved answer stays as evidence, the current one is said beside it. */
function underCurrent(r: FieldRecord, deps: RecordItemDeps): HTMLElement | null {
  const saved = r.zoneAnswer;
  if (!saved || !deps.current) return null;
  const now = deps.current(r.location.lng, r.location.lat, r.location.accuracyM);
  if (!now || now.zoneVersion === saved.zoneVersion) return null;
  const changed = now.status !== saved.status;
  const words = ZONE_LABELS[now.status][deps.lang];
  return el(
    'span',
    {
      class: changed ? 'under-current changed' : 'under-current',
      'data-testid': 'under-current',
      'data-changed': String(changed),
    },
    L(
      deps.lang,
      ` · 按现行版本（${versionWords(now.zoneVersion, 'zh')}）：${words}${changed ? '（与记录时不同）' : ''}`,
      ` · under the current version (${versionWords(now.zoneVersion, 'en')}): ${words}${changed ? ' (differs from when recorded)' : ''}`,
    ),
  );
}

/** The list item. */
export function recordItem(r: FieldRecord, deps: RecordItemDeps): HTMLLIElement {
  const { lang } = deps;
  const title = recordTitle(r, lang);
  const zone = r.zoneAnswer ? ZONE_LABELS[r.zoneAnswer.status][lang] : '—';
  const statusWord = (s: string) => STATUS_LABELS[s]?.[lang] ?? s;
  const panel = el('div', { class: 'record-panel' });
  const close = () => replaceChildren(panel);

  const moves = STATUS_FLOW[r.kind][r.status] ?? [];
  const change = button(L(lang, '更改状态', 'Change status'), { testid: 'change-status', hidden: moves.length === 0 });
  change.addEventListener('click', () => replaceChildren(panel, stepForm(r, moves, deps, close)));
  const edit = button(L(lang, '编辑', 'Edit'), { testid: 'edit-record' });
  edit.addEventListener('click', () => deps.edit(r));
  const remove = button(L(lang, '删除', 'Delete'), { testid: 'delete-record' });
  remove.addEventListener('click', () => {
    const yes = button(L(lang, '确认删除', 'Delete it'), { primary: true, testid: 'confirm-delete' });
    const no = button(L(lang, '取消', 'Cancel'), { testid: 'cancel-delete' });
    no.addEventListener('click', close);
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await deleteRecord(deps.db, r.id, { author: deps.author(), zoneAnswer: r.zoneAnswer });
      } catch (error) {
        deps.say(problemText(lang, error as Error));
        return;
      }
      const undo = button(L(lang, '撤销', 'Undo'), { testid: 'undo-delete' });
      undo.addEventListener('click', () => void deps.restore(r));
      await deps.changed();
      deps.say(L(lang, `已删除“${title}”。`, `Deleted “${title}”. `), undo);
    });
    replaceChildren(
      panel,
      el(
        'div',
        { class: 'confirm', role: 'alertdialog', 'data-testid': 'delete-confirm' },
        el(
          'p',
          {},
          L(
            lang,
            `删除“${title}”？记录不会被抹去：可以撤销，或在“已删除的记录”中恢复；删除会记入审计链。`,
            `Delete “${title}”? Nothing is erased: undo it, or restore it from “Deleted records”; the deletion is audited.`,
          ),
        ),
        yes,
        no,
      ),
    );
  });

  return el(
    'li',
    { 'data-record': r.id },
    el('strong', { class: 'record-title' }, title),
    el(
      'span',
      { class: 'record-meta' },
      ` · ${KIND_LABELS[r.kind][lang]} · `,
      el('span', { class: 'record-status', 'data-testid': 'record-status' }, statusWord(r.status)),
      ` · ${zone} · ${minute(r.createdAt)}`,
    ),
    underCurrent(r, deps),
    r.photos.length > 0
      ? el(
          'span',
          { class: 'photos', 'data-testid': 'photo-count' },
          L(lang, ` · 照片 ${r.photos.length} 张`, ` · ${r.photos.length} photo(s)`),
        )
      : null,
    thumbnails(deps.db, r, lang),
    history(r, lang),
    el('div', { class: 'record-actions' }, change, edit, remove),
    panel,
  );
}

/** The status history, one line a step, when there is more than the first step. */
function history(r: FieldRecord, lang: Lang): HTMLElement | null {
  if (r.statusHistory.length < 2) return null;
  return el(
    'ol',
    { class: 'status-steps', 'data-testid': 'status-steps' },
    ...r.statusHistory.map((s) =>
      el(
        'li',
        {},
        `${minute(s.at)} ${STATUS_LABELS[s.status]?.[lang] ?? s.status}`,
        s.documentNumber ? L(lang, ` · 文书号 ${s.documentNumber}`, ` · document ${s.documentNumber}`) : '',
        s.note ? ` · ${s.note}` : '',
        s.photoIds?.length ? L(lang, ` · 照片 ${s.photoIds.length} 张`, ` · ${s.photoIds.length} photo(s)`) : '',
      ),
    ),
  );
}

/** The step form: next status, note, document number, photo; committed by its button only. */
function stepForm(r: FieldRecord, moves: string[], deps: RecordItemDeps, close: () => void): HTMLElement {
  const { lang } = deps;
  const id = r.id.slice(0, 8);
  const next = el('select', { id: `step-status-${id}`, 'data-testid': 'step-status' });
  for (const s of moves) next.append(el('option', { value: s }, `→ ${STATUS_LABELS[s]?.[lang] ?? s}`));
  const note = el('textarea', { id: `step-note-${id}`, rows: '2', maxlength: '2000', 'data-testid': 'step-note' });
  const documentNumber = el('input', {
    id: `step-document-${id}`,
    maxlength: '60',
    'data-testid': 'step-document',
    placeholder: L(lang, '如 城管责停〔2026〕12号', 'e.g. 城管责停〔2026〕12号'),
  });
  const photo = el('input', {
    id: `step-photo-${id}`,
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    'data-testid': 'step-photo',
  });
  const error = el('p', { class: 'field-error', role: 'alert' });
  const commit = button(L(lang, '记录此步', 'Record this step'), { primary: true, testid: 'commit-step' });
  const cancel = button(L(lang, '取消', 'Cancel'), { testid: 'cancel-step' });
  cancel.addEventListener('click', close);
  commit.addEventListener('click', async () => {
    commit.disabled = true;
    error.textContent = '';
    try {
      const chosen = photo.files?.[0];
      const resized = chosen ? await import('./resize-photo.ts').then(({ resizePhoto }) => resizePhoto(chosen)) : null;
      await addStatusStep(
        deps.db,
        r.id,
        { status: next.value, note: note.value, documentNumber: documentNumber.value, photo: resized },
        { author: deps.author(), zoneAnswer: r.zoneAnswer },
      );
      deps.say(
        L(
          lang,
          `已记录：${recordTitle(r, lang)} → ${STATUS_LABELS[next.value]?.[lang] ?? next.value}`,
          `Recorded: ${recordTitle(r, lang)} → ${STATUS_LABELS[next.value]?.[lang] ?? next.value}`,
        ),
      );
      await deps.changed();
    } catch (e) {
      commit.disabled = false;
      error.textContent =
        e instanceof RecordValidationError
          ? e.errors
              .map((x) =>
                x.path === 'documentNumber'
                  ? L(lang, '文书号太长（最多 60 个字）', 'The document number is too long (60 characters at most)')
                  : x.path === 'note'
                    ? L(lang, '说明太长（最多 2000 个字）', 'The note is too long (2,000 characters at most)')
                    : L(lang, '不能改成这个状态', 'The record cannot move to this status'),
              )
              .join('；')
          : problemText(lang, e as Error);
    }
  });
  const field = (forId: string, label: string, input: HTMLElement) =>
    el('div', { class: 'field' }, el('label', { for: forId }, label), input);
  return el(
    'div',
    { class: 'step-form', 'data-testid': 'step-form' },
    field(next.id, L(lang, '新状态', 'New status'), next),
    field(note.id, L(lang, '说明（现场情况、处理经过）', 'Note (what was found, what was done)'), note),
    field(
      documentNumber.id,
      L(lang, '文书号（可不填，如责令停止通知书号）', 'Document number (optional, e.g. the stop order’s number)'),
      documentNumber,
    ),
    field(photo.id, L(lang, '照片（可不拍）', 'Photo (optional)'), photo),
    error,
    commit,
    cancel,
  );
}
