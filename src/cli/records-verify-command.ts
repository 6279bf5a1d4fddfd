/**
 * `coalzone records verify BACKUP.zip [--anchor HEAD.json|OLDER-BACKUP.zip] [--trust KEY.pub.json]…`: checks
 * a backup whole (src/io/backup-bundle.ts), names the signing device and its key fingerprint and whether the
 * key is trusted (--trust) or known (the anchor's), and with an anchor whether the chain extends it; with an
 * older backup as anchor, lists the records that are missing or older. Exit 0 verified, 1 refused (reason
 * named, zh-CN and English), 2 unreadable or usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CoalzoneError } from '../errors.ts';
import { readBundle } from '../io/backup-bundle.ts';
import { unzipBounded } from '../io/unzip-bounded.ts';
import { parseAnchor, parsePublicKey } from '../records/anchor-file.ts';
import { compareBackups } from '../records/compare-backups.ts';
import type { PublicKeyJwk } from '../records/device-key.ts';
import type { FieldRecord } from '../records/record.ts';
import { type SignedHead, sameKey } from '../records/signed-head.ts';

/** Runs the command; resolves to the exit code. Usage and unreadable files throw CoalzoneError (exit 2). */
export async function runRecordsVerifyCommand(
  path: string,
  options: { anchor?: string; trust?: readonly string[] },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const bytes = readInput(path, 'backup');
  const trusted = (options.trust ?? []).map((file) => {
    const parsed = parsePublicKey(new TextDecoder().decode(readInput(file, '--trust')));
    if ('problem' in parsed) throw new CoalzoneError('MALFORMED_FILE', `--trust ${file}: ${parsed.problem}`);
    return parsed.key;
  });
  let anchor: SignedHead | undefined;
  let earlier: FieldRecord[] | undefined;
  if (options.anchor !== undefined) {
    const anchorBytes = readInput(options.anchor, '--anchor');
    if (anchorBytes[0] === 0x50 && anchorBytes[1] === 0x4b) {
      // An older backup: its own signed head is the anchor, and its records say what must still be there.
      const older = await readBundle(anchorBytes).catch((error: unknown) => {
        if (!(error instanceof CoalzoneError)) throw error;
        throw new CoalzoneError('MALFORMED_FILE', `--anchor ${options.anchor}: ${error.message}`);
      });
      if (!older.head)
        throw new CoalzoneError(
          'MALFORMED_FILE',
          `--anchor ${options.anchor}: an unsigned (version 1) backup is no anchor`,
        );
      anchor = older.head;
      earlier = older.records;
    } else {
      const parsed = parseAnchor(new TextDecoder().decode(anchorBytes));
      if ('problem' in parsed)
        throw new CoalzoneError('MALFORMED_FILE', `--anchor ${options.anchor}: ${parsed.problem}`);
      anchor = parsed.head;
    }
  }
  try {
    const bundle = await readBundle(bytes, { trusted: trusted.length > 0 ? trusted : undefined, anchor });
    const c = bundle.manifest.counts;
    out.write(
      `✓ ${path}: ${c.records} 条记录 records, ${c.audit} 条审计 audit entries, ${c.photos} 张照片 photos; 链与哈希校验通过 chain and hashes verify (${bundle.manifest.createdAt})\n`,
    );
    if (!bundle.head) {
      out.write(
        `! 未签名的第 1 版备份：无法证明出自哪台设备 / unsigned version 1 backup: nothing proves which device made it (device ${bundle.manifest.deviceId})\n`,
      );
      return 0;
    }
    out.write(
      `  设备 device ${bundle.head.deviceId}, 密钥指纹 key ${bundle.fingerprint}; ${keyWords(bundle.head.publicKey, trusted, anchor)}\n`,
    );
    out.write(`  链头 head: 第 ${bundle.head.seq} 条 entry ${bundle.head.seq}, ${bundle.head.hash}\n`);
    if (anchor)
      out.write(
        `  延续锚点 extends the anchor: 第 ${anchor.seq} 条 entry ${anchor.seq} (${anchor.at}) 仍在 is still there\n`,
      );
    return 0;
  } catch (error) {
    if (!(error instanceof CoalzoneError)) throw error;
    const reason = String(error.detail.reason ?? error.code);
    if (reason === 'NOT_A_ZIP' || reason === 'MISSING_MANIFEST')
      throw new CoalzoneError('MALFORMED_FILE', `${path}: ${error.message}`);
    err.write(`✗ ${path}: [${reason}] ${String(error.detail.zh ?? '')}\n  ${error.message}\n`);
    if (earlier) {
      const later = laterRecords(bytes);
      for (const r of later ? compareBackups(earlier, later) : [])
        err.write(
          r.problem === 'missing'
            ? `  缺失 missing: ${r.recordId} (锚点中 in the anchor ${r.earlierUpdatedAt})\n`
            : `  更旧 older: ${r.recordId} (${r.laterUpdatedAt} < 锚点中 in the anchor ${r.earlierUpdatedAt})\n`,
        );
    }
    return 1;
  }
}

function keyWords(key: PublicKeyJwk, trusted: readonly PublicKeyJwk[], anchor: SignedHead | undefined): string {
  if (trusted.some((k) => sameKey(k, key))) return '受信任的密钥 trusted key (--trust)';
  if (anchor && sameKey(anchor.publicKey, key)) return '已知密钥（与锚点相同）known key (the anchor’s)';
  return '未知密钥：请核对指纹 unknown key: compare the fingerprint with the device’s settings';
}

/** The refused bundle's records, for the missing/older list (only when its records.json parses). */
function laterRecords(bytes: Uint8Array): FieldRecord[] | null {
  try {
    // Bounded like every read (a bundle past the caps yields no list).
    const file = unzipBounded(bytes).get('records.json');
    const value = file && JSON.parse(new TextDecoder().decode(file));
    return Array.isArray(value)
      ? value.filter((r) => r && typeof r.id === 'string' && typeof r.updatedAt === 'string')
      : null;
  } catch {
    return null;
  }
}

function readInput(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new CoalzoneError('MALFORMED_FILE', `${what} ${path}: no such file`);
  return new Uint8Array(readFileSync(path));
}
