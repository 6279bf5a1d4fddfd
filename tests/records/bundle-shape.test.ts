/**
 * Backups of unexpected shape are refused with the entry named and what is wrong — never a crash, never let
 * through — and a zip's sizes are capped from its directory before anything is inflated.
 */
import 'fake-indexeddb/auto';
import { strToU8, unzipSync, Zip, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readBundle } from '../../src/io/backup-bundle.ts';
import { BUNDLE_LIMITS, unzipBounded } from '../../src/io/unzip-bounded.ts';
import { exportBundle } from '../../src/store/backup.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { createRecord } from '../../src/store/records-repo.ts';

/** A zip written entry by entry (so names may repeat or be hostile). */
function rawZip(entries: [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of entries) {
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Rewrites the uncompressed size of every entry in the zip's central directory (a lying zip). */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 < out.length; i++)
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return out;
}

async function bundle(): Promise<Record<string, Uint8Array>> {
  const db = new RecordsDatabase('shape-source');
  await createRecord(
    db,
    {
      kind: 'appliance',
      location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
      fields: { type: 'boiler', owner: '单位', address: '', conversion: 'none' },
    },
    { author: { role: 'county', officerId: 'X1' }, zoneAnswer: null },
  );
  return unzipSync(await exportBundle(db));
}

async function refusal(bytes: Uint8Array): Promise<{ reason: string; message: string; zh: string }> {
  try {
    await readBundle(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    return { reason: String(e.detail.reason), message: e.message, zh: String(e.detail.zh) };
  }
  throw new Error('the bundle was let through');
}

describe('bundle shape and size', () => {
  it('refuses hostile entry names and duplicates, naming the entry', async () => {
    const files = await bundle();
    const m = files['manifest.json'] as Uint8Array;
    for (const [name, reason] of [
      ['__proto__', 'UNEXPECTED_ENTRY'],
      ['constructor', 'UNEXPECTED_ENTRY'],
      ['../evil', 'UNSAFE_ENTRY_NAME'],
      ['/etc/passwd', 'UNSAFE_ENTRY_NAME'],
      ['photos/../../x', 'UNSAFE_ENTRY_NAME'],
    ] as const) {
      const r = await refusal(
        rawZip([
          ['manifest.json', m],
          [name, strToU8('{}')],
        ]),
      );
      expect(r.reason, name).toBe(reason);
      expect(r.message).toContain(JSON.stringify(name));
      expect(r.zh).toContain('备份被拒收');
    }
    const dup = await refusal(
      rawZip([
        ['manifest.json', m],
        ['records.json', strToU8('[]')],
        ['records.json', strToU8('[]')],
      ]),
    );
    expect(dup).toMatchObject({ reason: 'DUPLICATE_ENTRY' });
    expect(dup.message).toContain('"records.json" appears twice');
  });

  it('refuses a manifest of unexpected shape with what is wrong', async () => {
    const files = await bundle();
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const cases: [unknown, RegExp][] = [
      [[], /manifest.json is not an object/],
      ['text', /manifest.json is not an object/],
      [{ ...manifest, counts: undefined }, /counts is missing or not an object/],
      [{ ...manifest, counts: 'many' }, /counts is missing or not an object/],
      [{ ...manifest, counts: { ...manifest.counts, records: -1 } }, /counts.records is not a whole number/],
      [{ ...manifest, files: null }, /files is missing/],
      [{ ...manifest, files: JSON.parse('{"__proto__":"00"}') }, /files names "__proto__"/],
      [{ ...manifest, files: { ...manifest.files, '../x': 'a'.repeat(64) } }, /files names "..\/x"/],
      [{ ...manifest, photos: {} }, /photos is not a list/],
      [{ ...manifest, photos: [null] }, /photos\[0\] is not an object/],
      [{ ...manifest, head: { ...manifest.head, seq: 'x' } }, /head: /],
      [{ ...manifest, version: 3 }, /version is 3/],
    ];
    for (const [value, message] of cases) {
      const r = await refusal(zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(value)) }));
      expect(r.reason).toBe('BAD_MANIFEST');
      expect(r.message).toMatch(message);
    }
    for (const [name, value, message] of [
      ['records.json', '{"a":1}', /records.json must be a list/],
      ['audit.json', '[1]', /audit.json entry 1: not an object/],
      ['records.json', '[{"id":"x"}]', /records.json record 1: id is not a UUID/],
      ['audit.json', '[{"seq":1}]', /audit.json entry 1: recordId/],
    ] as const) {
      // The motivated editor fixes the hash; the signature then fails first — shape errors show unsigned.
      const { signature: _s, head: _h, publicKey: _k, ...v1 } = manifest;
      const body = strToU8(value);
      const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', body))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      const unsigned = { ...v1, version: 1, files: { ...manifest.files, [name]: hash } };
      const r = await refusal(zipSync({ ...files, [name]: body, 'manifest.json': strToU8(JSON.stringify(unsigned)) }));
      expect(r.message).toMatch(message);
    }
  });

  it('caps entries, sizes and ratio from the directory before inflating; a lying size fails its hash', async () => {
    const files = await bundle();
    // 1.1 GiB declared: refused from the directory, nothing inflated.
    const huge = declareSize(zipSync(files), 1.1 * 2 ** 30);
    expect((await refusal(huge)).reason).toBe('ENTRY_TOO_LARGE');
    // A real bomb: 4 MiB of zeros deflate to a few KB (over 100×).
    const bomb = zipSync({ ...files, 'records.json': new Uint8Array(4 * 2 ** 20) }, { level: 9 });
    expect(await refusal(bomb)).toMatchObject({ reason: 'ZIP_BOMB' });
    const many = Array.from(
      { length: 20 },
      (_, i) => [`photos/${crypto.randomUUID()}`, strToU8(String(i))] as [string, Uint8Array],
    );
    expect(() => unzipBounded(rawZip(many), { ...BUNDLE_LIMITS, entries: 10 })).toThrow(/more than 10 entries/);
    const total = { ...BUNDLE_LIMITS, totalBytes: 100 };
    expect(() => unzipBounded(rawZip(many.map(([n]) => [n, new Uint8Array(10)])), total)).toThrow(
      /more than 100 bytes/,
    );
    // Declared smaller than real: inflating stops at the declared size and the entry is refused, named.
    const lying = declareSize(zipSync(files), 8);
    const r = await refusal(lying);
    expect(r.reason).toBe('ZIP_SIZE_MISMATCH');
    expect(r.message).toMatch(/entry "[^"]+" inflates to more than the 8 bytes it declares/);
  });
});
