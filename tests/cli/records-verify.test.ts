import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { exportBundle } from '../../src/store/backup.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { createRecord } from '../../src/store/records-repo.ts';
import { capture } from '../helpers/capture.ts';

describe('coalzone records verify', () => {
  it('accepts an exported bundle and names what is wrong with a tampered one', async () => {
    const db = new RecordsDatabase('cli-verify');
    const ctx = { author: { role: 'county' as const, officerId: 'X1' }, zoneAnswer: null };
    for (let i = 0; i < 3; i++)
      await createRecord(
        db,
        {
          kind: 'appliance',
          location: { lng: 113.3, lat: 40.09, accuracyM: 5, source: 'gps' },
          fields: { type: 'boiler', owner: `单位${i}`, address: '', conversion: 'none' },
        },
        ctx,
      );
    const bytes = await exportBundle(db);
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-verify-'));
    const good = join(dir, 'good.zip');
    writeFileSync(good, bytes);
    const files = unzipSync(bytes);
    const audit = JSON.parse(new TextDecoder().decode(files['audit.json']));
    audit[1].at = '2020-01-01T00:00:00.000Z';
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, zipSync({ ...files, 'audit.json': strToU8(JSON.stringify(audit)) }));
    const run = async (path: string) => {
      const out = capture();
      const err = capture();
      const code = await main(['records', 'verify', path], out as never, err as never);
      return { code, out: out.text(), err: err.text() };
    };
    const ok = await run(good);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('3 records, 3 audit entries');
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('HASH_MISMATCH');
  });
});
