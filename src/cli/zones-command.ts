/** `coalzone zones validate [FILE…]` and `coalzone zones list`. */
import type { Writable } from 'node:stream';
import { validateZone } from '../geo/validate-zone.ts';
import { validateCatalogue } from '../zones/catalogue.ts';
import { parseJson, readCatalogue, readWhole, readZoneFile } from './node-files.ts';

/** Validates the catalogue and its zone files, or the files given. Resolves to true when all are valid. */
export function runZonesValidate(paths: readonly string[], out: Writable): boolean {
  if (paths.length === 0) {
    const catalogue = readCatalogue();
    const reasons = validateCatalogue(catalogue, readZoneFile);
    for (const r of reasons) out.write(`✗ [${r.code}] ${r.message}\n`);
    if (reasons.length === 0) {
      for (const z of catalogue.zones) out.write(`✓ ${z.file} (${z.id}, ${z.status})\n`);
      for (const s of catalogue.countySlots)
        out.write(`· county slot ${s.id} ${s.name.zh}: ${s.file ?? 'unpublished'}\n`);
    }
    return reasons.length === 0;
  }
  let ok = true;
  for (const path of paths) {
    const validation = validateZone(parseJson(readWhole(path), path));
    if (validation.valid) out.write(`✓ ${path}\n`);
    else {
      ok = false;
      for (const r of validation.reasons) out.write(`✗ ${path} [${r.code}] ${r.message}\n`);
    }
  }
  return ok;
}

/** Lists the embedded zones and county slots. */
export function runZonesList(out: Writable): void {
  const catalogue = readCatalogue();
  for (const z of catalogue.zones) {
    const f = readZoneFile(z.file) as {
      properties: { version: string; notice: { number: string; date: string } };
    } | null;
    out.write(
      `${z.id}\t${z.status}\t${f?.properties.version ?? '?'}\t${f?.properties.notice.number ?? ''} ${f?.properties.notice.date ?? ''}\n`,
    );
  }
  for (const s of catalogue.countySlots) out.write(`${s.id}\t${s.status}\t${s.name.zh}\t${s.note}\n`);
}
