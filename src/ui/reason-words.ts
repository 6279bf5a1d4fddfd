/**
 * What went wrong, in the reader's language: coordinate and map-link refusals (src/geo keeps English messages
 * with stable codes, for the CLI and logs) and the browser's geolocation errors ("User denied Geolocation"
 * is Chromium's English whatever the page's language). Chinese by code; English keeps the detailed message.
 */
import type { Lang } from './i18n.ts';

const COORDINATE_ZH: Record<string, string> = {
  EMPTY: '没有输入坐标',
  UNREADABLE: '读不出坐标：请输入“经度, 纬度”（如 113.30, 40.09，或度分秒），或粘贴地图分享链接',
  NEED_TWO_NUMBERS: '需要经度和纬度两个数',
  SAME_AXIS: '两个数标成了同一方向（都是纬度或都是经度）',
  OUT_OF_RANGE: '坐标超出有效范围（纬度 ±90°，经度 ±180°）',
  OUTSIDE_CHINA: '这个坐标不在中国境内，请检查是否输错',
  SWAPPED_LNG_LAT: '经纬度顺序好像颠倒了',
  NOT_A_NUMBER: '坐标必须是数字',
  BAD_ACCURACY: '定位精度必须是不小于 0 的米数',
  NO_COORDINATES: '这个地图链接里没有坐标：请在地图应用里分享位置后复制完整链接',
  UNKNOWN_LINK: '认不出这个链接（支持高德、百度、腾讯地图和 geo: 链接）',
  SHORT_LINK: '这是短链接，需要联网才能打开：请在地图应用里打开它，再分享坐标或完整链接',
};

/** A coordinate or link refusal for the card. */
export function coordinateReasonWords(reason: { code: string; message: string }, lang: Lang): string {
  return lang === 'zh' ? (COORDINATE_ZH[reason.code] ?? `无法识别（${reason.code}）`) : reason.message;
}

/** A GeolocationPositionError in words (1 denied, 2 unavailable, 3 timeout). */
export function geolocationWords(error: { code: number; message?: string }, lang: Lang): string {
  const zh: Record<number, string> = {
    1: '未允许使用位置：请在浏览器或系统设置里允许本站定位',
    2: '暂时无法确定位置（没有 GPS 信号）',
    3: '定位超时，请到室外重试',
  };
  const en: Record<number, string> = {
    1: 'location permission was refused: allow this site to use your location in the browser or system settings',
    2: 'the position cannot be determined right now (no GPS signal)',
    3: 'locating timed out; try again outdoors',
  };
  return (lang === 'zh' ? zh : en)[error.code] ?? (lang === 'zh' ? '定位失败' : error.message || 'location failed');
}
