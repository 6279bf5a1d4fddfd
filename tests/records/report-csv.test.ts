/**
 * The records CSV as a report (issue 14 item 14): headers in the UI's language, labels not codes, Beijing time
 * as people write it, one column per form field, the time of each status step, contacts withheld unless
 * asked, a BOM for Excel, and every formula-like cell neutralised.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { looksLikeFormula } from '../../src/io/csv-write.ts';
import { beijingMinute, recordsReportCsv } from '../../src/io/records-report-csv.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { addStatusStep, createRecord } from '../../src/store/records-repo.ts';

let n = 0;
const ctx = (at: string) => ({
  author: { role: 'city-management' as const, officerId: 'CG-0352-07' },
  zoneAnswer: {
    status: 'inside' as const,
    traced: 'inside' as const,
    signedDistanceM: 1234.4,
    uncertaintyM: 200,
    zoneId: 'datong-city',
    zoneVersion: '2024-106.trace-1',
  },
  now: new Date(at),
});
const location = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'gps' as const };

/** Rows of the CSV as a spreadsheet reads them (header first). */
async function rows(csv: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of readCsvRows(textChunks(csv))) out.push(row.fields);
  return out;
}

/** A row as header → cell. */
const byHeader = (header: string[], row: string[]) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));

async function seeded(): Promise<FieldRecord[]> {
  const db = new RecordsDatabase(`report-csv-${++n}`);
  const shop = await createRecord(
    db,
    {
      kind: 'sales-point',
      location,
      fields: {
        name: '平城区煤店',
        operator: '张三',
        address: '御河西路 8 号',
        mode: 'mobile',
        sells: ['散煤', '型煤'],
        phone: '',
      },
    },
    ctx('2026-12-02T00:07:30Z'), // 08:07 Beijing
  );
  await addStatusStep(
    db,
    shop.id,
    { status: 'ordered-to-stop', note: '现场责令停止销售', documentNumber: '城管责停〔2026〕12号' },
    ctx('2026-12-03T01:30:00Z'), // 12-03 09:30 Beijing
  );
  await createRecord(
    db,
    {
      kind: 'violation-report',
      location,
      fields: {
        what: 'burning',
        description: '=HYPERLINK("http://x.example","点击")',
        observedAt: '2026-12-01T23:50:00+08:00',
        contact: { name: '王五', phone: '13812345678' },
      },
    },
    ctx('2026-12-01T16:10:00Z'), // 12-02 00:10 Beijing
  );
  return db.records.toArray();
}

describe('the records report CSV', () => {
  it('reads as a report in Chinese: labels, Beijing time, one column per field, each status step dated', async () => {
    const records = await seeded();
    const csv = recordsReportCsv(records, { lang: 'zh' });
    expect(csv.startsWith('\uFEFF记录类型,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, ...body] = await rows(csv.slice(1));
    expect(header).toBeDefined();
    const h = header as string[];
    for (const column of [
      '记录类型',
      '类型',
      '名称',
      '经营者',
      '销售品种（逗号分隔）',
      '违规行为',
      '发现时间',
      '当前状态',
    ])
      expect(h).toContain(column);
    expect(h).toContain('已发现时间');
    expect(h).toContain('已责令停止时间');
    expect(h).not.toContain('fields');
    expect(body).toHaveLength(2);
    const shop = byHeader(h, body.find((r) => r.includes('平城区煤店')) as string[]);
    expect(shop).toMatchObject({
      记录类型: '煤炭销售点',
      类型: '流动（城管）',
      名称: '平城区煤店',
      '销售品种（逗号分隔）': '散煤、型煤',
      当前状态: '已责令停止',
      已发现时间: '2026-12-02 08:07',
      已责令停止时间: '2026-12-03 09:30',
      '区内外（保存时）': '区内',
      '创建时间（北京时间）': '2026-12-02 08:07',
      记录单位: '城市管理',
      位置来源: 'GPS 定位',
    });
    expect(shop.状态记录).toBe(
      '2026-12-02 08:07 已发现；2026-12-03 09:30 已责令停止，文书号 城管责停〔2026〕12号，现场责令停止销售',
    );
    expect(Object.values(shop)).not.toContain('sales-point');
    expect(Object.values(shop)).not.toContain('mobile');
    const report = byHeader(h, body.find((r) => r.includes('燃用')) as string[]);
    expect(report.发现时间).toBe('2026-12-01 23:50');
    expect(report['创建时间（北京时间）']).toBe('2026-12-02 00:10');
    expect(report['举报人电话（保密，可不填）']).toBe('（已隐去）');
    expect(report.名称).toBe('');
    expect(csv).not.toContain('13812345678');
    expect(csv).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no ISO time anywhere
    expect(recordsReportCsv(records, { lang: 'zh', includeContacts: true })).toContain('13812345678');
  });

  it('is in English with the English UI', async () => {
    const records = await seeded();
    const [header, ...body] = await rows(recordsReportCsv(records, { lang: 'en' }).slice(1));
    const h = header as string[];
    expect(h.slice(0, 2)).toEqual(['Record kind', 'Name']);
    expect(h).toContain('ordered to stop at');
    const shop = byHeader(h, body.find((r) => r.includes('平城区煤店')) as string[]);
    expect(shop).toMatchObject({
      'Record kind': 'Coal sales point',
      Status: 'ordered to stop',
      Type: 'mobile (city management)',
    });
    for (const cell of h) expect(cell).toMatch(/^[\x20-\x7e]+$/);
  });

  it('neutralises formula-like cells and ends with the exporting device', async () => {
    const records = await seeded();
    const csv = recordsReportCsv(records, { exportedBy: { deviceId: 'dev-1', fingerprint: 'ABCD 0123' } });
    const all = (await rows(csv.slice(1))).flat();
    expect(all).toContain('\'=HYPERLINK("http://x.example","点击")');
    for (const cell of all) if (looksLikeFormula(cell)) expect.fail(`a formula-like cell came through: ${cell}`);
    const [header, first] = await rows(csv.slice(1));
    expect(header?.slice(-2)).toEqual(['导出设备', '导出密钥指纹']);
    expect(first?.slice(-2)).toEqual(['dev-1', 'ABCD 0123']);
  });

  it('writes Beijing time to the minute', () => {
    expect(beijingMinute('2026-12-01T16:07:59Z')).toBe('2026-12-02 00:07');
    expect(beijingMinute('2026-12-02T08:07:00+08:00')).toBe('2026-12-02 08:07');
    expect(beijingMinute('')).toBe('');
    expect(beijingMinute('not a time')).toBe('');
  });

  it('names the zone that answered (the city zone or a county zone), beside its version', async () => {
    const records = await seeded();
    const county = { ...records[0], id: 'county-1' } as FieldRecord;
    county.zoneAnswer = { ...(county.zoneAnswer as NonNullable<FieldRecord['zoneAnswer']>), zoneId: 'yunzhou' };
    const [header, ...body] = await rows(recordsReportCsv([...records, county], { lang: 'zh' }).slice(1));
    const zone = body.map((r) => byHeader(header as string[], r)).map((r) => [r['区域'], r['区域版本']]);
    expect(zone.slice(-1)).toEqual([['yunzhou', '2024-106.trace-1']]);
    expect(new Set(zone.slice(0, -1).map((z) => z[0]))).toEqual(new Set(['datong-city']));
  });
});
