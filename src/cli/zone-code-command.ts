/**
 * `coalzone zones diff-code BASE.package.json NEW.package.json [--out CODE.png]`: a signed publication that
 * changes little, as a change code for one QR (src/zones/zone-diff-code.ts), for phones that have BASE active.
 * Prints the code; with --out also writes the QR as a PNG to print or show on a screen. Both packages must be
 * packages (NEW is verified on the phone as always, so a wrong one is only wasted paper, but it is said here).
 */
import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { generate } from 'lean-qr';
import { toPngBuffer } from 'lean-qr/extras/node_export';
import { CoalzoneError, InputError } from '../errors.ts';
import { diffRefusalWords, encodeDiffCode } from '../zones/zone-diff-code.ts';
import type { ZonePackage } from '../zones/zone-package.ts';
import { parseJson, readWhole } from './node-files.ts';

function readPackage(path: string): ZonePackage {
  const value = parseJson(readWhole(path), path) as Partial<ZonePackage> | null;
  if (
    !value ||
    typeof value !== 'object' ||
    typeof value.zoneId !== 'string' ||
    typeof value.signature !== 'string' ||
    !Number.isSafeInteger(value.sequence)
  )
    throw new InputError('MALFORMED_FILE', `${path} is not a signed zone package (make one with zones publish)`);
  return value as ZonePackage;
}

/** Runs the command; 0 when a code was made, 1 when the change is too large for one. */
export async function runDiffCode(
  basePath: string,
  nextPath: string,
  options: { out?: string },
  out: Writable,
): Promise<number> {
  const base = readPackage(basePath);
  const next = readPackage(nextPath);
  if (base.zoneId !== next.zoneId)
    throw new CoalzoneError('INVALID_ARGUMENT', `${basePath} is zone ${base.zoneId}, ${nextPath} is ${next.zoneId}`);
  if (next.sequence <= base.sequence)
    throw new CoalzoneError(
      'INVALID_ARGUMENT',
      `${nextPath} is publication ${next.sequence}, not newer than ${basePath}'s ${base.sequence}`,
    );
  const made = await encodeDiffCode(base, next);
  if (!made.ok) {
    const words = diffRefusalWords(made.code);
    out.write(
      `✗ ${nextPath}: ${words.zh}（${made.chars} 字符）\n✗ ${nextPath}: ${words.en} (${made.chars} characters)\n`,
    );
    return 1;
  }
  if (options.out)
    writeFileSync(
      options.out,
      toPngBuffer(generate(made.code), { scale: 6, pad: 4, on: [0, 0, 0], off: [255, 255, 255] }),
    );
  out.write(`${made.code}\n`);
  return 0;
}
