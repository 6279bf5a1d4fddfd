/**
 * The bureau's weekly report on PGlite and on the real PostgreSQL + PostGIS: a seeded week counted right (by
 * kind, status and district; new records and status steps inside the Monday-based Beijing week, its edges to
 * the second; deleted records and re-saves left out; a malformed phone time does not fail the report), the
 * .xlsx read back with ExcelJS (sheets, Chinese headers, labels, Beijing time, formula text neutralised and
 * never a formula), CSV with BOM, Chinese headers and the injection neutralised, and only an admin device
 * served. On PostgreSQL, PostGIS and the app's own core place the same points in the same districts.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReport } from '../../server/src/weekly-report.ts';
import {
  type DistrictSet,
  districtSet,
  districtSql,
  districtsCte,
  OTHER_DISTRICT,
  shippedDistricts,
} from '../../server/src/weekly-report-districts.ts';
import { reportWeek } from '../../server/src/weekly-report-week.ts';
import type { FieldRecord, RecordKind } from '../../src/records/record.ts';
import { enrolAdmin, enrolPhone } from './helpers/enrolled-phones.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import type { TestPhone } from './helpers/test-phone.ts';

/** Points far inside each district (checked against Turf below), and one in 左云县, outside all four. */
const AT = {
  xinrong: { lng: 113.1839, lat: 40.2852 },
  pingcheng: { lng: 113.321, lat: 40.0802 },
  yungang: { lng: 113.1155, lat: 40.0211 },
  yunzhou: { lng: 113.5455, lat: 40.006 },
  zuoyun: { lng: 112.7, lat: 40.0 },
};
const CODE = { xinrong: 140212, pingcheng: 140213, yungang: 140214, yunzhou: 140215 };
const INJECTION = '=HYPERLINK("http://evil.example","点我")';

type Step = FieldRecord['statusHistory'][number];
const step = (status: string, at: string, extra: Partial<Step> = {}): Step => ({
  status,
  at,
  by: 'officer-7',
  note: '',
  ...extra,
});

/** Creates a record on the phone and rewrites its times and history as the seeded week needs. */
async function seed(
  phone: TestPhone,
  kind: RecordKind,
  at: { lng: number; lat: number },
  history: Step[],
  extra: Partial<FieldRecord> = {},
): Promise<FieldRecord> {
  const made = await phone.create(kind, {}, at);
  const last = history[history.length - 1] as Step;
  return phone.edit(made.id, (r) => ({
    ...r,
    createdAt: history[0]?.at ?? r.createdAt,
    updatedAt: last.at,
    status: last.status,
    statusHistory: history,
    ...extra,
  }));
}

describe('the week and the districts (pure)', () => {
  it('takes the Monday-based Beijing week of any day in it, and refuses a date that does not exist', () => {
    const week = reportWeek('2026-11-29', 0); // a Sunday
    expect(week).toMatchObject({ monday: '2026-11-23', sunday: '2026-11-29' });
    expect(new Date(week.fromMs).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(new Date(week.toMs).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    // Monday 07:59 Beijing time is still Monday: its own week; Sunday 23:59 Beijing is the week before.
    expect(reportWeek(undefined, Date.parse('2026-11-29T23:59:00Z')).monday).toBe('2026-11-30');
    expect(reportWeek(undefined, Date.parse('2026-11-29T15:59:00Z')).monday).toBe('2026-11-23');
    expect(() => reportWeek('2026-02-31', 0)).toThrow(/week must be a date/);
  });

  it('places the sample points where Turf does, and a county outside all four', () => {
    const set = shippedDistricts();
    for (const [name, code] of Object.entries(CODE)) {
      const p = AT[name as keyof typeof CODE];
      expect(set.districtOf(p.lng, p.lat), name).toBe(code);
      const district = set.districts.find((d) => d.adcode === code);
      expect(booleanPointInPolygon([p.lng, p.lat], district?.geometry as never)).toBe(true);
    }
    expect(set.districtOf(AT.zuoyun.lng, AT.zuoyun.lat)).toBe(OTHER_DISTRICT);
    expect(set.names.get(CODE.pingcheng)?.zh).toBe('平城区');
  });

  it('counts a point on a shared border once, for the lower code', () => {
    const set = squares();
    expect(set.districtOf(1, 0.5)).toBe(1); // on the shared edge
    expect(set.districtOf(1.5, 0.5)).toBe(2);
    expect(set.districtOf(2, 1)).toBe(2); // a corner of the second only
    expect(set.districtOf(3, 0.5)).toBe(OTHER_DISTRICT);
  });
});

/** Two unit squares side by side, codes 1 and 2 (given in the wrong order on purpose). */
function squares(): DistrictSet {
  const square = (x: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 1],
        [x, 0],
      ],
    ],
  });
  return districtSet({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { adcode: 2, name: '乙区' }, geometry: square(1) },
      { type: 'Feature', properties: { adcode: 1, name: '甲区' }, geometry: square(0) },
    ],
  });
}

describe.each(serverTargets())('the weekly report on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;
  let police: TestPhone;
  let market: TestPhone;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await enrolAdmin(test);
    police = await enrolPhone(test, admin, { id: 'police', role: 'police' });
    market = await enrolPhone(test, admin, { id: 'market', role: 'market-regulation' });
    // The week of Monday 2026-11-23 (Beijing): 2026-11-22T16:00Z to 2026-11-29T16:00Z.
    ids.p1 = (
      await seed(police, 'checkpoint-inspection', AT.pingcheng, [
        step('recorded', '2026-11-24T02:00:00.000Z'),
        step('reviewed', '2026-11-26T03:00:00.000Z', { note: INJECTION }),
      ])
    ).id;
    ids.p2 = (
      await seed(police, 'checkpoint', AT.yunzhou, [
        step('staffed', '2026-11-10T00:00:00.000Z'),
        step('stood-down', '2026-11-22T15:59:59.000Z'), // Sunday 23:59:59 Beijing: the week before
        step('staffed', '2026-11-22T16:00:00.000Z'), // Monday 00:00 Beijing: this week
      ])
    ).id;
    ids.m1 = (
      await seed(market, 'sales-point', AT.xinrong, [
        step('found', '2026-11-23T01:00:00.000Z'),
        step('ordered-to-stop', '2026-11-25T08:07:00.000Z', { documentNumber: '同环责停〔2026〕12号' }),
        step('closed', '2026-11-29T15:59:00.000Z'), // Sunday 23:59 Beijing
      ])
    ).id;
    ids.m2 = (await seed(market, 'sales-point', AT.yungang, [step('found', '2026-11-30T00:00:00.000Z')])).id;
    ids.m3 = (await seed(market, 'sales-point', AT.zuoyun, [step('found', '2026-11-01T00:00:00.000Z')])).id;
    ids.m4 = (
      await seed(market, 'appliance', AT.pingcheng, [step('found', '2026-11-27T04:00:00.000Z')], { deleted: true })
    ).id;
    // A phone's malformed times: counted, never in the week, and the report still made.
    ids.m5 = (
      await seed(market, 'sales-point', AT.pingcheng, [step('found', '2026-11-01T00:00:00.000Z')], {
        createdAt: 'not-a-time',
        statusHistory: [step('found', 'not-a-time'), step('found', '2026-13-45T99:00', { note: '复查' })],
      })
    ).id;
    // A re-save that repeats the status with nothing to say is not a step.
    ids.m6 = (
      await seed(market, 'sales-point', AT.pingcheng, [
        step('found', '2026-11-01T00:00:00.000Z'),
        step('found', '2026-11-24T00:00:00.000Z'),
      ])
    ).id;
    for (const phone of [police, market]) {
      const pushed = await phone.push();
      expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    }
  });
  afterAll(async () => test?.dispose());

  const report = async (query = 'week=2026-11-25') => {
    const answer = await admin.request<WeeklyReport>('GET', `/admin/reports/weekly${query ? `?${query}` : ''}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  it('counts the live records by kind, status and district', async () => {
    const r = await report();
    expect(r.placedBy).toBe(target.name === 'postgres' ? 'postgis' : 'app-core');
    expect(r.week).toMatchObject({ monday: '2026-11-23', sunday: '2026-11-29', from: '2026-11-22T16:00:00.000Z' });
    expect(r.total).toBe(7);
    expect(r.counts).toEqual([
      { kind: 'checkpoint', status: 'staffed', district: CODE.yunzhou, count: 1 },
      { kind: 'checkpoint-inspection', status: 'reviewed', district: CODE.pingcheng, count: 1 },
      { kind: 'sales-point', status: 'closed', district: CODE.xinrong, count: 1 },
      { kind: 'sales-point', status: 'found', district: OTHER_DISTRICT, count: 1 },
      { kind: 'sales-point', status: 'found', district: CODE.pingcheng, count: 2 },
      { kind: 'sales-point', status: 'found', district: CODE.yungang, count: 1 },
    ]);
  });

  it("lists the week's new records and status steps, to the second at the week's edges", async () => {
    const r = await report();
    expect(r.changes.map((c) => [c.at, c.type, c.recordId, c.from, c.to, c.district])).toEqual([
      ['2026-11-22T16:00:00.000Z', 'status', ids.p2, 'stood-down', 'staffed', CODE.yunzhou],
      ['2026-11-23T01:00:00.000Z', 'created', ids.m1, null, 'found', CODE.xinrong],
      ['2026-11-24T02:00:00.000Z', 'created', ids.p1, null, 'recorded', CODE.pingcheng],
      ['2026-11-25T08:07:00.000Z', 'status', ids.m1, 'found', 'ordered-to-stop', CODE.xinrong],
      ['2026-11-26T03:00:00.000Z', 'status', ids.p1, 'recorded', 'reviewed', CODE.pingcheng],
      ['2026-11-29T15:59:00.000Z', 'status', ids.m1, 'ordered-to-stop', 'closed', CODE.xinrong],
    ]);
    expect(r.changes[3]?.documentNumber).toBe('同环责停〔2026〕12号');
    // The week before has the 23:59:59 step and nothing of this week.
    const before = await report('week=2026-11-22');
    expect(before.changes.map((c) => [c.recordId, c.to])).toEqual([[ids.p2, 'stood-down']]);
  });

  it("takes the week of the server's clock by default, with the bureau's own status change in it", async () => {
    const moved = await admin.request('POST', `/admin/records/${ids.m2}/status`, {
      status: 'ordered-to-stop',
      note: '已送达责令停止通知书',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const before = reportWeek(undefined, Date.now()).monday;
    const r = await report('');
    // (Either side of a Monday midnight that fell during the request.)
    expect([before, reportWeek(undefined, Date.now()).monday]).toContain(r.week.monday);
    const step = r.changes.find((c) => c.recordId === ids.m2 && c.type === 'status');
    expect(step).toMatchObject({ from: 'found', to: 'ordered-to-stop', district: CODE.yungang });
    expect(step?.by).toBe(`device:${admin.id}`);
    expect(r.counts).toContainEqual({
      kind: 'sales-point',
      status: 'ordered-to-stop',
      district: CODE.yungang,
      count: 1,
    });
  });

  it('exports an .xlsx that opens with Chinese headers, labels, Beijing time and no live formula', async () => {
    const answer = await admin.request<Uint8Array>('GET', '/admin/reports/weekly.xlsx?week=2026-11-25');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('spreadsheetml');
    expect(answer.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('禁煤区周报-2026-11-23.xlsx')}`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(answer.body) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '区县与类型', '类型与状态', '本周变化', '计数明细']);
    const values = (sheet: string, row: number) =>
      ((book.getWorksheet(sheet)?.getRow(row).values ?? []) as unknown[]).slice(1);

    expect(values('汇总', 1)[0]).toBe('大同市禁煤区周报 2026-11-23（周一）至 2026-11-29（周日）');
    expect(values('汇总', 3)).toEqual(['现有记录（不含已删除）', 7]);
    expect(values('汇总', 4)).toEqual(['本周新增记录', 2]);
    expect(values('汇总', 5)).toEqual(['本周状态变更', 4]);

    expect(values('区县与类型', 1)).toEqual(['区县', '煤炭销售点', '卡点检查（运煤车辆）', '卡点（检查站）', '合计']);
    expect(values('区县与类型', 3)).toEqual(['平城区', 2, 1, 0, 3]);
    expect(values('区县与类型', 6)).toEqual(['四区以外（县或市外）', 1, 0, 0, 1]);
    expect(values('区县与类型', 7)).toEqual(['合计', 5, 1, 1, 7]);

    const changes = book.getWorksheet('本周变化');
    expect(values('本周变化', 1)).toEqual([
      '时间（北京时间）',
      '变化',
      '记录类型',
      '区县',
      '原状态',
      '新状态',
      '办理人',
      '文书号',
      '说明',
      '记录编号',
    ]);
    expect(values('本周变化', 2).slice(0, 6)).toEqual([
      '2026-11-23 00:00',
      '状态变更',
      '卡点（检查站）',
      '云州区',
      '已撤除',
      '在岗',
    ]);
    expect(values('本周变化', 5).slice(0, 8)).toEqual([
      '2026-11-25 16:07',
      '状态变更',
      '煤炭销售点',
      '新荣区',
      '已发现',
      '已责令停止',
      'officer-7',
      '同环责停〔2026〕12号',
    ]);
    const note = changes?.getRow(6).getCell(9);
    expect(note?.value).toBe(`'${INJECTION}`);
    expect(note?.type).toBe(ExcelJS.ValueType.String);
    for (const sheet of book.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((c) => {
          expect(c.type, `${sheet.name}!${c.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      );
  });

  it('exports CSV with a BOM, Chinese headers and labels, Beijing time, and the formula neutralised', async () => {
    const counts = await admin.request<Uint8Array>('GET', '/admin/reports/weekly.csv?week=2026-11-25');
    expect(counts.status).toBe(200);
    expect(counts.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const countsText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(counts.body);
    expect(countsText.startsWith('\uFEFF区县,记录类型,当前状态,记录数\r\n')).toBe(true);
    expect(countsText).toContain('\r\n平城区,煤炭销售点,已发现,2\r\n');
    expect(countsText).toContain('\r\n四区以外（县或市外）,煤炭销售点,已发现,1\r\n');

    const changes = await admin.request<Uint8Array>('GET', '/admin/reports/weekly.csv?week=2026-11-25&part=changes');
    expect(changes.status).toBe(200);
    expect(changes.headers.get('content-disposition')).toContain(
      encodeURIComponent('禁煤区周报-2026-11-23-本周变化.csv'),
    );
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(changes.body);
    const lines = text.slice(1).split('\r\n');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toBe('时间（北京时间）,变化,记录类型,区县,原状态,新状态,办理人,文书号,说明,记录编号');
    expect(lines[2]).toBe(`2026-11-23 09:00,新增记录,煤炭销售点,新荣区,,已发现,officer-7,,,${ids.m1}`);
    expect(lines[5]).toBe(
      `2026-11-26 11:00,状态变更,卡点检查（运煤车辆）,平城区,已登记,已复核,officer-7,,"'=HYPERLINK(""http://evil.example"",""点我"")",${ids.p1}`,
    );
    expect(lines).toHaveLength(8); // header, six changes, and the empty string after the last CRLF
  });

  it('serves only an admin device: police 403, unsigned 401, a bad week 400 naming it', async () => {
    for (const path of ['/admin/reports/weekly', '/admin/reports/weekly.xlsx', '/admin/reports/weekly.csv']) {
      const refused = await police.request<{ error: { code: string } }>('GET', `${path}?week=2026-11-25`);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      const unsigned = await fetch(new URL(`${path}?week=2026-11-25`, test.url));
      expect(unsigned.status, path).toBe(401);
      expect(await unsigned.text()).not.toContain('平城区');
    }
    const bad = await admin.request<{ error: { code: string; detail: { field: string } } }>(
      'GET',
      '/admin/reports/weekly.xlsx?week=2026-02-31',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', detail: { field: 'week' } });
    const part = await admin.request('GET', '/admin/reports/weekly.csv?part=photos');
    expect(part.status).toBe(400);
    const doc = (await (await fetch(`${test.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/reports/weekly', '/admin/reports/weekly.xlsx', '/admin/reports/weekly.csv']),
    );
  });

  it.runIf(target.name === 'postgres')(
    'places points in the same districts with PostGIS as with the app core',
    async () => {
      const db = test.server.db;
      const check = async (set: DistrictSet, points: [number, number][]) => {
        const rows = await db.query<{ i: number; district: number }>(
          `WITH ${districtsCte(2)}, p AS (
             SELECT (x->>0)::int AS i, (x->>1)::float8 AS lng, (x->>2)::float8 AS lat
               FROM jsonb_array_elements($1::jsonb) AS x),
           r AS (SELECT i, ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography AS geog FROM p)
           SELECT r.i, ${districtSql('r')} AS district FROM r ORDER BY r.i`,
          [JSON.stringify(points.map(([lng, lat], i) => [i, lng, lat])), set.postgisParameter],
        );
        return {
          postgis: rows.map((r) => Number(r.district)),
          core: points.map(([lng, lat]) => set.districtOf(lng, lat)),
        };
      };
      // 2,500 points over the four districts' extent, not on a lattice that could line up with vertices.
      const points: [number, number][] = [];
      for (let i = 0; i < 2500; i++)
        points.push([112.85 + ((i * 7919) % 2500) * 0.000404, 39.7 + ((i * 104729) % 2500) * 0.000288]);
      const shipped = await check(shippedDistricts(), points);
      expect(shipped.core).toEqual(shipped.postgis);
      expect(new Set(shipped.core).size).toBe(5); // every district and the outside were hit
      // Shared edge, corner, inside, outside on two squares.
      const edges = await check(squares(), [
        [1, 0.5],
        [1.5, 0.5],
        [2, 1],
        [3, 0.5],
        [0, 0],
      ]);
      expect(edges.postgis).toEqual([1, 2, 2, OTHER_DISTRICT, 1]);
      expect(edges.core).toEqual(edges.postgis);
    },
  );
});
