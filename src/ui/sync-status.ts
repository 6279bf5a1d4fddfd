/**
 * The sync status line (above the records): which server and agency, the last sync in Beijing time, how many
 * records and reports are only on this phone ("只保存在本机，尚未发送"), what went wrong in words (zh-CN or
 * English), when it retries, a 立即同步 button, and a small 连接服务器 form (server address + the one-time
 * enrolment code from the bureau). Loaded with the records tab; text through textContent only.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import type { Author } from '../records/record.ts';
import { ROLE_LABELS } from '../records/record-labels.ts';
import { appSync, markSyncing } from '../sync/app-sync.ts';
import { enrolDevice, setServer } from '../sync/enrol-device.ts';
import type { SyncStatus } from '../sync/sync-engine.ts';
import { SyncFailure } from '../sync/sync-problem.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** A mounted status line. */
export interface SyncStatusLine {
  refresh(): Promise<void>;
  dispose(): void;
}

const beijing = (iso: string) => formatBeijingTime(Date.parse(iso)).slice(0, 16);

function roleWords(role: string, lang: Lang): string {
  const label = ROLE_LABELS[role as Author['role']];
  return label ? L(lang, label.zh, label.en) : role;
}

/** The lines for a status. */
export function statusLines(
  s: SyncStatus,
  lang: Lang,
): { text: string; kind: 'hint' | 'warn' | 'ok' | 'field-error'; testid: string }[] {
  const lines: ReturnType<typeof statusLines> = [];
  const { serverUrl, enrolment } = s.settings;
  const waitingReports = s.reports.filter((r) => !r.receipt).length;
  if (!serverUrl)
    lines.push({
      text: L(
        lang,
        '未连接同步服务器：记录只保存在本机，尚未发送。',
        'No sync server: records are on this phone only, not sent.',
      ),
      kind: 'warn',
      testid: 'sync-server',
    });
  else if (!enrolment)
    lines.push({
      text: L(
        lang,
        `同步服务器 ${serverUrl}（本机未登记）：举报可以发送；现场记录只保存在本机。`,
        `Sync server ${serverUrl} (this phone is not enrolled): reports can be sent; field records stay on this phone.`,
      ),
      kind: 'hint',
      testid: 'sync-server',
    });
  else
    lines.push({
      text: L(
        lang,
        `已连接 ${serverUrl} · ${enrolment.agencyId}（${roleWords(enrolment.role, lang)}）`,
        `Connected to ${serverUrl} · ${enrolment.agencyId} (${roleWords(enrolment.role, lang)})`,
      ),
      kind: 'hint',
      testid: 'sync-server',
    });
  if (enrolment)
    lines.push(
      s.unsentRecords > 0
        ? {
            text: L(
              lang,
              `${s.unsentRecords} 条记录只保存在本机，尚未发送`,
              `${s.unsentRecords} record${s.unsentRecords === 1 ? ' is' : 's are'} on this phone only, not sent yet`,
            ),
            kind: 'warn',
            testid: 'sync-pending',
          }
        : {
            text: L(lang, '全部记录已发送到服务器', 'Every record is on the server'),
            kind: 'ok',
            testid: 'sync-pending',
          },
    );
  if (waitingReports > 0)
    lines.push({
      text: L(
        lang,
        `${waitingReports} 条举报只保存在本机，尚未发送`,
        `${waitingReports} report${waitingReports === 1 ? ' is' : 's are'} on this phone only, not sent yet`,
      ),
      kind: 'warn',
      testid: 'sync-reports',
    });
  if (serverUrl)
    lines.push({
      text: s.running
        ? L(lang, '正在同步…', 'Syncing…')
        : s.lastSyncAt
          ? L(
              lang,
              `上次同步：${beijing(s.lastSyncAt)}（北京时间）`,
              `Last sync: ${beijing(s.lastSyncAt)} (Beijing time)`,
            )
          : L(lang, '尚未同步', 'Not synced yet'),
      kind: 'hint',
      testid: 'sync-last',
    });
  if (!s.online)
    lines.push({
      text: L(lang, '现在没有网络：联网后会自动同步。', 'No network now: sync starts by itself when back online.'),
      kind: 'warn',
      testid: 'sync-offline',
    });
  // Offline, "cannot reach the server" says nothing the line above does not.
  if (s.problem && !s.running && (s.online || s.problem.code !== 'NETWORK'))
    lines.push({
      text:
        L(lang, s.problem.zh, s.problem.en) +
        (s.nextRetryAt
          ? L(
              lang,
              `（${beijing(s.nextRetryAt).slice(11)} 自动重试）`,
              ` (retrying at ${beijing(s.nextRetryAt).slice(11)})`,
            )
          : ''),
      kind: 'field-error',
      testid: 'sync-error',
    });
  if (s.conflicts > 0)
    lines.push({
      text: L(
        lang,
        `${s.conflicts} 条记录与服务器上的版本冲突，请在下方“待处理的冲突”中逐条处理`,
        `${s.conflicts} record${s.conflicts === 1 ? '' : 's'} conflict with the server's version: resolve them under "Conflicts to resolve" below`,
      ),
      kind: 'warn',
      testid: 'sync-conflicts',
    });
  if (s.serverConflicts > 0)
    lines.push({
      text: L(
        lang,
        `${s.serverConflicts} 条记录与别人同时修改，已送生态环境局裁定；裁定结果会同步回本机`,
        `${s.serverConflicts} record${s.serverConflicts === 1 ? ' was' : 's were'} changed elsewhere at the same time: sent to the bureau to decide; the decision syncs back`,
      ),
      kind: 'warn',
      testid: 'sync-server-conflicts',
    });
  return lines;
}

/** Mounts the status line into `root`. */
export function mountSyncStatus(
  root: HTMLElement,
  deps: { lang: () => Lang; onEnrolled?: () => void; onSynced?: () => void },
): SyncStatusLine {
  const { db, engine } = appSync();
  const lines = el('div', { class: 'sync-lines', role: 'status', 'aria-live': 'polite' });
  const now = button('', { primary: true, testid: 'sync-now' });
  const url = el('input', { id: 'sync-url', type: 'url', inputmode: 'url', autocomplete: 'off' });
  const code = el('input', { id: 'sync-code', autocomplete: 'off', autocapitalize: 'characters' });
  const connect = el('button', { type: 'submit', class: 'secondary', 'data-testid': 'sync-connect' });
  const formStatus = el('p', { role: 'status', 'data-testid': 'sync-form-status' });
  const form = el('form', { class: 'row-form', novalidate: '' });
  const details = el('details', { class: 'sync-connect' });
  let last: SyncStatus | null = null;

  const render = (s: SyncStatus) => {
    // A round that finished: what it pulled is shown by the views (onSynced).
    if (!s.running && s.lastSyncAt && s.lastSyncAt !== last?.lastSyncAt) deps.onSynced?.();
    last = s;
    const lang = deps.lang();
    replaceChildren(
      lines,
      ...statusLines(s, lang).map((l) => el('p', { class: l.kind, 'data-testid': l.testid }, l.text)),
    );
    root.dataset.syncState = s.running ? 'running' : s.problem ? 'problem' : s.lastSyncAt ? 'synced' : 'idle';
    now.textContent = L(lang, '立即同步', 'Sync now');
    now.disabled = s.running || !s.settings.serverUrl;
    if (!url.value) url.value = s.settings.serverUrl;
  };
  const words = (error: unknown) =>
    error instanceof SyncFailure
      ? L(deps.lang(), error.problem.zh, error.problem.en)
      : L(deps.lang(), '连接失败，请重试', `Could not connect: ${(error as Error).message}`);

  now.addEventListener('click', () => void engine.syncNow());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const lang = deps.lang();
      connect.disabled = true;
      formStatus.className = 'hint';
      formStatus.textContent = L(lang, '正在连接…', 'Connecting…');
      try {
        const settings = code.value.trim()
          ? await enrolDevice(db, url.value, code.value)
          : await setServer(db, url.value);
        markSyncing();
        code.value = '';
        formStatus.className = 'ok';
        formStatus.textContent = settings.enrolment
          ? L(
              lang,
              `本机已登记：${settings.enrolment.agencyId}（${roleWords(settings.enrolment.role, lang)}）`,
              `This phone is enrolled: ${settings.enrolment.agencyId} (${roleWords(settings.enrolment.role, lang)})`,
            )
          : L(lang, '已保存服务器地址（未登记本机：只发送举报）', 'Server saved (phone not enrolled: reports only)');
        if (settings.enrolment) details.open = false;
        render(await engine.syncNow());
        if (settings.enrolment) deps.onEnrolled?.();
      } catch (error) {
        formStatus.className = 'field-error';
        formStatus.textContent = words(error);
      } finally {
        connect.disabled = false;
      }
    })();
  });

  const build = () => {
    const lang = deps.lang();
    connect.textContent = L(lang, '连接', 'Connect');
    replaceChildren(
      form,
      el('label', { for: 'sync-url' }, L(lang, '服务器地址', 'Server address')),
      url,
      el(
        'label',
        { for: 'sync-code' },
        L(lang, '登记码（生态环境局提供，居民可不填）', 'Enrolment code (from the bureau; residents leave it empty)'),
      ),
      code,
      connect,
    );
    url.placeholder = 'https://sync.example.cn';
    code.placeholder = 'ABCD-EFGH-JKMN';
    replaceChildren(details, el('summary', {}, L(lang, '连接服务器', 'Connect to a server')), form, formStatus);
    replaceChildren(root, el('h3', {}, L(lang, '同步', 'Sync')), lines, now, details);
  };
  build();
  void sameOriginServer().then(async (origin) => {
    if (origin && !url.value && !(await engine.status()).settings.serverUrl) url.value = origin;
  });
  const unsubscribe = engine.subscribe(render);
  // Records are saved by other views: look again every few seconds while shown (the engine sends them).
  const poll = setInterval(() => {
    if (root.hidden || document.visibilityState === 'hidden') return;
    void engine.status().then(render);
  }, 3_000);
  const stop = () => {
    clearInterval(poll);
    unsubscribe();
  };
  const refresh = async () => {
    build();
    render(await engine.status());
  };
  void refresh().then(() => {
    root.dataset.syncReady = 'true';
    // A server is set: sync once when the line is first shown.
    if (last?.settings.serverUrl && !last.running) void engine.syncNow();
  });
  return { refresh, dispose: stop };
}

/** The page's own origin when the sync server serves the app (the bureau opens the server's address):
 *  its /health answers as the server's does. Null otherwise (the app on its own host, or offline). */
async function sameOriginServer(): Promise<string | null> {
  if (!/^https?:$/.test(location.protocol)) return null;
  try {
    const answer = await fetch(`${location.origin}/health`, { cache: 'no-store' });
    const body = answer.ok ? ((await answer.json()) as { ok?: unknown; database?: unknown }) : null;
    return body?.ok === true && typeof body.database === 'string' ? location.origin : null;
  } catch {
    return null;
  }
}
