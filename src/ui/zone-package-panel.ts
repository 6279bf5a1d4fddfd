/**
 * The 区域 tab's published versions: which version answers on this phone (built in, or a package accepted
 * here), adopting a signed package from a file (checked against the keys this build trusts for that zone;
 * refused with the reason otherwise, the active zone unchanged), how many of this phone's records change
 * their answer under it, and going back to the built-in zone. Works offline: nothing here needs a network.
 * Decision 0023.
 */
import { classifyStatus } from '../geo/classify-point.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex } from '../geo/zone-index.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { acceptPackage, useBuiltIn } from '../zones/accepted-zone-store.ts';
import { trustedZoneKeys } from '../zones/trusted-keys.ts';
import { verifyZonePackage, type ZonePackage } from '../zones/zone-package.ts';
import { versionWords } from './answer-card.ts';
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
  /** Reloads the app so every view answers from the newly active zone. */
  reload: () => void;
}

/** Mounts the section into `root`. */
export function mountZonePackagePanel(root: HTMLElement, deps: ZonePackageDeps): void {
  const lang = deps.lang;
  const active = deps.active();
  const zone = deps.zone();
  const file = el('input', {
    type: 'file',
    id: 'package-file',
    'data-testid': 'package-file',
    accept: '.json,application/json',
  });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'package-status' });
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

  file.addEventListener('change', async () => {
    replaceChildren(pending);
    status.setAttribute('role', 'status');
    delete status.dataset.code;
    const chosen = file.files?.[0];
    if (!chosen) return;
    let value: unknown;
    try {
      value = JSON.parse(await chosen.text());
    } catch {
      value = null;
    }
    const check = await verifyZonePackage(value, trustedZoneKeys(), {
      zoneId: zone.properties.id,
      sequence: active?.sequence ?? 0,
    });
    if (!check.ok) {
      status.setAttribute('role', 'alert');
      status.dataset.code = check.code;
      status.textContent = L(
        lang,
        `不能采用 ${chosen.name}：${check.zh}。正在使用的边界没有改变。`,
        `${chosen.name} cannot be adopted: ${check.en}. The zone in use is unchanged.`,
      );
      return;
    }
    const pkg = check.pkg;
    const changed = await changedAnswers(zone, pkg.zone, await deps.points().catch(() => []));
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
          `${versionWords(pkg.zone.properties.version, lang)}：${pkg.authority}第 ${pkg.sequence} 号发布，${formatBeijingTime(Date.parse(pkg.publishedAt))}（北京时间），密钥指纹 ${check.fingerprint}${pkg.note ? `。说明：${pkg.note}` : ''}。`,
          `${versionWords(pkg.zone.properties.version, lang)}: publication ${pkg.sequence} of ${pkg.authority}, ${formatBeijingTime(Date.parse(pkg.publishedAt))} Beijing time, key fingerprint ${check.fingerprint}${pkg.note ? `. Note: ${pkg.note}` : ''}.`,
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
  });

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
        '生态环境局或区县发布的新边界是带签名的发布包（.json）：只有本应用信任的发布机关签名、未被改动、比正在使用的更新，才会被采用。不需要网络。',
        'A new line published by the bureau or a county is a signed package (.json): it is adopted only when signed by an authority this app trusts, untouched and newer than the one in use. No network needed.',
      ),
    ),
    el('label', { for: 'package-file' }, L(lang, '选择发布包', 'Choose a package')),
    file,
    status,
    pending,
    el('div', { class: 'row' }, back),
  );
}

async function changedAnswers(
  from: ZoneFeature,
  to: ZoneFeature,
  points: { lng: number; lat: number }[],
): Promise<number> {
  const before = buildZoneIndex(from);
  const after = buildZoneIndex(to);
  return points.filter((p) => classifyStatus(before, p.lng, p.lat) !== classifyStatus(after, p.lng, p.lat)).length;
}
