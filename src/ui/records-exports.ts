/**
 * The records' way out and back in: the report CSV (records-report-csv.ts, in the UI's language), GeoJSON and
 * KML of exactly the records the list's filters show (issue 14 item 15) — each export says how many it wrote
 * and whether the list was filtered — labelled with the device's key fingerprint; the signed backup (always
 * everything) and its import; the in-app audit check.
 */
import { recordsToGeoJson, recordsToKml } from '../io/export-records.ts';
import { recordsReportCsv } from '../io/records-report-csv.ts';
import type { Author, FieldRecord } from '../records/record.ts';
import { exportBundle, importBundle } from '../store/backup.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { verifyStore } from '../store/verify-store.ts';
import { downloadFile, el } from './dom.ts';
import { verifyText } from './evidence-panel.ts';
import { L, type Lang, problemText } from './i18n.ts';

/** What the bar needs from the view. */
export interface ExportsDeps {
  db: RecordsDatabase;
  lang: Lang;
  device: { id: string; fingerprint: string };
  author: () => Author;
  /** The records the list shows now, and whether a filter narrowed them. */
  shown: () => Promise<{ records: FieldRecord[]; filtered: boolean }>;
  say: (text: string) => void;
  changed: () => Promise<void>;
  /** After an import (the evidence panel learns the new heads). */
  imported: () => Promise<void>;
}

/** The export buttons, the contacts option and the import picker. */
export function exportsBar(deps: ExportsDeps): HTMLElement[] {
  const { db, lang, device } = deps;
  const withContacts = el('input', { type: 'checkbox', id: 'export-contacts' });
  const options = () => ({
    lang,
    includeContacts: withContacts.checked,
    exportedBy: { deviceId: device.id, fingerprint: device.fingerprint },
  });
  const action = (label: string, testid: string, run: () => Promise<void>) => {
    const b = el('button', { type: 'button', class: 'secondary', 'data-testid': testid }, label);
    b.addEventListener('click', () => void run().catch((e) => deps.say(problemText(lang, e as Error))));
    return b;
  };
  const exported = (count: number, filtered: boolean, format: string) =>
    deps.say(
      filtered
        ? L(lang, `已导出 ${count} 条（筛选后）· ${format}`, `Exported ${count} (filtered) · ${format}`)
        : L(lang, `已导出 ${count} 条（全部）· ${format}`, `Exported ${count} (all) · ${format}`),
    );
  const exportAs = (format: string, name: string, type: string, write: (r: FieldRecord[]) => string) =>
    action(format, `export-${format.toLowerCase()}`, async () => {
      const { records, filtered } = await deps.shown();
      downloadFile(name, write(records), type);
      exported(records.length, filtered, format);
    });
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
        { author: deps.author(), zoneAnswer: null },
        (done, total) => deps.say(`${done}/${total}`),
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
      deps.say(
        L(
          lang,
          `导入完成：新增 ${report.added}，未变 ${report.unchanged}，冲突 ${report.conflicts}`,
          `Imported: ${report.added} added, ${report.unchanged} unchanged, ${report.conflicts} conflicts`,
        ) + from,
      );
      await deps.changed();
      await deps.imported();
    } catch (error) {
      // A refused backup says why in the user's language, with its reason code (and the English beside it).
      deps.say(problemText(lang, error as Error));
    } finally {
      // Clear the picker so choosing the same file again imports again (and reports it unchanged).
      importInput.value = '';
    }
  });
  return [
    el(
      'div',
      { class: 'row-form' },
      exportAs('CSV', 'coalzone-records.csv', 'text/csv;charset=utf-8', (r) => recordsReportCsv(r, options())),
      exportAs('GeoJSON', 'coalzone-records.geojson', 'application/geo+json', (r) => recordsToGeoJson(r, options())),
      exportAs('KML', 'coalzone-records.kml', 'application/vnd.google-earth.kml+xml', (r) =>
        recordsToKml(r, options()),
      ),
      action(L(lang, '备份（zip）', 'Backup (zip)'), 'backup', async () => {
        downloadFile('coalzone-backup.zip', (await exportBundle(db)) as Uint8Array<ArrayBuffer>, 'application/zip');
        const entries = await db.audit.count();
        await db.meta.put({ key: 'lastBackupSeq', value: entries });
        await deps.changed();
        deps.say(
          L(
            lang,
            `备份已导出并签名（全部记录，不受筛选影响）：共 ${entries} 条审计，设备 ${device.id}，密钥指纹 ${device.fingerprint}`,
            `Backup exported and signed (every record, whatever the filters): ${entries} audit entries, device ${device.id}, key fingerprint ${device.fingerprint}`,
          ),
        );
      }),
      action(L(lang, '校验审计链', 'Verify audit chain'), 'verify', async () => {
        deps.say(verifyText(lang, await verifyStore(db), device));
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
  ];
}
