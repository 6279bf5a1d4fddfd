/** The words of the street layer's status and of a failed download, zh-CN and English (short texts inline, as
 *  views do with L). */
import { TileFetchError } from '../map/fetch-tile.ts';
import type { NoStreetReason } from '../map/street-sources.ts';
import { isQuotaError } from '../store/tile-cache.ts';
import { L, type Lang } from './i18n.ts';
import { errorWords } from './reason-words.ts';

/** The street layer's state, as the status line says it. */
export type StreetState = NoStreetReason | 'online' | 'offline-cached' | 'offline-none' | 'rejected';

/** The status line for a state. */
export function stateText(lang: Lang, state: StreetState): string {
  switch (state) {
    case 'no-key':
      return L(
        lang,
        '未设置天地图密钥：只显示内置底图（没有街道）。填入机关的天地图密钥（tk）即可显示街道。',
        'No 天地图 key set: only the embedded basemap is shown (no streets). Enter the agency’s 天地图 key (tk) to show streets.',
      );
    case 'off':
      return L(lang, '街道图层已关闭：只显示内置底图。', 'Street layer off: only the embedded basemap is shown.');
    case 'bad-template':
      return L(
        lang,
        'XYZ 模板无效（需以 http(s):// 开头并含 {z} {x} {y}）：只显示内置底图。',
        'The XYZ template is not valid (it must start with http(s):// and hold {z} {x} {y}): only the embedded basemap is shown.',
      );
    case 'bad-host':
      return L(
        lang,
        '天地图服务地址无效：只显示内置底图。',
        'The 天地图 address is not valid: only the embedded basemap is shown.',
      );
    case 'online':
      return L(
        lang,
        '街道图层：在线（看过的图块会保存在本机）。',
        'Street layer: online (tiles you see are kept on this device).',
      );
    case 'offline-cached':
      return L(
        lang,
        '无网络：显示本机保存的街道图块；没有保存的地方只显示内置底图。',
        'No network: showing the street tiles saved on this device; elsewhere only the embedded basemap.',
      );
    case 'offline-none':
      return L(
        lang,
        '无网络，这里没有保存的街道图块：只显示内置底图。',
        'No network and no street tiles saved here: only the embedded basemap is shown.',
      );
    case 'rejected':
      return L(
        lang,
        '地图服务拒绝了密钥（HTTP 403）：只显示内置底图。请检查天地图密钥。',
        'The map service refused the key (HTTP 403): only the embedded basemap is shown. Check the 天地图 key.',
      );
  }
}

/** Why a download did not finish. */
export function failureText(lang: Lang, error: unknown, aborted: boolean): string {
  if (aborted)
    return L(lang, '已取消下载：这次下载的图块已删除。', 'Download cancelled: the tiles it had saved were removed.');
  if (isQuotaError(error))
    return L(
      lang,
      '本机存储空间不足，下载未完成（已删除这次的图块）。',
      'Not enough storage on this device: download not finished (its tiles were removed).',
    );
  if (error instanceof TileFetchError && error.failure === 'rejected')
    return L(
      lang,
      '地图服务拒绝了密钥（HTTP 403），下载已停止。请检查天地图密钥。',
      'The map service refused the key (HTTP 403); download stopped. Check the 天地图 key.',
    );
  if (error instanceof TileFetchError && error.failure === 'network')
    return L(
      lang,
      '网络中断，下载未完成（已删除这次的图块）。有网络时再试。',
      'The network dropped: download not finished (its tiles were removed). Try again with a network.',
    );
  return L(lang, `下载失败：${errorWords(error, lang)}`, `Download failed: ${(error as Error).message}`);
}

/** Bytes as MB (GB past 1 GiB), one decimal. */
export function mb(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** A count with the language's digit grouping. */
export function count(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
}
