/**
 * The zone catalogue (data/zones/catalogue.json): which zones coalzone carries and which county slots are
 * still empty. Pure: the caller reads the files (Node fs in the CLI, bundled imports in the app).
 */
import { InputError, type Reason } from '../errors.ts';
import { validateZone } from '../geo/validate-zone.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex, type ZoneIndex } from '../geo/zone-index.ts';

/** One zone listed in the catalogue. */
export interface CatalogueZone {
  id: string;
  file: string;
  scope: 'city' | 'county';
  status: string;
}

/** A county slot: empty (file null) until the county publishes. */
export interface CountySlot {
  id: string;
  name: { zh: string; en: string };
  adcode: string;
  file: string | null;
  status: 'unpublished' | 'county-published' | 'provisional';
  note: string;
}

/** data/zones/catalogue.json. */
export interface Catalogue {
  zones: CatalogueZone[];
  countySlots: CountySlot[];
}

/** A zone ready for queries. */
export interface LoadedZone {
  feature: ZoneFeature;
  index: ZoneIndex;
}

/** Validates and indexes one zone document; throws InputError listing every reason. */
export function loadZone(document: unknown, label = 'zone'): LoadedZone {
  const validation = validateZone(document);
  if (!validation.valid) throw zoneError(label, validation.reasons);
  const feature = document as ZoneFeature;
  return { feature, index: buildZoneIndex(feature) };
}

/** Checks the catalogue against the zone files it names (read by `readFile`, null when missing). */
export function validateCatalogue(catalogue: Catalogue, readFile: (path: string) => unknown | null): Reason[] {
  const reasons: Reason[] = [];
  const check = (path: string, id: string | null, status: string) => {
    const document = readFile(path);
    if (document === null) {
      reasons.push({
        code: 'MISSING_FILE',
        message: `${path} is listed in the catalogue but does not exist`,
        path,
      });
      return;
    }
    const validation = validateZone(document);
    if (!validation.valid) {
      for (const r of validation.reasons) reasons.push({ ...r, message: `${path}: ${r.message}`, path });
      return;
    }
    const props = (document as ZoneFeature).properties;
    if (id !== null && props.id !== id)
      reasons.push({
        code: 'CATALOGUE_MISMATCH',
        message: `${path} has id ${props.id}, the catalogue says ${id}`,
        path,
      });
    if (props.status !== status)
      reasons.push({
        code: 'CATALOGUE_MISMATCH',
        message: `${path} has status ${props.status}, the catalogue says ${status}`,
        path,
      });
  };
  for (const z of catalogue.zones) check(z.file, z.id, z.status);
  for (const slot of catalogue.countySlots) {
    if (slot.file === null) {
      if (slot.status !== 'unpublished')
        reasons.push({
          code: 'CATALOGUE_MISMATCH',
          message: `county slot ${slot.id} has no file but status ${slot.status}`,
        });
    } else check(slot.file, null, slot.status);
  }
  return reasons;
}

function zoneError(label: string, reasons: Reason[]): InputError {
  return new InputError(
    'INVALID_ZONE',
    `${label} is not a valid zone:\n${reasons.map((r) => `  [${r.code}] ${r.message}`).join('\n')}`,
    {
      reasons,
    },
  );
}
