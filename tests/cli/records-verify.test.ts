import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { receiptOf } from '../../src/records/anchor-file.ts';
import { exportBundle } from '../../src/store/backup.ts';
import { deviceFingerprint, deviceKey, signCurrentHead } from '../../src/store/device-keys.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { createRecord, deleteRecord } from '../../src/store/records-repo.ts';
import { capture } from '../helpers/capture.ts';

const ctx = { author: { role: 'county' as const, officerId: 'X1' }, zoneAnswer: null };
const dir = mkdtempSync(join(tmpdir(), 'coalzone-verify-'));
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const run = async (...args: string[]) => {
  const out = capture();
  const err = capture();
  const code = await main(['records', 'verify', ...args], out as never, err as never);
  return { code, out: out.text(), err: err.text() };
};

async function seeded(name: string) {
  const db = new RecordsDatabase(name);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++)
    ids.push(
      (
        await createRecord(
          db,
          {
            kind: 'appliance',
            location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
            fields: { type: 'boiler', owner: `单位${i}`, address: '', conversion: 'none' },
          },
          ctx,
        )
      ).id,
    );
  return { db, ids };
}

describe('coalzone records verify', () => {
  it('accepts an exported bundle, names the device and key, and names what is wrong with a tampered one', async () => {
    const { db } = await seeded('cli-verify');
    const bytes = await exportBundle(db);
    const good = file('good.zip', bytes);
    const files = unzipSync(bytes);
    const audit = JSON.parse(new TextDecoder().decode(files['audit.json']));
    audit[1].at = '2020-01-01T00:00:00.000Z';
    const bad = file('bad.zip', zipSync({ ...files, 'audit.json': strToU8(JSON.stringify(audit)) }));
    const ok = await run(good);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('3 条记录 records, 3 条审计 audit entries');
    expect(ok.out).toContain(await deviceFingerprint(db));
    expect(ok.out).toContain('unknown key');
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('HASH_MISMATCH');
    expect(refused.err).toContain('备份被拒收');
    const key = file('device.pub.json', JSON.stringify({ publicKey: (await deviceKey(db)).publicKey }));
    expect((await run(good, '--trust', key)).out).toContain('trusted key (--trust)');
    const { db: other } = await seeded('cli-verify-other');
    const otherKey = file('other.pub.json', JSON.stringify((await deviceKey(other)).publicKey));
    const untrusted = await run(good, '--trust', otherKey);
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toContain('UNTRUSTED_KEY');
  });

  it('checks a later backup against an anchor: a receipt, or an older backup whose missing records it lists', async () => {
    const { db, ids } = await seeded('cli-anchor');
    const receipt = file(
      'receipt.json',
      JSON.stringify(receiptOf(await signCurrentHead(db), await deviceFingerprint(db))),
    );
    const older = file('older.zip', await exportBundle(db));
    await deleteRecord(db, ids[0] as string, ctx);
    const later = file('later.zip', await exportBundle(db));
    const extends1 = await run(later, '--anchor', receipt);
    expect(extends1.code).toBe(0);
    expect(extends1.out).toContain('extends the anchor');
    expect(extends1.out).toContain('known key');
    // The device holder rewrites the history (a fresh database, same key, fewer records): refused by the anchor.
    const rewritten = new RecordsDatabase('cli-anchor-rewritten');
    await rewritten.meta.bulkPut(await db.meta.toArray());
    await createRecord(
      rewritten,
      {
        kind: 'appliance',
        location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
        fields: { type: 'boiler', owner: '单位9', address: '', conversion: 'none' },
      },
      ctx,
    );
    const forged = file('forged.zip', await exportBundle(rewritten));
    const vsOlder = await run(forged, '--anchor', older);
    expect(vsOlder.code).toBe(1);
    expect(vsOlder.err).toContain('ROLLED_BACK');
    for (const id of ids) expect(vsOlder.err).toContain(`缺失 missing: ${id}`);
    expect((await run(forged, '--anchor', receipt)).err).toContain('ROLLED_BACK');
  });

  it('exits 2 on unreadable input and usage, 1 on a bundle of wrong shape, never with a stack trace', async () => {
    const notZip = await run(file('not.zip', 'hello'));
    expect(notZip.code).toBe(2);
    expect(notZip.err).toContain('not a zip');
    expect((await run(join(dir, 'absent.zip'))).code).toBe(2);
    const { db } = await seeded('cli-shape');
    const good = file('g.zip', await exportBundle(db));
    expect((await run(good, '--anchor', file('junk.json', '{"x":1}'))).err).toContain('not a signed head');
    expect((await run(good, '--trust', file('junk2.json', '[]'))).code).toBe(2);
    const files = unzipSync(await exportBundle(db));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    delete manifest.counts;
    const shaped = await run(
      file('shape.zip', zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) })),
    );
    expect(shaped.code).toBe(1);
    expect(shaped.err).toContain('counts is missing');
    expect(shaped.err).not.toMatch(/\n\s+at /);
  });
});
