/**
 * The records view: settings (role, officer id, the device key panel of evidence-panel.ts), the form of each
 * kind (record-form-view.ts, with the place on it: record-place.ts), the list with filters (every export
 * writes what the filters show: records-exports.ts), each record with its photos, status steps and a
 * confirmed, undoable delete (record-item.ts), the deleted records to restore, the overview, and the storage
 * in use. Records come from src/store; the zone answer at save time from src/geo (through `classify`). All
 * record text is set as textContent.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { filterRecords, isFiltered, type RecordFilter } from '../records/filter-records.ts';
import { recheckRecords } from '../records/recheck-records.ts';
import type { Author, FieldRecord, RecordKind, RecordLocation } from '../records/record.ts';
import { deviceFingerprint } from '../store/device-keys.ts';
import { deviceId, RecordsDatabase } from '../store/records-db.ts';
import { restoreRecord } from '../store/records-repo.ts';
import { loadAuthor, saveAuthor } from '../store/settings.ts';
import { versionWords } from './answer-card.ts';
import { renderConflictsPanel } from './conflicts-panel.ts';
import { button, el, replaceChildren } from './dom.ts';
import { mountEvidencePanel } from './evidence-panel.ts';
import { L, type Lang, problemText } from './i18n.ts';
import { renderOverviewPanel } from './overview-panel.ts';
import { revokeThumbnails } from './photo-viewer.ts';
import { renderRecordForm } from './record-form-view.ts';
import { FORMS, KIND_LABELS, ROLE_LABELS, STATUS_LABELS } from './record-forms.ts';
import { recordItem, recordTitle } from './record-item.ts';
import type { CheckedPlace } from './record-place.ts';
import { exportsBar } from './records-exports.ts';

/** What the view needs from the app. */
export interface RecordsViewDeps {
  lang: () => Lang;
  /** The zone answer for a point (src/geo), or null when it cannot be classified. */
  classify: (lng: number, lat: number, accuracyM: number) => PointAnswer | null;
  /** Called with the live records whenever they change (the map draws them as a layer). */
  onRecords?: (records: FieldRecord[]) => void;
  /** The last place checked on 查询 and when: offered on the form with its time, never taken silently. */
  lastLocation: () => CheckedPlace | null;
  /** Waits for one tap on the map (null cancels): a record's place can be tapped. */
  setPick?: (handler: ((lng: number, lat: number, accuracyM: number) => void) | null) => void;
  /** Marks a place on the map. */
  showPoint?: (lng: number, lat: number) => void;
}

const KINDS = Object.keys(FORMS) as RecordKind[];
/** Unbacked-up changes (audit entries) after which the view reminds the user to export a backup. */
const BACKUP_REMINDER = 20;
const ROLES = Object.keys(ROLE_LABELS) as Author['role'][];

/** Mounts the view into `root`. */
export async function mountRecordsView(
  root: HTMLElement,
  deps: RecordsViewDeps,
  db = new RecordsDatabase(),
): Promise<{ refresh: () => Promise<void> }> {
  const lang = deps.lang();
  let author = await loadAuthor(db);
  const device = { id: await deviceId(db), fingerprint: await deviceFingerprint(db) };
  const status = el('p', { class: 'hint', role: 'status', 'data-testid': 'records-status' });
  const say = (text: string, action?: HTMLElement) => replaceChildren(status, text, action);
  const evidenceBox = el('div', { class: 'evidence', 'data-testid': 'evidence' });
  const evidence = await mountEvidencePanel(evidenceBox, db, lang, status);
  const list = el('ul', { class: 'record-list', 'data-testid': 'record-list' });
  const deletedBox = el('details', { class: 'deleted-records', 'data-testid': 'deleted-records', hidden: '' });
  const formBox = el('div', { class: 'record-form' });
  const kindSelect = el('select', { id: 'record-kind', 'aria-label': L(lang, '记录类型', 'Record kind') });
  for (const k of KINDS) kindSelect.append(el('option', { value: k }, KIND_LABELS[k][lang]));
  const select = (id: string, label: string, options: [string, string][]) => {
    const s = el('select', { id, 'aria-label': label });
    for (const [value, text] of options) s.append(el('option', { value }, text));
    return s;
  };
  const filterKind = select('filter-kind', L(lang, '按类型筛选', 'Filter by kind'), [
    ['', L(lang, '全部类型', 'All kinds')],
    ...KINDS.map((k): [string, string] => [k, KIND_LABELS[k][lang]]),
  ]);
  const filterStatus = select('filter-status', L(lang, '按状态筛选', 'Filter by status'), [
    ['', L(lang, '全部状态', 'All statuses')],
    ...Object.entries(STATUS_LABELS).map(([value, label]): [string, string] => [value, label[lang]]),
  ]);
  const filterZone = select('filter-zone', L(lang, '按区内外筛选', 'Filter by zone answer'), [
    ['', L(lang, '区内外不限', 'Inside or outside')],
    ['inside', L(lang, '区内', 'inside')],
    ['near', L(lang, '临界', 'near')],
    ['outside', L(lang, '区外', 'outside')],
  ]);
  const filterFrom = el('input', { id: 'filter-from', type: 'date', 'aria-label': L(lang, '起始日期', 'From date') });
  const filterTo = el('input', { id: 'filter-to', type: 'date', 'aria-label': L(lang, '截止日期', 'To date') });
  const filterText = el('input', {
    id: 'filter-text',
    placeholder: L(lang, '搜索记录文字', 'Search record text'),
    'aria-label': L(lang, '搜索记录', 'Search records'),
  });
  const filterCount = el('p', { class: 'hint', 'data-testid': 'filter-count' });
  const recheck = el('p', { class: 'hint', 'data-testid': 'recheck', hidden: '' });
  const filter = (): RecordFilter => ({
    kind: filterKind.value,
    status: filterStatus.value,
    zone: filterZone.value,
    from: filterFrom.value,
    to: filterTo.value,
    text: filterText.value,
  });
  const overviewBox = el('div', { class: 'overview', 'data-testid': 'overview' });
  const reminder = el('p', { class: 'reminder', role: 'status', 'data-testid': 'backup-reminder', hidden: '' });

  const role = select(
    'author-role',
    L(lang, '角色', 'Role'),
    ROLES.map((r) => [r, ROLE_LABELS[r][lang]]),
  );
  role.value = author.role;
  const officer = el('input', {
    id: 'author-officer',
    value: author.officerId,
    'aria-label': L(lang, '执法证号/工号', 'Officer id'),
  });
  const saveSettings = el('button', { type: 'button', class: 'secondary' }, L(lang, '保存设置', 'Save settings'));
  saveSettings.addEventListener('click', async () => {
    author = { role: role.value as Author['role'], officerId: officer.value.trim() };
    await saveAuthor(db, author);
    say(L(lang, '设置已保存', 'Settings saved'));
  });

  let editing: FieldRecord | null = null;
  /** The place last chosen on a new record's form: kept when the kind is switched or after a save. */
  let carried: RecordLocation | null = null;
  let disposeForm: () => void = () => undefined;
  const renderForm = () => {
    disposeForm();
    const kind = (editing?.kind ?? kindSelect.value) as RecordKind;
    kindSelect.value = kind;
    kindSelect.disabled = editing !== null;
    disposeForm = renderRecordForm(formBox, kind, editing, carried, {
      db,
      lang,
      classify: deps.classify,
      lastLocation: deps.lastLocation,
      setPick: deps.setPick,
      showPoint: deps.showPoint,
      placeChosen: (place) => {
        if (!editing) carried = place;
      },
      author: () => author,
      say,
      saved: () => renderList(),
      done: () => {
        editing = null;
        renderForm();
      },
    });
  };

  const restore = async (r: FieldRecord) => {
    try {
      await restoreRecord(db, r.id, { author, zoneAnswer: r.zoneAnswer });
      say(L(lang, `已恢复“${recordTitle(r, lang)}”`, `Restored “${recordTitle(r, lang)}”`));
    } catch (error) {
      say(problemText(lang, error as Error));
    }
    await renderList();
  };
  const itemDeps = {
    db,
    lang,
    author: () => author,
    say,
    edit: (r: FieldRecord) => {
      editing = r;
      renderForm();
      formBox.scrollIntoView({ block: 'nearest' });
    },
    changed: () => renderList(),
    restore,
    current: deps.classify,
  };

  let shown: FieldRecord[] = [];
  const renderList = async () => {
    const all = await db.records.orderBy('updatedAt').reverse().toArray();
    const live = all.filter((r) => !r.deleted);
    shown = filterRecords(live, filter());
    revokeThumbnails();
    replaceChildren(list, ...shown.map((r) => recordItem(r, itemDeps)));
    filterCount.textContent = isFiltered(filter())
      ? L(lang, `筛选后 ${shown.length} 条，共 ${live.length} 条`, `${shown.length} of ${live.length} shown`)
      : L(lang, `共 ${live.length} 条`, `${live.length} records`);
    const again = recheckRecords(live, deps.classify);
    recheck.hidden = again.otherVersion === 0;
    recheck.classList.toggle('changed', again.changed > 0);
    if (again.currentVersion)
      recheck.textContent = L(
        lang,
        `按现行版本（${versionWords(again.currentVersion, 'zh')}）重新核对：${again.otherVersion} 条记录是在其他版本下记录的，其中 ${again.changed} 条答案改变（见各记录“按现行版本”）。`,
        `Re-checked under the version in use (${versionWords(again.currentVersion, 'en')}): ${again.otherVersion} records were checked under another version; ${again.changed} now answer differently (see each record's “under the current version”).`,
      );
    renderDeleted(all.filter((r) => r.deleted));
    deps.onRecords?.(live);
    await renderConflicts();
    await renderOverview(live);
    const lastBackup = ((await db.meta.get('lastBackupSeq'))?.value as number | undefined) ?? 0;
    const unsaved = (await db.audit.count()) - lastBackup;
    reminder.hidden = unsaved < BACKUP_REMINDER;
    reminder.textContent = L(
      lang,
      `有 ${unsaved} 项更改尚未备份，请导出备份。`,
      `${unsaved} changes are not backed up yet: export a backup.`,
    );
  };
  const renderDeleted = (deleted: FieldRecord[]) => {
    deletedBox.hidden = deleted.length === 0;
    replaceChildren(
      deletedBox,
      el('summary', {}, L(lang, `已删除的记录（${deleted.length}）`, `Deleted records (${deleted.length})`)),
      el(
        'ul',
        {},
        ...deleted.map((r) => {
          const back = button(L(lang, '恢复', 'Restore'), { testid: 'restore-record' });
          back.addEventListener('click', () => void restore(r));
          return el(
            'li',
            { 'data-record': r.id },
            el('strong', {}, recordTitle(r, lang)),
            ` · ${KIND_LABELS[r.kind][lang]} · ${L(lang, '删除于', 'deleted')} ${formatBeijingTime(Date.parse(r.updatedAt)).slice(0, 16)} `,
            back,
          );
        }),
      ),
    );
  };

  const conflictsBox = el('section', { class: 'conflicts', 'data-testid': 'conflicts', 'aria-live': 'polite' });
  const renderConflicts = () => renderConflictsPanel(conflictsBox, db, lang, () => author, renderList);
  let chart: { destroy: () => void } | null = null;
  const renderOverview = async (live: FieldRecord[]) => {
    chart?.destroy();
    chart = await renderOverviewPanel(
      overviewBox,
      live,
      lang,
      Math.min(380, overviewBox.clientWidth || (root.clientWidth || 380) - 28),
    );
  };

  const usage = el('p', { class: 'hint', 'data-testid': 'storage' });
  void navigator.storage?.estimate?.().then((e) => {
    usage.textContent = L(
      lang,
      `已用存储 ${((e.usage ?? 0) / 2 ** 20).toFixed(1)} MB / 可用 ${((e.quota ?? 0) / 2 ** 20).toFixed(0)} MB`,
      `Storage ${((e.usage ?? 0) / 2 ** 20).toFixed(1)} MB of ${((e.quota ?? 0) / 2 ** 20).toFixed(0)} MB`,
    );
  });

  kindSelect.addEventListener('change', renderForm);
  filterText.addEventListener('input', () => void renderList());
  for (const f of [filterKind, filterStatus, filterZone, filterFrom, filterTo])
    f.addEventListener('change', () => void renderList());
  replaceChildren(
    root,
    el('h2', {}, L(lang, '现场记录', 'Field records')),
    el(
      'details',
      { class: 'settings' },
      el('summary', {}, L(lang, '设置（角色与工号）', 'Settings (role and officer id)')),
      role,
      officer,
      saveSettings,
    ),
    // The device key has its own panel beside the settings: the settings' one button stays their save.
    el(
      'details',
      { class: 'settings-key', 'data-testid': 'evidence-settings' },
      el('summary', {}, L(lang, '设置：本机密钥与回执', 'Settings: device key and receipts')),
      evidenceBox,
    ),
    el('div', { class: 'row-form' }, kindSelect),
    formBox,
    status,
    reminder,
    conflictsBox,
    el('details', { class: 'overview-box' }, el('summary', {}, L(lang, '概况', 'Overview')), overviewBox),
    el('div', { class: 'row-form filters' }, filterKind, filterStatus, filterZone, filterFrom, filterTo, filterText),
    filterCount,
    recheck,
    list,
    deletedBox,
    ...exportsBar({
      db,
      lang,
      device,
      author: () => author,
      shown: async () => ({ records: shown, filtered: isFiltered(filter()) }),
      say,
      changed: () => renderList(),
      imported: () => evidence.refresh(),
    }),
    usage,
  );
  renderForm();
  await renderList();
  return { refresh: renderList };
}
