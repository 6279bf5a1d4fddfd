/**
 * The server's own audit chain, for the changes no phone signed: a resident's report arriving, a person
 * resolving a conflict. Entries are built by the same code as on the phones (src/records/audit-chain.ts), so the
 * same hashes check them. Appends happen under the change clock's lock, which keeps the chain linear.
 */
import { type AuditEntry, type AuditOp, GENESIS, nextEntry } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import type { Queryable } from './database.ts';

/** The device id the server's entries carry. */
export const SERVER_DEVICE = 'server';

/** Appends one entry (call with the change clock locked). */
export async function appendServerEntry(
  tx: Queryable,
  fields: { recordId: string; op: AuditOp; at: string; author: AuditEntry['author']; payloadHash: string },
): Promise<AuditEntry> {
  const rows = await tx.query<{ entry: AuditEntry }>('SELECT entry FROM server_audit ORDER BY seq DESC LIMIT 1');
  const entry = await nextEntry(rows[0]?.entry, { ...fields, deviceId: SERVER_DEVICE });
  await tx.query('INSERT INTO server_audit (seq, record_id, hash, entry) VALUES ($1, $2, $3, $4)', [
    entry.seq,
    entry.recordId,
    entry.hash,
    JSON.stringify(entry),
  ]);
  return entry;
}

/** Verifies the whole server chain; null when it holds, else the first broken link. Reads in pages of 5,000
 *  entries and keeps only the last entry between pages, so memory stays bounded. */
export async function verifyServerChain(db: Queryable): Promise<string | null> {
  let previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
  for (;;) {
    const rows = await db.query<{ entry: AuditEntry }>(
      'SELECT entry FROM server_audit WHERE seq > $1 ORDER BY seq LIMIT 5000',
      [previous.seq],
    );
    if (rows.length === 0) return null;
    for (const { entry } of rows) {
      const { hash, ...unsigned } = entry;
      if (entry.seq !== previous.seq + 1) return `server entry ${entry.seq} follows entry ${previous.seq}`;
      if ((await hashJson(unsigned)) !== hash) return `server entry ${entry.seq} was altered`;
      if (entry.prevHash !== previous.hash) return `server entry ${entry.seq} does not follow entry ${previous.seq}`;
      previous = { seq: entry.seq, hash };
    }
  }
}
