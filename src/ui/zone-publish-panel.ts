/**
 * The 区域 tab's publishing, on the publisher's own device: the publisher's key made here (private half
 * non-extractable, src/zones/publisher-key.ts), its fingerprint shown and its public half exported as the file
 * `coalzone zones keygen` writes; a version saved from the editor signed as a package with a note and a
 * publication number newer than the one in use — through the CLI's own publishing function
 * (src/zones/publish-zone.ts), so the file is the same — and offered as a download. Decision 0027.
 */
import type { ZoneFeature } from '../geo/zone.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { listVersions, type SavedVersion } from '../zones/accepted-zone-store.ts';
import { serverPackagePath } from '../zones/fetch-server-package.ts';
import { packageFileName, publishZone } from '../zones/publish-zone.ts';
import {
  lastPublished,
  makePublisherKey,
  type PublisherKey,
  publicKeyFileText,
  publisherKey,
  rememberPublished,
} from '../zones/publisher-key.ts';
import type { ZonePackage } from '../zones/zone-package.ts';
import { versionWords } from './answer-card.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** What the panel needs from the app. */
export interface ZonePublishDeps {
  lang: Lang;
  /** The zone answering now, and the package it came from (null: the built-in zone, sequence 0). */
  zone: () => ZoneFeature;
  active: () => ZonePackage | null;
}

/** Mounts the section into `root`. */
export async function mountZonePublishPanel(root: HTMLElement, deps: ZonePublishDeps): Promise<void> {
  const lang = deps.lang;
  const zoneId = deps.zone().properties.id;
  const activeSequence = deps.active()?.sequence ?? 0;
  const keyBox = el('div', { 'data-testid': 'publisher-key' });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'publish-status' });
  const versions = el('select', { id: 'publish-version', 'data-testid': 'publish-version' });
  const note = el('input', { type: 'text', id: 'publish-note', 'data-testid': 'publish-note', autocomplete: 'off' });
  const sequence = el('input', {
    type: 'number',
    id: 'publish-sequence',
    'data-testid': 'publish-sequence',
    min: '1',
    step: '1',
    inputmode: 'numeric',
    value: String(activeSequence + 1),
  });
  const sign = button(L(lang, '签名并下载发布包', 'Sign and download the package'), {
    primary: true,
    testid: 'publish-sign',
  });
  let key: PublisherKey | null = null;
  let saved: SavedVersion[] = [];

  const say = (code: string, text: string, alert = false) => {
    status.setAttribute('role', alert ? 'alert' : 'status');
    status.dataset.code = code;
    status.textContent = text;
  };

  const showKey = () => {
    if (!key) {
      const authority = el('input', {
        type: 'text',
        id: 'publisher-authority',
        'data-testid': 'publisher-authority',
        autocomplete: 'organization',
        placeholder: L(lang, '例如：大同市生态环境局', 'e.g. 大同市生态环境局 (Datong Ecology and Environment Bureau)'),
      });
      const make = button(L(lang, '在本机生成发布密钥', 'Make a publishing key on this device'), {
        testid: 'publisher-make',
      });
      make.addEventListener('click', async () => {
        if (!authority.value.trim())
          return say('NO_AUTHORITY', L(lang, '请先填写发布机关名称。', 'Enter the authority’s name first.'), true);
        make.disabled = true;
        try {
          key = await makePublisherKey({ authority: authority.value, zoneIds: [zoneId] });
          say(
            'KEY_MADE',
            L(lang, '发布密钥已生成并保存在本机。', 'The publishing key is made and kept on this device.'),
          );
        } catch {
          make.disabled = false;
          return say(
            'KEY_FAILED',
            L(lang, '这个浏览器不能生成或保存发布密钥。', 'This browser could not make or keep a publishing key.'),
            true,
          );
        }
        showKey();
        enable();
      });
      replaceChildren(
        keyBox,
        el(
          'p',
          { class: 'muted' },
          L(
            lang,
            '本机还没有发布密钥。生成后私钥只留在这个浏览器里，不能导出；手机要信任它，须把公钥加入应用的信任列表后重新构建。',
            'This device has no publishing key yet. Once made, the private key stays in this browser and cannot be exported; for phones to trust it, its public key goes into the app’s trusted keys and the app is built again.',
          ),
        ),
        el('label', { for: 'publisher-authority' }, L(lang, '发布机关', 'Publishing authority')),
        authority,
        el('div', { class: 'row' }, make),
      );
      return;
    }
    const current = key;
    const exportButton = button(L(lang, '导出公钥（.pub.json）', 'Export the public key (.pub.json)'), {
      testid: 'publisher-export',
    });
    const text = publicKeyFileText(current);
    exportButton.addEventListener('click', () =>
      downloadFile(`coalzone-publisher-${current.fingerprint.replace(/ /g, '')}.pub.json`, text, 'application/json'),
    );
    replaceChildren(
      keyBox,
      el(
        'p',
        {},
        L(
          lang,
          `本机发布密钥：${current.authority}，可发布 ${current.zoneIds.join('、')}（${formatBeijingTime(Date.parse(current.createdAt))} 生成，北京时间；私钥不能导出）。指纹：`,
          `This device’s publishing key: ${current.authority}, for ${current.zoneIds.join(', ')} (made ${formatBeijingTime(Date.parse(current.createdAt))} Beijing time; the private key cannot be exported). Fingerprint: `,
        ),
        el('code', { 'data-testid': 'publisher-fingerprint' }, current.fingerprint),
      ),
      current.zoneIds.includes(zoneId)
        ? null
        : el(
            'p',
            { class: 'warning', role: 'alert' },
            L(lang, `这个密钥不能发布 ${zoneId}。`, `This key may not publish ${zoneId}.`),
          ),
      el('div', { class: 'row' }, exportButton),
      el(
        'details',
        {},
        el(
          'summary',
          {},
          L(lang, '公钥内容（加入 trusted-keys.json）', 'The public key (goes into trusted-keys.json)'),
        ),
        el('pre', { 'data-testid': 'publisher-public' }, text),
      ),
    );
  };

  const showVersions = async () => {
    const chosen = versions.value;
    saved = await listVersions(zoneId).catch(() => []);
    replaceChildren(
      versions,
      ...(saved.length === 0
        ? [el('option', { value: '' }, L(lang, '（尚未保存任何版本）', '(no version saved yet)'))]
        : saved.map((v) =>
            el(
              'option',
              { value: v.version },
              `${versionWords(v.version, lang)} — ${v.note || L(lang, '无说明', 'no note')}（${v.author}，${formatBeijingTime(Date.parse(v.savedAt))}）`,
            ),
          )),
    );
    if (saved.some((v) => v.version === chosen)) versions.value = chosen;
    else if (saved.length > 0) versions.value = (saved[saved.length - 1] as SavedVersion).version;
    enable();
  };

  // The signing form shows once this device has a key (phones that never publish see only the key section).
  const form = el('div', { 'data-testid': 'publish-form' });
  const enable = () => {
    form.hidden = !key;
    sign.disabled = !key || saved.length === 0;
  };

  // The editor below saves versions: the list is read again whenever it is about to be used.
  versions.addEventListener('focus', () => void showVersions());
  versions.addEventListener('pointerdown', () => void showVersions());

  sign.addEventListener('click', async () => {
    const version = saved.find((v) => v.version === versions.value);
    if (!key || !version) return;
    if (sequence.value.trim() === '')
      return say('BAD_SEQUENCE', L(lang, '请填写发布编号。', 'Enter the publication number.'), true);
    const number = Number(sequence.value);
    const signedHere = await lastPublished(zoneId).catch(() => 0);
    if (Number.isSafeInteger(number) && number > activeSequence && number <= signedHere)
      return say(
        'ALREADY_PUBLISHED',
        L(
          lang,
          `第 ${number} 号已由本机发布过（最近一次是第 ${signedHere} 号）：同一编号的两个版本，已采用其一的手机不会采用另一个；请用更大的编号。`,
          `Publication ${number} was already signed here (the latest is ${signedHere}): of two versions with one number, a phone that adopted one refuses the other; use a higher number.`,
        ),
        true,
      );
    sign.disabled = true;
    const published = await publishZone(version.zone, key, {
      sequence: number,
      note: note.value.trim(),
      publishedAt: new Date().toISOString(),
      activeSequence,
    }).finally(enable);
    if (!published.ok)
      return say(published.code, L(lang, `未发布：${published.zh}。`, `Not published: ${published.en}.`), true);
    const name = packageFileName(zoneId, number);
    await rememberPublished(zoneId, number, published.pkg.publishedAt).catch(() => undefined);
    downloadFile(name, published.text, 'application/json');
    sequence.value = String(number + 1);
    say(
      'OK',
      L(
        lang,
        `已签名：${versionWords(version.version, lang)}，第 ${number} 号发布，文件 ${name} 已下载。把它放到应用服务器的 ${serverPackagePath(zoneId)}，手机就能“从服务器获取”；也可以直接发文件。`,
        `Signed: ${versionWords(version.version, lang)}, publication ${number}; ${name} downloaded. Put it on the app’s server as ${serverPackagePath(zoneId)} for phones to “fetch from the server”, or send the file itself.`,
      ),
    );
  });

  try {
    key = await publisherKey();
  } catch {
    say(
      'KEY_UNUSABLE',
      L(lang, '本机保存的发布密钥不能使用。', 'The publishing key kept on this device cannot be used.'),
      true,
    );
  }
  showKey();
  await showVersions();
  // The next number: above the one in use here and above any this device has signed.
  sequence.value = String(Math.max(activeSequence, await lastPublished(zoneId).catch(() => 0)) + 1);
  replaceChildren(
    form,
    el(
      'label',
      { for: 'publish-version' },
      L(lang, '要发布的版本（编辑器保存的）', 'Version to publish (saved in the editor)'),
    ),
    versions,
    el('label', { for: 'publish-note' }, L(lang, '说明或通告', 'Note or notice')),
    note,
    el(
      'label',
      { for: 'publish-sequence' },
      L(
        lang,
        `发布编号（须大于正在使用的第 ${activeSequence} 号）`,
        `Publication number (higher than the one in use, ${activeSequence})`,
      ),
    ),
    sequence,
    el('div', { class: 'row' }, sign),
  );
  replaceChildren(root, el('h2', {}, L(lang, '在本机签名发布', 'Publish from this device')), keyBox, form, status);
}
