/**
 * What a later backup lacks against an earlier one of the same device: records that are gone, and records
 * whose version is older than the one the earlier backup held (a rollback). Linear: one Map of the later.
 */
import type { FieldRecord } from './record.ts';

/** One record missing or older in the later backup. */
export interface Regression {
  recordId: string;
  problem: 'missing' | 'older';
  earlierUpdatedAt: string;
  laterUpdatedAt?: string;
}

/** Records of `earlier` that `later` lacks or holds in an older version. */
export function compareBackups(earlier: readonly FieldRecord[], later: readonly FieldRecord[]): Regression[] {
  const byId = new Map(later.map((r) => [r.id, r]));
  const out: Regression[] = [];
  for (const old of earlier) {
    const now = byId.get(old.id);
    if (!now) out.push({ recordId: old.id, problem: 'missing', earlierUpdatedAt: old.updatedAt });
    else if (now.updatedAt < old.updatedAt)
      out.push({ recordId: old.id, problem: 'older', earlierUpdatedAt: old.updatedAt, laterUpdatedAt: now.updatedAt });
  }
  return out;
}
