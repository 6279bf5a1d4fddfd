/**
 * UI text, zh-CN first with English. Plain dictionaries; `t(key, values)` fills {placeholders}. Text from
 * records or files never goes through here as HTML: views set textContent.
 */
import { messageWords } from './reason-words.ts';

export type Lang = 'zh' | 'en';

/** Picks the text for the language: views write short texts inline as L(lang, '中文', 'English'). */
export const L = (lang: Lang, zh: string, en: string): string => (lang === 'zh' ? zh : en);

const zh = {
  title: '大同市禁煤区查询',
  subtitle: '同政函〔2024〕106号 · 边界为临时描绘（非官方地图）',
  provisional: '临时描绘：边界按通告文字推定，靠近边界时请现场核实',
  waysTitle: '查询一个地点',
  gps: '用我的位置（GPS）',
  gpsWaiting: '正在定位…',
  gpsDenied: '无法获取位置：{reason}。请在地图上点选，或输入坐标。',
  tapHint: '或在地图上点一下',
  typedLabel: '输入坐标或粘贴地图分享链接',
  typedPlaceholder: '例：40.0920, 113.3000 或 北纬40°05′31″ 东经113°18′',
  crsLabel: '坐标来源',
  crsWgs: 'GPS / 奥维（WGS-84）',
  crsGcj: '高德 / 腾讯（GCJ-02）',
  crsBd: '百度（BD-09）',
  check: '查询',
  searchLabel: '搜索地名',
  searchPlaceholder: '地名、拼音或首字母，如 大同站 / dtz',
  searchNone: '没有找到“{q}”。请在地图上点选或输入坐标。',
  placeUnknown: '“{name}”位置未知：我们知道这个名称，但没有可靠坐标，不做猜测。请在地图上点选或输入坐标。',
  unknownLocation: '位置未知',
  mapUnavailable: '地图无法显示：{reason}。查询仍可用（输入坐标、定位或搜索地名）。',
  pickOnMap: '在地图上点选这个地方',
  pickOnMapHint: '请在地图上点一下“{name}”所在的位置。',
  fromNetwork: '来自网络（天地图）',
  fromNetworkTitle: '来自网络（天地图，需联网）',
  fromRecords: '本机记录',
  onlineSearching: '正在联网搜索（天地图）…',
  onlineFailed: '网络搜索暂不可用：{reason}。以上是离线结果。',
  tabCheck: '查询',
  tabRecords: '记录',
  tabCheckpoints: '卡点',
  tabZones: '区域',
  landmarks: '地标与道路',
  bandWidth: '这段边界是推定的，真实边界可能在橙色带内任何位置（±{unc} 米）。',
  sharedLink: '来自分享链接',
  inside: '在禁煤区内',
  outside: '在禁煤区外',
  near: '靠近边界，无法确定',
  nearDetail:
    '这里的推定边界误差约 ±{unc} 米，地面上没有标志可以核对。请致电大同市生态环境局确认：0352-5022085、0352-5020288。',
  reportOpen: '举报违规用煤',
  reportHere: '举报此处的违规用煤',
  gpsVague: '定位不准（±{acc} 米），无法据此判断。请到室外开阔处重试，或在地图上点选、输入地址坐标。',
  gpsFix: '定位时间 {time}（{age} 秒前）',
  distanceInside: '距边界约 {d} 米（区内）',
  distanceOutside: '距边界约 {d} 米（区外）',
  nearestSide: '最近的边界：{side}',
  clause: '通告原文：{clause}',
  uncertainty: '误差：边界 ±{edge} 米，定位 ±{acc} 米',
  uncertaintyLine: '误差：此处推定边界 ±{edge} 米',
  banned: '区内除煤电、集中供热和原料用煤企业外，禁止储存、销售、燃用煤炭及其制品。',
  exempt: '豁免：煤电、集中供热、原料用煤企业。',
  call: '咨询或举报：生态环境局',
  share: '分享此结果',
  copyLink: '复制链接',
  copied: '已复制',
  zoneVersion: '区域版本：{v}（{status}）',
  statusProvisional: '临时描绘',
  source: '位置来源：{source}',
  sourceGps: 'GPS',
  sourceMap: '地图点选',
  sourceTyped: '输入坐标',
  sourcePlace: '地名',
  readAsLngLat: '按“经度, 纬度”读取',
  readAsLatLng: '按“纬度, 经度”读取',
  readAsAmap: '高德地图链接（已由 GCJ-02 换算）',
  readAsBaidu: '百度地图链接（已由 BD-09 换算）',
  readAsTencent: '腾讯地图链接（已由 GCJ-02 换算）',
  readAsGeo: 'geo: 链接（GPS 坐标）',
  basemapTitle: '底图与街道地图',
  basemapLoad: '载入更完整的底图（.pmtiles 文件）',
  basemapLoaded: '已载入底图：{name}（{size}），离线保存',
  basemapRemove: '移除',
  basemapError: '无法使用这个文件：{reason}',
  updateReady: '有新版本。重新加载即可更新，已保存的数据不会丢失。',
  reload: '重新加载',
  offlineReady: '已可离线使用',
  language: 'English',
  sideInfo: '{side}：{clause}（误差 ±{unc} 米）',
  invalid: '无法识别：{message}',
};

type Dict = typeof zh;

const en: Dict = {
  title: 'Datong coal-ban zone check',
  subtitle: 'Notice 同政函〔2024〕106号 · boundary is a provisional trace (not the official map)',
  provisional: 'Provisional trace: the boundary is inferred from the notice’s words; check on site near the line',
  waysTitle: 'Check a place',
  gps: 'Use my location (GPS)',
  gpsWaiting: 'Locating…',
  gpsDenied: 'No location: {reason}. Tap the map or type coordinates.',
  tapHint: 'or tap the map',
  typedLabel: 'Type coordinates or paste a map share link',
  typedPlaceholder: 'e.g. 40.0920, 113.3000 or N40°05′31″ E113°18′',
  crsLabel: 'Coordinates from',
  crsWgs: 'GPS / Ovital (WGS-84)',
  crsGcj: 'Amap / Tencent (GCJ-02)',
  crsBd: 'Baidu (BD-09)',
  check: 'Check',
  searchLabel: 'Search places',
  searchPlaceholder: 'Name, pinyin or initials, e.g. 大同站 / dtz',
  searchNone: 'Nothing found for “{q}”. Tap the map or type coordinates.',
  placeUnknown:
    '“{name}”: location unknown — we know the name but have no reliable coordinate, and do not guess. Tap the map or type coordinates.',
  unknownLocation: 'location unknown',
  mapUnavailable: 'Map unavailable: {reason}. Checks still work (typed coordinates, GPS or place search).',
  pickOnMap: 'Pick this place on the map',
  pickOnMapHint: 'Tap where “{name}” is on the map.',
  fromNetwork: 'from the network (天地图)',
  fromNetworkTitle: 'From the network (天地图, online)',
  fromRecords: 'this device’s records',
  onlineSearching: 'Searching online (天地图)…',
  onlineFailed: 'Online search unavailable: {reason}. The results above are offline.',
  tabCheck: 'Check',
  tabRecords: 'Records',
  tabCheckpoints: 'Checkpoints',
  tabZones: 'Zone',
  landmarks: 'Landmarks and roads',
  bandWidth: 'This stretch is traced, not surveyed: the real line may lie anywhere in the orange band (±{unc} m).',
  sharedLink: 'from a shared link',
  inside: 'Inside the coal-ban zone',
  outside: 'Outside the coal-ban zone',
  near: 'Near the line — too close to call',
  nearDetail:
    'The traced line here is uncertain by ±{unc} m and nothing on the ground marks it. Call the Ecology and Environment Bureau to confirm: 0352-5022085, 0352-5020288.',
  reportOpen: 'Report a coal violation',
  reportHere: 'Report a violation here',
  gpsVague:
    'The phone’s position is too vague (±{acc} m) to tell. Try again outdoors in the open, or tap the map or type coordinates.',
  gpsFix: 'fix at {time} ({age} s ago)',
  distanceInside: '≈ {d} m inside the traced line',
  distanceOutside: '≈ {d} m outside the traced line',
  nearestSide: 'Nearest side: {side}',
  clause: 'Notice text: {clause}',
  uncertainty: 'Uncertainty: line ±{edge} m, position ±{acc} m',
  uncertaintyLine: 'Uncertainty: the traced line here ±{edge} m',
  banned:
    'Inside the zone, storing, selling and burning coal and coal products is banned, except for coal power, central heating and feedstock-coal enterprises.',
  exempt: 'Exempt: coal power, central heating, feedstock-coal enterprises.',
  call: 'Questions or reports: Ecology and Environment Bureau',
  share: 'Share this answer',
  copyLink: 'Copy link',
  copied: 'Copied',
  zoneVersion: 'Zone version: {v} ({status})',
  statusProvisional: 'provisional trace',
  source: 'Position from: {source}',
  sourceGps: 'GPS',
  sourceMap: 'map tap',
  sourceTyped: 'typed coordinates',
  sourcePlace: 'place name',
  readAsLngLat: 'read as longitude, latitude',
  readAsLatLng: 'read as latitude, longitude',
  readAsAmap: 'an Amap link (converted from GCJ-02)',
  readAsBaidu: 'a Baidu Maps link (converted from BD-09)',
  readAsTencent: 'a Tencent Maps link (converted from GCJ-02)',
  readAsGeo: 'a geo: link (GPS coordinates)',
  basemapTitle: 'Basemap and street maps',
  basemapLoad: 'Load a fuller basemap (.pmtiles file)',
  basemapLoaded: 'Basemap loaded: {name} ({size}), kept offline',
  basemapRemove: 'Remove',
  basemapError: 'Cannot use this file: {reason}',
  updateReady: 'A new version is ready. Reload to update; nothing stored is lost.',
  reload: 'Reload',
  offlineReady: 'Ready to work offline',
  language: '中文',
  sideInfo: '{side}: {clause} (±{unc} m)',
  invalid: 'Not understood: {message}',
};

/** Message keys. */
export type MessageKey = keyof Dict;

const dictionaries: Record<Lang, Dict> = { zh, en };

/** The text for a key, with {name} placeholders filled. */
export function t(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The language from the URL (?lang=en), then storage, then zh. */
export function initialLang(search: string, stored: string | null): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  return stored === 'en' ? 'en' : 'zh';
}

/** A refused file or failed check in the user's language. Evidence problems (src/records/verify-evidence.ts,
 *  src/io/backup-bundle.ts) carry a reason code, the English message and the zh-CN one; in Chinese both are
 *  shown (the English names the entry exactly, and is what an officer forwards to support). */
export function problemText(lang: Lang, problem: { message: string; zh?: unknown; detail?: unknown }): string {
  const detail = (problem.detail ?? {}) as { zh?: unknown; reason?: unknown };
  const zhText = typeof problem.zh === 'string' ? problem.zh : typeof detail.zh === 'string' ? detail.zh : null;
  const reason = typeof detail.reason === 'string' ? ` [${detail.reason}]` : '';
  if (lang === 'en') return `${problem.message}${reason}`;
  // No Chinese of its own: the known English messages translated (reason-words.ts), never English alone.
  if (!zhText) return `${messageWords(problem.message, 'zh')}${reason}`;
  return `${zhText}${reason}（${problem.message}）`;
}
