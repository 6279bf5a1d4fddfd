/**
 * The zone packages accepted on this phone, read and checked again at every start (signature, trusted key for
 * that zone, validity) and indexed: the step the app's start takes for each zone, in zone-load-worker.ts so
 * that a street-precision zone (20,000 vertices: ~0.2 s to check, ~0.2 s to index on this machine) never
 * holds the page, or on the page itself where a worker cannot start.
 */
import { buildZoneIndex, type ZoneIndex } from '../geo/zone-index.ts';
import { activePackage } from './accepted-zone-store.ts';
import { type TrustedKey, verifyZonePackage, type ZonePackage } from './zone-package.ts';

/** A zone's accepted package ready to answer, or why it is not used. */
export type AcceptedZone =
  | { ok: true; zoneId: string; pkg: ZonePackage; index: ZoneIndex }
  | { ok: false; zoneId: string; sequence: number; why: { zh: string; en: string } };

/** Reads, checks and indexes the active package of `zoneId`; null when the zone has none. */
export async function loadAccepted(zoneId: string, trusted: readonly TrustedKey[]): Promise<AcceptedZone | null> {
  const pkg = await activePackage(zoneId);
  if (!pkg) return null;
  const checked = await verifyZonePackage(pkg, trusted, null);
  if (!checked.ok || checked.pkg.zoneId !== zoneId)
    return {
      ok: false,
      zoneId,
      sequence: pkg.sequence,
      why: checked.ok ? { zh: '区域编号不符', en: 'its zone id differs' } : { zh: checked.zh, en: checked.en },
    };
  // verifyZonePackage has validated the zone: index it.
  return { ok: true, zoneId, pkg: checked.pkg, index: buildZoneIndex(checked.pkg.zone) };
}

/** The buffers of an index's typed arrays, each once: what posting it from a worker transfers. */
export function indexBuffers(index: ZoneIndex): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && value.buffer.byteLength > 0)
      buffers.add(value.buffer);
  };
  for (const value of Object.values(index)) add(value);
  for (const value of Object.values(index.tree)) add(value);
  add(index.tree.oriented.box);
  for (const value of Object.values(index.startNodes)) add(value);
  return [...buffers];
}
