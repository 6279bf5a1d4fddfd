import { describe, expect, it } from 'vitest';
import { checkPermit, findPermits, importPermits, permitIndex } from '../../src/checkpoints/permits.ts';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';

const CSV = `通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态
TX-001,晋B·12345,大同第二热电厂,原煤,大同第二热电厂,2026-11-01,2027-03-31,有效
TX-002,晋BD23456,大同第二热电厂,原煤,大同第二热电厂,2026-11-01,2026-11-30,有效
TX-003,晋B 6789挂,同煤化工,原料煤,同煤化工,2026-11-01,2027-03-31,作废
`;

const read = (text: string) => importPermits(readCsvRows(textChunks(text)));
const at = (s: string) => Date.parse(`${s}T10:00:00+08:00`);

describe('permit register', () => {
  it('imports a register and finds a permitted truck however the plate is typed', async () => {
    const r = await read(CSV);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const index = permitIndex(r.permits);
    for (const typed of ['晋B12345', '晋b 12345', '晋B·12345', '晋B-I2345'])
      expect(findPermits(index, typed)).toMatchObject({ exact: true, permits: [{ number: 'TX-001' }] });
    const typo = findPermits(index, '晋B12346');
    expect(typo.exact).toBe(false);
    expect(typo.permits.map((p) => p.number)).toEqual(['TX-001']);
    expect(findPermits(index, '晋A99999').permits).toEqual([]);
  });

  it('checks the day, status and destination', async () => {
    const r = await read(CSV);
    if (!r.ok) throw new Error('import failed');
    const [p1, p2, p3] = r.permits;
    expect(checkPermit(p1!, at('2026-12-01'), '大同第二热电厂')).toBe('valid');
    expect(checkPermit(p1!, at('2026-12-01'), '某小区锅炉房')).toBe('wrong-destination');
    expect(checkPermit(p2!, at('2026-11-30'), null)).toBe('valid');
    expect(checkPermit(p2!, at('2026-12-01'), null)).toBe('expired');
    expect(checkPermit(p1!, at('2026-10-01'), null)).toBe('not-yet-valid');
    expect(checkPermit(p3!, at('2026-12-01'), null)).toBe('revoked');
  });

  it('refuses a validity date that does not exist (2026-02-31, 2026-04-31) with its line, never rolls it over', async () => {
    const bad = `${CSV}TX-007,晋C33333,某单位,原煤,某地,2026-02-01,2026-02-31,有效
TX-008,晋C44444,某单位,原煤,某地,2026-04-31,2026-06-30,有效
`;
    const r = await read(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejected.map((x) => x.line)).toEqual([5, 6]);
    expect(r.rejected[0]!.zh).toContain('有效期止“2026-02-31”不是日期');
    expect(r.rejected[1]!.zh).toContain('有效期起“2026-04-31”不是日期');
  });

  it('refuses the whole file when any row is bad, listing each rejected line', async () => {
    const bad = `${CSV}TX-004,晋B1234警,某单位,原煤,某地,2026-11-01,2027-01-01,有效
TX-001,晋C11111,某单位,原煤,某地,2026-11-01,2027-01-01,有效
TX-006,晋C22222,某单位,原煤,某地,2026-12-01,2026-11-01,有效
`;
    const r = await read(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejected.map((x) => x.line)).toEqual([5, 6, 7]);
    expect(r.rejected[0]!.reason).toContain('police plate');
    expect(r.rejected[0]!.zh).toContain('警车号牌');
    expect(r.rejected[1]!.zh).toContain('与第 2 行重复');
    expect(r.rejected[1]!.reason).toContain('repeats line 2');
    expect(r.rejected[2]!.reason).toContain('before valid from');
  });

  it('names missing columns', async () => {
    const r = await read('车牌,货物\n晋B12345,原煤\n');
    expect(!r.ok && r.rejected[0]!.reason).toContain('通行证号');
  });
});

describe('register template', () => {
  it('imports as it is: the headers the importer reads and a valid example row', async () => {
    const { permitTemplateCsv } = await import('../../src/checkpoints/permits.ts');
    const r = await read(permitTemplateCsv().replace(/^\uFEFF/, ''));
    expect(r).toMatchObject({ ok: true, permits: [{ number: 'TX-2026-001', plate: '晋B12345', status: 'valid' }] });
  });
});
