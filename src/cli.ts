/**
 * coalzone on the command line: the same src/geo and src/io as the app, from Node.
 *
 *   coalzone check FILE [--crs wgs84|gcj02|bd09] [--format csv|json] [--accuracy M] [--lng COL --lat COL] [--zone FILE]…
 *   coalzone route FILE… [--crs …] [--format csv|json] [--accuracy M] [--zone FILE]…
 *   coalzone point "113.30, 40.09" [--crs …] [--accuracy M]
 *   coalzone zones validate [FILE…] | coalzone zones list
 *   coalzone records verify BACKUP.zip
 *   coalzone permits check REGISTER.csv [--at 2026-12-01]
 *
 * Exit codes, one meaning each: 0 answer given; 1 refused or invalid (a zone file, a backup, a permit
 * register); 2 bad usage or unreadable input (no such file, not the format it claims); 3 internal error (a
 * bug of ours: one line, no stack unless COALZONE_DEBUG=1).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCheck } from './cli/check-command.ts';
import { errorLine, reasonLine } from './cli/error-line.ts';
import { embeddedZones, zonesFromFiles } from './cli/node-files.ts';
import { runZonesList, runZonesValidate } from './cli/zones-command.ts';
import { CoalzoneError } from './errors.ts';
import { classifyPointInZones } from './geo/classify-point.ts';
import { type Crs, parseCrs, toWgs84 } from './geo/convert-crs.ts';
import { parseCoordinates } from './geo/parse-coordinates.ts';

const USAGE = `coalzone — 大同市“禁煤区”地理围栏 / Datong coal-ban zone geofence

  coalzone check FILE      每个点一行答案 / one answer per point (CSV, GeoJSON; "-" reads CSV from stdin)
  coalzone route FILE…     轨迹是否进入 / does a track enter (GPX, KML, GeoJSON, CSV with time)
  coalzone point "LNG, LAT"  一个坐标 / one typed coordinate (decimal or 度分秒, either order)
  coalzone zones validate [FILE…]   检查区域文件 / validate zone files (default: data/zones)
  coalzone zones list
  coalzone zones trace --roads FILE… [--out ZONE.geojson] [--crs …] [--name-field F] [--points RECORDS.csv]
                                      按通告文字沿道路数据描绘边界 / trace the zone along roads (.osm.pbf, .osm, Overpass JSON, GeoJSON, Shapefile .zip)
  coalzone zones import BOUNDARY [--crs …] [--out ZONE.geojson] [--precision M]
                                      导入主管部门的边界 / import the authority's polygon (GeoJSON, KML/KMZ, GPX, Shapefile .zip, DXF)
  coalzone zones diff OLD.geojson NEW.geojson [--points RECORDS.csv | --records BACKUP.zip] [--format json]
                                      两个版本之差 / added and removed km², largest move, records whose answer flips
  coalzone zones keygen --out KEY.json --authority NAME --zone ZONE_ID   发布者密钥 / a publisher's key pair
  coalzone zones publish ZONE.geojson --key KEY.json --sequence N [--note TEXT] [--out PACKAGE.json]
                                      签名发布 / sign a zone package for the phones
  coalzone zones verify PACKAGE.json [--trust TRUSTED.json] [--active-sequence N]
  coalzone zones diff-code BASE.package.json NEW.package.json [--out CODE.png]
                                      小范围修改的二维码 / a small change as one QR code for phones with BASE
                                      手机会如何判断此发布包 / what a phone would say of a package
  coalzone records verify BACKUP.zip [--anchor HEAD.json|OLDER.zip] [--trust KEY.pub.json]
                                      检查备份包、签名与审计链 / verify a backup, its signature and audit chain
  coalzone permits check REGISTER.csv [--at DATE]  检查通行证登记表 / check a permit register (exit 1 if refused)

options: --crs wgs84|gcj02|bd09 (input coordinates; amap/tencent = gcj02, baidu = bd09)
         --format csv|json   --accuracy METRES   --lng COLUMN --lat COLUMN   --zone FILE (repeatable)

退出码 / exit codes: 0 已给出答案 answer given · 1 拒绝或无效 refused or invalid ·
         2 用法错误或无法读取 bad usage or unreadable input · 3 内部错误 internal error
`;

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    out.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  try {
    // zones trace reads its own CRSs (Gauss-Krüger, CGCS2000) in trace-command.ts.
    const crs = command === 'zones' && (rest[0] === 'trace' || rest[0] === 'import') ? 'WGS84' : readCrs(values.crs);
    const accuracyM = Number(values.accuracy ?? 0);
    if (!(accuracyM >= 0))
      throw new CoalzoneError('INVALID_ARGUMENT', `--accuracy must be metres ≥ 0, got ${values.accuracy}`);
    const format = values.format === 'json' ? 'json' : 'csv';
    if (values.format !== undefined && values.format !== 'json' && values.format !== 'csv')
      throw new CoalzoneError('INVALID_ARGUMENT', `--format must be csv or json, got ${values.format}`);
    const zones = () => (values.zone && values.zone.length > 0 ? zonesFromFiles(values.zone) : embeddedZones());
    switch (command) {
      case 'check': {
        if (rest.length !== 1) throw new CoalzoneError('INVALID_ARGUMENT', 'check takes one FILE (or "-" for stdin)');
        const opts = { crs, format, accuracyM, lngColumn: values.lng, latColumn: values.lat } as const;
        await runCheck(rest[0] as string, zones(), opts, out, err);
        return 0;
      }
      case 'route': {
        if (rest.length === 0) throw new CoalzoneError('INVALID_ARGUMENT', 'route takes one or more FILEs');
        await (await import('./cli/route-command.ts')).runRoute(rest, zones(), { crs, format, accuracyM }, out, err);
        return 0;
      }
      case 'point':
        return runPoint(rest.join(' '), crs, accuracyM, zones, out, err);
      case 'records':
        if (rest[0] === 'verify' && rest.length === 2)
          return await runRecordsVerify(rest[1] as string, { anchor: values.anchor, trust: values.trust }, out, err);
        throw new CoalzoneError('INVALID_ARGUMENT', 'records takes "verify BACKUP.zip"');
      case 'permits':
        if (rest[0] === 'check' && rest.length === 2)
          return await (await import('./cli/permits-command.ts')).runPermitsCheck(
            rest[1] as string,
            values.at,
            out,
            err,
          );
        throw new CoalzoneError('INVALID_ARGUMENT', 'permits takes "check REGISTER.csv"');
      case 'zones':
        if (rest[0] === 'validate') return runZonesValidate(rest.slice(1), out) ? 0 : 1;
        if (rest[0] === 'trace' && rest.length === 1)
          return await (await import('./cli/trace-command.ts')).runTrace(
            {
              roads: values.roads ?? [],
              crs: values.crs,
              nameField: values['name-field'],
              spec: values.spec,
              zone: values.zone?.[0],
              points: values.points,
              out: values.out,
              format,
            },
            out,
            err,
          );
        if (rest[0] === 'import' && rest.length === 2)
          return await (await import('./cli/trace-command.ts')).runImportBoundary(
            rest[1] as string,
            { crs: values.crs, out: values.out, zone: values.zone?.[0], precision: values.precision },
            out,
            err,
          );
        if (rest[0] === 'list') {
          runZonesList(out);
          return 0;
        }
        if (rest[0] === 'keygen' && rest.length === 1)
          return await (await publishing()).runKeygen(
            { out: values.out, authority: values.authority, zoneIds: values.zone ?? [] },
            out,
          );
        if (rest[0] === 'publish' && rest.length === 2)
          return await (await publishing()).runPublish(
            rest[1] as string,
            { key: values.key, sequence: values.sequence, note: values.note, out: values.out },
            out,
          );
        if (rest[0] === 'verify' && rest.length === 2)
          return await (await publishing()).runVerifyPackage(
            rest[1] as string,
            { trust: values.trust?.[0], activeSequence: values['active-sequence'] },
            out,
          );
        if (rest[0] === 'diff' && rest.length === 3)
          return await (await publishing()).runDiff(
            rest[1] as string,
            rest[2] as string,
            { points: values.points, records: values.records, format },
            out,
            (await import('./cli/trace-command.ts')).readReportPoints,
          );
        if (rest[0] === 'diff-code' && rest.length === 3)
          return await (await import('./cli/zone-code-command.ts')).runDiffCode(
            rest[1] as string,
            rest[2] as string,
            { out: values.out },
            out,
          );
        throw new CoalzoneError(
          'INVALID_ARGUMENT',
          'zones takes "validate", "list", "trace --roads FILE…", "import FILE", "keygen", "publish ZONE", "verify PACKAGE", "diff OLD NEW" or "diff-code BASE.package NEW.package"',
        );
      default:
        throw new CoalzoneError('INVALID_ARGUMENT', `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof CoalzoneError) {
      // The readers know no file names: name the file here unless the message does already.
      err.write(errorLine(error, error.code === 'INVALID_ARGUMENT' ? undefined : fileOf(command, rest)));
      return 2;
    }
    return internalError(error, err);
  }
}

/** The one input file a command reads, as its arguments name it (several files name themselves). */
function fileOf(command: string, rest: readonly string[]): string | undefined {
  if (command === 'check' || (command === 'route' && rest.length === 1)) return rest[0];
  if ((command === 'records' || command === 'permits' || command === 'zones') && rest.length === 2) return rest[1];
  return undefined;
}

/** A failure nobody planned for: one line naming it (the stack only with COALZONE_DEBUG=1), exit 3. */
export function internalError(error: unknown, err: NodeJS.WritableStream = process.stderr): number {
  if (process.env.COALZONE_DEBUG === '1') err.write(`${(error as Error)?.stack ?? String(error)}\n`);
  const message = error instanceof Error ? error.message : String(error);
  err.write(`coalzone: 内部错误 / internal error: ${message.split('\n')[0]}\n`);
  return 3;
}

/** The commands other than check and point load what they need when run: the tracer, the zone publishing and
 *  the records' readers pull in XML, Shapefile, DXF, zip and clipping libraries that `check` never uses, and
 *  loading them at start cost every run ~90 ms (issue 12's end-to-end figures). */
const publishing = () => import('./cli/zone-publish-command.ts');

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      crs: { type: 'string' },
      format: { type: 'string' },
      accuracy: { type: 'string' },
      lng: { type: 'string' },
      lat: { type: 'string' },
      zone: { type: 'string', multiple: true },
      at: { type: 'string' },
      anchor: { type: 'string' },
      trust: { type: 'string', multiple: true },
      roads: { type: 'string', multiple: true },
      out: { type: 'string' },
      spec: { type: 'string' },
      points: { type: 'string' },
      'name-field': { type: 'string' },
      precision: { type: 'string' },
      key: { type: 'string' },
      authority: { type: 'string' },
      sequence: { type: 'string' },
      note: { type: 'string' },
      records: { type: 'string' },
      'active-sequence': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Verifies a backup bundle: files, hashes, chain, photos, signature; --anchor and --trust as given. */
async function runRecordsVerify(
  path: string,
  options: { anchor?: string; trust?: string[] },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  return (await import('./cli/records-verify-command.ts')).runRecordsVerifyCommand(path, options, out, err);
}

function readCrs(name: string | undefined): Crs {
  if (name === undefined) return 'WGS84';
  const crs = parseCrs(name);
  if (!crs) throw new CoalzoneError('INVALID_ARGUMENT', `--crs must be wgs84, gcj02 or bd09, got "${name}"`);
  return crs;
}

function runPoint(
  text: string,
  crs: Crs,
  accuracyM: number,
  zones: () => ReturnType<typeof embeddedZones>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): number {
  const parsed = parseCoordinates(text);
  if (!parsed.ok) {
    err.write(reasonLine(parsed.reason));
    return 2;
  }
  const [lng, lat] = crs === 'WGS84' ? [parsed.lng, parsed.lat] : toWgs84([parsed.lng, parsed.lat], crs);
  const loaded = zones();
  const result = classifyPointInZones(
    loaded.map((z) => z.index),
    lng,
    lat,
    { accuracyM: Math.max(accuracyM, parsed.accuracyM) },
  );
  if (!result.ok) {
    err.write(reasonLine(result.reason));
    return 2;
  }
  const word = {
    inside: '区内 inside',
    outside: '区外 outside',
    near: '临界 near the line — 请现场核实 check on site',
  }[result.status];
  out.write(`${word}\n`);
  out.write(`read as ${parsed.order} (${parsed.orderBy}); WGS-84 ${lng.toFixed(6)}, ${lat.toFixed(6)}\n`);
  for (const z of result.zones) {
    const side = z.nearestSide ? `${z.nearestSide.name.zh} ${z.nearestSide.clause}` : '';
    out.write(
      `${z.zoneId}@${z.zoneVersion} (${z.zoneStatus}): ${z.status}, ${Math.abs(z.signedDistanceM).toFixed(0)} m ${z.signedDistanceM >= 0 ? 'inside' : 'outside'} the traced line, ±${z.uncertaintyM.toFixed(0)} m; nearest side: ${side}\n`,
    );
  }
  if (result.status === 'near') out.write('生态环境局 / Ecology and Environment Bureau: 0352-5022085, 0352-5020288\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.exitCode = internalError(error);
    },
  );
}
