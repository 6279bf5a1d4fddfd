/**
 * The backup bundle: one zip with records.json, audit.json, photos/<id> and manifest.json listing every
 * file's SHA-256. Reading checks, before anything is imported: it is a zip, it is ours, every file matches
 * its hash, the JSON parses, each record has the shape of a record, the audit chain verifies and every
 * record matches its last audit entry, every photo matches its hash. Any failure refuses the whole bundle
 * with the reason.
 */
import { unzipSync, zipSync } from 'fflate';
import { InputError } from '../errors.ts';
import { type AuditEntry, verifyChain } from '../records/audit-chain.ts';
import { sha256Hex } from '../records/canonical-json.ts';
import { type FieldRecord, STATUS_FLOW } from '../records/record.ts';

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

/** manifest.json. */
export interface BundleManifest {
  format: 'coalzone-backup';
  version: 1;
  createdAt: string;
  deviceId: string;
  counts: { records: number; audit: number; photos: number };
  files: Record<string, string>;
  photos: { id: string; recordId: string; sha256: string; type: string }[];
}

/** Writes a bundle. */
export async function writeBundle(
  content: BundleContent,
  about: { deviceId: string; createdAt: string },
): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    'records.json': encoder.encode(JSON.stringify(content.records)),
    'audit.json': encoder.encode(JSON.stringify(content.audit)),
  };
  for (const p of content.photos) files[`photos/${p.id}`] = p.bytes;
  const hashes: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(files)) hashes[path] = await sha256Hex(bytes);
  const manifest: BundleManifest = {
    format: 'coalzone-backup',
    version: 1,
    createdAt: about.createdAt,
    deviceId: about.deviceId,
    counts: { records: content.records.length, audit: content.audit.length, photos: content.photos.length },
    files: hashes,
    photos: content.photos.map(({ id, recordId, sha256, type }) => ({ id, recordId, sha256, type })),
  };
  files['manifest.json'] = encoder.encode(JSON.stringify(manifest, null, 1));
  return zipSync(files, { level: 6 });
}

/** Reads and checks a bundle; throws InputError (code MALFORMED_FILE, detail.reason) naming what is wrong. */
export async function readBundle(bytes: Uint8Array): Promise<BundleContent & { manifest: BundleManifest }> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw refuse('NOT_A_ZIP', `not a zip file (${(error as Error).message})`);
  }
  const manifestBytes = files['manifest.json'];
  if (!manifestBytes) throw refuse('MISSING_MANIFEST', 'the bundle has no manifest.json: it is not a coalzone backup');
  const manifest = parse<BundleManifest>(manifestBytes, 'manifest.json');
  if (manifest.format !== 'coalzone-backup' || manifest.version !== 1)
    throw refuse(
      'WRONG_FORMAT',
      `manifest.json says ${manifest.format} version ${manifest.version}, not coalzone-backup 1`,
    );
  for (const [path, hash] of Object.entries(manifest.files ?? {})) {
    const file = files[path];
    if (!file) throw refuse('MISSING_FILE', `${path} is listed in the manifest but missing`);
    if ((await sha256Hex(file)) !== hash)
      throw refuse('HASH_MISMATCH', `${path} does not match its hash in the manifest (corrupted or altered)`);
  }
  for (const path of Object.keys(files))
    if (path !== 'manifest.json' && !(path in (manifest.files ?? {})))
      throw refuse('UNLISTED_FILE', `${path} is not in the manifest`);
  const records = parse<FieldRecord[]>(files['records.json'] ?? new Uint8Array(), 'records.json');
  const audit = parse<AuditEntry[]>(files['audit.json'] ?? new Uint8Array(), 'audit.json');
  if (!Array.isArray(records) || !Array.isArray(audit))
    throw refuse('BAD_JSON', 'records.json and audit.json must be arrays');
  records.forEach((r, i) => {
    const problem = recordShapeProblem(r);
    if (problem) throw refuse('BAD_RECORD', `record ${i + 1} (${String(r?.id)}): ${problem}`);
  });
  const broken = await verifyChain(audit, records);
  if (broken) throw refuse('AUDIT_BROKEN', `the audit chain does not verify: ${broken.message}`);
  const photos: BundlePhoto[] = (manifest.photos ?? []).map((p) => {
    const data = files[`photos/${p.id}`];
    if (!data) throw refuse('MISSING_FILE', `photo ${p.id} is missing`);
    return { ...p, bytes: data };
  });
  for (const p of photos)
    if ((await sha256Hex(p.bytes)) !== p.sha256)
      throw refuse('HASH_MISMATCH', `photo ${p.id} does not match its SHA-256`);
  return { manifest, records, audit, photos };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function recordShapeProblem(r: FieldRecord): string | null {
  if (!r || typeof r !== 'object') return 'not an object';
  if (!UUID.test(r.id)) return 'id is not a UUID';
  if (!(r.kind in STATUS_FLOW)) return `unknown kind ${String(r.kind)}`;
  if (!Number.isFinite(r.location?.lng) || !Number.isFinite(r.location?.lat)) return 'location is not numbers';
  if (!Array.isArray(r.statusHistory) || !Array.isArray(r.photos)) return 'history or photos missing';
  if (typeof r.fields !== 'object' || r.fields === null) return 'fields missing';
  return null;
}

function parse<T>(bytes: Uint8Array, path: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (error) {
    throw refuse('BAD_JSON', `${path} is not valid JSON (${(error as Error).message})`);
  }
}

function refuse(reason: string, message: string): InputError {
  return new InputError('MALFORMED_FILE', `backup refused: ${message}`, { reason });
}
