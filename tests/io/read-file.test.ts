import { describe, expect, it } from 'vitest';
import { importPermits } from '../../src/checkpoints/permits.ts';
import { readCsvRows } from '../../src/io/csv-rows.ts';
import { blobText, blobTextChunks, readTrackFile, trackFormatOf } from '../../src/io/read-file.ts';

/** GB18030 bytes of a string, as Excel on Chinese Windows saves CSV (TextEncoder only writes UTF-8). */
function gb18030(text: string): Uint8Array<ArrayBuffer> {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

describe('files chosen in the browser', () => {
  it('reads a permit register saved as GBK by Excel', async () => {
    const csv =
      '通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态\r\nTX-1,晋B12345,大同热电,原煤,大同热电,2026-12-01,2027-03-31,有效\r\n';
    const bytes = gb18030(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = await importPermits(readCsvRows(blobTextChunks(new Blob([bytes]))));
    expect(result).toMatchObject({ ok: true, permits: [{ number: 'TX-1', plate: '晋B12345', holder: '大同热电' }] });
  });

  it('knows track formats by extension and names an unsupported one', () => {
    expect(trackFormatOf('TRUCK.GPX')).toBe('gpx');
    expect(trackFormatOf('a.b/log.txt')).toBe('csv');
    expect(trackFormatOf('x.geojson')).toBe('geojson');
    expect(() => trackFormatOf('photo.jpg')).toThrow('unsupported file type ".jpg"');
    expect(() => trackFormatOf('README')).toThrow('"(none)"');
  });

  it('refuses a whole-read file over the limit with its size, without reading it', async () => {
    const huge = {
      size: 300 * 2 ** 20,
      stream: () => {
        throw new Error('must not be read');
      },
    } as unknown as Blob;
    await expect(blobText(huge, 'big.gpx')).rejects.toThrow('big.gpx is 300 MiB');
    await expect(readTrackFile(huge, 'big.kml')).rejects.toThrow('limited to 256 MiB');
  });

  it('names the line of broken GeoJSON and refuses swapped coordinates point by point', async () => {
    await expect(
      readTrackFile(new Blob(['{"type":"FeatureCollection",\n"features":[\n}']), 't.geojson'),
    ).rejects.toThrow(/not valid JSON \(line 3\)/);
    const swapped = {
      type: 'Feature',
      properties: { name: 'swapped' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [40.09, 113.3],
          [113.3, 40.09],
          [113.31, 40.09],
        ],
      },
    };
    const read = await readTrackFile(new Blob([JSON.stringify(swapped)]), 'swapped.json');
    expect(read.tracks[0]?.coordinates).toHaveLength(2);
    expect(read.refusals[0]?.reason.message).toMatch(/point 1/);
  });
});
