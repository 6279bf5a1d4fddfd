/**
 * The permit register (通行证) panel: import a CSV (as Excel/WPS export it, UTF-8 or GBK) all or nothing —
 * a file with any bad row is refused with every rejected line and reason, and nothing is kept — then search,
 * edit, revoke or add permits by hand (checked like an imported row). All text is set as textContent.
 */
import { importPermits, type Permit, permitTemplateCsv } from '../checkpoints/permits.ts';
import { displayPlate } from '../checkpoints/plate.ts';
import { readCsvRows } from '../io/csv-rows.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { blobTextChunks } from '../io/read-file.ts';
import { listPermits, putPermit, savePermits } from '../store/permits-repo.ts';
import type { RecordsDatabase, StoredPermit } from '../store/records-db.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { errorWords } from './reason-words.ts';

/** A permit's validity as people in Datong write dates: 2026-11-01 至 2027-03-31. */
export function permitDates(p: Permit, lang: Lang): string {
  const day = (ms: number) => formatBeijingTime(ms).slice(0, 10);
  return `${day(p.validFrom)} ${L(lang, '至', 'to')} ${day(p.validTo)}`;
}

const FIELDS: { name: keyof Permit; zh: string; en: string; type?: string }[] = [
  { name: 'number', zh: '通行证号', en: 'Permit number' },
  { name: 'plate', zh: '车牌', en: 'Plate' },
  { name: 'holder', zh: '持证单位', en: 'Holder' },
  { name: 'cargo', zh: '货物', en: 'Cargo' },
  { name: 'destination', zh: '允许目的地', en: 'Allowed destination' },
  { name: 'validFrom', zh: '有效期起', en: 'Valid from', type: 'date' },
  { name: 'validTo', zh: '有效期止', en: 'Valid to', type: 'date' },
];

/** Mounts the panel; `onChange` gets the whole register after every import or edit. */
export async function mountPermitsPanel(
  root: HTMLElement,
  db: RecordsDatabase,
  lang: Lang,
  onChange: (permits: StoredPermit[]) => void,
): Promise<void> {
  const file = el('input', { id: 'permit-file', type: 'file', accept: '.csv,.txt,text/csv' });
  const report = el('div', { class: 'report', 'data-testid': 'permit-report', 'aria-live': 'polite' });
  const count = el('p', { class: 'hint', 'data-testid': 'permit-count' });
  const search = el('input', {
    id: 'permit-search',
    placeholder: L(lang, '按车牌、证号或单位查找', 'Find by plate, number or holder'),
    'aria-label': L(lang, '查找通行证', 'Find permits'),
  });
  const list = el('ul', { class: 'record-list', 'data-testid': 'permit-list' });
  const formBox = el('div', { class: 'record-form' });
  let permits: StoredPermit[] = [];

  const refresh = async () => {
    permits = await listPermits(db);
    count.textContent = L(lang, `登记在册通行证 ${permits.length} 张`, `${permits.length} permits registered`);
    onChange(permits);
    renderList();
  };

  const renderList = () => {
    const q = search.value.replace(/[\s·]/g, '').toUpperCase();
    const shown = permits.filter((p) => !q || `${p.number}${p.plate}${p.holder}`.toUpperCase().includes(q));
    replaceChildren(
      list,
      ...shown.slice(0, 50).map((p) => {
        const edit = button(L(lang, '编辑', 'Edit'), { testid: 'edit-permit' });
        edit.addEventListener('click', () => renderForm(p));
        return el(
          'li',
          { 'data-permit': p.number },
          el('strong', {}, displayPlate(p.plate)),
          ` ${p.number} · ${p.holder} → ${p.destination} · ${permitDates(p, lang)}`,
          p.status === 'revoked' ? el('span', { class: 'bad' }, L(lang, ' · 已作废', ' · revoked')) : null,
          ' ',
          edit,
        );
      }),
      shown.length > 50
        ? el('li', { class: 'hint' }, L(lang, `另有 ${shown.length - 50} 张`, `${shown.length - 50} more`))
        : null,
    );
  };

  const renderForm = (permit: StoredPermit | null) => {
    const form = el('form', { class: 'record-form', 'data-testid': 'permit-form', novalidate: '' });
    for (const f of FIELDS) {
      const id = `permit-${f.name}`;
      const raw = permit?.[f.name];
      const value = typeof raw === 'number' ? formatBeijingTime(raw).slice(0, 10) : typeof raw === 'string' ? raw : '';
      const input = el('input', { id, name: f.name, type: f.type ?? 'text', value });
      if (f.name === 'number' && permit) input.readOnly = true;
      form.append(el('div', { class: 'field' }, el('label', { for: id }, L(lang, f.zh, f.en)), input));
    }
    const status = el(
      'select',
      { id: 'permit-status', name: 'status' },
      el('option', { value: '有效' }, L(lang, '有效', 'valid')),
      el('option', { value: '作废' }, L(lang, '作废', 'revoked')),
    );
    status.value = permit?.status === 'revoked' ? '作废' : '有效';
    const error = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'permit-form-error' });
    const cancel = button(L(lang, '取消', 'Cancel'));
    cancel.addEventListener('click', () => replaceChildren(formBox));
    form.append(
      el('div', { class: 'field' }, el('label', { for: 'permit-status' }, L(lang, '状态', 'Status')), status),
      error,
      el(
        'button',
        { type: 'submit', class: 'primary', 'data-testid': 'save-permit' },
        L(lang, '保存通行证', 'Save permit'),
      ),
      ' ',
      cancel,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = Object.fromEntries(
        [...new FormData(form).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']),
      );
      try {
        await putPermit(db, values);
        replaceChildren(formBox);
        await refresh();
      } catch (e) {
        const zh = (e as { detail?: { zh?: unknown } }).detail?.zh;
        error.textContent = lang === 'zh' && typeof zh === 'string' ? zh : errorWords(e, lang);
      }
    });
    replaceChildren(formBox, form);
  };

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    replaceChildren(report, L(lang, `正在读取 ${chosen.name}…`, `Reading ${chosen.name}…`));
    try {
      const result = await importPermits(readCsvRows(blobTextChunks(chosen)));
      if (!result.ok) {
        replaceChildren(
          report,
          el(
            'p',
            { class: 'bad' },
            L(
              lang,
              `${chosen.name} 未导入：${result.rejected.length} 行有误，整份文件未保存（原有登记不变）。`,
              `${chosen.name} was not imported: ${result.rejected.length} rows are wrong, so nothing was kept (the register is unchanged).`,
            ),
          ),
          el(
            'ul',
            { 'data-testid': 'permit-rejected' },
            ...result.rejected.map((r) =>
              el('li', {}, L(lang, `第 ${r.line} 行：${r.zh}`, `line ${r.line}: ${r.reason}`)),
            ),
          ),
        );
        return;
      }
      const { added, updated } = await savePermits(db, result.permits, chosen.name);
      replaceChildren(
        report,
        el(
          'p',
          { class: 'ok' },
          L(
            lang,
            `${chosen.name}：已导入 ${result.permits.length} 张（新增 ${added}，更新 ${updated}）。`,
            `${chosen.name}: ${result.permits.length} imported (${added} new, ${updated} updated).`,
          ),
        ),
      );
      await refresh();
    } catch (e) {
      replaceChildren(
        report,
        el(
          'p',
          { class: 'bad' },
          L(lang, `${chosen.name} 未导入：`, `${chosen.name} was not imported: `),
          errorWords(e, lang),
        ),
      );
    }
  });
  search.addEventListener('input', renderList);
  const add = button(L(lang, '新增通行证', 'Add a permit'), { testid: 'add-permit' });
  add.addEventListener('click', () => renderForm(null));
  const template = button(L(lang, '下载登记表模板（CSV）', 'Download a register template (CSV)'), {
    testid: 'permit-template',
  });
  template.addEventListener('click', () =>
    downloadFile('通行证登记表模板.csv', permitTemplateCsv(), 'text/csv;charset=utf-8'),
  );

  replaceChildren(
    root,
    el(
      'label',
      { for: 'permit-file' },
      L(
        lang,
        '导入通行证登记表（CSV，可由 Excel/WPS 另存）',
        'Import the permit register (CSV, e.g. saved from Excel/WPS)',
      ),
    ),
    file,
    el(
      'p',
      { class: 'hint' },
      L(
        lang,
        '表头：通行证号、车牌、持证单位、货物、目的地、有效期起、有效期止、状态（有效/作废）。同一证号再次导入即更新。',
        'Headers: 通行证号, 车牌, 持证单位, 货物, 目的地, 有效期起, 有效期止, 状态 (有效/作废). Importing a number again updates it.',
      ),
    ),
    report,
    count,
    template,
    el('div', { class: 'row-form' }, search, add),
    formBox,
    list,
  );
  await refresh();
}
