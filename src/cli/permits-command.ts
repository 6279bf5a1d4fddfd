/**
 * `coalzone permits check REGISTER.csv` — checks a permit register (通行证登记表) before it is handed to the
 * checkpoints: the same all-or-nothing reading as the app's import (every bad row named with its line), then
 * what the good register holds on a day (default today, Beijing time): valid, expired, not yet valid, revoked,
 * and plates that hold more than one permit.
 */
import { checkPermit, importPermits } from '../checkpoints/permits.ts';
import { CoalzoneError } from '../errors.ts';
import { readCsvRows } from '../io/csv-rows.ts';
import { parseTime } from '../io/parse-time.ts';
import { textStream } from './node-files.ts';

/** Runs the check; resolves to the exit code (0 the register imports, 1 it would be refused). */
export async function runPermitsCheck(
  path: string,
  atText: string | undefined,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const at = atText === undefined ? Date.now() : parseTime(atText);
  if (at === null) throw new CoalzoneError('INVALID_ARGUMENT', `--at must be a date (2026-12-01), got "${atText}"`);
  const read = await importPermits(readCsvRows(textStream(path)));
  if (!read.ok) {
    for (const r of read.rejected) err.write(`✗ ${path} 第 ${r.line} 行 / line ${r.line}: ${r.zh} / ${r.reason}\n`);
    err.write(
      `✗ ${path}: ${read.rejected.length} 行有误，整份登记表不会被导入 / ${read.rejected.length} bad rows: the register would not be imported\n`,
    );
    return 1;
  }
  const counts = { valid: 0, expired: 0, 'not-yet-valid': 0, revoked: 0, 'wrong-destination': 0 };
  const byPlate = new Map<string, string[]>();
  for (const p of read.permits) {
    counts[checkPermit(p, at, null)]++;
    byPlate.set(p.plate, [...(byPlate.get(p.plate) ?? []), p.number]);
  }
  const shared = [...byPlate].filter(([, numbers]) => numbers.length > 1);
  out.write(
    `✓ ${path}: ${read.permits.length} 张通行证 / permits — 有效 valid ${counts.valid}, 已过期 expired ${counts.expired}, ` +
      `未生效 not yet valid ${counts['not-yet-valid']}, 已作废 revoked ${counts.revoked}\n`,
  );
  for (const [plate, numbers] of shared)
    out.write(`  ! ${plate}: ${numbers.length} 张通行证 / permits (${numbers.join(', ')})\n`);
  return 0;
}
