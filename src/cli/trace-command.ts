/**
 * `coalzone zones trace --roads FILE… [--crs …] [--name-field F] [--spec FILE] [--zone PREVIOUS]
 * [--points RECORDS.csv] [--out FILE] [--format json]`: the notice's words + road extracts → a new zone
 * version (src/trace). OSM .osm.pbf and .osm are streamed (three passes, memory bounded by the matches);
 * Overpass JSON and GeoJSON road layers are read whole. Exit 0 when a zone was traced (sides that could not
 * be traced keep the previous line and are listed), 1 when no side could be traced or the result is invalid.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { CoalzoneError, InputError, namingFile } from '../errors.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { readCsvRows } from '../io/csv-rows.ts';
import { pointsFromCsv, pointsFromGeoJson } from '../io/read-points.ts';
import { collectExtract } from '../trace/collect-extract.ts';
import { boundaryFeatures, importBoundary } from '../trace/import-boundary.ts';
import type { OsmScanner, ScanProgress } from '../trace/osm-elements.ts';
import { parseCrsName } from '../trace/project-crs.ts';
import { pbfScanner } from '../trace/read-osm-pbf.ts';
import { osmXmlScanner } from '../trace/read-osm-xml.ts';
import { overpassScanner } from '../trace/read-overpass-json.ts';
import { readRoadLayer } from '../trace/read-road-layer.ts';
import { readShapefileZip } from '../trace/read-shapefile-zip.ts';
import { mergeExtracts, type RoadExtract } from '../trace/road-extract.ts';
import { type RouteSpec, validateRouteSpec } from '../trace/route-spec.ts';
import { type ReportPoint, type TraceReport, traceReport } from '../trace/trace-report.ts';
import { traceZoneFromRoads } from '../trace/trace-zone-from-roads.ts';
import { parseJson, readWhole, textStream, writeWhole, ZONES_DIR } from './node-files.ts';

/** Options of the command. */
export interface TraceCommandOptions {
  roads: string[];
  crs?: string;
  nameField?: string;
  spec?: string;
  zone?: string;
  points?: string;
  out?: string;
  format: 'csv' | 'json';
  /** tracedAt; today (Beijing) by default. */
  date?: string;
}

const OSM_LICENCE = 'ODbL 1.0 (© OpenStreetMap contributors)';

/** `coalzone zones import BOUNDARY [--crs …] [--out FILE] [--precision M]`: the authority's own polygon.
 *  Exit 0 with a zone to review (and --out), 1 when refused (reasons listed). */
export async function runImportBoundary(
  path: string,
  options: { crs?: string; out?: string; zone?: string; precision?: string; date?: string },
  out: Writable,
  err: Writable,
): Promise<number> {
  const chosen = options.crs === undefined ? null : parseCrsName(options.crs);
  if (options.crs !== undefined && !chosen)
    throw new CoalzoneError(
      'INVALID_ARGUMENT',
      `--crs must be wgs84, gcj02, bd09, cgcs2000, epsg:4526 or epsg:4547, got "${options.crs}"`,
    );
  const precisionM = Number(options.precision ?? 5);
  if (!(precisionM > 0))
    throw new CoalzoneError('INVALID_ARGUMENT', `--precision must be metres > 0, got ${options.precision}`);
  statSafe(path);
  const bytes = new Uint8Array(readFileSync(path));
  let features: unknown[];
  let crs = chosen ?? 'WGS84';
  try {
    if (path.toLowerCase().endsWith('.zip')) {
      const layer = await readShapefileZip(bytes, basename(path), chosen);
      features = layer.document.features;
      crs = layer.crs;
    } else features = boundaryFeatures(bytes, basename(path));
  } catch (error) {
    throw namingFile(error, path, basename(path));
  }
  const zonePath = options.zone ?? new URL('datong-city-2024-106.geojson', ZONES_DIR).pathname;
  const previous = parseJson(readWhole(zonePath), zonePath) as ZoneFeature;
  const result = importBoundary(features, basename(path), crs, previous, {
    date: options.date ?? beijingToday(),
    precisionM,
  });
  for (const w of result.warnings) err.write(`⚠ [${w.code}] ${w.zh}\n⚠ [${w.code}] ${w.en}\n`);
  if (!result.zone) {
    for (const r of result.refused) out.write(`✗ [${r.code}] ${r.message}\n`);
    out.write(`${path}: 边界被拒绝，未输出 / boundary refused; nothing written\n`);
    return 1;
  }
  const ring = result.zone.geometry.coordinates[0] as number[][];
  out.write(
    `✓ ${basename(path)}: ${ring.length - 1} 个顶点 vertices (${crs} → WGS-84), 版本 version ${result.zone.properties.version}\n`,
  );
  if (options.out) {
    writeWhole(options.out, `${JSON.stringify(result.zone, null, 1)}\n`);
    err.write(`已写入 / wrote ${options.out} — 请在地图上核对后再采用 / review it on the map before adopting it\n`);
  }
  return 0;
}

/** Runs the trace; resolves to the exit code. */
export async function runTrace(options: TraceCommandOptions, out: Writable, err: Writable): Promise<number> {
  if (options.roads.length === 0)
    throw new CoalzoneError('INVALID_ARGUMENT', 'zones trace needs --roads FILE (one or more)');
  const crs = options.crs === undefined ? 'WGS84' : parseCrsName(options.crs);
  if (!crs)
    throw new CoalzoneError(
      'INVALID_ARGUMENT',
      `--crs must be wgs84, gcj02, bd09, cgcs2000 (EPSG:4490), epsg:4526 or epsg:4547, got "${options.crs}"`,
    );
  const specPath = options.spec ?? new URL('datong-city-2024-106.route-spec.json', ZONES_DIR).pathname;
  const spec = parseJson(readWhole(specPath), specPath) as RouteSpec;
  const checked = validateRouteSpec(spec);
  if (!checked.valid) {
    for (const r of checked.reasons) err.write(`✗ ${specPath} [${r.code}] ${r.path ?? ''}: ${r.message}\n`);
    return 1;
  }
  const zonePath = options.zone ?? new URL(`${spec.zone}.geojson`, ZONES_DIR).pathname;
  const previous = parseJson(readWhole(zonePath), zonePath) as ZoneFeature;
  const extracts: RoadExtract[] = [];
  for (const file of options.roads) extracts.push(await readRoads(file, spec, crs, options, err));
  const extract = mergeExtracts(extracts);
  const result = traceZoneFromRoads(spec, extract, previous, { date: options.date ?? beijingToday() });
  const points = options.points ? await readReportPoints(options.points) : [];
  const report = traceReport(result, spec, extract, previous, points);
  if (options.format === 'json')
    out.write(
      `${JSON.stringify({ version: result.zone?.properties.version ?? null, report, invalid: result.invalid }, null, 1)}\n`,
    );
  else out.write(reportText(report, result.zone?.properties.version ?? null, result.invalid));
  if (!result.zone) {
    err.write(`✗ 未从 ${options.roads.join('、')} 得到区域 / no zone from ${options.roads.join(', ')}\n`);
    return 1;
  }
  if (options.out) {
    writeWhole(options.out, `${JSON.stringify(result.zone, null, 1)}\n`);
    err.write(`已写入 / wrote ${options.out} (${result.zone.properties.version}, ${result.zone.properties.status})\n`);
  }
  return 0;
}

/** Reads one roads file; any refusal names the file. */
async function readRoads(
  file: string,
  spec: RouteSpec,
  crs: NonNullable<ReturnType<typeof parseCrsName>>,
  options: TraceCommandOptions,
  err: Writable,
): Promise<RoadExtract> {
  try {
    return await readRoadsOf(file, spec, crs, options, err);
  } catch (error) {
    throw namingFile(error, file, basename(file));
  }
}

async function readRoadsOf(
  file: string,
  spec: RouteSpec,
  crs: NonNullable<ReturnType<typeof parseCrsName>>,
  options: TraceCommandOptions,
  err: Writable,
): Promise<RoadExtract> {
  const lower = file.toLowerCase();
  const osm = lower.endsWith('.pbf') || lower.endsWith('.osm');
  if (osm && crs !== 'WGS84')
    throw new InputError('INVALID_ARGUMENT', `${file}: OpenStreetMap data is WGS-84; --crs is for GeoJSON road layers`);
  const size = statSafe(file);
  const open = () => createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  let scanner: OsmScanner | null = null;
  let format: 'osm-pbf' | 'osm-xml' | 'overpass-json' = 'osm-pbf';
  if (lower.endsWith('.pbf'))
    scanner = pbfScanner(open, size, (data, raw) => inflateSync(data, { maxOutputLength: raw }));
  else if (lower.endsWith('.osm')) {
    scanner = osmXmlScanner(open, size);
    format = 'osm-xml';
  }
  if (lower.endsWith('.zip')) {
    const zip = new Uint8Array(readFileSync(file));
    const layer = await readShapefileZip(zip, basename(file), options.crs === undefined ? null : crs);
    return readRoadLayer(
      layer.document,
      spec,
      { file: basename(file), format: 'shapefile', precisionM: 5, licence: 'as the layer states', crs: layer.crs },
      options.nameField ?? null,
    );
  }
  if (!scanner && (lower.endsWith('.json') || lower.endsWith('.geojson'))) {
    const document = parseJson(readWhole(file), file) as { elements?: unknown; type?: string };
    if (Array.isArray(document?.elements)) {
      scanner = overpassScanner(document);
      format = 'overpass-json';
    } else
      return readRoadLayer(
        document,
        spec,
        { file: basename(file), format: 'geojson', precisionM: 5, licence: 'as the layer states', crs },
        options.nameField ?? null,
      );
  }
  if (!scanner)
    throw new InputError(
      'UNSUPPORTED_FORMAT',
      `${file}: use .osm.pbf, .osm, Overpass .json, a GeoJSON road layer or a zipped Shapefile`,
    );
  const progress = progressPrinter(file, err);
  // Provenance cites the file by its name (not the path it happened to be read from).
  const source = { file: basename(file), format, precisionM: 5, licence: OSM_LICENCE, crs: 'WGS-84' };
  return await collectExtract(scanner, spec, source, { onProgress: progress });
}

function statSafe(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw new InputError('MALFORMED_FILE', `${file}: no such file`);
  }
}

/** Prints "pass 1: 40 %" lines, at most one per 10 %. */
function progressPrinter(file: string, err: Writable): (p: ScanProgress) => void {
  let last = -1;
  let pass = 0;
  return (p) => {
    if (!p.total) return;
    if (p.pass !== pass) {
      pass = p.pass;
      last = -1;
    }
    const tenth = Math.floor((10 * p.done) / p.total);
    if (tenth === last) return;
    last = tenth;
    err.write(`${file}: 第 ${p.pass} 遍 / pass ${p.pass}: ${Math.min(100, tenth * 10)} %\n`);
  };
}

export async function readReportPoints(path: string): Promise<ReportPoint[]> {
  const points: ReportPoint[] = [];
  const items = /\.(geo)?json$/i.test(path)
    ? pointsFromGeoJson(parseJson(readWhole(path), path))
    : pointsFromCsv(readCsvRows(textStream(path)));
  for await (const item of items)
    if (item.ok) points.push({ id: item.id || `line ${item.line}`, lng: item.lng, lat: item.lat });
  return points;
}

function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const SIDE_ZH: Record<string, string> = { east: '东侧', south: '南侧', west: '西侧', north: '北侧' };

/** The report as text, Chinese first. */
export function reportText(
  report: TraceReport,
  version: string | null,
  invalid: { code: string; message: string }[],
): string {
  const lines: string[] = report.warnings.flatMap((w) => [`⚠ [${w.code}] ${w.zh}`, `⚠ [${w.code}] ${w.en}`]);
  for (const s of report.sides) {
    const head = s.traced
      ? `✓ ${SIDE_ZH[s.id] ?? s.id} ${s.id}: 已沿道路描绘 traced, ${s.lengthKm.toFixed(2)} km`
      : `✗ ${SIDE_ZH[s.id] ?? s.id} ${s.id}: 未描绘，保留原线 not traced, keeps the previous line`;
    lines.push(head);
    for (const r of s.roads)
      lines.push(
        `    ${r.names.join(' / ')}: ${r.lengthKm.toFixed(2)} km${r.dual ? '（双向分离路中线 / dual carriageway centre）' : ''}`,
      );
    for (const r of s.refusals) lines.push(`    [${r.code}] ${r.zh}`, `    [${r.code}] ${r.en}`);
    for (const n of s.notes) lines.push(`    · ${n}`);
  }
  for (const c of report.checks)
    lines.push(
      c.lengthKm === null
        ? `· 校核 check ${c.id}: 未能计算 not run (${c.why})`
        : `${c.ok ? '✓' : '✗'} 校核 check ${c.id}: ${c.lengthKm.toFixed(1)} km，应约 expected ≈ ${c.expectedKm} km — ${c.description}`,
    );
  if (version) {
    lines.push(
      `新版本 new version ${version}: ${report.vertices} 个顶点 vertices, 周长 length ${report.lengthKm.toFixed(2)} km, 面积 area ${report.areaKm2.toFixed(2)} km² (此前 previous ${report.previousAreaKm2.toFixed(2)} km²)`,
    );
    if (report.largestMove)
      lines.push(
        `最大移动 largest move from the previous version: ${report.largestMove.metres.toFixed(0)} m (${report.largestMove.from} at ${report.largestMove.at.map((n) => n.toFixed(5)).join(', ')})`,
      );
    lines.push(`答案改变的记录 records whose answer changes: ${report.changed.length}`);
    for (const c of report.changed)
      lines.push(`    ${c.id} (${c.lng.toFixed(6)}, ${c.lat.toFixed(6)}): ${c.before} → ${c.after}`);
  } else if (invalid.length > 0) {
    lines.push('✗ 描绘结果不是有效的区域，未输出 / the traced ring is not a valid zone; nothing written:');
    for (const r of invalid) lines.push(`    [${r.code}] ${r.message}`);
  } else lines.push('✗ 没有一侧能从道路数据描绘，未输出 / no side could be traced from the roads; nothing written');
  return `${lines.join('\n')}\n`;
}
