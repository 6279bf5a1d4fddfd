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

/** Field names of the record forms, for "… 为必填项" (the form's own labels, short). */
const FIELD_ZH: Record<string, string> = {
  name: '名称',
  operator: '经营者',
  address: '地址',
  mode: '经营方式',
  sells: '销售品种',
  phone: '电话',
  type: '类型',
  owner: '使用者',
  conversion: '改造方式',
  what: '违规类型',
  description: '情况说明',
  observedAt: '发现时间',
  contactName: '举报人姓名',
  contactPhone: '举报人电话',
  category: '企业类别',
  permitNumber: '许可证号',
  checkpoint: '卡点',
  plate: '车牌',
  vehicleType: '车型',
  coalType: '煤种',
  tonnage: '吨数',
  origin: '起点',
  destination: '目的地',
  permitResult: '通行证核查结果',
  outcome: '处理结果',
  road: '道路',
  notes: '备注',
  location: '位置',
};

/** A record validation error (src/records/validate-record.ts: path, code, English message) in words. */
export function recordReasonWords(reason: { code: string; message: string; path?: string }, lang: Lang): string {
  if (lang === 'en') return reason.message;
  const field = (reason.path ?? '')
    .replace(/^fields\./, '')
    .replace('contact.phone', 'contactPhone')
    .replace('contact.name', 'contactName');
  const label = FIELD_ZH[field] ?? FIELD_ZH[field.split('.')[0] ?? ''] ?? field;
  switch (reason.code) {
    case 'REQUIRED':
      return `${label}为必填项`;
    case 'TOO_LONG':
      return `${label}太长（最多 2000 字）`;
    case 'NOT_ALLOWED':
      return `${label}的取值不在可选项中`;
    case 'BAD_PHONE':
      return `${label}不是电话号码（例：13812345678 或 0352-5022085）`;
    case 'BAD_TIME':
      return `${label}不是有效的日期和时间`;
    case 'NOT_A_LIST':
      return `${label}应为列表`;
    case 'BAD_SOURCE':
      return '位置来源无效（应为 GPS、地图点选、输入坐标或地名）';
    case 'UNKNOWN_KIND':
      return '未知的记录类型';
    default:
      return COORDINATE_ZH[reason.code] ?? messageWords(reason.message, lang);
  }
}

/** English messages of src/io, src/store and the photo resizer, by pattern → the same in Chinese. File names
 *  and numbers are kept. Ordered: the first pattern that matches wins. */
const MESSAGE_ZH: [RegExp, string][] = [
  [/^(.+) is not a PMTiles archive$/, '$1 不是 PMTiles 底图文件'],
  [/^(.+) is PMTiles version (\d+); version 3 is needed$/, '$1 是 PMTiles 第 $2 版，需要第 3 版'],
  [
    /^not enough storage on this device for (.+) \((\d+) bytes\); the previous basemap is kept$/,
    '本机存储空间不足，放不下 $1（$2 字节）；原来的底图保留',
  ],
  [/^(.+) is not an image this browser can read$/, '$1 不是本浏览器能读取的图片'],
  [/^this browser cannot draw images$/, '此浏览器无法处理图片'],
  [/^the photo could not be encoded$/, '照片无法压缩保存'],
  [
    /^(.+): unsupported file type "(.*)" \(use \.csv, \.geojson, \.gpx or \.kml\)$/,
    '$1：不支持的文件类型“$2”（请用 .csv、.geojson、.gpx 或 .kml）',
  ],
  [
    /^(.+) is (\d+) MiB; GPX, KML and GeoJSON files are limited to (\d+) MiB \(CSV has no limit\)$/,
    '$1 有 $2 MiB；GPX、KML、GeoJSON 文件最大 $3 MiB（CSV 不限）',
  ],
  [/^(.+) is not valid JSON \(line (\d+)\).*$/, '$1 不是有效的 JSON（第 $2 行）'],
  [/^(.+) is not valid JSON.*$/, '$1 不是有效的 JSON'],
  [/^not valid (GPX|KML)\b.*\(line (\d+)\)$/, '不是有效的 $1 文件（第 $2 行）'],
  [/^not valid (GPX|KML)\b.*$/, '不是有效的 $1 文件'],
  [/^not a (GPX|KML) file: the root element is <(.+)>$/, '不是 $1 文件：根元素是 <$2>'],
  [/^the file holds no track\b.*$/, '文件里没有轨迹（GeoJSON LineString、GPX 的 <trk>/<rte> 或 KML 的 LineString）'],
  [/^a track CSV needs separate longitude and latitude columns$/, '轨迹 CSV 需要单独的经度列和纬度列'],
  [/^the CSV is empty$/, 'CSV 文件是空的'],
  [/^a quoted field opened on line (\d+) is never closed$/, '第 $1 行开始的引号字段没有结束'],
  [/^no column named "(.+)" \(columns: (.*)\)$/, '没有名为“$1”的列（现有列：$2）'],
  [/^(.+): not a zip file\b.*$/i, '$1 不是 zip 文件'],
  [/^not a zip file\b.*$/i, '不是 zip 文件'],
  [/^The operation was aborted$/, '操作已取消'],
  [
    /^no longitude\/latitude columns found \(.*columns: (.*)\)$/,
    '找不到经度、纬度列（列名应为 经度 或 lng，纬度 或 lat；现有列：$1）',
  ],
  [/^Failed to fetch$/, '网络连接失败'],
];

/** Mostly Chinese: a message of the core that already speaks Chinese (a Latin column name or two inside is
 *  fine; an English sentence quoting 经度 is not). */
const isChinese = (text: string) => {
  const cjk = text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= latin;
};

/** An English message from the core in the reader's language. Chinese: the known patterns translated; a
 *  message that already speaks Chinese as is; anything else is shown as what it is, an untranslated English
 *  message (tests/e2e/messages-zh.test.ts fails on it: add its pattern above). */
export function messageWords(message: string, lang: Lang): string {
  if (lang === 'en' || isChinese(message)) return message;
  for (const [pattern, zh] of MESSAGE_ZH) if (pattern.test(message)) return message.replace(pattern, zh);
  return `未译的英文消息：${message}`;
}

/** A thrown error in the reader's language: its own Chinese (detail.zh / zh) when it carries one, else its
 *  message through messageWords. */
export function errorWords(error: unknown, lang: Lang): string {
  const e = error as { message?: unknown; zh?: unknown; detail?: { zh?: unknown } } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (lang === 'zh') {
    const zh = typeof e?.zh === 'string' ? e.zh : typeof e?.detail?.zh === 'string' ? e.detail.zh : null;
    if (zh) return zh;
  }
  return messageWords(message, lang);
}
