/**
 * Hostile inputs for the six CLI commands, as fast-check arbitraries: real fixtures mutated (truncated,
 * bytes flipped, hostile snippets spliced in), random bytes, deep nesting, giant numbers, BOMs, invalid
 * UTF-8 and GBK, prototype-pollution keys, huge lines, bad character references, and zips with hostile
 * manifests or bombs for `records verify`. Shared by tests/fuzz/cli-fuzz.test.ts (in-process, fixed seed)
 * and scripts/fuzz-cli.ts (child processes, longer runs).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { shapefileZipEntries } from '../trace/shapefile-writer.ts';

/** The commands fuzzed. */
export const COMMANDS = [
  'check',
  'route',
  'point',
  'zones validate',
  'zones trace',
  'zones import',
  'zones verify',
  'zones diff',
  'zones diff-code',
  'records verify',
  'permits check',
] as const;
/** One of the commands fuzzed. */
export type Command = (typeof COMMANDS)[number];

/** One run: a command, its input file (name and bytes; none for `point`) and any extra arguments. */
export interface FuzzCase {
  command: Command;
  file?: { name: string; bytes: Uint8Array };
  /** For `point`: the typed text. */
  text?: string;
  extra: string[];
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, root)));
const utf8 = (text: string) => new TextEncoder().encode(text);

const FIXTURES = {
  csv: [
    read('tests/fixtures/files/tracks.csv'),
    read('tests/fixtures/files/points-gb18030.csv'),
    read('examples/points.csv'),
  ],
  gpx: [
    read('tests/fixtures/files/truck-entering.gpx'),
    read('tests/fixtures/files/malformed.gpx'),
    read('examples/truck.gpx'),
  ],
  kml: [read('tests/fixtures/files/truck-outside.kml')],
  roads: [
    read('tests/fixtures/trace/synthetic-city.osm'),
    read('tests/fixtures/trace/synthetic-city.osm.pbf'),
    read('tests/fixtures/trace/synthetic-city.overpass.json'),
  ],
  zone: [read('data/zones/datong-city-2024-106.geojson')],
  dxf: [utf8(cadBoundary())],
  zonePackage: [read('tests/fixtures/zones/synthetic-city.package.json')],
  geojson: [
    utf8(
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"鼓楼"},"geometry":{"type":"Point","coordinates":[113.3,40.092]}},{"type":"Feature","properties":{"name":"t"},"geometry":{"type":"LineString","coordinates":[[113.45,40.09],[113.3,40.09]]}}]}',
    ),
    utf8(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 7 },
            geometry: {
              type: 'MultiPoint',
              coordinates: [
                [113.3, 40.09],
                [113.6, 40.04],
              ],
            },
          },
          {
            type: 'Feature',
            properties: {
              name: '晋B12345',
              coordinateProperties: { times: [['2026-11-30T08:00:00+08:00', '2026-11-30T08:05:00+08:00']] },
            },
            geometry: {
              type: 'MultiLineString',
              coordinates: [
                [
                  [113.45, 40.09],
                  [113.3, 40.09],
                ],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { times: ['2026-11-30 08:00', '2026-11-30 08:01'] },
            geometry: {
              type: 'LineString',
              coordinates: [
                [113.2, 40.0],
                [113.3, 40.1],
              ],
            },
          },
        ],
      }),
    ),
  ],
  permits: [
    utf8(
      '通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态\nTX-1,晋B12345,甲,原煤,甲厂,2026-11-01,2027-03-31,有效\nTX-2,晋BD23456,乙,原煤,乙厂,2026-12-05,2027-03-31,作废\n',
    ),
  ],
};

/** The city zone's ring as a CAD drawing: an ASCII DXF with one closed LWPOLYLINE (degrees, so it imports). */
function cadBoundary(): string {
  const zone = JSON.parse(readFileSync(new URL('data/zones/datong-city-2024-106.geojson', root), 'utf8'));
  const ring = (
    zone.geometry.type === 'Polygon' ? zone.geometry.coordinates[0] : zone.geometry.coordinates[0][0]
  ) as number[][];
  const lines = ['0', 'SECTION', '2', 'ENTITIES', '0', 'LWPOLYLINE', '5', '2F', '8', 'boundary'];
  lines.push('90', String(ring.length - 1), '70', '1');
  for (const [x, y] of ring.slice(0, -1)) lines.push('10', String(x), '20', String(y));
  lines.push('0', 'ENDSEC', '0', 'EOF');
  return `${lines.join('\n')}\n`;
}

/** Snippets that broke readers before (or could): spliced into real files at random places. */
const SNIPPETS = [
  '&#x110000;',
  '&#0;',
  '&#xD800;',
  '&#99999999999;',
  '&bogus;',
  '&',
  '<![CDATA[x]]>',
  '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]>',
  '<trkpt lat="1e309" lon="-1e309"/>',
  '<trkpt lat="NaN" lon="113"></trkpt>',
  '</trk>',
  '<rte><rtept lat="40" lon="113"/></rte>',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '"features":[null]',
  '"features":[1,"x",[],{}]',
  '"geometry":"x"',
  '"geometry":{"type":"Polygon","coordinates":[[[null]]]}',
  '"coordinates":[1e400,-1e400]',
  '"properties":{"name":{"toString":1}}',
  '"geometry":{"type":{"toString":1}}',
  '"side":{"toString":1,"valueOf":1}',
  '"times":{"length":1e9}',
  '123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890',
  '\uFEFF',
  '\u0000',
  '\uD800',
  '"',
  ',,,,,,,,',
  '\r\r\r',
  '=cmd|calc',
  '\n晋B12345,,,,,,,\n',
  ',2026-02-31,2026-13-45,',
];

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/** Invalid UTF-8 and GBK byte runs. */
const BAD_BYTES = [
  [0xff, 0xfe],
  [0xef, 0xbb, 0xbf],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x81],
  [0xd6, 0xd0, 0xce, 0xc4],
  [0x80, 0x80, 0x80],
].map((b) => new Uint8Array(b));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One edit to a byte string, at a position given as a fraction of its length. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.nat(255) }),
  fc.record({
    op: fc.constant('splice' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    snippet: pick(SNIPPETS),
  }),
  fc.record({
    op: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bad: pick(BAD_BYTES),
  }),
  fc.record({
    op: fc.constant('repeat' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 200 }),
    times: fc.integer({ min: 2, max: 2_000 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Uint8Array, edits: readonly Mutation[]): Uint8Array {
  let b = bytes;
  for (const e of edits) {
    const at = Math.min(b.length, Math.floor(e.at * b.length));
    if (e.op === 'truncate') b = b.slice(0, at);
    else if (e.op === 'flip' && b.length > 0) {
      b = b.slice();
      b[Math.min(at, b.length - 1)] = e.byte;
    } else if (e.op === 'splice') b = concat(b.slice(0, at), utf8(e.snippet), b.slice(at));
    else if (e.op === 'bytes') b = concat(b.slice(0, at), e.bad, b.slice(at));
    else if (e.op === 'repeat') {
      const piece = b.slice(at, at + e.length);
      b = concat(b.slice(0, at), ...Array.from({ length: e.times }, () => piece), b.slice(at));
    }
  }
  return b;
}

/** Text made to be expensive or strange rather than merely wrong. */
const generated = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }).map((n) => utf8(`${'['.repeat(n)}${']'.repeat(n % 3 === 0 ? n : 0)}`)),
  fc.integer({ min: 1, max: 50_000 }).map((n) => utf8(`{"type":"FeatureCollection","features":[${'{"a":'.repeat(n)}1`)),
  fc
    .integer({ min: 1, max: 20_000 })
    .map((n) => utf8(`{"type":"FeatureCollection","features":[${'null,'.repeat(n)}null]}`)),
  fc.integer({ min: 1_000, max: 400_000 }).map((n) => utf8(`lng,lat\n${'1'.repeat(n)},${'9'.repeat(n)}\n`)),
  fc.integer({ min: 1_000, max: 2_000_000 }).map((n) => utf8(`"${'x'.repeat(n)}`)),
  fc.integer({ min: 100, max: 50_000 }).map((n) => utf8(`{"a":[${'1,'.repeat(n)}}`)),
  fc.jsonValue({ maxDepth: 6 }).map((v) => utf8(JSON.stringify(v))),
  fc.uint8Array({ maxLength: 4_096 }),
  fc.string({ unit: 'binary', maxLength: 2_000 }).map(utf8),
  fc.constant(new Uint8Array(0)),
);

/** Values put in place of a part of a JSON file: the wrong type, hostile keys, shapes that are almost right. */
const HOSTILE_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  'x',
  true,
  [],
  {},
  [null],
  [[]],
  [[[]]],
  [113.3, 40.09],
  [40.09, 113.3],
  [113.3],
  [113.3, 40.09, 1e308, 'x'],
  ['113.3', '40.09'],
  { toString: 1 },
  { toString: 1, valueOf: 1 },
  { type: { toString: 1 } },
  JSON.parse('{"__proto__":{"polluted":1}}'),
  { constructor: { prototype: { polluted: 1 } } },
  'Feature',
  'FeatureCollection',
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'GeometryCollection',
  { type: 'Point', coordinates: [113.3, 40.09] },
  { type: 'Point', coordinates: 'ab' },
  { type: 'LineString', coordinates: [[113.3, 40.09]] },
  { type: 'LineString', coordinates: { length: 1e9 } },
  { type: 'Polygon', coordinates: [[[113.3, 40.09]]] },
  { type: 'Feature', geometry: null, properties: null },
  { type: 'FeatureCollection', features: {} },
  { times: { length: 1e9 } },
];

/** Paths to the parts of a JSON value, breadth first, at most `limit`. */
function jsonPaths(root: unknown, limit = 5_000): (string | number)[][] {
  const paths: (string | number)[][] = [[]];
  const queue: [unknown, (string | number)[]][] = [[root, []]];
  for (let q = 0; q < queue.length && paths.length < limit; q++) {
    const [value, path] = queue[q] as [unknown, (string | number)[]];
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const child = [...path, Array.isArray(value) ? Number(key) : key];
      paths.push(child);
      queue.push([(value as Record<string, unknown>)[key], child]);
    }
  }
  return paths;
}

/** A JSON file with parts replaced by hostile values (still valid JSON: the wrong shapes, not bad syntax). */
function mutateJson(bytes: Uint8Array, edits: readonly { at: number; value: unknown; keyed: boolean }[]): Uint8Array {
  let root: unknown = JSON.parse(new TextDecoder().decode(bytes));
  for (const e of edits) {
    const all = jsonPaths(root);
    // Half the edits hit a member the readers look at by name (a random node is mostly a coordinate).
    const named = e.keyed ? all.filter((p) => KEYS.has(String(p[p.length - 1]))) : [];
    const paths = named.length > 0 ? named : all;
    const path = paths[Math.min(paths.length - 1, Math.floor(e.at * paths.length))] as (string | number)[];
    const value = JSON.parse(JSON.stringify(e.value));
    if (path.length === 0) {
      root = value;
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    // defineProperty, not assignment: a key named __proto__ must stay an own property.
    Object.defineProperty(parent, path[path.length - 1] as string | number, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return utf8(JSON.stringify(root));
}

/** Members the readers and validators look up by name. */
const KEYS = new Set([
  'type',
  'features',
  'geometry',
  'coordinates',
  'properties',
  'name',
  'id',
  'times',
  'coordinateProperties',
  'sides',
  'side',
  'clause',
  'rings',
  'vertices',
  'edge',
  'uncertaintyM',
  'polygon',
  'ring',
  'notice',
  'status',
]);

/** Values that break code turning them into text (`${v}`, String(v)) or walking them as plain objects. */
const UNPRINTABLE: unknown[] = [
  { toString: 1 },
  { toString: 1, valueOf: 1 },
  { type: { toString: 1 } },
  { type: 'Feature', properties: { name: { toString: 1 } }, geometry: { type: { toString: 1 } } },
  JSON.parse('{"__proto__":{"toString":1}}'),
];

const jsonEdit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  value: fc.oneof({ weight: 3, arbitrary: pick(HOSTILE_VALUES) }, { weight: 1, arbitrary: pick(UNPRINTABLE) }),
  keyed: fc.boolean(),
});

function parsesAsJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function fileBytes(kinds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const json = kinds.filter(parsesAsJson);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(pick(kinds), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([b, m]) => mutate(b, m)),
    },
    { weight: 2, arbitrary: generated },
    { weight: 1, arbitrary: fc.tuple(pick(BAD_BYTES), pick(kinds)).map(([bom, b]) => concat(bom, b)) },
    // Valid JSON of the wrong shape: what reaches the readers' and validators' shape checks.
    ...(json.length > 0
      ? [
          {
            weight: 4,
            arbitrary: fc
              .tuple(pick(json), fc.array(jsonEdit, { minLength: 1, maxLength: 3 }))
              .map(([b, edits]) => mutateJson(b, edits)),
          },
        ]
      : []),
  );
}

const ALL = [...FIXTURES.csv, ...FIXTURES.gpx, ...FIXTURES.kml, ...FIXTURES.geojson];

/** GeoJSON of the wrong shape named as GeoJSON, so it reaches the reader rather than the wrong parser. */
const shapedGeoJson = (extra: fc.Arbitrary<string[]>) =>
  fc.record({
    ext: pick(['.geojson', '.json']),
    bytes: fc
      .tuple(pick([...FIXTURES.geojson, ...FIXTURES.zone]), fc.array(jsonEdit, { minLength: 1, maxLength: 3 }))
      .map(([b, edits]) => mutateJson(b, edits)),
    extra,
  });

const checkExtra = pick([[], ['--format', 'json'], ['--crs', 'gcj02'], ['--lng', 'x', '--lat', 'y']]);
const checkCase = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      ext: pick(['.csv', '.csv', '.geojson', '.json', '.txt', '.gpx', '.GeoJSON', '.xyz', '']),
      bytes: fileBytes([...FIXTURES.csv, ...FIXTURES.geojson, ...FIXTURES.zone]),
      extra: checkExtra,
    }),
  },
  { weight: 1, arbitrary: shapedGeoJson(checkExtra) },
);
const routeExtra = pick([[], ['--format', 'json'], ['--crs', 'bd09']]);
const routeCase = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      ext: pick(['.gpx', '.gpx', '.kml', '.geojson', '.csv', '.txt']),
      bytes: fileBytes(ALL),
      extra: routeExtra,
    }),
  },
  { weight: 1, arbitrary: shapedGeoJson(routeExtra) },
);
const zoneCase = fc.record({
  ext: pick(['.geojson', '.json']),
  bytes: fc.oneof(
    { weight: 4, arbitrary: fileBytes(FIXTURES.zone) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 2, max: 1_001 }), fc.nat(50)).map(([n, cut]) => repeatedRings(n, cut)),
    },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 20_000 }).map(combZone) },
  ),
  extra: fc.constant([] as string[]),
});
const permitsCase = fc.record({
  ext: fc.constant('.csv'),
  bytes: fileBytes([...FIXTURES.permits, ...FIXTURES.csv]),
  extra: pick([[], ['--at', '2026-12-01'], ['--at', '2026-02-31']]),
});

/** A zipped Shapefile of the synthetic city (GK zone 38), one of its members mutated, dropped or renamed. */
const shapefileZip = fc
  .tuple(
    pick(['roads.shp', 'roads.dbf', 'roads.prj']),
    fc.array(mutation, { maxLength: 3 }),
    pick(['keep', 'drop', 'rename']),
  )
  .map(([member, edits, how]) => {
    const entries: Record<string, Uint8Array> = { ...shapefileZipEntries() };
    const bytes = entries[member] as Uint8Array;
    delete entries[member];
    if (how === 'keep') entries[member] = mutate(bytes, edits);
    if (how === 'rename') entries[`../${member.toUpperCase()}`] = bytes;
    return zipSync(entries);
  });
const traceCase = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      ext: pick(['.osm', '.osm.pbf', '.pbf', '.json', '.geojson', '.txt']),
      bytes: fileBytes([...FIXTURES.roads, ...FIXTURES.geojson]),
      extra: pick([[], ['--format', 'json'], ['--crs', 'gcj02']]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      ext: fc.constant('.zip'),
      bytes: fc.oneof(
        { weight: 3, arbitrary: shapefileZip },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
      ),
      extra: pick([[], ['--name-field', 'NAME'], ['--name-field', 'NOPE'], ['--crs', 'epsg:4526']]),
    }),
  },
);
const importCase = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      ext: pick(['.geojson', '.json', '.kml', '.gpx', '.kmz', '.dxf', '.txt']),
      bytes: fileBytes([...FIXTURES.zone, ...FIXTURES.kml, ...FIXTURES.gpx, ...FIXTURES.dxf]),
      extra: pick([[], ['--crs', 'gcj02'], ['--crs', 'epsg:4547'], ['--precision=-3']]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ ext: fc.constant('.zip'), bytes: shapefileZip, extra: fc.constant([] as string[]) }),
  },
);

const verifyCase = fc.record({
  ext: fc.constant('.json'),
  bytes: fileBytes(FIXTURES.zonePackage),
  extra: pick([[], ['--active-sequence', '1'], ['--active-sequence', 'x']]),
});
/** zones diff OLD NEW: the hostile file is the new version, against the embedded zone. */
const diffCase = fc.record({
  ext: pick(['.geojson', '.json']),
  bytes: fileBytes([...FIXTURES.zone, read('tests/fixtures/trace/synthetic-city.trace.golden.geojson')]),
  extra: pick([[], ['--format', 'json']]),
});

/** The city zone with its outer ring repeated `copies` times (the 1,001-ring file that took > 120 s). */
function repeatedRings(copies: number, cut: number): Uint8Array {
  const zone = JSON.parse(new TextDecoder().decode(FIXTURES.zone[0]));
  const geometry = zone.geometry;
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
  const shortened = cut > 0 && cut < ring.length - 3 ? [...ring.slice(0, ring.length - 1 - cut), ring[0]] : ring;
  zone.geometry = { type: 'Polygon', coordinates: Array.from({ length: copies }, () => shortened) };
  return utf8(JSON.stringify(zone));
}

/** The city zone with a comb for a ring: `teeth` pairs of long, crowded, non-crossing edges (quadratic on a
 *  plain grid: 40,000 edges took 48 s). */
function combZone(teeth: number): Uint8Array {
  const zone = JSON.parse(new TextDecoder().decode(FIXTURES.zone[0]));
  const h = 0.1 / teeth;
  const ring: number[][] = [];
  for (let k = 0; k < teeth; k++) ring.push([113.2, 40 + 2 * k * h], [113.4, 40 + (2 * k + 1) * h]);
  ring.push([113.1, 40 + 2 * teeth * h], [113.1, 40], ring[0] as number[]);
  zone.geometry = { type: 'Polygon', coordinates: [ring] };
  return utf8(JSON.stringify(zone));
}

/** A zip of named entries, allowing duplicate names (fflate's streaming Zip does not check). */
function zipEntries(entries: readonly [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, bytes] of entries) {
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(bytes, true);
  }
  zip.end();
  return concat(...chunks);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An empty but well-formed v1 bundle's entries, for mutating. */
function bundleEntries(records: unknown = [], audit: unknown = []): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    'records.json': utf8(JSON.stringify(records)),
    'audit.json': utf8(JSON.stringify(audit)),
  };
  const manifest = {
    format: 'coalzone-backup',
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    deviceId: 'fuzz',
    counts: { records: 0, audit: 0, photos: 0 },
    files: Object.fromEntries(Object.entries(files).map(([n, b]) => [n, sha256(b)])),
    photos: [],
  };
  return { ...files, 'manifest.json': utf8(JSON.stringify(manifest)) };
}

const bombCache = new Map<string, Uint8Array>();
/** A deflated entry of `mib` MiB of spaces (valid JSON padding), made once per size: the zip-bomb case. */
export function zipBomb(mib: number, name = 'records.json'): Uint8Array {
  const cached = bombCache.get(`${mib}:${name}`);
  if (cached) return cached;
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const manifestEntries = bundleEntries();
  for (const [n, b] of Object.entries(manifestEntries)) {
    if (n === name) continue;
    const f = new ZipPassThrough(n);
    zip.add(f);
    f.push(b, true);
  }
  const file = new ZipDeflate(name, { level: 9 });
  zip.add(file);
  const block = new Uint8Array(1 << 20).fill(0x20);
  for (let i = 0; i < mib; i++) file.push(block, i === mib - 1);
  zip.end();
  const bytes = concat(...chunks);
  bombCache.set(`${mib}:${name}`, bytes);
  return bytes;
}

const MANIFESTS: unknown[] = [
  null,
  [],
  'x',
  42,
  { format: 'coalzone-backup', version: 1 },
  { format: 'coalzone-backup', version: 1, counts: null, files: null },
  { format: 'coalzone-backup', version: 1, counts: 'many', files: [], photos: {} },
  { format: 'coalzone-backup', version: 1, counts: { records: 1e308 }, files: { __proto__: 'x' } },
  JSON.parse(
    '{"format":"coalzone-backup","version":1,"counts":{"records":0,"audit":0,"photos":0},"files":{"__proto__":"00"},"photos":[]}',
  ),
  {
    format: 'coalzone-backup',
    version: 1,
    counts: { records: 0, audit: 0, photos: 1 },
    files: {},
    photos: [null, 1, { id: '../../etc/passwd' }],
  },
  { format: 'coalzone-backup', version: 2 },
];

const ENTRY_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '../evil.json',
  '/abs.json',
  'photos/../../x',
  'records.json',
  'manifest.json',
  'photos/',
  '',
];

const zipCase: fc.Arbitrary<Uint8Array> = fc.oneof(
  // A hostile manifest, the data files left as they were.
  pick(MANIFESTS).map((m) => zipSync({ ...bundleEntries(), 'manifest.json': utf8(JSON.stringify(m)) })),
  // Entries with hostile names, duplicates allowed.
  fc
    .array(fc.tuple(pick(ENTRY_NAMES), pick([utf8('{}'), utf8('[]'), utf8('null'), utf8('{"__proto__":1}')])), {
      maxLength: 6,
    })
    .map((extra) => zipEntries([...Object.entries(bundleEntries()), ...extra])),
  // records.json / audit.json that are valid JSON but not the shape expected.
  fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 })).map(([r, a]) => zipSync(bundleEntries(r, a))),
  // A well-formed bundle's bytes, mutated.
  fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => mutate(zipSync(bundleEntries()), m)),
  fc.uint8Array({ maxLength: 2_048 }),
);

/** Arbitrary cases for one command. `bombMiB` > 0 adds zip bombs of that size to `records verify`. */
export function casesFor(command: Command, bombMiB = 0): fc.Arbitrary<FuzzCase> {
  const withFile = (name: string) => (c: { ext: string; bytes: Uint8Array; extra: string[] }) =>
    ({ command, file: { name: `${name}${c.ext}`, bytes: c.bytes }, extra: c.extra }) as FuzzCase;
  switch (command) {
    case 'check':
      return checkCase.map(withFile('points'));
    case 'route':
      return routeCase.map(withFile('track'));
    case 'zones validate':
      return zoneCase.map(withFile('zone'));
    case 'zones trace':
      return traceCase.map(withFile('roads'));
    case 'zones import':
      return importCase.map(withFile('boundary'));
    case 'zones verify':
      return verifyCase.map(withFile('package'));
    case 'zones diff':
      return diffCase.map(withFile('newer'));
    case 'zones diff-code':
      return verifyCase.map((c) => ({ ...c, extra: [] })).map(withFile('next'));
    case 'permits check':
      return permitsCase.map(withFile('register'));
    case 'point':
      return fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.tuple(fc.double(), fc.double()).map(([a, b]) => `${a}, ${b}`),
          // Near Datong, in either order and any precision: these get answers (exit 0), near the line too.
          fc
            .tuple(fc.double({ min: 112.9, max: 113.8, noNaN: true }), fc.double({ min: 39.8, max: 40.4, noNaN: true }))
            .chain(([lng, lat]) =>
              pick([`${lng}, ${lat}`, `${lat} ${lng}`, `E${lng} N${lat}`, `${lng},${lat},${lat}`]),
            ),
          fc.stringMatching(
            /^[NSEW北南东西]?\d{1,400}[°度]\d{0,3}['′分]?[\d.]{0,300}["″秒]?[ ,，]+[NSEW北南东西]?\d{1,40}(\.\d{0,400})?$/,
          ),
        )
        .map((text) => ({ command, text, extra: [] }));
    case 'records verify': {
      const bytes =
        bombMiB > 0
          ? fc.oneof(
              { weight: 6, arbitrary: zipCase },
              { weight: 1, arbitrary: fc.constant(0).map(() => zipBomb(bombMiB)) },
            )
          : zipCase;
      return bytes.map((b) => ({ command, file: { name: 'backup.zip', bytes: b }, extra: [] }));
    }
  }
}

/** A short account of a case for a failure message (the bytes go to a file, not the log). */
export function describeCase(c: FuzzCase): string {
  if (c.command === 'point') return `point ${JSON.stringify(c.text)}`;
  return `${c.command} ${c.file?.name} (${c.file?.bytes.length} bytes) ${c.extra.join(' ')}`;
}

/** Writes the case's file into `dir` and returns the CLI arguments. */
export function argumentsFor(c: FuzzCase, dir: string): string[] {
  if (c.command === 'point') return ['point', c.text ?? '', ...c.extra];
  const path = join(dir, c.file?.name ?? 'input');
  writeFileSync(path, c.file?.bytes ?? new Uint8Array(0));
  if (c.command === 'zones trace') return ['zones', 'trace', '--roads', path, '--out', outputOf(dir), ...c.extra];
  if (c.command === 'zones import') return ['zones', 'import', path, '--out', outputOf(dir), ...c.extra];
  if (c.command === 'zones verify')
    return [
      'zones',
      'verify',
      path,
      '--trust',
      new URL('tests/fixtures/zones/test-trusted-keys.json', root).pathname,
      ...c.extra,
    ];
  if (c.command === 'zones diff-code')
    return ['zones', 'diff-code', new URL('tests/fixtures/zones/synthetic-city.package.json', root).pathname, path];
  if (c.command === 'zones diff')
    return ['zones', 'diff', new URL('data/zones/datong-city-2024-106.geojson', root).pathname, path, ...c.extra];
  return [...c.command.split(' '), path, ...c.extra];
}

/** Where `zones trace` / `zones import` are told to write; it must not exist after a refusal. */
export function outputOf(dir: string): string {
  return join(dir, 'written-zone.geojson');
}

/** What a run must show, whatever the input: the reasons it does not, empty when it does. */
export function violations(c: FuzzCase, args: readonly string[], code: number, out: string, err: string): string[] {
  const found: string[] = [];
  if (code !== 0 && code !== 1 && code !== 2) found.push(`exit ${code}`);
  if (/\n\s+at /.test(`\n${err}`)) found.push('stack trace on stderr');
  const file = c.file === undefined ? undefined : args.find((a) => a.endsWith(c.file?.name ?? '\0'));
  // A usage error (a bad --at, say) is about the arguments, not the file.
  const usage = err.includes('[INVALID_ARGUMENT]');
  if (file !== undefined && code !== 0 && !usage && !`${out}${err}`.includes(file))
    found.push('the message does not name the file');
  return found;
}
