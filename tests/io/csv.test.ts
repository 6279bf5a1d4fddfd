import { describe, expect, it } from 'vitest';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { csvCell, csvLine } from '../../src/io/csv-write.ts';
import { decodeChunks, sniffEncoding } from '../../src/io/decode-text.ts';
import { findColumns } from '../../src/io/find-columns.ts';
import { formatBeijingTime, parseTime } from '../../src/io/parse-time.ts';

async function rows(text: string, chunk = 3) {
  const out = [];
  for await (const r of readCsvRows(textChunks(text, chunk))) out.push(r);
  return out;
}

describe('readCsvRows', () => {
  it('keeps the source line of each row, across quoted newlines, CRLF and tiny chunks', async () => {
    const text = '\uFEFFid,note\r\n1,"two\nlines"\r\n2,"say ""hi"""\n3,plain';
    expect(await rows(text)).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'say "hi"'] },
      { line: 5, fields: ['3', 'plain'] },
    ]);
  });

  it('refuses an unclosed quote, naming the line it opened on', async () => {
    await expect(rows('a,b\n1,"open\n2,3\n')).rejects.toThrow(/line 2 is never closed/);
  });
});

describe('csvCell', () => {
  it('neutralises formulas in text but keeps numbers numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("http://x","y"),z')).toBe('"\'=HYPERLINK(""http://x"",""y""),z"');
    expect(csvLine(['晋B·12345', 3, null])).toBe('晋B·12345,3,\r\n');
  });
});

describe('decodeChunks', () => {
  it('reads GB18030 (Excel on Chinese Windows) and UTF-8 alike', async () => {
    const gbk = new Uint8Array([0xbe, 0xad, 0xb6, 0xc8, 0x2c, 0xce, 0xb3, 0xb6, 0xc8]); // 经度,纬度
    expect(sniffEncoding(gbk)).toBe('gb18030');
    async function* one(b: Uint8Array) {
      yield b;
    }
    let text = '';
    for await (const s of decodeChunks(one(gbk))) text += s;
    expect(text).toBe('经度,纬度');
    const utf8 = new TextEncoder().encode('经度,纬度');
    expect(sniffEncoding(utf8)).toBe('utf-8');
    // A UTF-8 sample cut inside a character is still UTF-8.
    expect(sniffEncoding(utf8.subarray(0, 4))).toBe('utf-8');
  });
});

describe('findColumns', () => {
  it('finds Chinese and English headers', () => {
    expect(findColumns(['名称', '经度', '纬度'])).toMatchObject({ id: 0, lng: 1, lat: 2 });
    expect(findColumns(['Plate', 'Time', 'Longitude', 'Latitude'])).toMatchObject({
      track: 0,
      time: 1,
      lng: 2,
      lat: 3,
    });
    expect(findColumns(['地址', '坐标'])).toMatchObject({ pair: 1, lng: -1 });
  });
  it('names what is missing', () => {
    expect(() => findColumns(['a', 'b'])).toThrow(/no longitude\/latitude columns found.*columns: a, b/);
    expect(() => findColumns(['x', 'y'], { lng: 'E' })).toThrow(/no column named "E"/);
  });
});

describe('parseTime', () => {
  it('reads local times as Beijing time and zoned times as given', () => {
    const utc = Date.UTC(2026, 10, 30, 0, 15, 0);
    expect(parseTime('2026-11-30 08:15:00')).toBe(utc);
    expect(parseTime('2026/11/30 8:15')).toBe(utc);
    expect(parseTime('2026年11月30日 08:15')).toBe(utc);
    expect(parseTime('2026-11-30T00:15:00Z')).toBe(utc);
    expect(parseTime(String(utc / 1000))).toBe(utc);
    expect(parseTime(String(utc))).toBe(utc);
    expect(formatBeijingTime(utc)).toBe('2026-11-30 08:15:00');
  });
  it('returns null for what is not a time', () => {
    for (const bad of ['', 'yesterday', '2026-13-01 00:00', '2026-11-30 25:00', '12345'])
      expect(parseTime(bad)).toBeNull();
  });
});

describe('jsonErrorLine', () => {
  it('finds the line of the first error, or null for valid JSON', async () => {
    const { jsonErrorLine } = await import('../../src/io/json-error-line.ts');
    expect(jsonErrorLine('{"a": 1,\n "b": [}')).toBe(2);
    expect(jsonErrorLine('{"a": 1,\n\n "b" 2}')).toBe(3);
    expect(jsonErrorLine('[1, 2,\n]')).toBe(2);
    expect(jsonErrorLine('{"a": [1, {"b": null}], "c": "x\\"y", "d": {}, "e": []}')).toBeNull();
    expect(jsonErrorLine('{"a": 1')).toBe(1);
  });
});
