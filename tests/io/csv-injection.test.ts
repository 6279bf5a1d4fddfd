/**
 * CSV formula injection (OWASP): hostile cells through every CSV writer — the records export, the route
 * report, `coalzone check` and `coalzone route` — read back with our own CSV reader. Every cell that a
 * spreadsheet could run as a formula or DDE call must come out prefixed with an apostrophe.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseTrack } from '../../src/checkpoints/route-batch.ts';
import { routeReportCsv } from '../../src/checkpoints/route-report.ts';
import { main } from '../../src/cli.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { csvCell, looksLikeFormula } from '../../src/io/csv-write.ts';
import { recordsToCsv } from '../../src/io/export-records.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { capture } from '../helpers/capture.ts';
import { cityZone } from '../helpers/fixtures.ts';

const BLANKS = ['', ' ', '   ', '\t', ' \t', '\r', '\n', '\u3000', '\u00a0', '\ufeff'];
const TRIGGERS = ['=', '+', '-', '@', '|', '＝', '＋', '－', '＠', '｜'];
const PAYLOADS = ['1+1', "cmd|' /C calc'!A0", 'HYPERLINK("http://x.example","点击")', 'SUM(A1:A9)'];
/** 400 hostile cells: every blank prefix × trigger × payload. */
const HOSTILE = BLANKS.flatMap((b) => TRIGGERS.flatMap((t) => PAYLOADS.map((p) => `${b}${t}${p}`)));

/** The cells of a CSV text, as a spreadsheet would read them (quotes removed). */
async function cells(csv: string): Promise<string[]> {
  const out: string[] = [];
  for await (const row of readCsvRows(textChunks(csv))) out.push(...row.fields);
  return out;
}

/** Fails naming every hostile cell that reached the file without its apostrophe. */
function expectNeutralised(written: readonly string[], hostile: readonly string[]): void {
  const seen = new Set(written);
  const unsafe = hostile.filter((h) => seen.has(h));
  expect(unsafe).toEqual([]);
  for (const h of hostile) expect(seen.has(`'${h}`)).toBe(true);
  for (const cell of written) if (looksLikeFormula(cell)) expect.fail(`a formula-like cell came through: ${cell}`);
}

describe('csvCell', () => {
  it('neutralises every hostile cell and leaves ordinary text and numbers alone', () => {
    expect(HOSTILE).toHaveLength(400);
    for (const h of HOSTILE) expect(csvCell(h).replace(/^"/, '').startsWith("'")).toBe(true);
    for (const ok of ['晋B·12345', '大同第二热电厂', '0352-5022085', 'a=b', 'x|y', '13800138000', ''])
      expect(csvCell(ok)).toBe(ok);
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('-12.5')).toBe("'-12.5");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });
});

describe('every CSV writer', () => {
  it('the records export', async () => {
    const records = HOSTILE.map((h, i) => record(i, h));
    expectNeutralised(await cells(recordsToCsv(records)), HOSTILE);
  });

  it('the route report', async () => {
    const index = buildZoneIndex(cityZone());
    const flat = new Float64Array([113.45, 40.09, 113.3, 40.09]);
    const summaries = HOSTILE.map((h, i) => ({
      id: i,
      name: h,
      ok: true as const,
      tracks: [summariseTrack(index, 0, flat, null, h)],
      refusals: [],
      refusedCount: 0,
    }));
    expectNeutralised(await cells(routeReportCsv(summaries, () => '东侧', [])), HOSTILE);
  });

  it('coalzone check (ids it echoes) and coalzone route (track names it echoes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-csv-'));
    const points = join(dir, 'points.csv');
    writeFileSync(points, `name,lng,lat\n${HOSTILE.map((h) => `${csvCell(h)},113.3,40.09`).join('\n')}\n`);
    const out = capture();
    expect(await main(['check', points], out as never, capture() as never)).toBe(0);
    expectNeutralised(await cells(out.text()), HOSTILE);

    const names = TRIGGERS.flatMap((t) => PAYLOADS.map((p) => ` ${t}${p}`));
    const paths = names.map((name, i) => {
      const path = join(dir, `track-${i}.gpx`);
      writeFileSync(path, gpx(name));
      return path;
    });
    const routeOut = capture();
    expect(await main(['route', ...paths], routeOut as never, capture() as never)).toBe(0);
    expectNeutralised(await cells(routeOut.text()), names);
  });
});

/** A GPX track named `name` (XML-escaped) that crosses the east side. */
function gpx(name: string): string {
  const xml = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>${xml}</name><trkseg><trkpt lat="40.09" lon="113.45"><time>2026-12-01T00:00:00Z</time></trkpt><trkpt lat="40.09" lon="113.3"><time>2026-12-01T00:10:00Z</time></trkpt></trkseg></trk></gpx>`;
}

function record(i: number, text: string): FieldRecord {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    kind: 'sales-point',
    schemaVersion: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    deleted: false,
    deviceId: text,
    author: { role: 'market', officerId: text },
    location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
    zoneAnswer: null,
    photos: [],
    status: 'found',
    statusHistory: [],
    fields: { name: text, operator: text, address: text, mode: 'fixed', sells: [text], phone: '' },
  } as unknown as FieldRecord;
}
