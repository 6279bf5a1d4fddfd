import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvBatches, readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { csvCell, csvLine, decimalCell } from '../../src/io/csv-write.ts';
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

  it('reads any CSV as a character-by-character parser does, in batches and row by row, whatever the chunks', async () => {
    /** Reference: one pass over the whole text (RFC 4180), each row with the line it starts on. */
    const reference = (text: string) => {
      const out: { line: number; fields: string[] }[] = [];
      let fields: string[] = [];
      let field = '';
      let quoted = false;
      let line = 1;
      let start = 1;
      let dirty = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        dirty = true;
        if (ch === '\n') line++;
        if (quoted) {
          if (ch !== '"') field += ch;
          else if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') {
          fields.push(field);
          field = '';
        } else if (ch === '\n') {
          fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
          out.push({ line: start, fields });
          fields = [];
          field = '';
          start = line;
          dirty = false;
        } else field += ch;
      }
      if (dirty) out.push({ line: start, fields: [...fields, field] });
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom('a', '1', ',', '"', '""', '\n', '\r\n', ' ', '经'), { maxLength: 12 }), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 40 }),
        async (parts, chunk) => {
          // Rows whose quotes pair up (an odd count is an unclosed quote, refused elsewhere).
          const text = parts
            .map((p) => p.join(''))
            .filter((row) => (row.match(/"/g) ?? []).length % 2 === 0)
            .join('\n');
          const batches: { line: number; fields: string[] }[] = [];
          for await (const batch of readCsvBatches(textChunks(text, chunk))) batches.push(...batch);
          expect(batches).toEqual(reference(text));
          expect(await rows(text, chunk)).toEqual(batches);
        },
      ),
      { numRuns: 2_000 },
    );
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

describe('decimalCell', () => {
  const rounded = (n: number, digits: number) => csvCell(Math.round(n * 10 ** digits) / 10 ** digits);

  it('writes what csvCell writes of the rounded number, for any double and 0–9 digits', () => {
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 0, max: 9 }), (n, digits) => {
        expect(decimalCell(n, digits)).toBe(rounded(n, digits));
      }),
      { numRuns: 20_000 },
    );
    // Coordinates and distances as the CLI writes them, and the edges of the fast path.
    const rand = (k: number) => ((k * 2654435761) % 4294967296) / 4294967296;
    for (let k = 0; k < 100_000; k++) {
      const lng = 113 + rand(k) * 0.5;
      expect(decimalCell(lng, 7)).toBe(rounded(lng, 7));
      const d = (rand(k + 7) - 0.5) * 20_000 * rand(k + 13) ** 3;
      expect(decimalCell(d, 2)).toBe(rounded(d, 2));
    }
    for (const n of [0, -0, 1e-7, -1e-7, 5e-8, 1.5e-7, 9e-7, 1e-6, 0.005, -0.005, 1.005, 12345.675, 2 ** 52, 1e21])
      for (const digits of [0, 2, 7, 9]) expect(decimalCell(n, digits)).toBe(rounded(n, digits));
    expect(decimalCell(Number.NaN, 2)).toBe('');
    expect(decimalCell(-Infinity, 2)).toBe('');
    expect(decimalCell(-7577.98, 2)).toBe('-7577.98');
    expect(decimalCell(113.10000001, 7)).toBe('113.1');
    expect(() => decimalCell(1, 10)).toThrow(/digits must be 0–9/);
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
