/**
 * Hostile backups: zips that lie about their sizes or would inflate past the caps, names that are not ours
 * (`__proto__`, `../`, absolute, duplicates), and manifests, records and audit entries of the wrong shape.
 * Each is refused with a reason code and a message naming the entry, in zh-CN and English, before anything
 * is imported — the database keeps exactly what it had.
 */
import 'fake-indexeddb/auto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readBundle } from '../../src/io/backup-bundle.ts';
import { sha256Hex } from '../../src/records/canonical-json.ts';
import { exportBundle, importBundle } from '../../src/store/backup.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { addPhoto, createRecord } from '../../src/store/records-repo.ts';

const ctx = { author: { role: 'county' as const, officerId: 'L1' }, zoneAnswer: null };
let n = 0;

async function source(): Promise<{ db: RecordsDatabase; bytes: Uint8Array }> {
  const db = new RecordsDatabase(`limits-${++n}`);
  const r = await createRecord(
    db,
    {
      kind: 'appliance',
      location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
      fields: { type: 'boiler', owner: '单位', address: '', conversion: 'none' },
    },
    ctx,
  );
  await addPhoto(db, r.id, new Blob([new Uint8Array([0xff, 0xd8, 1])], { type: 'image/jpeg' }), ctx);
  return { db, bytes: await exportBundle(db) };
}

/** Offsets of an entry's central directory header and local header. */
function headers(zip: Uint8Array, name: string): { central: number; local: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const wanted = strToU8(name);
  for (let at = 0; at + 46 < zip.length; at++)
    if (view.getUint32(at, true) === 0x02014b50) {
      const length = view.getUint16(at + 28, true);
      const got = zip.subarray(at + 46, at + 46 + length);
      if (got.length === wanted.length && got.every((b, i) => b === wanted[i]))
        return { central: at, local: view.getUint32(at + 42, true) };
    }
  throw new Error(`no entry ${name}`);
}

/** Sets an entry's declared uncompressed size in both headers. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const { central, local } = headers(out, name);
  view.setUint32(central + 24, size, true);
  view.setUint32(local + 22, size, true);
  return out;
}

/** Renames an entry in both headers (same length), to make names fflate's writer would never write. */
function rename(zip: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const out = zip.slice();
  const { central, local } = headers(out, from);
  out.set(strToU8(to), central + 46);
  out.set(strToU8(to), local + 30);
  return out;
}

async function refusal(bytes: Uint8Array): Promise<InputError> {
  const error = await readBundle(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const e = error as InputError;
  // Every refusal says it in both languages.
  expect(e.message).toMatch(/^backup refused: /);
  expect(String(e.detail.zh)).toMatch(/^备份被拒收：/);
  return e;
}

const withManifest = (files: Record<string, Uint8Array>, manifest: unknown) =>
  zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) });

/** An unsigned (version 1) bundle of these files, hashes right: its JSON is checked for shape. */
async function unsigned(files: Record<string, Uint8Array>, manifest: Record<string, unknown>): Promise<Uint8Array> {
  const { publicKey: _k, head: _h, signature: _s, ...v1 } = manifest;
  const hashes: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files))
    if (name !== 'manifest.json') hashes[name] = await sha256Hex(bytes);
  return withManifest(files, { ...v1, version: 1, files: hashes });
}

describe('zip caps', () => {
  it('stops an entry that inflates past its declared size, without inflating the rest', async () => {
    // 16 MiB of zeros deflate to ~16 KiB: the directory says 1,000 bytes (and nothing else is wrong).
    const bomb = zipSync({ 'records.json': new Uint8Array(16 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(50_000);
    const e = await refusal(declareSize(bomb, 'records.json', 1000));
    expect(e.detail.reason).toBe('ZIP_SIZE_MISMATCH');
    expect(e.message).toContain('"records.json" inflates to more than the 1000 bytes it declares (stopped there)');
  });

  it('refuses from the directory, before inflating: too large, too compressed, too many entries', async () => {
    const bomb = zipSync({ 'records.json': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect((await refusal(declareSize(bomb, 'records.json', 300 * 1024 * 1024))).detail.reason).toBe('ENTRY_TOO_LARGE');
    // 8 MiB from ~8 KiB is a ratio of ~1,000: no backup compresses like that.
    const ratio = await refusal(bomb);
    expect(ratio.detail.reason).toBe('ZIP_BOMB');
    expect(ratio.message).toContain('"records.json" claims 8388608 bytes');
    const many = zipSync({ 'records.json': strToU8('[]') });
    const view = new DataView(many.buffer);
    const end = many.length - 22;
    view.setUint16(end + 8, 60_000, true);
    view.setUint16(end + 10, 60_000, true);
    expect((await refusal(many)).detail.reason).toBe('TOO_MANY_ENTRIES');
  });

  it('refuses names that are not a backup file, and duplicates', async () => {
    const { bytes } = await source();
    const files = unzipSync(bytes);
    const cases: [Uint8Array, string, string][] = [
      [zipSync({ ...files, '../../etc/x': strToU8('x') }), 'UNSAFE_ENTRY_NAME', '"../../etc/x"'],
      [zipSync({ ...files, '/etc/passwd': strToU8('x') }), 'UNSAFE_ENTRY_NAME', '"/etc/passwd"'],
      // An object literal cannot hold a "__proto__" key for fflate to write: written under another name, renamed.
      [
        rename(zipSync({ ...files, xxxxxxxxx: strToU8('{}') }), 'xxxxxxxxx', '__proto__'),
        'UNEXPECTED_ENTRY',
        '"__proto__"',
      ],
      [zipSync({ ...files, constructor: strToU8('{}') }), 'UNEXPECTED_ENTRY', '"constructor"'],
      [
        rename(zipSync({ ...files, 'audit.jsox': strToU8('[]') }), 'audit.jsox', 'audit.json'),
        'DUPLICATE_ENTRY',
        '"audit.json" appears twice',
      ],
      [zipSync({ ...files, 'photos/': new Uint8Array(0) }), 'UNEXPECTED_ENTRY', '"photos/"'],
    ];
    for (const [zip, reason, named] of cases) {
      const e = await refusal(zip);
      expect(e.detail.reason, named).toBe(reason);
      expect(e.message).toContain(named);
    }
  });
});

describe('shapes', () => {
  it('names what is wrong with a manifest, a record or an entry, and imports nothing', async () => {
    const { bytes } = await source();
    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const records = JSON.parse(new TextDecoder().decode(files['records.json']));
    const audit = JSON.parse(new TextDecoder().decode(files['audit.json']));
    const { counts: _, ...noCounts } = manifest;
    // Nested 100,000 deep: JSON.parse takes it, anything recursive over it would overflow the stack.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = (value: unknown) => JSON.stringify(value).replace('"DEEP"', deep);
    const cases: [Uint8Array, string, string][] = [
      [withManifest(files, noCounts), 'BAD_MANIFEST', 'counts is missing'],
      [withManifest(files, []), 'BAD_MANIFEST', 'manifest.json is not an object'],
      [withManifest(files, null), 'BAD_MANIFEST', 'manifest.json is not an object'],
      [withManifest(files, 'coalzone-backup'), 'BAD_MANIFEST', 'manifest.json is not an object'],
      [withManifest(files, { ...manifest, counts: 3 }), 'BAD_MANIFEST', 'counts is missing or not an object'],
      [
        zipSync({
          ...files,
          'manifest.json': strToU8(JSON.stringify(manifest).replace('"files":{', '"files":{"__proto__":"0",')),
        }),
        'BAD_MANIFEST',
        'files names "__proto__"',
      ],
      [
        withManifest(files, { ...manifest, files: { ...manifest.files, constructor: '0'.repeat(64) } }),
        'BAD_MANIFEST',
        'files names "constructor"',
      ],
      [
        withManifest(files, { ...manifest, files: { ...manifest.files, '../records.json': '0'.repeat(64) } }),
        'BAD_MANIFEST',
        'files names "../records.json"',
      ],
      [withManifest(files, { ...manifest, photos: [null] }), 'BAD_MANIFEST', 'photos[0] is not an object'],
      [withManifest(files, { ...manifest, head: { ...manifest.head, seq: -1 } }), 'BAD_MANIFEST', 'seq'],
      [
        zipSync({ ...files, 'manifest.json': strToU8(text({ ...manifest, extra: 'DEEP' })) }),
        'BAD_MANIFEST',
        'nested more than 32 levels',
      ],
      [
        await unsigned({ ...files, 'records.json': strToU8('{"not":"a list"}') }, manifest),
        'BAD_JSON',
        'records.json must be a list',
      ],
      [
        await unsigned({ ...files, 'audit.json': strToU8('[1,') }, manifest),
        'BAD_JSON',
        'audit.json is not valid JSON',
      ],
      [
        await unsigned({ ...files, 'records.json': strToU8(text([{ ...records[0], fields: 'DEEP' }])) }, manifest),
        'BAD_RECORD',
        'record 1: nested more than 32 levels',
      ],
      [
        await unsigned(
          { ...files, 'audit.json': strToU8(JSON.stringify([{ ...audit[0], seq: 'one' }, audit[1]])) },
          manifest,
        ),
        'BAD_AUDIT',
        'entry 1: seq is not a whole number',
      ],
      [
        await unsigned({ ...files, 'records.json': strToU8(JSON.stringify([null])) }, manifest),
        'BAD_RECORD',
        'record 1: not an object',
      ],
    ];
    const target = new RecordsDatabase(`limits-target-${++n}`);
    await createRecord(
      target,
      {
        kind: 'appliance',
        location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
        fields: { type: 'boiler', owner: '本机', address: '', conversion: 'none' },
      },
      ctx,
    );
    for (const [zip, reason, named] of cases) {
      // The manifest's shape is checked before its signature, so a reshaped manifest is named for its shape.
      const e = await refusal(zip);
      expect(e.detail.reason, named).toBe(reason);
      expect(e.message, named).toContain(named);
      await expect(importBundle(target, zip, ctx)).rejects.toBeInstanceOf(InputError);
    }
    expect(await target.records.count()).toBe(1);
    expect(await target.audit.count()).toBe(1);
    expect(await target.photos.count()).toBe(0);
  });
});
