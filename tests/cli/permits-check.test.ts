import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { capture } from '../helpers/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'coalzone-permits-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const HEADER = '通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态';

describe('coalzone permits check', () => {
  it('summarises a good register for a day and names plates holding several permits', async () => {
    const path = file(
      'ok.csv',
      `${HEADER}\nTX-1,晋B12345,甲,原煤,甲厂,2026-11-01,2027-03-31,有效\nTX-2,晋B12345,甲,原煤,乙厂,2026-11-01,2026-11-30,有效\nTX-3,晋BD23456,乙,原煤,乙厂,2026-12-05,2027-03-31,有效\nTX-4,晋B6789挂,丙,原煤,丙厂,2026-11-01,2027-03-31,作废\n`,
    );
    const out = capture();
    const err = capture();
    expect(await main(['permits', 'check', path, '--at', '2026-12-01'], out as never, err as never)).toBe(0);
    expect(out.text()).toContain(
      '4 张通行证 / permits — 有效 valid 1, 已过期 expired 1, 未生效 not yet valid 1, 已作废 revoked 1',
    );
    expect(out.text()).toContain('! 晋B12345: 2 张通行证 / permits (TX-1, TX-2)');
    expect(err.text()).toBe('');
  });

  it('names every bad row with its line and exits 1; a bad --at is a usage error', async () => {
    const path = file(
      'bad.csv',
      `${HEADER}\nTX-1,晋B12345,甲,原煤,甲厂,2026-11-01,2027-03-31,有效\nTX-2,晋A1234警,乙,原煤,乙厂,2026-11-01,2027-03-31,有效\nTX-1,晋B55555,丙,原煤,丙厂,2026-11-01,2027-03-31,有效\n`,
    );
    const err = capture();
    expect(await main(['permits', 'check', path], capture() as never, err as never)).toBe(1);
    expect(err.text()).toContain('第 3 行 / line 3: 车牌“晋A1234警”：警车号牌');
    expect(err.text()).toContain('第 4 行 / line 4: 通行证号 TX-1 与第 2 行重复');
    expect(err.text()).toContain('2 行有误，整份登记表不会被导入');
    const usage = capture();
    expect(await main(['permits', 'check', path, '--at', 'someday'], capture() as never, usage as never)).toBe(2);
    expect(usage.text()).toContain('--at must be a date');
  });

  it('a missing file is a usage error naming it (permits check and records verify alike)', async () => {
    for (const args of [
      ['permits', 'check', join(dir, 'nope.csv')],
      ['records', 'verify', join(dir, 'nope.zip')],
    ]) {
      const err = capture();
      expect(await main(args, capture() as never, err as never)).toBe(2);
      expect(err.text()).toMatch(/nope\.(csv|zip): no such file/);
    }
  });
});
