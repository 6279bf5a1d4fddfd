/**
 * 1,000 seeded random tampers of a real signed bundle, each made by the motivated editor: after the change
 * the manifest's file hashes, counts and photo list are recomputed (anyone can), and where the tamper needs a
 * key, a new one is made. Every one must be refused by readBundle given the device's key as trusted; the ones
 * that apply to a database must also be found by the in-app verify (verifyStore) against the device's last
 * signed head.
 */
import 'fake-indexeddb/auto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { type BundleManifest, readBundle, type SigningKey } from '../../src/io/backup-bundle.ts';
import { type AuditEntry, nextEntry } from '../../src/records/audit-chain.ts';
import { hashJson, sha256Hex } from '../../src/records/canonical-json.ts';
import { exportPublicKey, generateDeviceKey, type PublicKeyJwk, signJson } from '../../src/records/device-key.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { signHead } from '../../src/records/signed-head.ts';
import { exportBundle } from '../../src/store/backup.ts';
import { deviceKey } from '../../src/store/device-keys.ts';
import { RecordsDatabase, type StoredPhoto, spatialRow } from '../../src/store/records-db.ts';
import { addPhoto, createRecord, deleteRecord, updateRecord, verifyStore } from '../../src/store/records-repo.ts';
import { random } from '../helpers/random-zones.ts';

const ctx = { author: { role: 'market-regulation' as const, officerId: 'M7' }, zoneAnswer: null };
const location = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'gps' as const };

interface Photo {
  id: string;
  recordId: string;
  sha256: string;
  type: string;
  bytes: Uint8Array;
}
/** A bundle opened up for editing. */
interface Content {
  manifest: BundleManifest;
  records: FieldRecord[];
  audit: AuditEntry[];
  photos: Photo[];
}
/** The state after each seq (records and photos), for consistent rollbacks. */
type Snapshot = { records: FieldRecord[]; photos: Photo[] };

async function seed(): Promise<{ db: RecordsDatabase; bytes: Uint8Array; snapshots: Snapshot[] }> {
  const db = new RecordsDatabase('tamper-source');
  const snapshots: Snapshot[] = [];
  const snap = async () => {
    const photos = await Promise.all(
      (await db.photos.toArray()).map(async (p) => ({
        id: p.id,
        recordId: p.recordId,
        sha256: p.sha256,
        type: p.type,
        bytes: new Uint8Array(await p.blob.arrayBuffer()),
      })),
    );
    snapshots[await db.audit.count()] = { records: await db.records.toArray(), photos };
  };
  await snap();
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await createRecord(
      db,
      {
        kind: 'sales-point',
        location: { ...location, lat: location.lat + i * 0.001 },
        fields: {
          name: `煤店${i}`,
          operator: `经营者${i}`,
          address: `路${i}号`,
          mode: 'fixed',
          sells: ['散煤'],
          phone: '',
        },
      },
      ctx,
    );
    ids.push(r.id);
    await snap();
  }
  for (let i = 0; i < 6; i++) {
    await addPhoto(
      db,
      ids[i % 4] as string,
      new Blob([new Uint8Array([0xff, 0xd8, i, i * 7, 3])], { type: 'image/jpeg' }),
      ctx,
    );
    await snap();
  }
  for (let i = 0; i < 5; i++) {
    await updateRecord(db, ids[i] as string, { status: 'ordered-to-stop', note: `第${i}次` }, ctx);
    await snap();
  }
  await deleteRecord(db, ids[7] as string, ctx);
  await snap();
  await updateRecord(db, ids[0] as string, { status: 'closed', note: '已取缔' }, ctx);
  await snap();
  return { db, bytes: await exportBundle(db), snapshots };
}

function open(bytes: Uint8Array): Content {
  const files = unzipSync(bytes);
  const json = (name: string) => JSON.parse(new TextDecoder().decode(files[name]));
  const manifest = json('manifest.json') as BundleManifest;
  return {
    manifest,
    records: json('records.json'),
    audit: json('audit.json'),
    photos: manifest.photos.map((p) => ({ ...p, bytes: files[`photos/${p.id}`] as Uint8Array })),
  };
}

/** The motivated editor's zip: file hashes, counts and the photo list recomputed unless `keepManifest`. */
async function pack(c: Content, keepManifest = false): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {
    'records.json': strToU8(JSON.stringify(c.records)),
    'audit.json': strToU8(JSON.stringify(c.audit)),
  };
  for (const p of c.photos) files[`photos/${p.id}`] = p.bytes;
  const manifest = structuredClone(c.manifest);
  if (!keepManifest) {
    manifest.files = {};
    for (const [name, bytes] of Object.entries(files)) manifest.files[name] = await sha256Hex(bytes);
    manifest.counts = { records: c.records.length, audit: c.audit.length, photos: c.photos.length };
    manifest.photos = c.photos.map(({ id, recordId, sha256, type }) => ({ id, recordId, sha256, type }));
  }
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

/** A whole new chain and signature with a key of the editor's own: a valid bundle, but not the device's. */
async function rechain(c: Content, sameDevice: boolean, ownKey?: SigningKey): Promise<void> {
  const pair = await generateDeviceKey();
  const key = ownKey ?? { privateKey: pair.privateKey, publicKey: await exportPublicKey(pair.publicKey) };
  const audit: AuditEntry[] = [];
  let previous: AuditEntry | undefined;
  for (const r of c.records) {
    previous = await nextEntry(previous, {
      recordId: r.id,
      op: 'create',
      at: r.updatedAt,
      author: r.author,
      deviceId: r.deviceId,
      payloadHash: await hashJson(r),
    });
    audit.push(previous);
  }
  c.audit = audit;
  await sign(c, key, sameDevice ? c.manifest.deviceId : crypto.randomUUID());
}

/** Signs the content as its own export, with `key` (the editor's, or the device holder's own). */
async function sign(
  c: Content,
  key: { privateKey: CryptoKey; publicKey: PublicKeyJwk },
  deviceId: string,
): Promise<void> {
  const previous = c.audit.at(-1);
  const head = await signHead(key, deviceId, previous, c.manifest.createdAt);
  const files: Record<string, string> = {
    'records.json': await sha256Hex(strToU8(JSON.stringify(c.records))),
    'audit.json': await sha256Hex(strToU8(JSON.stringify(c.audit))),
  };
  for (const p of c.photos) files[`photos/${p.id}`] = await sha256Hex(p.bytes);
  const { signature: _, ...rest } = c.manifest;
  const unsigned = {
    ...rest,
    deviceId,
    publicKey: key.publicKey,
    head,
    files,
    counts: { records: c.records.length, audit: c.audit.length, photos: c.photos.length },
    photos: c.photos.map(({ id, recordId, sha256, type }) => ({ id, recordId, sha256, type })),
  };
  c.manifest = { ...unsigned, signature: await signJson(key.privateKey, unsigned) };
}

type Tamper = (
  c: Content,
  pick: <T>(xs: readonly T[]) => T,
  snapshots: Snapshot[],
  next: () => number,
) => Promise<boolean | 'keep'>;
/** Each tamper edits the content; true = also applies to a database; 'keep' = do not recompute the manifest. */
const TAMPERS: Record<string, Tamper> = {
  'edit a record field': async (c, pick) => {
    const r = pick(c.records);
    const edits = [
      () => ((r.fields as { name: string }).name += '改'),
      () => (r.location.lat += 0.0001),
      () => (r.status = r.status === 'closed' ? 'found' : 'closed'),
      () => (r.deleted = !r.deleted),
      () => (r.updatedAt = '2020-01-01T00:00:00.000Z'),
      () => r.statusHistory.pop() ?? r.statusHistory.push({ status: 'x', at: '', by: '', note: '' }),
    ];
    pick(edits)();
    return true;
  },
  'hide a field under __proto__': async (c, pick) => {
    // JSON.parse makes "__proto__" an own member; a hash that let it set the prototype would not see it.
    Object.defineProperty(pick(c.records).fields, '__proto__', {
      value: { name: '隐藏的名字' },
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return true;
  },
  'duplicate a record': async (c, pick) => {
    c.records.push(structuredClone(pick(c.records)));
    return false;
  },
  'delete a record': async (c, pick) => {
    const r = pick(c.records);
    c.records = c.records.filter((x) => x !== r);
    c.photos = c.photos.filter((p) => p.recordId !== r.id);
    return true;
  },
  'delete a record and its entries': async (c, pick) => {
    const r = pick(c.records);
    c.records = c.records.filter((x) => x !== r);
    c.photos = c.photos.filter((p) => p.recordId !== r.id);
    c.audit = c.audit.filter((e) => e.recordId !== r.id).map((e, i) => ({ ...e, seq: i + 1 }));
    return true;
  },
  'roll back to an earlier consistent state': async (c, pick, snapshots) => {
    const k = pick(c.audit.slice(0, -1)).seq;
    const s = snapshots[k] as Snapshot;
    c.records = structuredClone(s.records);
    c.photos = s.photos.map((p) => ({ ...p }));
    c.audit = c.audit.slice(0, k);
    return true;
  },
  'roll the newest record back to its older version': async (c, _pick, snapshots) => {
    const lastSeq = c.audit.length;
    const last = c.audit[lastSeq - 1] as AuditEntry;
    const older = (snapshots[lastSeq - 1] as Snapshot).records.find((r) => r.id === last.recordId) as FieldRecord;
    c.records = c.records.map((r) => (r.id === older.id ? structuredClone(older) : r));
    c.audit = c.audit.slice(0, -1);
    return true;
  },
  'truncate the chain': async (c, pick) => {
    c.audit = c.audit.slice(0, pick([1, 2, 3, c.audit.length - 1]));
    return true;
  },
  'drop a photo': async (c, pick) => {
    const p = pick(c.photos);
    c.photos = c.photos.filter((x) => x !== p);
    return true;
  },
  'drop a photo and its reference': async (c, pick) => {
    const p = pick(c.photos);
    c.photos = c.photos.filter((x) => x !== p);
    const r = c.records.find((x) => x.id === p.recordId) as FieldRecord;
    r.photos = r.photos.filter((x) => x.id !== p.id);
    return true;
  },
  'swap two photos': async (c, pick) => {
    const a = pick(c.photos);
    const b = pick(c.photos.filter((x) => x.sha256 !== a.sha256));
    [a.bytes, b.bytes, a.sha256, b.sha256] = [b.bytes, a.bytes, b.sha256, a.sha256];
    return true;
  },
  'replace a photo': async (c, pick, _snapshots, next) => {
    const p = pick(c.photos);
    p.bytes = new Uint8Array([0xff, 0xd8, 0x42, Math.floor(next() * 256), 9, 9]);
    p.sha256 = await sha256Hex(p.bytes);
    return true;
  },
  'replace a photo keeping its listed hash': async (c, pick) => {
    pick(c.photos).bytes = new Uint8Array([0xff, 0xd8, 0x43]);
    return true;
  },
  'move a photo to another record': async (c, pick) => {
    const p = pick(c.photos);
    p.recordId = pick(c.records.filter((r) => r.id !== p.recordId)).id;
    return true;
  },
  'add an unlisted photo': async (c, pick) => {
    const bytes = new Uint8Array([0xff, 0xd8, 7, 7, 7]);
    c.photos.push({
      id: crypto.randomUUID(),
      recordId: pick(c.records).id,
      sha256: await sha256Hex(bytes),
      type: 'image/jpeg',
      bytes,
    });
    return true;
  },
  'edit an audit entry': async (c, pick) => {
    const e = pick(c.audit);
    pick([
      () => (e.at = '2019-05-05T00:00:00.000Z'),
      () => (e.author = { role: 'police', officerId: 'X' }),
      () => (e.op = 'import'),
    ])();
    return true;
  },
  'reorder two entries': async (c, pick) => {
    // Entries keep their seq order (a database keys them by seq): the contents trade places.
    const i = pick(c.audit.slice(1)).seq - 1;
    const [a, b] = [c.audit[i - 1] as AuditEntry, c.audit[i] as AuditEntry];
    c.audit[i - 1] = { ...b, seq: a.seq };
    c.audit[i] = { ...a, seq: b.seq };
    return true;
  },
  'append a forged entry and record': async (c, pick) => {
    const r = { ...structuredClone(pick(c.records)), id: crypto.randomUUID(), photos: [] };
    c.records.push(r);
    c.audit.push(
      await nextEntry(c.audit.at(-1), {
        recordId: r.id,
        op: 'create',
        at: r.createdAt,
        author: r.author,
        deviceId: r.deviceId,
        payloadHash: await hashJson(r),
      }),
    );
    // In a database this is what any write does: only a bundle's signed head can tell it from one.
    return false;
  },
  'edit the manifest': async (c, pick) => {
    pick([
      () => (c.manifest.createdAt = '2030-01-01T00:00:00.000Z'),
      () => (c.manifest.deviceId = crypto.randomUUID()),
      () => (c.manifest.counts.records += 1),
      () => (c.manifest.version = 1),
    ])();
    return 'keep';
  },
  'edit the signed head': async (c, pick) => {
    const head = c.manifest.head as NonNullable<BundleManifest['head']>;
    c.audit = c.audit.slice(0, -1);
    pick([() => (head.seq -= 1), () => (head.hash = (c.audit.at(-1) as AuditEntry).hash)])();
    return false;
  },
  'replace the public key': async (c) => {
    const pair = await generateDeviceKey();
    const other = await exportPublicKey(pair.publicKey);
    c.manifest.publicKey = other;
    (c.manifest.head as { publicKey: unknown }).publicKey = other;
    return false;
  },
  'downgrade to unsigned version 1': async (c) => {
    const { publicKey: _k, head: _h, signature: _s, ...v1 } = c.manifest;
    c.manifest = { ...v1, version: 1 };
    (c.records[0] as FieldRecord).fields = { ...(c.records[0] as FieldRecord).fields, name: '降级后改' } as never;
    c.audit = [];
    c.records = [];
    c.photos = [];
    return false;
  },
  'full re-chain with a new key': async (c, pick) => {
    ((pick(c.records).fields as { name: string }).name as string) += '重写';
    await rechain(c, true);
    return false;
  },
  'full re-chain as another device': async (c, pick) => {
    c.records = c.records.filter((x) => x !== pick(c.records));
    c.photos = c.photos.filter((p) => c.records.some((r) => r.id === p.recordId));
    await rechain(c, false);
    return false;
  },
};

/** Loads tampered content into `db`, a copy of the device's database (its key and last signed head kept). */
async function asDatabase(source: RecordsDatabase, c: Content, db: RecordsDatabase): Promise<RecordsDatabase> {
  await Promise.all([db.meta, db.records, db.spatial, db.audit, db.photos].map((t) => t.clear()));
  await db.meta.bulkPut(await source.meta.toArray());
  await db.records.bulkPut(c.records);
  await db.spatial.bulkPut(c.records.map(spatialRow));
  await db.audit.bulkPut(c.audit);
  const photos: StoredPhoto[] = c.photos.map((p) => ({
    id: p.id,
    recordId: p.recordId,
    sha256: p.sha256,
    type: p.type,
    blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }),
  }));
  await db.photos.bulkPut(photos);
  return db;
}

describe('tamper evidence', () => {
  it('refuses 1,000 of 1,000 random tampers of a signed bundle, and the in-app verify finds the same', async () => {
    const { db, bytes, snapshots } = await seed();
    const trusted = [(await deviceKey(db)).publicKey];
    // The untouched bundle and database verify: refusals below are the tampers', not noise.
    await expect(readBundle(bytes, { trusted })).resolves.toMatchObject({ trustedKey: true });
    const copy = new RecordsDatabase('tamper-copy');
    expect(await verifyStore(await asDatabase(db, open(bytes), copy))).toBeNull();
    const next = random(20261202);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const names = Object.keys(TAMPERS);
    const refusedBy = new Map<string, number>();
    const byKind = new Map<string, number>();
    let detected = 0;
    let dbTried = 0;
    let dbDetected = 0;
    for (let i = 0; i < 1000; i++) {
      const name = pick(names);
      const c = open(bytes);
      const appliesToDb = await (TAMPERS[name] as Tamper)(c, pick, snapshots, next);
      const tampered = await pack(
        c,
        appliesToDb === 'keep' || name === 'edit the signed head' || name.startsWith('full re-chain'),
      );
      byKind.set(name, (byKind.get(name) ?? 0) + 1);
      try {
        await readBundle(tampered, { trusted });
      } catch (error) {
        expect(error, name).toBeInstanceOf(InputError);
        detected++;
        const reason = String((error as InputError).detail.reason);
        refusedBy.set(reason, (refusedBy.get(reason) ?? 0) + 1);
      }
      // Every tamper that can be made to a database also goes through the in-app verify.
      if (appliesToDb === true) {
        dbTried++;
        if ((await verifyStore(await asDatabase(db, c, copy))) !== null) dbDetected++;
        else console.log('in-app verify missed:', name);
      }
    }
    expect(detected).toBe(1000);
    // The device holder's own key signs the tampered content: only the content checks and an anchor (the
    // head of the original bundle) stand. Every content tamper must still be refused.
    const anchor = (await readBundle(bytes)).head as NonNullable<BundleManifest['head']>;
    const own = await deviceKey(db);
    // Not here: manifest and head edits and key swaps (re-signing makes them the holder's own export), and
    // appending (the holder may always add records: the chain still extends the anchor).
    const notInsider = [
      'edit the manifest',
      'edit the signed head',
      'replace the public key',
      'append a forged entry and record',
    ];
    const insiderKinds = [...names.filter((n) => !notInsider.includes(n)), 'rewrite history with the device key'];
    let insiderDetected = 0;
    for (let i = 0; i < 300; i++) {
      const name = pick(insiderKinds);
      const c = open(bytes);
      if (name === 'rewrite history with the device key') {
        (pick(c.records).fields as { name: string }).name += '改写';
        await rechain(c, true, own);
      } else await (TAMPERS[name] as Tamper)(c, pick, snapshots, next);
      if (
        !name.startsWith('full re-chain') &&
        !name.startsWith('rewrite') &&
        name !== 'downgrade to unsigned version 1'
      )
        await sign(c, own, c.manifest.deviceId);
      try {
        await readBundle(await pack(c, true), { anchor });
        console.log('insider tamper not refused:', name);
      } catch (error) {
        expect(error, name).toBeInstanceOf(InputError);
        insiderDetected++;
        const reason = `insider ${String((error as InputError).detail.reason)}`;
        refusedBy.set(reason, (refusedBy.get(reason) ?? 0) + 1);
      }
    }
    console.log('tampers by kind', Object.fromEntries(byKind), 'refused by', Object.fromEntries(refusedBy));
    expect(insiderDetected).toBe(300);
    console.log(`in-app verify: ${dbDetected} of ${dbTried} database tampers found`);
    expect(dbTried).toBeGreaterThan(500);
    expect(dbDetected).toBe(dbTried);
  }, 120_000);
});
