/**
 * A resident's report of a violation (违规举报): the place shown and movable (a tap on the map), what was
 * seen, when, a photo, an optional phone number. Saved as a violation-report record on this phone and queued
 * for sending (src/sync/send-reports.ts): with a sync server set it is sent at once, or when the phone is back
 * online, and the receipt code and its status are shown; until then it says plainly "只保存在本机，尚未发送",
 * with the bureau's numbers (call or SMS) beside it for anything urgent. Loaded on first use; text goes in
 * with textContent only.
 */
import { toSavedAnswer, type ViolationFields } from '../records/record.ts';
import { RecordsDatabase } from '../store/records-db.ts';
import { addPhoto, createRecord, RecordValidationError } from '../store/records-repo.ts';
import { loadSyncSettings, type QueuedReport, queuedReports, queueReport } from '../store/sync-state.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { errorWords, recordReasonWords } from './reason-words.ts';

/** A place as the resident check knows it. */
export interface ReportPlace {
  lng: number;
  lat: number;
  accuracyM: number;
  source: 'gps' | 'map' | 'typed' | 'place';
}

/** What the form needs from the app. */
export interface ReportDeps {
  lang: Lang;
  place: () => ReportPlace | null;
  /** The zone answer for a place, saved with the report. */
  classify: (lng: number, lat: number, accuracyM: number) => Parameters<typeof toSavedAnswer>[0];
  /** Waits for one tap on the map (null cancels). */
  setPick: (handler: ((lng: number, lat: number, accuracyM: number) => void) | null) => void;
  showPoint: (lng: number, lat: number) => void;
}

const WHAT: [ViolationFields['what'], string, string][] = [
  ['burning', '烧煤（锅炉、大灶、茶水炉、取暖）', 'Burning coal (boiler, stove, tea boiler, heating)'],
  ['selling', '卖煤（固定或流动售煤点）', 'Selling coal (shop or mobile seller)'],
  ['storing', '存煤（堆放）', 'Storing coal'],
  ['transporting', '运煤（车辆）', 'Transporting coal (vehicle)'],
];

/** Beijing wall-clock time for a datetime-local input. */
function beijingLocalNow(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** Mounts the report form into `root`. */
export function mountReportForm(root: HTMLElement, deps: ReportDeps, db = new RecordsDatabase()): void {
  const { lang } = deps;
  let place = deps.place();
  const where = el('p', { 'data-testid': 'report-place' });
  const showPlace = () => {
    where.className = place ? 'hint' : 'warn';
    where.textContent = place
      ? L(
          lang,
          `地点：${place.lng.toFixed(5)}, ${place.lat.toFixed(5)}（±${Math.round(place.accuracyM)} 米）`,
          `Place: ${place.lng.toFixed(5)}, ${place.lat.toFixed(5)} (±${Math.round(place.accuracyM)} m)`,
        )
      : L(lang, '还没有地点：请点“在地图上选位置”，或先在上面查询一个地点。', 'No place yet: pick it on the map.');
    if (place) deps.showPoint(place.lng, place.lat);
  };
  const move = button(L(lang, '在地图上选位置', 'Pick the place on the map'), { testid: 'report-move' });
  move.addEventListener('click', () => {
    where.textContent = L(lang, '在地图上点违规的地点', 'Tap the place on the map');
    document.getElementById('map')?.scrollIntoView({ block: 'nearest' });
    deps.setPick((lng, lat, accuracyM) => {
      deps.setPick(null);
      place = { lng, lat, accuracyM, source: 'map' };
      showPlace();
      root.scrollIntoView({ block: 'nearest' });
    });
  });
  const what = el('select', { id: 'report-what' });
  for (const [value, zh, en] of WHAT) what.append(el('option', { value }, L(lang, zh, en)));
  const description = el('textarea', { id: 'report-description', rows: '3', maxlength: '2000' });
  const observed = el('input', { id: 'report-observed', type: 'datetime-local', value: beijingLocalNow() });
  const photo = el('input', { id: 'report-photo', type: 'file', accept: 'image/*', capture: 'environment' });
  const phone = el('input', { id: 'report-phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' });
  const status = el('p', { role: 'status', 'data-testid': 'report-status' });
  const save = el(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'report-save' },
    L(lang, '保存举报', 'Save the report'),
  );
  const form = el('form', { class: 'record-form', novalidate: '' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  let savedId = '';
  const submit = async () => {
    if (!place) {
      status.className = 'field-error';
      status.textContent = L(lang, '请先选定地点', 'Choose the place first');
      return;
    }
    const fields: ViolationFields = {
      what: what.value as ViolationFields['what'],
      description: description.value.trim(),
      // The input is Beijing wall-clock time.
      observedAt: new Date(Date.parse(`${observed.value}:00+08:00`)).toISOString(),
      contact: phone.value.trim() ? { name: '', phone: phone.value.trim() } : null,
    };
    try {
      const chosen = photo.files?.[0];
      const resized = chosen ? await import('./resize-photo.ts').then(({ resizePhoto }) => resizePhoto(chosen)) : null;
      const author = { role: 'resident' as const, officerId: '' };
      const zoneAnswer = toSavedAnswer(deps.classify(place.lng, place.lat, place.accuracyM));
      const saved = await createRecord(
        db,
        { kind: 'violation-report', location: { ...place }, fields },
        { author, zoneAnswer },
      );
      if (resized) await addPhoto(db, saved.id, resized, { author, zoneAnswer });
      await queueReport(db, saved.id);
      savedId = saved.id;
    } catch (error) {
      status.className = 'field-error';
      status.textContent =
        error instanceof RecordValidationError
          ? error.errors
              .map((e) =>
                e.path.includes('phone')
                  ? L(
                      lang,
                      '电话号码不对（如 138 1234 5678 或 0352-5022085）',
                      'Not a phone number (e.g. 138 1234 5678 or 0352-5022085)',
                    )
                  : recordReasonWords(e, lang),
              )
              .join('；')
          : L(lang, `无法保存：${errorWords(error, lang)}`, `Could not save: ${(error as Error).message}`);
      return;
    }
    const fallback = [
      el('a', { href: 'tel:+863525022085' }, '0352-5022085'),
      '、',
      el('a', { href: 'tel:+863525020288' }, '0352-5020288'),
      ' · ',
      el(
        'a',
        { href: `sms:+863525022085?body=${encodeURIComponent(smsText(fields, place))}` },
        L(lang, '发短信', 'Send an SMS'),
      ),
    ];
    status.className = 'warn';
    status.dataset.saved = 'true';
    description.value = '';
    photo.value = '';
    const settings = await loadSyncSettings(db);
    if (!settings.serverUrl) {
      replaceChildren(
        status,
        L(
          lang,
          '举报已保存，但只保存在本机，尚未发送给生态环境局（本机未连接同步服务器）。需要尽快处理，请直接联系：',
          'Saved — on this phone only, not yet sent to the Ecology and Environment Bureau (no sync server is set on this phone). For anything urgent contact them directly: ',
        ),
        ...fallback,
      );
      return;
    }
    replaceChildren(status, L(lang, '举报已保存在本机，正在发送…', 'Saved on this phone; sending…'));
    const { appSync, markSyncing } = await import('../sync/app-sync.ts');
    markSyncing();
    const after = await appSync().engine.syncNow();
    const sent = after.reports.find((r) => r.recordId === savedId);
    if (settings.enrolment) {
      // An enrolled phone sends its reports in its own chain, like its other records (no receipt).
      const pending = after.unsentRecords > 0;
      status.className = pending ? 'warn' : 'ok';
      replaceChildren(
        status,
        pending
          ? L(
              lang,
              '举报只保存在本机，尚未发送：联网后随本机同步自动发送。需要尽快处理，请直接联系：',
              'The report is on this phone only, not sent yet: it goes with this phone’s sync when online. For anything urgent: ',
            )
          : L(lang, '举报已随本机同步发送到服务器。', 'The report was sent to the server with this phone’s sync.'),
        ...(pending ? fallback : []),
      );
    } else if (sent?.receipt) {
      status.className = 'ok';
      replaceChildren(
        status,
        L(lang, '举报已发送给生态环境局。回执码：', 'The report was sent to the bureau. Receipt code: '),
        el('strong', { 'data-testid': 'report-receipt' }, sent.receipt),
        L(lang, '（请记下，凭它查询处理进度）', ' (keep it to follow the report)'),
        sent.status ? ` · ${L(lang, sent.status.zh, sent.status.en)}` : '',
      );
    } else {
      const problem = sent?.lastProblem ?? after.problem;
      replaceChildren(
        status,
        L(
          lang,
          '举报只保存在本机，尚未发送：联网后会自动发送。',
          'The report is on this phone only, not sent yet: it is sent by itself when online. ',
        ),
        problem ? `${L(lang, problem.zh, problem.en)} ` : '',
        L(lang, '需要尽快处理，请直接联系：', 'For anything urgent contact the bureau: '),
        ...fallback,
      );
    }
    await showReceipts();
  };

  const receipts = el('div', { class: 'report-receipts', 'data-testid': 'report-receipts' });
  const showReceipts = async () => {
    const list = await queuedReports(db);
    const rows = list.map((r: QueuedReport) =>
      el(
        'li',
        { class: r.receipt ? 'ok' : 'warn', 'data-testid': 'report-receipt-row' },
        r.receipt
          ? L(
              lang,
              `回执码 ${r.receipt}：${r.status?.zh ?? '已发送'}`,
              `Receipt ${r.receipt}: ${r.status?.en ?? 'sent'}`,
            )
          : r.refused
            ? L(lang, `未被接收：${r.lastProblem?.zh ?? ''}`, `Not accepted: ${r.lastProblem?.en ?? ''}`)
            : L(lang, '只保存在本机，尚未发送', 'On this phone only, not sent yet'),
      ),
    );
    if (rows.length === 0) {
      replaceChildren(receipts);
      return;
    }
    const refresh = button(L(lang, '刷新处理进度', 'Refresh the status'), { testid: 'report-refresh' });
    refresh.addEventListener('click', () => {
      void (async () => {
        const { appSync } = await import('../sync/app-sync.ts');
        await appSync().engine.syncNow();
        await showReceipts();
      })();
    });
    replaceChildren(receipts, el('h4', {}, L(lang, '我的举报', 'My reports')), el('ul', {}, ...rows), refresh);
  };
  // With a server set, the list follows the engine (a report queued offline gets its receipt when online).
  void loadSyncSettings(db).then(async (settings) => {
    if (!settings.serverUrl) return;
    const { appSync } = await import('../sync/app-sync.ts');
    const stop = appSync().engine.subscribe(() => {
      if (!root.isConnected || !root.contains(receipts)) return stop();
      void showReceipts();
    });
  });

  replaceChildren(
    form,
    el('h3', {}, L(lang, '举报违规用煤', 'Report a coal violation')),
    where,
    move,
    el('div', { class: 'field' }, el('label', { for: 'report-what' }, L(lang, '看到了什么', 'What you saw')), what),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'report-description' }, L(lang, '说明（可不填）', 'Details (optional)')),
      description,
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'report-observed' }, L(lang, '时间（北京时间）', 'When (Beijing time)')),
      observed,
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'report-photo' }, L(lang, '照片（可不拍）', 'Photo (optional)')),
      photo,
    ),
    el(
      'div',
      { class: 'field' },
      el(
        'label',
        { for: 'report-phone' },
        L(lang, '您的电话（可不填，只有生态环境局能看到）', 'Your phone (optional; only the bureau sees it)'),
      ),
      phone,
    ),
    save,
    status,
  );
  replaceChildren(root, form, receipts);
  showPlace();
  void showReceipts();
}

/** The SMS body: what, where and when, for the bureau's duty phone. */
function smsText(fields: ViolationFields, place: ReportPlace): string {
  const what = WHAT.find((w) => w[0] === fields.what)?.[1] ?? fields.what;
  return `禁煤区举报：${what}。地点 ${place.lng.toFixed(5)},${place.lat.toFixed(5)}。${fields.description}`.slice(
    0,
    300,
  );
}
