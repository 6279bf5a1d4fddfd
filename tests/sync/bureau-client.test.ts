/** The bureau client's pure parts: a download's name from Content-Disposition, and phones as written here. */
import { describe, expect, it } from 'vitest';
import { displayPhone, normalisePhone } from '../../src/records/phone.ts';
import { dispositionName } from '../../src/sync/bureau-client.ts';

describe('dispositionName', () => {
  it('takes the UTF-8 name first, then the plain one, then the fallback', () => {
    const name = '禁煤区周报-2026-11-30.xlsx';
    expect(
      dispositionName(
        `attachment; filename="coalzone-weekly-2026-11-30.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'x',
      ),
    ).toBe(name);
    expect(dispositionName('attachment; filename="coalzone-weekly.csv"', 'x')).toBe('coalzone-weekly.csv');
    expect(dispositionName(null, '周报.xlsx')).toBe('周报.xlsx');
    // A malformed escape falls back to the plain name.
    expect(dispositionName(`attachment; filename="plain.csv"; filename*=UTF-8''%E7%ZZ`, 'x')).toBe('plain.csv');
  });
});

describe('displayPhone', () => {
  it('writes mobiles in 3-4-4 groups and keeps landlines with their area code', () => {
    expect(displayPhone(normalisePhone('+86 139-0000-4444') as string)).toBe('139 0000 4444');
    expect(displayPhone(normalisePhone('5022085') as string)).toBe('0352-5022085');
    expect(displayPhone('12345')).toBe('12345');
  });
});
