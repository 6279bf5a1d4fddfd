/**
 * The answer card: inside / outside / near, the distance, the nearest side and its clause, what is banned
 * and who is exempt, tap-to-call numbers, the zone version, and a shareable link with a QR code. Built with
 * textContent only.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import { el, replaceChildren } from './dom.ts';
import { type Lang, t } from './i18n.ts';

/** Where the point came from, for the card. */
export type LocationSource = 'gps' | 'map' | 'typed' | 'place';

/** Everything the card shows. */
export interface CardInput {
  answer: PointAnswer;
  lng: number;
  lat: number;
  source: LocationSource;
  /** How typed text was read ("lat,lng", "amap") or the place name. */
  note: string | null;
  link: string;
}

const PHONES = [
  { label: '0352-5022085', tel: '+863525022085' },
  { label: '0352-5020288', tel: '+863525020288' },
];

/** Renders the card into `card`. */
export function renderAnswerCard(card: HTMLElement, input: CardInput, lang: Lang): void {
  const { answer } = input;
  const d = Math.round(Math.abs(answer.signedDistanceM));
  const sourceKey = ({ gps: 'sourceGps', map: 'sourceMap', typed: 'sourceTyped', place: 'sourcePlace' } as const)[
    input.source
  ];
  const side = answer.nearestSide ? `${lang === 'zh' ? answer.nearestSide.name.zh : answer.nearestSide.name.en}` : '—';
  const qr = el('canvas', { class: 'qr', 'aria-hidden': 'true' });
  const copy = el('button', { type: 'button', class: 'secondary' }, t(lang, 'copyLink'));
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(input.link).then(() => {
      copy.textContent = t(lang, 'copied');
    });
  });
  const share = el(
    'details',
    { class: 'share' },
    el('summary', {}, t(lang, 'share')),
    el('p', {}, el('a', { href: input.link, 'data-testid': 'share-link' }, input.link)),
    copy,
    qr,
  );
  share.addEventListener('toggle', () => drawQr(qr, input.link), { once: true });
  card.dataset.status = answer.status;
  replaceChildren(
    card,
    el('h2', { class: `verdict ${answer.status}`, 'data-testid': 'verdict' }, t(lang, answer.status)),
    answer.status === 'near'
      ? el('p', { class: 'near-detail' }, t(lang, 'nearDetail', { unc: Math.round(answer.edgeUncertaintyM) }))
      : null,
    el(
      'p',
      { 'data-testid': 'distance' },
      t(lang, answer.signedDistanceM >= 0 ? 'distanceInside' : 'distanceOutside', { d }),
    ),
    el('p', {}, t(lang, 'nearestSide', { side })),
    answer.nearestSide
      ? el('p', { class: 'clause', lang: 'zh-CN' }, t(lang, 'clause', { clause: answer.nearestSide.clause }))
      : null,
    el(
      'p',
      { class: 'uncertainty' },
      // "定位 ±0 米" says nothing (a typed or shared point has no GPS error): the position's part only when real.
      answer.accuracyM >= 1
        ? t(lang, 'uncertainty', { edge: Math.round(answer.edgeUncertaintyM), acc: Math.round(answer.accuracyM) })
        : t(lang, 'uncertaintyLine', { edge: Math.round(answer.edgeUncertaintyM) }),
    ),
    el(
      'p',
      { class: 'where' },
      `${t(lang, 'source', { source: t(lang, sourceKey) })} · WGS-84 ${input.lng.toFixed(6)}, ${input.lat.toFixed(6)}${input.note ? ` · ${input.note}` : ''}`,
    ),
    el('p', { class: 'rules' }, t(lang, 'banned')),
    el('p', { class: 'rules' }, t(lang, 'exempt')),
    el(
      'p',
      { class: 'call' },
      `${t(lang, 'call')}: `,
      ...PHONES.flatMap((p, i) => [i > 0 ? '、' : '', el('a', { href: `tel:${p.tel}` }, p.label)]),
    ),
    el(
      'p',
      { class: 'version' },
      t(lang, 'zoneVersion', {
        v: versionWords(answer.zoneVersion, lang),
        status: statusWords(answer.zoneStatus, lang),
      }),
    ),
    share,
  );
}

/** Draws `link` as a QR code into `canvas`; the encoder (src/ui/qr-code.ts) loads on the first opened share
 *  box, not with the first answer. A link the encoder cannot take leaves no empty box behind. */
function drawQr(canvas: HTMLCanvasElement, link: string): void {
  void import('./qr-code.ts').then(({ drawQrCode }) => drawQrCode(canvas, link)).catch(() => canvas.remove());
}

/** A zone version in words: "2024-106.trace-1" → "同政函〔2024〕106号 · 第 1 版描绘"; anything else as it is. */
export function versionWords(version: string, lang: Lang): string {
  const m = /^(\d{4})-(\d+)\.(trace|roads|official|edit)-(\d+)$/.exec(version);
  if (!m) return version;
  const [zh, en] = VERSION_KINDS[m[3] as keyof typeof VERSION_KINDS];
  return lang === 'zh'
    ? `同政函〔${m[1]}〕${m[2]}号 · 第 ${m[4]} 版${zh}`
    : `notice 同政函〔${m[1]}〕${m[2]}, ${en} ${m[4]}`;
}

/** A zone's status as people say it (never the code). */
export function statusWords(status: string, lang: Lang): string {
  const words: Record<string, [string, string]> = {
    provisional: [t('zh', 'statusProvisional'), t('en', 'statusProvisional')],
    'traced-from-roads': ['沿道路数据描绘，非官方地图', 'traced along road data, not the official map'],
    official: ['主管部门的官方边界', "the authority's official boundary"],
    'county-published': ['区县公布', 'published by the district'],
    draft: ['草稿', 'draft'],
  };
  const [zh, en] = words[status] ?? [status, status];
  return lang === 'zh' ? zh : en;
}

/** A county zone's answer at the point, with the district's name (the card does not load the outlines). */
export interface CountyZoneAnswer {
  name: { zh: string; en: string };
  answer: PointAnswer;
}

/** Lines for the districts whose own zone the point may fall under (county-slots.ts): the notice leaves those
 *  zones to the districts, and a point outside the city zone is not "allowed" while theirs is unpublished.
 *  A district whose zone answers on this phone (its package adopted) says in / out / near its zone, with
 *  the version; a county zone also answers where it says in or near though the outlines name another district. */
export function countyLines(
  slots: readonly { id: string; name: { zh: string; en: string }; published: boolean; nearBorder: boolean }[],
  zones: readonly CountyZoneAnswer[],
  lang: Lang,
): HTMLElement[] {
  const here = new Set(slots.filter((s) => s.published).map((s) => s.id));
  const answered = zones
    .filter((z) => here.has(z.answer.zoneId) || z.answer.status !== 'outside')
    .map((z) => countyZoneLine(z, lang));
  const unpublished = slots
    .filter((s) => !s.published)
    .map((s) =>
      el(
        'p',
        { class: 'county', 'data-testid': 'county-slot' },
        lang === 'zh'
          ? `此处${s.nearBorder ? '在区界附近，可能' : ''}属${s.name.zh}：${s.name.zh}自己的禁煤区范围由区人民政府公布，目前尚未公布（通告第（三）项），不能据此认为可以用煤。`
          : `This place ${s.nearBorder ? 'is near a district border and may be' : 'is'} in ${s.name.en}: that district publishes its own coal-ban zone (notice item 3), not yet published — this is no sign that coal is allowed here.`,
      ),
    );
  return [...answered, ...unpublished];
}

/** "在云州区禁煤区内 / 外 / 边界附近", the distance or the band, and the version of that zone. */
function countyZoneLine({ name, answer }: CountyZoneAnswer, lang: Lang): HTMLElement {
  const d = Math.round(Math.abs(answer.signedDistanceM));
  const u = Math.round(answer.uncertaintyM);
  const where =
    lang === 'zh'
      ? {
          inside: `在${name.zh}禁煤区内（距边界 ${d} 米）`,
          outside: `在${name.zh}禁煤区外（距边界 ${d} 米）`,
          near: `在${name.zh}禁煤区边界附近（边界 ±${u} 米，需现场核实或致电确认）`,
        }
      : {
          inside: `inside the ${name.en} coal-ban zone (${d} m from its line)`,
          outside: `outside the ${name.en} coal-ban zone (${d} m from its line)`,
          near: `near the line of the ${name.en} coal-ban zone (±${u} m: check on site or call)`,
        };
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  const version = `${versionWords(answer.zoneVersion, lang)}${open}${statusWords(answer.zoneStatus, lang)}${close}`;
  return el(
    'p',
    {
      class: `county zone-${answer.status}`,
      'data-testid': 'county-zone',
      'data-zone-id': answer.zoneId,
      'data-status': answer.status,
    },
    lang === 'zh'
      ? `此处${where[answer.status]}。${name.zh}区域版本：${version}。`
      : `This place is ${where[answer.status]}. ${name.en} zone version: ${version}.`,
  );
}

/** What each kind of version is: our reading of the words, a trace along road data, the authority's map. */
const VERSION_KINDS = {
  trace: ['描绘', 'trace'],
  roads: ['道路数据描绘', 'road-data trace'],
  official: ['官方边界', 'official boundary'],
  edit: ['编辑', 'edit'],
} as const;

/** Shows a message (an error or a notice) in the card instead of an answer. */
export function renderCardMessage(card: HTMLElement, message: string, kind: 'error' | 'info' = 'error'): void {
  card.dataset.status = kind;
  replaceChildren(
    card,
    el('p', { class: kind, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'message' }, message),
  );
}
