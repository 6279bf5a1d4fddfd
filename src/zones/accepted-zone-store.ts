/**
 * The zone packages this phone has accepted, in IndexedDB through the bare API (a few lines; no Dexie, so the
 * first view stays light): every accepted package is kept, keyed by zone and sequence, and `active` says which
 * one answers for each zone (0: the zone built into the app). Going back is choosing an older one or 0.
 * Also the editor's draft per zone (it survives a reload and a closed tab) and the versions saved from it.
 */
import type { ZoneFeature } from '../geo/zone.ts';
import type { ZoneDraft } from './zone-draft.ts';
import type { ZonePackage } from './zone-package.ts';

const DB = 'coalzone-zones';
const PACKAGES = 'packages';
const ACTIVE = 'active';
const DRAFTS = 'drafts';
const VERSIONS = 'versions';

/** A version saved from the editor, with who saved it and why. */
export interface SavedVersion {
  zoneId: string;
  version: string;
  note: string;
  author: string;
  savedAt: string;
  zone: ZoneFeature;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(PACKAGES)) db.createObjectStore(PACKAGES, { keyPath: ['zoneId', 'sequence'] });
      if (!db.objectStoreNames.contains(ACTIVE)) db.createObjectStore(ACTIVE);
      if (!db.objectStoreNames.contains(DRAFTS)) db.createObjectStore(DRAFTS, { keyPath: 'zoneId' });
      if (!db.objectStoreNames.contains(VERSIONS)) db.createObjectStore(VERSIONS, { keyPath: ['zoneId', 'version'] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when the transaction has committed (rejects when it failed or was aborted). */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** The active package of a zone, or null (the built-in zone answers). */
export async function activePackage(zoneId: string): Promise<ZonePackage | null> {
  const db = await open();
  try {
    const tx = db.transaction([PACKAGES, ACTIVE], 'readonly');
    const sequence = (await done(tx.objectStore(ACTIVE).get(zoneId))) as number | undefined;
    if (!sequence) return null;
    return ((await done(tx.objectStore(PACKAGES).get([zoneId, sequence]))) as ZonePackage | undefined) ?? null;
  } finally {
    db.close();
  }
}

/** Keeps an accepted package and makes it the active one, in one transaction (both or neither). */
export async function acceptPackage(pkg: ZonePackage): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction([PACKAGES, ACTIVE], 'readwrite');
    tx.objectStore(PACKAGES).put(pkg);
    tx.objectStore(ACTIVE).put(pkg.sequence, pkg.zoneId);
    await committed(tx);
  } finally {
    db.close();
  }
}

/** The packages of a zone kept on this phone (every one accepted here), oldest first. */
export async function keptPackages(zoneId: string): Promise<ZonePackage[]> {
  const range = IDBKeyRange.bound([zoneId, 0], [zoneId, Number.MAX_SAFE_INTEGER]);
  return ((await withStore(PACKAGES, 'readonly', (s) => s.getAll(range))) as ZonePackage[]).sort(
    (a, b) => a.sequence - b.sequence,
  );
}

/** Goes back (or forth) to a package kept on this phone: the person's own choice, so an older one is allowed
 *  here (a package arriving from outside must still be newer). Refuses a sequence not kept. */
export async function useKept(zoneId: string, sequence: number): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction([PACKAGES, ACTIVE], 'readwrite');
    const kept = await done(tx.objectStore(PACKAGES).get([zoneId, sequence]));
    if (!kept) throw new Error(`publication ${sequence} of ${zoneId} is not kept on this phone`);
    tx.objectStore(ACTIVE).put(sequence, zoneId);
    await committed(tx);
  } finally {
    db.close();
  }
}

/** Makes the built-in zone answer again (the accepted packages stay kept). */
export async function useBuiltIn(zoneId: string): Promise<void> {
  const db = await open();
  try {
    await done(db.transaction(ACTIVE, 'readwrite').objectStore(ACTIVE).put(0, zoneId));
  } finally {
    db.close();
  }
}

async function withStore<T>(name: string, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>) {
  const db = await open();
  try {
    return await done(work(db.transaction(name, mode).objectStore(name)));
  } finally {
    db.close();
  }
}

/** The editor's draft of a zone, if one is kept. */
export async function loadDraft(zoneId: string): Promise<ZoneDraft | null> {
  return ((await withStore(DRAFTS, 'readonly', (s) => s.get(zoneId))) as ZoneDraft | undefined) ?? null;
}

/** Keeps the draft (after every edit). */
export async function saveDraft(draft: ZoneDraft): Promise<void> {
  await withStore(DRAFTS, 'readwrite', (s) => s.put(draft));
}

/** Drops the draft (saved as a version, or given up). */
export async function dropDraft(zoneId: string): Promise<void> {
  await withStore(DRAFTS, 'readwrite', (s) => s.delete(zoneId));
}

/** Keeps a version saved from the editor. */
export async function saveVersion(version: SavedVersion): Promise<void> {
  await withStore(VERSIONS, 'readwrite', (s) => s.put(version));
}

/** The versions saved on this phone for a zone, oldest first. */
export async function listVersions(zoneId: string): Promise<SavedVersion[]> {
  const all = (await withStore(VERSIONS, 'readonly', (s) => s.getAll())) as SavedVersion[];
  return all.filter((v) => v.zoneId === zoneId).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}
