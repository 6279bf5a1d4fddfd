/**
 * The in-app 校验审计链: the same evidence check as a backup (src/records/verify-evidence.ts) over this
 * device's database — chain, every chained record present and matching its last entry, every photo bound to
 * its record — and, against the latest head this device signed (a receipt or an export), no entry removed or
 * rolled back since.
 */
import { sha256Hex } from '../records/canonical-json.ts';
import { type SignedHead, signHead } from '../records/signed-head.ts';
import { checkAnchor, type EvidenceProblem, verifyEvidence } from '../records/verify-evidence.ts';
import { deviceKey, ownHead } from './device-keys.ts';
import { deviceId, type RecordsDatabase } from './records-db.ts';

/** What to check this device's chain against besides its own last signed head. */
export interface VerifyStoreOptions {
  /** An earlier head of this device kept elsewhere (a receipt, an older backup's head): the chain must
   *  still hold its entry, signed with the same key. */
  anchor?: SignedHead;
}

/** Null when all holds; otherwise the first problem (reason code, English and zh-CN message). */
export async function verifyStore(
  db: RecordsDatabase,
  options: VerifyStoreOptions = {},
): Promise<EvidenceProblem | null> {
  const [audit, records, photos] = await Promise.all([
    db.audit.orderBy('seq').toArray(),
    db.records.toArray(),
    db.photos.toArray(),
  ]);
  const found = await Promise.all(
    photos.map(async (p) => ({
      id: p.id,
      recordId: p.recordId,
      sha256: p.sha256,
      type: p.type,
      actualSha256: await sha256Hex(await p.blob.arrayBuffer()),
    })),
  );
  // The current head, signed now, so the anchor checks compare like with like (same device, same key).
  const head = await signHead(await deviceKey(db), await deviceId(db), audit.at(-1), new Date().toISOString());
  const problem = await verifyEvidence(records, audit, found, head, { anchor: await ownHead(db) });
  if (problem || !options.anchor) return problem;
  return checkAnchor(audit, head, options.anchor);
}
