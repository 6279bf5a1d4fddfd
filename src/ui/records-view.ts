/**
 * The records view: settings (role, officer id, the device key panel of evidence-panel.ts), a form for each
 * kind with field-level errors, the list with filters and status changes, exports (CSV, GeoJSON, KML, each
 * labelled with the device's key fingerprint), signed backup and import, the audit check, and the storage in use. Records come from src/store; the zone answer at save time from src/geo (through
 * `classify`). All record text is set as textContent.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import { recordsToCsv, recordsToGeoJson, recordsToKml } from '../io/export-records.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { beijingDay } from '../records/overview.ts';
import { type Author, type FieldRecord, type RecordKind, STATUS_FLOW, toSavedAnswer } from '../records/record.ts';
import { exportBundle, importBundle } from '../store/backup.ts';
import { deviceFingerprint } from '../store/device-keys.ts';
import { deviceId, RecordsDatabase } from '../store/records-db.ts';
import { addPhoto, createRecord, deleteRecord, RecordValidationError, updateRecord } from '../store/records-repo.ts';
import { loadAuthor, saveAuthor } from '../store/settings.ts';
import { verifyStore } from '../store/verify-store.ts';
import { renderConflictsPanel } from './conflicts-panel.ts';
import { downloadFile, el, replaceChildren } from './dom.ts';
import { mountEvidencePanel, verifyText } from './evidence-panel.ts';
import { L, type Lang, problemText } from './i18n.ts';
import { renderOverviewPanel } from './overview-panel.ts';
import { choiceLabel, FORMS, fieldsToForm, formToFields, KIND_LABELS, STATUS_LABELS } from './record-forms.ts';

/** What the view needs from the app. */
export interface RecordsViewDeps {
  lang: () => Lang;
  /** The zone answer for a point (src/geo), or null when it cannot be classified. */
  classify: (lng: number, lat: number, accuracyM: number) => PointAnswer | null;
  /** Called with the live records whenever they change (the map draws them as a layer). */
  onRecords?: (records: FieldRecord[]) => void;
  /** The last checked place, offered as the record's location. */
  lastLocation: () => { lng: number; lat: number; accuracyM: number; source: 'gps' | 'map' | 'typed' | 'place' } | null;
}

const KINDS = Object.keys(FORMS) as RecordKind[];
/** Unbacked-up changes (audit entries) after which the view reminds the user to export a backup. */
const BACKUP_REMINDER = 20;
const ROLES: Author['role'][] = ['market-regulation', 'city-management', 'police', 'county', 'ecology', 'resident'];

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
  const evidenceBox = el('div', { class: 'evidence', 'data-testid': 'evidence' });
  const evidence = await mountEvidencePanel(evidenceBox, db, lang, status);
  const list = el('ul', { class: 'record-list', 'data-testid': 'record-list' });
  const formBox = el('div', { class: 'record-form' });
  const kindSelect = el('select', { id: 'record-kind', 'aria-label': L(lang, '记录类型', 'Record kind') });
  for (const k of KINDS) kindSelect.append(el('option', { value: k }, KIND_LABELS[k][lang]));
  const filterKind = el(
    'select',
    { id: 'filter-kind', 'aria-label': L(lang, '按类型筛选', 'Filter by kind') },
    el('option', { value: '' }, L(lang, '全部类型', 'All kinds')),
  );
  for (const k of KINDS) filterKind.append(el('option', { value: k }, KIND_LABELS[k][lang]));
  const filterStatus = el(
    'select',
    { id: 'filter-status', 'aria-label': L(lang, '按状态筛选', 'Filter by status') },
    el('option', { value: '' }, L(lang, '全部状态', 'All statuses')),
  );
  for (const [value, label] of Object.entries(STATUS_LABELS)) filterStatus.append(el('option', { value }, label[lang]));
  const filterZone = el(
    'select',
    { id: 'filter-zone', 'aria-label': L(lang, '按区内外筛选', 'Filter by zone answer') },
    el('option', { value: '' }, L(lang, '区内外不限', 'Inside or outside')),
    el('option', { value: 'inside' }, L(lang, '区内', 'inside')),
    el('option', { value: 'near' }, L(lang, '临界', 'near')),
    el('option', { value: 'outside' }, L(lang, '区外', 'outside')),
  );
  const filterFrom = el('input', { id: 'filter-from', type: 'date', 'aria-label': L(lang, '起始日期', 'From date') });
  const filterTo = el('input', { id: 'filter-to', type: 'date', 'aria-label': L(lang, '截止日期', 'To date') });
  const overviewBox = el('div', { class: 'overview', 'data-testid': 'overview' });
  const reminder = el('p', { class: 'reminder', role: 'status', 'data-testid': 'backup-reminder', hidden: '' });
  const filterText = el('input', {
    id: 'filter-text',
    placeholder: L(lang, '搜索记录文字', 'Search record text'),
    'aria-label': L(lang, '搜索记录', 'Search records'),
  });

  const role = el('select', { id: 'author-role', 'aria-label': L(lang, '角色', 'Role') });
  for (const r of ROLES) role.append(el('option', { value: r }, r));
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
    status.textContent = L(lang, '设置已保存', 'Settings saved');
  });

  let editing: FieldRecord | null = null;
  const renderForm = () => {
    const kind = (editing?.kind ?? kindSelect.value) as RecordKind;
    kindSelect.value = kind;
    kindSelect.disabled = editing !== null;
    const inputs = FORMS[kind].map((spec) => {
      const id = `field-${spec.name}`;
      let input: HTMLElement;
      if (spec.type === 'select') {
        input = el('select', { id, name: spec.name });
        for (const c of spec.choices ?? []) input.append(el('option', { value: c.value }, c[lang]));
      } else if (spec.type === 'textarea') input = el('textarea', { id, name: spec.name, rows: '3' });
      else input = el('input', { id, name: spec.name, type: spec.type === 'list' ? 'text' : spec.type });
      return el(
        'div',
        { class: 'field' },
        el('label', { for: id }, `${spec.label[lang]}${spec.required ? ' *' : ''}`),
        input,
        el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' }),
      );
    });
    const save = el(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'save-record' },
      L(lang, '保存记录', 'Save record'),
    );
    const photos = el(
      'div',
      { class: 'field' },
      el('label', { for: 'field-photos' }, L(lang, '照片（拍照或选择文件）', 'Photos (camera or files)')),
      el('input', {
        id: 'field-photos',
        name: 'photos',
        type: 'file',
        accept: 'image/*',
        capture: 'environment',
        multiple: '',
      }),
    );
    const cancel = el(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'cancel-edit' },
      L(lang, '取消修改', 'Cancel'),
    );
    cancel.addEventListener('click', () => {
      editing = null;
      renderForm();
    });
    if (editing) save.textContent = L(lang, '保存修改', 'Save changes');
    const form = el(
      'form',
      { novalidate: '', 'data-testid': 'record-form' },
      ...inputs,
      photos,
      save,
      editing ? cancel : null,
    );
    if (editing) {
      const values = fieldsToForm(kind, editing.fields as unknown as Record<string, unknown>);
      for (const [name, value] of Object.entries(values)) {
        const input = form.querySelector(`#field-${CSS.escape(name)}`) as HTMLInputElement | null;
        if (input) input.value = value;
      }
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (save.disabled) return;
      // One save at a time: a second tap while saving must not submit a half-cleared form.
      save.disabled = true;
      void submit(form, kind).finally(() => {
        save.disabled = false;
      });
    });
    replaceChildren(formBox, form);
  };

  const submit = async (form: HTMLFormElement, kind: RecordKind) => {
    for (const e of form.querySelectorAll('.field-error')) e.textContent = '';
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    const where = editing?.location ?? deps.lastLocation();
    if (!where) {
      status.textContent = L(
        lang,
        '请先在“查询”中定位一个地点（GPS、点图、输入坐标或地名）',
        'First give a place in the check view',
      );
      return;
    }
    const data = new FormData(form);
    const files = data.getAll('photos').filter((f): f is File => f instanceof File && f.size > 0);
    data.delete('photos');
    const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    const answer = deps.classify(where.lng, where.lat, where.accuracyM);
    try {
      // Photos are decoded and resized first: an unreadable photo stops the save before anything is written.
      const { resizePhoto } = await import('./resize-photo.ts');
      const resized = await Promise.all(files.map((f) => resizePhoto(f)));
      if (editing) {
        const updated = await updateRecord(
          db,
          editing.id,
          { fields: formToFields(kind, values) },
          { author, zoneAnswer: editing.zoneAnswer },
        );
        for (const photo of resized) await addPhoto(db, updated.id, photo, { author, zoneAnswer: updated.zoneAnswer });
        editing = null;
        renderForm();
        status.textContent = L(lang, '已保存修改', 'Changes saved');
        await renderList();
        return;
      }
      const record = await createRecord(
        db,
        { kind, location: where, fields: formToFields(kind, values) as never },
        {
          author,
          zoneAnswer: toSavedAnswer(answer),
        },
      );
      for (const photo of resized) await addPhoto(db, record.id, photo, { author, zoneAnswer: record.zoneAnswer });
      form.reset();
      status.textContent = L(lang, '已保存', 'Saved');
      await renderList();
    } catch (error) {
      if (!(error instanceof RecordValidationError)) {
        status.textContent = problemText(lang, error as Error);
        return;
      }
      status.textContent = L(lang, '未保存：请改正标出的项目', 'Not saved: correct the marked fields');
      for (const e of error.errors) {
        const name = e.path
          .replace(/^fields\./, '')
          .replace('contact.phone', 'contactPhone')
          .replace('contact.name', 'contactName');
        const box = form.querySelector(`#field-${CSS.escape(name)}-error`);
        form.querySelector(`#field-${CSS.escape(name)}`)?.setAttribute('aria-invalid', 'true');
        if (box) box.textContent = e.message;
        else status.textContent += ` · ${e.path}: ${e.message}`;
      }
    }
  };

  const renderList = async () => {
    const all = await db.records.orderBy('updatedAt').reverse().toArray();
    const live = all.filter((r) => !r.deleted);
    const q = filterText.value.trim().toLowerCase();
    const day = (r: FieldRecord) => beijingDay(r.createdAt);
    const shown = live.filter(
      (r) =>
        (!filterKind.value || r.kind === filterKind.value) &&
        (!filterStatus.value || r.status === filterStatus.value) &&
        (!filterZone.value || r.zoneAnswer?.status === filterZone.value) &&
        (!filterFrom.value || day(r) >= filterFrom.value) &&
        (!filterTo.value || day(r) <= filterTo.value) &&
        (!q || JSON.stringify(r.fields).toLowerCase().includes(q)),
    );
    replaceChildren(list, ...shown.map((r) => recordItem(r)));
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

  const conflictsBox = el('section', { class: 'conflicts', 'data-testid': 'conflicts', 'aria-live': 'polite' });
  const renderConflicts = () => renderConflictsPanel(conflictsBox, db, lang, () => author, renderList);
  let chart: { destroy: () => void } | null = null;
  const renderOverview = async (live: FieldRecord[]) => {
    chart?.destroy();
    chart = await renderOverviewPanel(overviewBox, live, lang, Math.min(380, root.clientWidth || 380));
  };

  const recordItem = (r: FieldRecord) => {
    const f = r.fields as unknown as Record<string, unknown>;
    // A report has no name: what was seen, in words (never the code "burning"), and the start of its text.
    const reported =
      r.kind === 'violation-report'
        ? `${choiceLabel(r.kind, 'what', String(f.what), lang)}${f.description ? `：${String(f.description).slice(0, 40)}` : ''}`
        : null;
    const title = String(f.name ?? f.owner ?? f.plate ?? reported ?? r.kind);
    const next = el(
      'select',
      { 'aria-label': L(lang, '更改状态', 'Change status') },
      el('option', { value: '' }, STATUS_LABELS[r.status]?.[lang] ?? r.status),
    );
    for (const s of STATUS_FLOW[r.kind][r.status] ?? [])
      next.append(el('option', { value: s }, `→ ${STATUS_LABELS[s]?.[lang] ?? s}`));
    next.addEventListener('change', async () => {
      if (!next.value) return;
      await updateRecord(db, r.id, { status: next.value }, { author, zoneAnswer: r.zoneAnswer });
      await renderList();
    });
    const edit = el(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'edit-record' },
      L(lang, '编辑', 'Edit'),
    );
    edit.addEventListener('click', () => {
      editing = r;
      renderForm();
      formBox.scrollIntoView({ block: 'nearest' });
    });
    const remove = el('button', { type: 'button', class: 'secondary' }, L(lang, '删除', 'Delete'));
    remove.addEventListener('click', async () => {
      await deleteRecord(db, r.id, { author, zoneAnswer: r.zoneAnswer });
      await renderList();
    });
    const zone = r.zoneAnswer
      ? { inside: L(lang, '区内', 'inside'), outside: L(lang, '区外', 'outside'), near: L(lang, '临界', 'near') }[
          r.zoneAnswer.status
        ]
      : '—';
    return el(
      'li',
      { 'data-record': r.id },
      el('strong', { class: 'record-title' }, title),
      ` · ${KIND_LABELS[r.kind][lang]} · ${zone} · ${formatBeijingTime(Date.parse(r.createdAt)).slice(0, 16)}`,
      r.photos.length > 0
        ? el('span', { class: 'photos', 'data-testid': 'photo-count' }, ` · 📷 ${r.photos.length}`)
        : null,
      el('div', { class: 'record-actions' }, next, edit, remove),
    );
  };

  const live = async () => (await db.records.toArray()).filter((r) => !r.deleted);
  const withContacts = el('input', { type: 'checkbox', id: 'export-contacts' });
  const exportOptions = () => ({
    includeContacts: withContacts.checked,
    exportedBy: { deviceId: device.id, fingerprint: device.fingerprint },
  });
  const button = (label: string, testid: string, action: () => Promise<void>) => {
    const b = el('button', { type: 'button', class: 'secondary', 'data-testid': testid }, label);
    b.addEventListener('click', () => void action().catch((e) => (status.textContent = problemText(lang, e as Error))));
    return b;
  };
  const importInput = el('input', {
    type: 'file',
    accept: '.zip',
    id: 'import-file',
    'aria-label': L(lang, '导入备份', 'Import backup'),
  });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    try {
      const report = await importBundle(
        db,
        new Uint8Array(await file.arrayBuffer()),
        { author, zoneAnswer: null },
        (done, total) => {
          status.textContent = `${done}/${total}`;
        },
      );
      const from = report.device
        ? L(
            lang,
            ` · 签名设备 ${report.device.id}，密钥指纹 ${report.device.fingerprint}（${report.device.known ? '已知密钥' : '首次见到此密钥，请与对方核对指纹'}）`,
            ` · signed by device ${report.device.id}, key fingerprint ${report.device.fingerprint} (${report.device.known ? 'known key' : 'first time this key is seen: compare the fingerprint with its owner'})`,
          )
        : L(
            lang,
            ' · 未签名的第 1 版备份：无法证明出自哪台设备',
            ' · unsigned version 1 backup: nothing proves which device made it',
          );
      status.textContent =
        L(
          lang,
          `导入完成：新增 ${report.added}，未变 ${report.unchanged}，冲突 ${report.conflicts}`,
          `Imported: ${report.added} added, ${report.unchanged} unchanged, ${report.conflicts} conflicts`,
        ) + from;
      await renderList();
      await evidence.refresh();
    } catch (error) {
      // A refused backup says why in the user's language, with its reason code (and the English beside it).
      status.textContent = problemText(lang, error as Error);
    } finally {
      // Clear the picker so choosing the same file again imports again (and reports it unchanged).
      importInput.value = '';
    }
  });
  const usage = el('p', { class: 'hint', 'data-testid': 'storage' });
  void navigator.storage?.estimate?.().then((e) => {
    usage.textContent = L(
      lang,
      `已用存储 ${((e.usage ?? 0) / 2 ** 20).toFixed(1)} MB / 可用 ${((e.quota ?? 0) / 2 ** 20).toFixed(0)} MB`,
      `Storage ${((e.usage ?? 0) / 2 ** 20).toFixed(1)} MB of ${((e.quota ?? 0) / 2 ** 20).toFixed(0)} MB`,
    );
  });

  kindSelect.addEventListener('change', renderForm);
  filterKind.addEventListener('change', () => void renderList());
  filterText.addEventListener('input', () => void renderList());
  for (const f of [filterStatus, filterZone, filterFrom, filterTo])
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
    el('div', { class: 'row-form' }, filterKind, filterStatus, filterZone, filterFrom, filterTo, filterText),
    list,
    el(
      'div',
      { class: 'row-form' },
      button('CSV', 'export-csv', async () =>
        downloadFile('coalzone-records.csv', recordsToCsv(await live(), exportOptions()), 'text/csv;charset=utf-8'),
      ),
      button('GeoJSON', 'export-geojson', async () =>
        downloadFile(
          'coalzone-records.geojson',
          recordsToGeoJson(await live(), exportOptions()),
          'application/geo+json',
        ),
      ),
      button('KML', 'export-kml', async () =>
        downloadFile(
          'coalzone-records.kml',
          recordsToKml(await live(), exportOptions()),
          'application/vnd.google-earth.kml+xml',
        ),
      ),
      button(L(lang, '备份（zip）', 'Backup (zip)'), 'backup', async () => {
        downloadFile('coalzone-backup.zip', (await exportBundle(db)) as Uint8Array<ArrayBuffer>, 'application/zip');
        const entries = await db.audit.count();
        await db.meta.put({ key: 'lastBackupSeq', value: entries });
        await renderList();
        status.textContent = L(
          lang,
          `备份已导出并签名：共 ${entries} 条审计，设备 ${device.id}，密钥指纹 ${device.fingerprint}`,
          `Backup exported and signed: ${entries} audit entries, device ${device.id}, key fingerprint ${device.fingerprint}`,
        );
      }),
      button(L(lang, '校验审计链', 'Verify audit chain'), 'verify', async () => {
        status.textContent = verifyText(lang, await verifyStore(db), device);
      }),
    ),
    el(
      'p',
      {},
      withContacts,
      el(
        'label',
        { for: 'export-contacts' },
        L(lang, ' 导出时包含举报人联系方式（默认隐去）', ' Include reporters’ contacts in exports (hidden by default)'),
      ),
    ),
    el('label', { for: 'import-file' }, L(lang, '导入备份（zip）', 'Import a backup (zip)')),
    importInput,
    usage,
  );
  renderForm();
  await renderList();
  return { refresh: renderList };
}
