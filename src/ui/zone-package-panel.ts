/**
 * The 区域 tab's published versions: which version answers on this phone (built in, or a package accepted
 * here), adopting a signed package from a file or from the app's own server (`zones/<zoneId>/latest.json`,
 * same origin only) — both checked the same way, against the keys this build trusts for that zone, refused
 * with the reason otherwise, the active zone unchanged — how many of this phone's records change their answer
 * under it, and going back to the built-in zone. A county's package (zone id = its slot, signed by a key
 * trusted for that zone) is adopted the same way and answers beside the city zone; each county goes back on
 * its own. A file works offline. Decisions 0023, 0027, 0030.
 */
import { classifyStatus } from '../geo/classify-point.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex } from '../geo/zone-index.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { acceptPackage, useBuiltIn } from '../zones/accepted-zone-store.ts';
import { fetchServerPackage, serverPackagePath } from '../zones/fetch-server-package.ts';
import { trustedZoneKeys } from '../zones/trusted-keys.ts';
import { verifyZonePackage, type ZonePackage } from '../zones/zone-package.ts';
import { versionWords } from './answer-card.ts';
import { type CountyPackageState, countyPackageLines } from './county-package-lines.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** What the panel needs from the app. */
export interface ZonePackageDeps {
  lang: Lang;
  /** The zone answering now, and the package it came from (null: the built-in zone). */
  zone: () => ZoneFeature;
  active: () => ZonePackage | null;
  /** Why a package kept on this phone was not used at start (e.g. its key is no longer trusted), if so. */
  startupProblem: () => string | null;
  points: () => Promise<{ id: string; lng: number; lat: number }[]>;
  /** The county slots and the package answering for each on this phone (decision 0030). */
  counties?: () => CountyPackageState[];
  /** Reloads the app so every view answers from the newly active zone. */
  reload: () => void;
}

/** Mounts the section into `root`. */
export function mountZonePackagePanel(root: HTMLElement, deps: ZonePackageDeps): void {
  const lang = deps.lang;
  const active = deps.active();
  const zone = deps.zone();
  const counties = deps.counties?.() ?? [];
  /** The zone a package is for, as it answers now: the city's, or a county slot's (null: not published). */
  const inUse = (
    zoneId: string,
  ): { feature: ZoneFeature | null; pkg: ZonePackage | null; county: CountyPackageState | null } => {
    const county = counties.find((c) => c.id === zoneId) ?? null;
    if (county) return { feature: county.active?.zone ?? null, pkg: county.active, county };
    return { feature: zone, pkg: active, county: null };
  };
  const file = el('input', {
    type: 'file',
    id: 'package-file',
    'data-testid': 'package-file',
    accept: '.json,application/json',
  });
  const qr = el('input', {
    type: 'file',
    id: 'package-qr',
    'data-testid': 'package-qr',
    accept: 'image/*',
    capture: 'environment',
  });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'package-status' });
  const kept = el('div', { 'data-testid': 'kept-box' });
  void import('./kept-packages.ts').then(({ showKeptPackages }) =>
    showKeptPackages(kept, {
      lang,
      zoneId: zone.properties.id,
      activeSequence: active?.sequence ?? 0,
      reload: deps.reload,
    }),
  );
  const pending = el('div', { 'data-testid': 'package-pending' });
  const current = el(
    'p',
    { 'data-testid': 'package-active' },
    active
      ? L(
          lang,
          `正在使用：${versionWords(zone.properties.version, lang)}，${active.authority}第 ${active.sequence} 号发布（${formatBeijingTime(Date.parse(active.publishedAt))}，北京时间）。`,
          `In use: ${versionWords(zone.properties.version, lang)}, publication ${active.sequence} of ${active.authority} (${formatBeijingTime(Date.parse(active.publishedAt))} Beijing time).`,
        )
      : L(
          lang,
          `正在使用：内置的 ${versionWords(zone.properties.version, lang)}（尚未采用任何发布包）。`,
          `In use: the built-in ${versionWords(zone.properties.version, lang)} (no published package adopted).`,
        ),
  );
  const problem = deps.startupProblem();
  const back = button(L(lang, '恢复使用内置版本', 'Go back to the built-in version'), {
    testid: 'package-builtin',
    hidden: !active,
  });
  back.addEventListener('click', async () => {
    await useBuiltIn(zone.properties.id);
    status.textContent = L(lang, '已恢复内置版本，正在重新载入…', 'Back to the built-in version; reloading…');
    deps.reload();
  });

  const address = el('input', {
    type: 'text',
    id: 'package-url',
    'data-testid': 'package-url',
    inputmode: 'url',
    autocomplete: 'off',
    value: serverPackagePath(zone.properties.id),
  });
  // Which zone to fetch: the city's, or a county's own (each has its latest.json on the server).
  const which = el(
    'select',
    { id: 'package-zone', 'data-testid': 'package-zone', 'aria-label': L(lang, '哪个区域', 'Which zone') },
    el('option', { value: zone.properties.id }, L(lang, '市禁煤区', 'The city zone')),
    ...counties.map((c) => el('option', { value: c.id }, L(lang, c.name.zh, c.name.en))),
  );
  which.addEventListener('change', () => {
    address.value = serverPackagePath(which.value);
  });
  const fetchButton = button(L(lang, '从服务器获取', 'Fetch from the server'), { testid: 'package-fetch' });
  const clear = () => {
    replaceChildren(pending);
    status.setAttribute('role', 'status');
    delete status.dataset.code;
  };
  const refused = (code: string, text: string) => {
    status.setAttribute('role', 'alert');
    status.dataset.code = code;
    status.textContent = text;
  };

  file.addEventListener('change', async () => {
    clear();
    const chosen = file.files?.[0];
    if (!chosen) return;
    let value: unknown;
    try {
      value = JSON.parse(await chosen.text());
    } catch {
      value = null;
    }
    await review(value, chosen.name);
  });

  // A small change as a QR code (zones diff-code): photographed, rebuilt on the package in use, then checked
  // like any package.
  qr.addEventListener('change', async () => {
    clear();
    const photo = qr.files?.[0];
    if (!photo) return;
    status.textContent = L(lang, '正在读取二维码…', 'Reading the QR code…');
    const [{ readQrPhoto }, { decodeDiffCode, diffRefusalWords }] = await Promise.all([
      import('./read-qr-photo.ts'),
      import('../zones/zone-diff-code.ts'),
    ]);
    const text = await readQrPhoto(photo);
    if (text === null)
      return refused(
        'NO_QR',
        L(
          lang,
          '照片里没有找到二维码：请把二维码拍清楚、拍完整后再试。正在使用的边界没有改变。',
          'No QR code found in the photo: take it sharp and whole, then try again. The zone in use is unchanged.',
        ),
      );
    const claimed = text.startsWith('CZD1.') ? null : text;
    const decoded = await decodeDiffCode(text, inUse(zone.properties.id).pkg ?? null);
    if (!decoded.ok && decoded.code === 'BASE_MISMATCH') {
      // A county's code: try each county's package in use.
      for (const c of counties) {
        const other = await decodeDiffCode(text, inUse(c.id).pkg ?? null);
        if (other.ok) return review(other.value, L(lang, '修改二维码', 'the change QR code'));
      }
    }
    if (!decoded.ok) {
      const words = diffRefusalWords(decoded.code, decoded.baseSequence);
      return refused(
        decoded.code,
        L(
          lang,
          `不能采用${claimed ? `（二维码内容：${claimed.slice(0, 40)}）` : ''}：${words.zh}。正在使用的边界没有改变。`,
          `Cannot adopt${claimed ? ` (the QR code holds: ${claimed.slice(0, 40)})` : ''}: ${words.en}. The zone in use is unchanged.`,
        ),
      );
    }
    await review(decoded.value, L(lang, '修改二维码', 'the change QR code'));
  });

  fetchButton.addEventListener('click', async () => {
    clear();
    fetchButton.disabled = true;
    status.textContent = L(lang, '正在从服务器获取…', 'Fetching from the server…');
    const fetched = await fetchServerPackage(address.value.trim(), document.baseURI).finally(() => {
      fetchButton.disabled = false;
    });
    if (!fetched.ok)
      return refused(
        fetched.code,
        L(
          lang,
          `没有取到发布包：${fetched.zh}。正在使用的边界没有改变。`,
          `No package fetched: ${fetched.en}. The zone in use is unchanged.`,
        ),
      );
    await review(fetched.value, fetched.url);
  });

  /** The one check for a package from a file or the server: refused with the reason, or shown for adopting. */
  async function review(value: unknown, name: string): Promise<void> {
    const claimed = (value as { zoneId?: unknown } | null)?.zoneId;
    const target = inUse(typeof claimed === 'string' ? claimed : zone.properties.id);
    const check = await verifyZonePackage(value, trustedZoneKeys(), {
      zoneId: typeof claimed === 'string' ? claimed : zone.properties.id,
      sequence: target.pkg?.sequence ?? 0,
    });
    if (!check.ok)
      return refused(
        check.code,
        L(
          lang,
          `不能采用 ${name}：${check.zh}。正在使用的边界没有改变。`,
          `${name} cannot be adopted: ${check.en}. The zone in use is unchanged.`,
        ),
      );
    const pkg = check.pkg;
    const changed = await changedAnswers(target.feature, pkg.zone, await deps.points().catch(() => []));
    const county = target.county ? `${L(lang, target.county.name.zh, target.county.name.en)} · ` : '';
    status.dataset.code = 'OK';
    status.textContent = L(lang, '签名有效，请核对后采用。', 'The signature is valid: review, then adopt.');
    const adopt = button(L(lang, '采用此版本', 'Adopt this version'), { primary: true, testid: 'package-adopt' });
    adopt.addEventListener('click', async () => {
      adopt.disabled = true;
      await acceptPackage(pkg);
      status.textContent = L(lang, '已采用，正在重新载入…', 'Adopted; reloading…');
      deps.reload();
    });
    replaceChildren(
      pending,
      el(
        'p',
        { 'data-testid': 'package-summary' },
        L(
          lang,
          `${county}${versionWords(pkg.zone.properties.version, lang)}：${pkg.authority}第 ${pkg.sequence} 号发布，${formatBeijingTime(Date.parse(pkg.publishedAt))}（北京时间），密钥指纹 ${check.fingerprint}${pkg.note ? `。说明：${pkg.note}` : ''}。`,
          `${county}${versionWords(pkg.zone.properties.version, lang)}: publication ${pkg.sequence} of ${pkg.authority}, ${formatBeijingTime(Date.parse(pkg.publishedAt))} Beijing time, key fingerprint ${check.fingerprint}${pkg.note ? `. Note: ${pkg.note}` : ''}.`,
        ),
      ),
      el(
        'p',
        { 'data-testid': 'package-changed' },
        L(
          lang,
          `采用后本机记录中答案会改变的：${changed} 条。`,
          `Records on this device whose answer changes: ${changed}.`,
        ),
      ),
      el('div', { class: 'row' }, adopt),
    );
  }

  replaceChildren(
    root,
    el('h2', {}, L(lang, '发布的边界版本', 'Published versions')),
    current,
    problem ? el('p', { class: 'warning', role: 'alert', 'data-testid': 'package-problem' }, problem) : null,
    el(
      'p',
      { class: 'muted' },
      L(
        lang,
        '生态环境局或区县发布的新边界是带签名的发布包（.json）：只有本应用信任的发布机关签名、未被改动、比正在使用的更新，才会被采用。用文件不需要网络。',
        'A new line published by the bureau or a county is a signed package (.json): it is adopted only when signed by an authority this app trusts, untouched and newer than the one in use. A file needs no network.',
      ),
    ),
    el('label', { for: 'package-file' }, L(lang, '选择发布包', 'Choose a package')),
    file,
    el(
      'label',
      { for: 'package-qr' },
      L(
        lang,
        '或拍摄修改二维码（小范围修改，不需要网络）',
        'Or photograph a change QR code (small changes, no network)',
      ),
    ),
    qr,
    el('label', { for: 'package-url' }, L(lang, '或从本应用的服务器获取', "Or fetch from this app's server")),
    el('div', { class: 'row' }, which, address, fetchButton),
    status,
    pending,
    el('div', { class: 'row' }, back),
    kept,
    counties.length > 0 ? el('h3', {}, L(lang, '区县禁煤区', "The districts' own zones")) : null,
    ...countyPackageLines(counties, lang, async (zoneId) => {
      await useBuiltIn(zoneId);
      status.textContent = L(
        lang,
        '已不再使用该区县的发布，正在重新载入…',
        "That district's publication is no longer used; reloading…",
      );
      deps.reload();
    }),
  );
}

/** How many of the points answer otherwise under `to` than under `from` (null: a county not yet published,
 *  where every point counts as outside its zone). */
async function changedAnswers(
  from: ZoneFeature | null,
  to: ZoneFeature,
  points: { lng: number; lat: number }[],
): Promise<number> {
  const before = from ? buildZoneIndex(from) : null;
  const after = buildZoneIndex(to);
  return points.filter(
    (p) => (before ? classifyStatus(before, p.lng, p.lat) : 'outside') !== classifyStatus(after, p.lng, p.lat),
  ).length;
}
