/**
 * The bureau's page (issue 13): the same app, on a device enrolled as an ecology bureau admin — on a phone, or
 * on a desktop opening the sync server's own address (the server serves the app, server/src/serve-app.ts).
 * Under the records (which on an admin device hold every agency's records, pulled by sync, on the map and in
 * the lists with the phone's filters): residents' reports to assign, the weekly report and its files, the
 * agencies and phones. Nothing shows on any other device.
 */
import type { FieldRecord } from '../records/record.ts';
import { appSync } from '../sync/app-sync.ts';
import { bureauClient } from '../sync/bureau-client.ts';
import { mountAssignList } from './bureau-assign.ts';
import { mountDevicesPart } from './bureau-devices.ts';
import { mountWeeklyReport } from './bureau-weekly.ts';
import { el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** A mounted page (or nothing, on a device that is not an admin). */
export interface BureauPanel {
  /** Whether this device is an admin (the page is shown). */
  active: boolean;
  refresh(): Promise<void>;
  dispose(): void;
}

/** Mounts the bureau's page into `root` when this device is an admin; hides `root` otherwise. */
export async function mountBureauPanel(
  root: HTMLElement,
  deps: { lang: Lang; showPoint: (lng: number, lat: number) => void; onChange: () => Promise<void> },
): Promise<BureauPanel> {
  const { db, engine } = appSync();
  const client = await bureauClient(db);
  root.hidden = client === null;
  if (!client) {
    replaceChildren(root);
    return { active: false, refresh: async () => undefined, dispose: () => undefined };
  }
  const { lang } = deps;
  const assign = el('div', { 'data-testid': 'bureau-assign-part' });
  const weekly = el('div', { 'data-testid': 'bureau-weekly-part' });
  const devices = el('div', { 'data-testid': 'bureau-devices-part' });
  replaceChildren(
    root,
    el('h2', {}, L(lang, '生态环境局管理', "The bureau's page")),
    el(
      'p',
      { class: 'hint' },
      L(
        lang,
        `本设备是 ${client.serverUrl} 的管理员：上方记录含各机构同步来的全部记录。交办、周报和设备管理需要联网。`,
        `This device is an admin of ${client.serverUrl}: the records above hold every agency's synced records. Assigning, the weekly report and devices need the network.`,
      ),
    ),
    assign,
    weekly,
    devices,
  );
  const list = mountAssignList(assign, {
    lang,
    client,
    reports: async () =>
      (await db.records.where('kind').equals('violation-report').toArray()) as FieldRecord<'violation-report'>[],
    sync: async () => {
      // A round already running when the bureau assigned began before the change: the second one pulls it.
      await engine.syncNow();
      await engine.syncNow();
      await deps.onChange();
    },
    showPoint: deps.showPoint,
  });
  mountWeeklyReport(weekly, { lang, client });
  const phones = mountDevicesPart(devices, { lang, client, onAgencies: () => void list.refresh() });
  // Reports pulled by a later sync join the list — unless the bureau is in the middle of choosing (a redraw
  // would drop what was picked).
  let seen: string | null = null;
  const unsubscribe = engine.subscribe((status) => {
    if (status.running || status.lastSyncAt === seen) return;
    seen = status.lastSyncAt;
    if (!assign.contains(document.activeElement)) void list.refresh();
    if (!devices.contains(document.activeElement)) void phones.refresh();
  });
  return { active: true, refresh: () => list.refresh(), dispose: unsubscribe };
}
