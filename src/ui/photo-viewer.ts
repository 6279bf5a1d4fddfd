/**
 * A record's photos (issue 14 item 18): thumbnails on the record, and a tap opens the photo full-screen with
 * its SHA-256, when it was attached, and whether the stored bytes still hash to it (checked on opening, with
 * WebCrypto). Blobs come from the store (photoBlob); object URLs are revoked when the list is redrawn or the
 * viewer closes.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import { sha256Hex } from '../records/canonical-json.ts';
import type { FieldRecord, PhotoRef } from '../records/record.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { photoBlob } from '../store/records-repo.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** Object URLs made for thumbnails since the last `revokeThumbnails`. */
const urls = new Set<string>();

/** Revokes the thumbnails' object URLs (call before the list is redrawn). */
export function revokeThumbnails(): void {
  for (const u of urls) URL.revokeObjectURL(u);
  urls.clear();
}

/** A row of thumbnails for the record's photos (filled as the blobs load), or null when it has none. */
export function thumbnails(db: RecordsDatabase, record: FieldRecord, lang: Lang): HTMLElement | null {
  if (record.photos.length === 0) return null;
  const row = el('div', { class: 'thumbs', 'data-testid': 'thumbnails' });
  for (const [i, photo] of record.photos.entries()) {
    const open = el(
      'button',
      {
        type: 'button',
        class: 'thumb',
        'data-testid': 'thumbnail',
        'aria-label': L(lang, `查看照片 ${i + 1}`, `View photo ${i + 1}`),
      },
      L(lang, '加载中', 'loading'),
    );
    row.append(open);
    void photoBlob(db, photo.id).then((blob) => {
      if (!blob) {
        open.textContent = L(lang, '照片不在本机', 'photo not on this device');
        return;
      }
      const url = URL.createObjectURL(blob);
      urls.add(url);
      replaceChildren(open, el('img', { src: url, alt: '', loading: 'lazy', width: '72', height: '72' }));
      open.addEventListener('click', () => void showPhoto(photo, blob, lang));
    });
  }
  return row;
}

/** Opens one photo full-screen in a modal dialog with its hash, time and a check of its bytes. */
export async function showPhoto(photo: PhotoRef, blob: Blob, lang: Lang): Promise<void> {
  const url = URL.createObjectURL(blob);
  const check = el('p', { 'data-testid': 'photo-check' }, L(lang, '正在校验…', 'Checking…'));
  const close = button(L(lang, '关闭', 'Close'), { testid: 'photo-close' });
  const dialog = el(
    'dialog',
    { class: 'photo-viewer', 'data-testid': 'photo-viewer', 'aria-label': L(lang, '照片', 'Photo') },
    el('img', { src: url, alt: L(lang, '记录的照片', 'The record’s photo') }),
    el(
      'dl',
      {},
      el('dt', {}, 'SHA-256'),
      el('dd', { class: 'hash', 'data-testid': 'photo-hash' }, photo.sha256),
      el('dt', {}, L(lang, '添加到记录的时间（北京时间）', 'Attached to the record (Beijing time)')),
      el(
        'dd',
        { 'data-testid': 'photo-time' },
        photo.addedAt
          ? formatBeijingTime(Date.parse(photo.addedAt)).slice(0, 16)
          : L(lang, '未记录（早期版本添加的照片）', 'not recorded (added by an earlier version)'),
      ),
      el('dt', {}, L(lang, '大小', 'Size')),
      el('dd', {}, `${Math.round(photo.size / 1024)} KB`),
    ),
    check,
    close,
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    URL.revokeObjectURL(url);
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  const actual = await sha256Hex(await blob.arrayBuffer());
  check.className = actual === photo.sha256 ? 'ok' : 'warn';
  check.textContent =
    actual === photo.sha256
      ? L(lang, '✓ 照片与记录的 SHA-256 一致', '✓ The photo matches the record’s SHA-256')
      : L(lang, `✗ 照片已被改动：现在的 SHA-256 为 ${actual}`, `✗ The photo was changed: its SHA-256 is now ${actual}`);
}
