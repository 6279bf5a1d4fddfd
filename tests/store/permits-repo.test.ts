import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importPermits } from '../../src/checkpoints/permits.ts';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { listPermits, putPermit, savePermits } from '../../src/store/permits-repo.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';

let n = 0;
const fresh = () => new RecordsDatabase(`permits-test-${++n}`);
const HEADER = '通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态';
const read = async (text: string) => {
  const result = await importPermits(readCsvRows(textChunks(text)));
  if (!result.ok) throw new Error(JSON.stringify(result.rejected));
  return result.permits;
};

describe('permit register on the device', () => {
  it('imports, merges a re-issued register by permit number, and keeps the others', async () => {
    const db = fresh();
    const first = await read(
      `${HEADER}\nTX-001,晋B·12345,大同热电,原煤,大同第二热电厂,2026-11-01,2027-03-31,有效\nTX-002,晋B·D12345,云冈供热,洗精煤,云冈供热站,2026-11-01,2026-11-30,有效\n`,
    );
    expect(await savePermits(db, first, 'a.csv')).toEqual({ added: 2, updated: 0 });
    const second = await read(
      `${HEADER}\nTX-002,晋B·D12345,云冈供热,洗精煤,云冈供热站,2026-11-01,2027-03-31,有效\nTX-003,晋BF12345,同煤化工,原料煤,同煤化工厂,2026-12-01,2027-03-31,有效\n`,
    );
    expect(await savePermits(db, second, 'b.csv')).toEqual({ added: 1, updated: 1 });
    const all = await listPermits(db);
    expect(all.map((p) => [p.number, p.source])).toEqual([
      ['TX-001', 'a.csv'],
      ['TX-002', 'b.csv'],
      ['TX-003', 'b.csv'],
    ]);
    expect(all[1]?.validTo).toBe(Date.parse('2027-03-31T23:59:59.999+08:00'));
  });

  it('keeps the old register whole when the write fails (quota)', async () => {
    const db = fresh();
    await savePermits(db, await read(`${HEADER}\nTX-001,晋B12345,甲,原煤,甲厂,2026-11-01,2027-03-31,有效\n`), 'a.csv');
    const more = await read(
      `${HEADER}\nTX-001,晋B12345,甲,原煤,乙厂,2026-11-01,2027-03-31,有效\nTX-009,晋B99999,乙,原煤,乙厂,2026-11-01,2027-03-31,有效\n`,
    );
    db.permits.bulkPut = (() =>
      Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))) as never;
    await expect(savePermits(db, more, 'b.csv')).rejects.toThrow('full');
    const kept = await new RecordsDatabase(db.name).permits.toArray();
    expect(kept.map((p) => [p.number, p.destination])).toEqual([['TX-001', '甲厂']]);
  });

  it('an edit is checked like an imported row and names each problem', async () => {
    const db = fresh();
    await expect(
      putPermit(db, { number: 'TX-5', plate: '警A12345', validFrom: '2026-12-01', validTo: '2026-11-01' }),
    ).rejects.toThrow(/plate: .*; valid to is before valid from/);
    expect(await db.permits.count()).toBe(0);
    const saved = await putPermit(db, {
      number: 'TX-5',
      plate: ' 晋b 1234o ',
      holder: '大同热电',
      destination: '大同第二热电厂',
      validFrom: '2026/12/1',
      validTo: '2027年3月31日',
      status: '作废',
    });
    expect(saved).toMatchObject({ plate: '晋B12340', status: 'revoked', source: 'edit' });
    expect((await listPermits(db)).length).toBe(1);
  });
});
