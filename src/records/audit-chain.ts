/**
 * The append-only audit log: every create, update and delete of a record becomes an entry whose hash covers
 * its own fields and the previous entry's hash (a SHA-256 hash chain). Changing, removing or reordering any
 * entry breaks every link after it; changing a stored record breaks the match between the record and the
 * payload hash of its last entry. `verifyChain` names the first broken link.
 */
import { hashJson } from './canonical-json.ts';

/** What happened to a record. */
export type AuditOp = 'create' | 'update' | 'delete' | 'import';

/** One entry. `hash` = SHA-256 of the canonical JSON of every other field. */
export interface AuditEntry {
  seq: number;
  recordId: string;
  op: AuditOp;
  at: string;
  author: { role: string; officerId: string };
  deviceId: string;
  /** SHA-256 of the record's canonical JSON after the operation. */
  payloadHash: string;
  prevHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

/** Builds the next entry after `previous` (or the first one). */
export async function nextEntry(
  previous: AuditEntry | undefined,
  fields: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>,
): Promise<AuditEntry> {
  const unsigned = { ...fields, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS };
  return { ...unsigned, hash: await hashJson(unsigned) };
}

/** Where verification failed. */
export interface BrokenLink {
  seq: number;
  recordId: string | null;
  reason: 'ENTRY_ALTERED' | 'CHAIN_BROKEN' | 'SEQUENCE_GAP' | 'RECORD_ALTERED' | 'RECORD_WITHOUT_ENTRY';
  message: string;
}

/** Checks the chain, and (when given) that each record matches the payload hash of its last entry.
 *  Returns null when everything holds, else the first broken link. */
export async function verifyChain(
  entries: readonly AuditEntry[],
  records?: readonly { id: string }[],
): Promise<BrokenLink | null> {
  let previous: AuditEntry | undefined;
  const lastPayload = new Map<string, AuditEntry>();
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq)
      return broken(
        entry,
        'SEQUENCE_GAP',
        `entry ${entry.seq} follows ${previous?.seq ?? 0}: entries are missing or reordered`,
      );
    const { hash, ...unsigned } = entry;
    if ((await hashJson(unsigned)) !== hash)
      return broken(entry, 'ENTRY_ALTERED', `entry ${entry.seq} was altered after it was written`);
    if (entry.prevHash !== (previous?.hash ?? GENESIS))
      return broken(entry, 'CHAIN_BROKEN', `entry ${entry.seq} does not follow entry ${previous?.seq ?? 0}`);
    lastPayload.set(entry.recordId, entry);
    previous = entry;
  }
  for (const record of records ?? []) {
    const last = lastPayload.get(record.id);
    if (!last)
      return {
        seq: 0,
        recordId: record.id,
        reason: 'RECORD_WITHOUT_ENTRY',
        message: `record ${record.id} has no audit entry`,
      };
    if ((await hashJson(record)) !== last.payloadHash)
      return broken(last, 'RECORD_ALTERED', `record ${record.id} differs from what entry ${last.seq} recorded`);
  }
  return null;
}

function broken(entry: AuditEntry, reason: BrokenLink['reason'], message: string): BrokenLink {
  return { seq: entry.seq, recordId: entry.recordId, reason, message };
}
