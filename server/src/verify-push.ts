/**
 * Verifies what a phone pushes, before anything is written: its signed head (shape, signature by the enrolled
 * key, this device), the chain segment after the anchor the server keeps (each entry hashes to itself, links
 * to the one before, counts up by one, is this device's; the last is the head), and the records (each one
 * the last entry of its id names, by SHA-256). Entries the server already holds may be sent again (a retry
 * after a lost answer): they must be the same entries, and are dropped. Pure: WebCrypto only.
 */
import { type AuditEntry, GENESIS } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import type { PublicKeyJwk } from '../../src/records/device-key.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { headShapeProblem, headSignatureValid, type SignedHead, sameKey } from '../../src/records/signed-head.ts';
import { ApiError } from './errors.ts';

/** The server's anchor for a device: the last entry it holds. */
export interface Anchor {
  seq: number;
  hash: string;
}

/** A push that holds: the entries not yet stored, and each record with its SHA-256. */
export interface VerifiedPush {
  head: SignedHead;
  newEntries: AuditEntry[];
  records: { record: FieldRecord; hash: string }[];
}

/** Checks a push against the device's enrolled key and anchor; throws ApiError naming the first problem.
 *  `storedHashes(seqs)` gives the hashes the server holds for already-stored seqs (a retry's overlap). */
export async function verifyPush(
  device: { id: string; publicKey: PublicKeyJwk },
  anchor: Anchor,
  push: { head: unknown; entries: AuditEntry[]; records: FieldRecord[] },
  storedHashes: (seqs: number[]) => Promise<Map<number, string>>,
): Promise<VerifiedPush> {
  const shape = headShapeProblem(push.head);
  if (shape) throw chainError('BAD_SIGNATURE', `signed head: ${shape}`, `链头格式不对：${shape}`);
  const head = push.head as SignedHead;
  if (head.deviceId !== device.id)
    throw chainError('BAD_SIGNATURE', `the head is of device ${head.deviceId}`, `链头属于设备 ${head.deviceId}`);
  if (!sameKey(head.publicKey, device.publicKey))
    throw chainError('BAD_SIGNATURE', 'the head is not signed with the enrolled key', '链头不是用登记的密钥签名');
  if (!(await headSignatureValid(head)))
    throw chainError('BAD_SIGNATURE', 'the signed head does not verify', '链头签名无效');
  if (head.seq < anchor.seq)
    throw chainError(
      'BAD_CHAIN',
      `the chain ends at entry ${head.seq}, before entry ${anchor.seq} already received: entries were deleted or rolled back`,
      `审计链止于第 ${head.seq} 条，早于已收到的第 ${anchor.seq} 条：有条目被删除或回滚`,
      { reason: 'ROLLED_BACK', serverHead: anchor },
    );
  const entries = await dropStored(push.entries, anchor, storedHashes);
  let previous: Anchor = anchor;
  for (const entry of entries) {
    if (entry.seq !== previous.seq + 1)
      throw chainError(
        previous === anchor ? 'BEHIND' : 'BAD_CHAIN',
        previous === anchor
          ? `the server holds this device's chain up to entry ${anchor.seq}; send from entry ${anchor.seq + 1}`
          : `entry ${entry.seq} follows entry ${previous.seq}: entries are missing or reordered`,
        previous === anchor
          ? `服务器已有本设备审计链至第 ${anchor.seq} 条，请从第 ${anchor.seq + 1} 条发送`
          : `第 ${entry.seq} 条接在第 ${previous.seq} 条之后：条目缺失或顺序错乱`,
        { seq: entry.seq, serverHead: anchor },
      );
    await checkSelfHash(entry);
    if (entry.prevHash !== previous.hash)
      throw chainError(
        'BAD_CHAIN',
        `entry ${entry.seq} does not follow entry ${previous.seq}`,
        `第 ${entry.seq} 条与第 ${previous.seq} 条接不上`,
        { seq: entry.seq, reason: 'CHAIN_BROKEN' },
      );
    if (entry.deviceId !== device.id)
      throw chainError(
        'BAD_CHAIN',
        `entry ${entry.seq} was written by device ${entry.deviceId}`,
        `第 ${entry.seq} 条由设备 ${entry.deviceId} 写入`,
        { seq: entry.seq },
      );
    previous = { seq: entry.seq, hash: entry.hash };
  }
  if (previous.seq !== head.seq || previous.hash !== head.hash)
    throw chainError(
      'BAD_CHAIN',
      `the signed head names entry ${head.seq}, but the entries end at entry ${previous.seq}${previous.seq === head.seq ? ' with another hash' : ''}`,
      `签名链头为第 ${head.seq} 条，而所发条目止于第 ${previous.seq} 条`,
      { reason: 'HEAD_MISMATCH' },
    );
  return { head, newEntries: entries, records: await matchRecords(push.entries, push.records, entries) };
}

/** An entry must hash to the hash it carries (else it was altered after it was written). */
async function checkSelfHash(entry: AuditEntry): Promise<void> {
  const { hash, ...unsigned } = entry;
  if ((await hashJson(unsigned)) !== hash)
    throw chainError('BAD_CHAIN', `entry ${entry.seq} was altered after it was written`, `第 ${entry.seq} 条被改动过`, {
      seq: entry.seq,
      reason: 'ENTRY_ALTERED',
    });
}

/** Drops entries the server already holds, after checking they are the same ones. */
async function dropStored(
  entries: AuditEntry[],
  anchor: Anchor,
  storedHashes: (seqs: number[]) => Promise<Map<number, string>>,
): Promise<AuditEntry[]> {
  const overlap = entries.filter((e) => e.seq <= anchor.seq);
  if (overlap.length === 0) return entries;
  const stored = await storedHashes(overlap.map((e) => e.seq));
  for (const entry of overlap) {
    // A re-sent entry must still be itself: its hash alone matching the stored one is not enough.
    await checkSelfHash(entry);
    if (stored.get(entry.seq) !== entry.hash)
      throw chainError(
        'BAD_CHAIN',
        `entry ${entry.seq} differs from the entry ${entry.seq} received before: the history was rewritten`,
        `第 ${entry.seq} 条与先前收到的不同：历史被改写`,
        { seq: entry.seq, reason: 'ANCHOR_NOT_EXTENDED' },
      );
  }
  return entries.filter((e) => e.seq > anchor.seq);
}

/** Each pushed record must be what the last pushed entry of its id names; each record changed by a new
 *  entry must be pushed. */
async function matchRecords(
  sent: AuditEntry[],
  records: FieldRecord[],
  newEntries: AuditEntry[],
): Promise<{ record: FieldRecord; hash: string }[]> {
  const last = new Map<string, AuditEntry>();
  for (const entry of sent) last.set(entry.recordId, entry);
  const seen = new Set<string>();
  const out: { record: FieldRecord; hash: string }[] = [];
  for (const record of records) {
    if (seen.has(record.id))
      throw recordError(record.id, `record ${record.id} is sent twice`, `记录 ${record.id} 重复发送`);
    seen.add(record.id);
    const entry = last.get(record.id);
    const hash = await hashJson(record);
    if (!entry)
      throw recordError(
        record.id,
        `record ${record.id} has no entry in this push`,
        `记录 ${record.id} 在本次推送中没有审计条目`,
      );
    if (entry.payloadHash !== hash)
      throw recordError(
        record.id,
        `record ${record.id} differs from what entry ${entry.seq} recorded`,
        `记录 ${record.id} 与第 ${entry.seq} 条所记不符`,
      );
    out.push({ record, hash });
  }
  for (const entry of newEntries)
    if (!seen.has(entry.recordId))
      throw recordError(
        entry.recordId,
        `record ${entry.recordId} (entry ${entry.seq}) is missing from the push`,
        `记录 ${entry.recordId}（第 ${entry.seq} 条）未随推送发送`,
      );
  return out;
}

function chainError(
  code: 'BAD_CHAIN' | 'BAD_SIGNATURE' | 'BEHIND',
  message: string,
  zh: string,
  detail: Record<string, unknown> = {},
): ApiError {
  return new ApiError(code === 'BEHIND' ? 409 : 422, code, message, `推送被拒收：${zh}`, detail);
}

function recordError(recordId: string, message: string, zh: string): ApiError {
  return new ApiError(422, 'BAD_RECORD', message, `推送被拒收：${zh}`, { recordId });
}

/** The anchor of a device that has pushed nothing yet. */
export const EMPTY_ANCHOR: Anchor = { seq: 0, hash: GENESIS };
