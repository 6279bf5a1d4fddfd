/**
 * One verification for a backup (src/io/backup-bundle.ts) and for the device's own database (src/store), so
 * the in-app 校验审计链 and `coalzone records verify` find the same tampers: the chain links, every record
 * matches its last entry and no chained record is missing, every photo is the one its record's last entry
 * names (id, SHA-256, type, owner), the signed head names the chain's last entry, and — when given — the key
 * is a trusted one and the chain extends an earlier signed head (anchor).
 */
import { type AuditEntry, GENESIS, verifyChain } from './audit-chain.ts';
import type { PublicKeyJwk } from './device-key.ts';
import type { FieldRecord } from './record.ts';
import { headSignatureValid, type SignedHead, sameKey } from './signed-head.ts';

/** A photo as found: what it claims (id, owner, hash, type) and the SHA-256 of its bytes. */
export interface FoundPhoto {
  id: string;
  recordId: string;
  sha256: string;
  type: string;
  actualSha256: string;
}

/** Why evidence does not hold (stable codes; the UI translates them, messages are English + zh-CN). */
export interface EvidenceProblem {
  reason: string;
  message: string;
  zh: string;
  recordId?: string;
  seq?: number;
}

/** What to check against, beyond the evidence itself. */
export interface EvidenceOptions {
  /** Keys the verifier trusts; when given, a head signed by any other key is refused. */
  trusted?: readonly PublicKeyJwk[];
  /** An earlier signed head of the same device; the chain must still contain its entry. */
  anchor?: SignedHead;
}

/** The first problem, or null when everything holds. `head` null = unsigned (not checked). */
export async function verifyEvidence(
  records: readonly FieldRecord[],
  audit: readonly AuditEntry[],
  photos: readonly FoundPhoto[],
  head: SignedHead | null,
  options: EvidenceOptions = {},
): Promise<EvidenceProblem | null> {
  const broken = await verifyChain(audit, records);
  if (broken)
    return {
      reason: broken.reason,
      message: broken.message,
      zh: `审计链不成立：第 ${broken.seq} 条（${broken.reason}）`,
      recordId: broken.recordId ?? undefined,
      seq: broken.seq,
    };
  const ids = new Set(records.map((r) => r.id));
  if (ids.size !== records.length)
    return { reason: 'DUPLICATE_RECORD', message: 'a record appears twice', zh: '同一记录出现两次' };
  for (const entry of audit)
    if (!ids.has(entry.recordId))
      return {
        reason: 'RECORD_MISSING',
        message: `record ${entry.recordId} (audit entry ${entry.seq}) is missing`,
        zh: `记录 ${entry.recordId}（审计第 ${entry.seq} 条）缺失`,
        recordId: entry.recordId,
        seq: entry.seq,
      };
  const photoProblem = checkPhotos(records, photos);
  if (photoProblem) return photoProblem;
  if (!head) return null;
  if (!(await headSignatureValid(head)))
    return { reason: 'BAD_SIGNATURE', message: 'the signed head does not verify', zh: '链头签名无效' };
  const last = audit[audit.length - 1];
  if (head.seq !== (last?.seq ?? 0) || head.hash !== (last?.hash ?? GENESIS))
    return {
      reason: 'HEAD_MISMATCH',
      message: `the signed head names entry ${head.seq}, but the chain ends at entry ${last?.seq ?? 0} with another hash: entries were removed, added or rewritten`,
      zh: `签名链头为第 ${head.seq} 条，而审计链止于第 ${last?.seq ?? 0} 条或哈希不同：有条目被删除、添加或改写`,
    };
  if (options.trusted && !options.trusted.some((k) => sameKey(k, head.publicKey)))
    return {
      reason: 'UNTRUSTED_KEY',
      message: `signed by a key that is not trusted (device ${head.deviceId})`,
      zh: `签名密钥不在信任列表中（设备 ${head.deviceId}）`,
    };
  if (options.anchor) return checkAnchor(audit, head, options.anchor);
  return null;
}

function checkPhotos(records: readonly FieldRecord[], photos: readonly FoundPhoto[]): EvidenceProblem | null {
  const refs = new Map<string, { recordId: string; sha256: string; type: string }>();
  for (const r of records)
    for (const p of r.photos) {
      if (refs.has(p.id))
        return problem('PHOTO_DUPLICATE', `photo ${p.id} is named by two records`, `照片 ${p.id} 被两条记录引用`, r.id);
      refs.set(p.id, { recordId: r.id, sha256: p.sha256, type: p.type });
    }
  const seen = new Set<string>();
  for (const p of photos) {
    const ref = refs.get(p.id);
    if (seen.has(p.id)) return problem('PHOTO_DUPLICATE', `photo ${p.id} appears twice`, `照片 ${p.id} 出现两次`);
    seen.add(p.id);
    if (!ref)
      return problem('PHOTO_UNLISTED', `photo ${p.id} belongs to no record`, `照片 ${p.id} 不属于任何记录`, p.recordId);
    if (ref.recordId !== p.recordId)
      return problem(
        'PHOTO_MOVED',
        `photo ${p.id} is filed under record ${p.recordId} but belongs to record ${ref.recordId}`,
        `照片 ${p.id} 被挂到记录 ${p.recordId}，实属记录 ${ref.recordId}`,
        ref.recordId,
      );
    if (ref.sha256 !== p.sha256 || ref.type !== p.type || p.actualSha256 !== p.sha256)
      return problem(
        'PHOTO_REPLACED',
        `photo ${p.id} of record ${ref.recordId} is not the photo its record names (altered or replaced)`,
        `记录 ${ref.recordId} 的照片 ${p.id} 与记录所载不符（被改动或替换）`,
        ref.recordId,
      );
  }
  for (const [id, ref] of refs)
    if (!seen.has(id))
      return problem(
        'PHOTO_MISSING',
        `photo ${id} of record ${ref.recordId} is missing`,
        `记录 ${ref.recordId} 的照片 ${id} 缺失`,
        ref.recordId,
      );
  return null;
}

/** Whether the chain (ending at the valid `head`) extends an earlier head of the same device. */
export async function checkAnchor(
  audit: readonly AuditEntry[],
  head: SignedHead,
  anchor: SignedHead,
): Promise<EvidenceProblem | null> {
  if (!(await headSignatureValid(anchor)))
    return { reason: 'BAD_ANCHOR', message: 'the anchor head does not verify', zh: '锚点链头签名无效' };
  if (anchor.deviceId !== head.deviceId || !sameKey(anchor.publicKey, head.publicKey))
    return {
      reason: 'ANCHOR_OTHER_DEVICE',
      message: `the anchor is of device ${anchor.deviceId}, not of device ${head.deviceId} with this key`,
      zh: `锚点属于设备 ${anchor.deviceId}，不是本备份的设备或密钥`,
    };
  if (anchor.seq > head.seq)
    return {
      reason: 'ROLLED_BACK',
      message: `the chain ends at entry ${head.seq}, before the anchor's entry ${anchor.seq}: ${anchor.seq - head.seq} entries are missing (deleted or rolled back)`,
      zh: `审计链止于第 ${head.seq} 条，早于锚点的第 ${anchor.seq} 条：缺少 ${anchor.seq - head.seq} 条（被删除或回滚）`,
    };
  const entry = audit[anchor.seq - 1];
  if (anchor.seq > 0 && entry?.hash !== anchor.hash)
    return {
      reason: 'ANCHOR_NOT_EXTENDED',
      message: `entry ${anchor.seq} differs from the anchor's: the history before it was rewritten`,
      zh: `第 ${anchor.seq} 条与锚点不符：此前的历史被改写`,
      seq: anchor.seq,
    };
  return null;
}

function problem(reason: string, message: string, zh: string, recordId?: string): EvidenceProblem {
  return { reason, message, zh, recordId };
}
