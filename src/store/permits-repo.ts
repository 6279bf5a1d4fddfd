/**
 * The permit register on the device. An import is all or nothing twice over: importPermits refuses a file
 * with any bad row, and the good file is written in one IndexedDB transaction (a quota error keeps the old
 * register whole). Rows are merged by permit number: a re-issued register updates the permits it lists and
 * keeps the others (they expire by their dates). Edits are checked like an imported row.
 */
import { type Permit, readPermitFields } from '../checkpoints/permits.ts';
import { InputError } from '../errors.ts';
import type { RecordsDatabase, StoredPermit } from './records-db.ts';

/** Writes imported permits. Resolves to how many were new and how many replaced a stored one. */
export async function savePermits(
  db: RecordsDatabase,
  permits: readonly Permit[],
  source: string,
  now = new Date(),
): Promise<{ added: number; updated: number }> {
  const at = now.toISOString();
  return db.transaction('rw', db.permits, async () => {
    const existing = await db.permits.bulkGet(permits.map((p) => p.number));
    await db.permits.bulkPut(permits.map((p) => ({ ...p, source, updatedAt: at })));
    const updated = existing.filter(Boolean).length;
    return { added: permits.length - updated, updated };
  });
}

/** Every stored permit, by permit number. */
export function listPermits(db: RecordsDatabase): Promise<StoredPermit[]> {
  return db.permits.orderBy('number').toArray();
}

/** Saves one permit from the edit form (text values, as in the CSV). Throws InputError naming each problem. */
export async function putPermit(
  db: RecordsDatabase,
  values: Record<string, string>,
  now = new Date(),
): Promise<StoredPermit> {
  const read = readPermitFields((k) => (values[k] ?? '').trim());
  if (!read.ok)
    throw new InputError('INVALID_ARGUMENT', `the permit was not saved: ${read.problems.map((p) => p.en).join('; ')}`, {
      zh: `通行证未保存：${read.problems.map((p) => p.zh).join('；')}`,
    });
  const stored: StoredPermit = { ...read.permit, line: 0, source: 'edit', updatedAt: now.toISOString() };
  await db.permits.put(stored);
  return stored;
}
