/**
 * The backup bundle: one zip with records.json, audit.json, photos/<id> and manifest.json listing every
 * file's SHA-256. Version 2 (decision 0015) is signed by the exporting device's key: the manifest carries the
 * device's public key, the signed head of its audit chain (last seq + hash) and a signature over the rest of
 * the manifest. Reading checks, before anything is imported: the zip's directory against caps (entries,
 * sizes, ratio, names), the manifest's shape and signature, every file against its hash, the JSON's shape,
 * then the evidence (src/records/verify-evidence.ts): chain, records, photos bound to their records, head,
 * trusted keys and anchor. Any failure refuses the whole bundle, naming the entry and what is wrong.
 */
import { zipSync } from 'fflate';
import { InputError } from '../errors.ts';
import type { AuditEntry } from '../records/audit-chain.ts';
import { sha256Hex } from '../records/canonical-json.ts';
import { keyFingerprint, type PublicKeyJwk, signJson, verifyJson } from '../records/device-key.ts';
import type { FieldRecord } from '../records/record.ts';
import { type SignedHead, sameKey, signHead } from '../records/signed-head.ts';
import { type EvidenceOptions, verifyEvidence } from '../records/verify-evidence.ts';
import { auditEntryShapeProblem, manifestShapeProblem, recordShapeProblem } from './bundle-shape.ts';
import { unzipBounded, ZipRefusal } from './unzip-bounded.ts';

/** The zip reader's refusals (unzip-bounded.ts reason codes) in Chinese; the English message stays beside it. */
const ZIP_REFUSAL_ZH: Record<string, string> = {
  NOT_A_ZIP: '不是 zip 文件，或文件已损坏',
  UNSUPPORTED_ZIP: '不支持这种 zip（分卷、ZIP64 或加密）',
  TOO_MANY_ENTRIES: '压缩包里的文件太多',
  DUPLICATE_ENTRY: '压缩包里有同名的文件',
  UNSUPPORTED_COMPRESSION: '压缩方式不受支持',
  ENTRY_TOO_LARGE: '压缩包里有文件解压后太大',
  ZIP_TOO_LARGE: '压缩包解压后太大',
  ZIP_SIZE_MISMATCH: '压缩包内部不一致（已损坏或被改动）',
  ZIP_INCONSISTENT: '压缩包内部不一致（已损坏或被改动）',
};

/** A photo in a bundle. */
export interface BundlePhoto {
  id: string;
  recordId: string;
  sha256: string;
  type: string;
  bytes: Uint8Array;
}

/** What a bundle holds. */
export interface BundleContent {
  records: FieldRecord[];
  audit: AuditEntry[];
  photos: BundlePhoto[];
}

/** manifest.json (version 1 had no publicKey, head or signature). */
export interface BundleManifest {
  format: 'coalzone-backup';
  version: 1 | 2;
  createdAt: string;
  deviceId: string;
  counts: { records: number; audit: number; photos: number };
  files: Record<string, string>;
  photos: { id: string; recordId: string; sha256: string; type: string }[];
  publicKey?: PublicKeyJwk;
  /** The key's fingerprint as people read it (checked against publicKey). */
  fingerprint?: string;
  head?: SignedHead;
  signature?: string;
}

/** A read bundle and who signed it. `head` null = an unsigned version-1 bundle (read with a warning). */
export interface ReadBundle extends BundleContent {
  manifest: BundleManifest;
  head: SignedHead | null;
  /** The signing key's fingerprint (groups of 4 hex), null when unsigned. */
  fingerprint: string | null;
  /** Whether the key is among `trusted` (false when none were given or unsigned). */
  trustedKey: boolean;
}

/** The device key that signs: its private key and public JWK. */
export interface SigningKey {
  privateKey: CryptoKey;
  publicKey: PublicKeyJwk;
}

/** Writes a signed (version 2) bundle; resolves to its bytes and the head it signed. */
export async function writeBundle(
  content: BundleContent,
  about: { deviceId: string; createdAt: string; key: SigningKey },
): Promise<{ bytes: Uint8Array; head: SignedHead }> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    'records.json': encoder.encode(JSON.stringify(content.records)),
    'audit.json': encoder.encode(JSON.stringify(content.audit)),
  };
  for (const p of content.photos) files[`photos/${p.id}`] = p.bytes;
  const hashes: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(files)) hashes[path] = await sha256Hex(bytes);
  const head = await signHead(about.key, about.deviceId, content.audit[content.audit.length - 1], about.createdAt);
  const unsigned: Omit<BundleManifest, 'signature'> = {
    format: 'coalzone-backup',
    version: 2,
    createdAt: about.createdAt,
    deviceId: about.deviceId,
    publicKey: about.key.publicKey,
    fingerprint: await keyFingerprint(about.key.publicKey),
    head,
    counts: { records: content.records.length, audit: content.audit.length, photos: content.photos.length },
    files: hashes,
    photos: content.photos.map(({ id, recordId, sha256, type }) => ({ id, recordId, sha256, type })),
  };
  const manifest: BundleManifest = { ...unsigned, signature: await signJson(about.key.privateKey, unsigned) };
  files['manifest.json'] = encoder.encode(JSON.stringify(manifest, null, 1));
  return { bytes: zipSync(files, { level: 6 }), head };
}

/** Reads and checks a bundle; throws InputError (code MALFORMED_FILE, detail.reason, detail.zh) naming what
 *  is wrong. With `trusted` or `anchor`, an unsigned (version 1) bundle is refused: it proves nothing. */
export async function readBundle(bytes: Uint8Array, options: EvidenceOptions = {}): Promise<ReadBundle> {
  let files: Map<string, Uint8Array>;
  try {
    files = unzipBounded(bytes);
  } catch (error) {
    if (error instanceof ZipRefusal)
      throw refuse(error.reason, error.message, `压缩包被拒收：${ZIP_REFUSAL_ZH[error.reason] ?? '无法读取'}`);
    throw error;
  }
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes)
    throw refuse(
      'MISSING_MANIFEST',
      'the bundle has no manifest.json: it is not a coalzone backup',
      '缺少 manifest.json：不是 coalzone 备份',
    );
  const manifest = parse(manifestBytes, 'manifest.json') as BundleManifest;
  const shape = manifestShapeProblem(manifest);
  if (shape) throw refuse('BAD_MANIFEST', shape, `manifest.json 格式不对：${shape}`);
  const signed = manifest.version === 2;
  if (!signed && (options.trusted || options.anchor))
    throw refuse(
      'UNSIGNED',
      'an unsigned (version 1) bundle cannot be checked against a key or an anchor',
      '未签名的（第 1 版）备份无法对照密钥或锚点核验',
    );
  if (signed) await checkManifestSignature(manifest);
  const listed = new Map(Object.entries(manifest.files));
  for (const [path, hash] of listed) {
    const file = files.get(path);
    if (!file) throw refuse('MISSING_FILE', `${path} is listed in the manifest but missing`, `清单列出的 ${path} 缺失`);
    if ((await sha256Hex(file)) !== hash)
      throw refuse(
        'HASH_MISMATCH',
        `${path} does not match its hash in the manifest (corrupted or altered)`,
        `${path} 与清单中的哈希不符（损坏或被改动）`,
      );
  }
  for (const path of files.keys())
    if (path !== 'manifest.json' && !listed.has(path))
      throw refuse('UNLISTED_FILE', `${path} is not in the manifest`, `${path} 不在清单中`);
  const records = parseList(files.get('records.json'), 'records.json') as FieldRecord[];
  const audit = parseList(files.get('audit.json'), 'audit.json') as AuditEntry[];
  for (const [i, r] of records.entries()) {
    const problem = recordShapeProblem(r);
    if (problem)
      throw refuse(
        'BAD_RECORD',
        `records.json record ${i + 1}: ${problem}`,
        `records.json 第 ${i + 1} 条记录：${problem}`,
      );
  }
  for (const [i, e] of audit.entries()) {
    const problem = auditEntryShapeProblem(e);
    if (problem)
      throw refuse('BAD_AUDIT', `audit.json entry ${i + 1}: ${problem}`, `audit.json 第 ${i + 1} 条：${problem}`);
  }
  const c = manifest.counts;
  if (c.records !== records.length || c.audit !== audit.length || c.photos !== manifest.photos.length)
    throw refuse(
      'COUNT_MISMATCH',
      `manifest.json counts (${c.records}/${c.audit}/${c.photos}) differ from the bundle (${records.length}/${audit.length}/${manifest.photos.length})`,
      '清单中的数量与备份内容不符',
    );
  const photos: BundlePhoto[] = [];
  for (const p of manifest.photos) {
    const data = files.get(`photos/${p.id}`);
    if (!data) throw refuse('MISSING_FILE', `photo ${p.id} is missing`, `照片 ${p.id} 缺失`);
    photos.push({ id: p.id, recordId: p.recordId, sha256: p.sha256, type: p.type, bytes: data });
  }
  const photoFiles = [...files.keys()].filter((k) => k.startsWith('photos/')).length;
  if (photoFiles !== photos.length)
    throw refuse('UNLISTED_FILE', 'a photo file is not in the manifest photo list', '有照片文件不在清单的照片列表中');
  const found = await Promise.all(
    photos.map(async (p) => ({ ...p, bytes: undefined, actualSha256: await sha256Hex(p.bytes) })),
  );
  const head = signed ? (manifest.head as SignedHead) : null;
  const problem = await verifyEvidence(records, audit, found, head, options);
  if (problem) throw refuse(problem.reason, problem.message, problem.zh);
  return {
    manifest,
    records,
    audit,
    photos,
    head,
    fingerprint: head ? await keyFingerprint(head.publicKey) : null,
    trustedKey: !!head && !!options.trusted?.some((k) => sameKey(k, head.publicKey)),
  };
}

async function checkManifestSignature(manifest: BundleManifest): Promise<void> {
  const { signature, ...unsigned } = manifest;
  const key = manifest.publicKey as PublicKeyJwk;
  const head = manifest.head as SignedHead;
  if (!sameKey(key, head.publicKey) || head.deviceId !== manifest.deviceId)
    throw refuse(
      'BAD_SIGNATURE',
      'the manifest and its head name different keys or devices',
      '清单与链头的密钥或设备不一致',
    );
  if (manifest.fingerprint !== (await keyFingerprint(key)))
    throw refuse('BAD_MANIFEST', 'manifest.json fingerprint is not its key’s', 'manifest.json 的指纹与其公钥不符');
  if (!(await verifyJson(key, unsigned, signature)))
    throw refuse(
      'BAD_SIGNATURE',
      'manifest.json is not signed by the key it names (altered after signing)',
      'manifest.json 的签名无效（签名后被改动）',
    );
}

function parse(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw refuse('BAD_JSON', `${path} is not valid JSON (${(error as Error).message})`, `${path} 不是有效的 JSON`);
  }
}

function parseList(bytes: Uint8Array | undefined, path: string): unknown[] {
  if (!bytes) throw refuse('MISSING_FILE', `${path} is missing`, `${path} 缺失`);
  const value = parse(bytes, path);
  if (!Array.isArray(value)) throw refuse('BAD_JSON', `${path} must be a list`, `${path} 必须是列表`);
  return value;
}

function refuse(reason: string, message: string, zh: string): InputError {
  return new InputError('MALFORMED_FILE', `backup refused: ${message}`, { reason, zh: `备份被拒收：${zh}` });
}
