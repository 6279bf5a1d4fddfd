/**
 * The publisher's key on this device (the 生态环境局's or a county's): an ECDSA P-256 pair made by WebCrypto with
 * the private key non-extractable — script on this page can sign with it but never read it, and it cannot be
 * copied off the device — kept as the CryptoKey itself in its own small IndexedDB database
 * 'coalzone-publisher' (not a store in 'coalzone-zones': every phone opens that one at start, and a version
 * bump there would wait on every open tab; the key belongs to the few publishing devices only). Its
 * fingerprint is the CLI's (`keyFingerprint`), its public half the JSON `zones keygen` writes. Decision 0027.
 */
import { exportPublicKey, generateDeviceKey, keyFingerprint } from '../records/device-key.ts';
import type { PublisherSigningKey } from './publish-zone.ts';
import { type TrustedKey, trustedKeyText } from './zone-package.ts';

const DB = 'coalzone-publisher';
const KEYS = 'keys';
/** The last publication number this device signed, per zone (so a number is never handed out twice). */
const PUBLISHED = 'published';
/** The one key a device keeps (a second authority on one device is a second browser profile). */
const ID = 'publisher';

/** The kept key: what it signs for, when made, and its fingerprint. */
export interface PublisherKey extends PublisherSigningKey {
  createdAt: string;
  fingerprint: string;
}

interface StoredKey extends PublisherKey {
  id: typeof ID;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(PUBLISHED)) db.createObjectStore(PUBLISHED, { keyPath: 'zoneId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(
  name: string,
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(name, mode).objectStore(name));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

const read = () => withStore<StoredKey | undefined>(KEYS, 'readonly', (s) => s.get(ID));

/** The highest publication number this device has signed for `zoneId` (0: none). */
export async function lastPublished(zoneId: string): Promise<number> {
  const row = await withStore<{ sequence: number } | undefined>(PUBLISHED, 'readonly', (s) => s.get(zoneId));
  return row?.sequence ?? 0;
}

/** Remembers that publication `sequence` of `zoneId` was signed here (kept when higher than the one known). */
export async function rememberPublished(zoneId: string, sequence: number, at: string): Promise<void> {
  if (sequence > (await lastPublished(zoneId)))
    await withStore(PUBLISHED, 'readwrite', (s) => s.put({ zoneId, sequence, at }));
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}

/** The publisher's key kept on this device, or null when none was made. */
export async function publisherKey(): Promise<PublisherKey | null> {
  const row = await read();
  if (!row) return null;
  // No fallback to an extractable copy (as the records' device key has): an authority's key that could be
  // read out is not what this promises. A store that cannot keep a CryptoKey is said so.
  if (!isCryptoKey(row.privateKey)) throw new Error('this browser could not keep the publisher key as a CryptoKey');
  const { id: _, ...key } = row;
  return key;
}

/** Makes the key for `authority` and `zoneIds` and keeps it. When a key is kept already (another tab, or made
 *  before) it is kept, not replaced, and returned: a publisher's key is changed only by giving its phones a new
 *  build, so it is never overwritten by a click. */
export async function makePublisherKey(options: {
  authority: string;
  zoneIds: string[];
  now?: Date;
}): Promise<PublisherKey> {
  const authority = options.authority.trim();
  if (!authority) throw new Error('makePublisherKey: the authority name is empty');
  if (options.zoneIds.length === 0) throw new Error('makePublisherKey: no zone ids');
  const pair = await generateDeviceKey(false);
  const publicKey = await exportPublicKey(pair.publicKey);
  const row: StoredKey = {
    id: ID,
    authority,
    zoneIds: [...options.zoneIds],
    privateKey: pair.privateKey,
    publicKey,
    createdAt: (options.now ?? new Date()).toISOString(),
    fingerprint: await keyFingerprint(publicKey),
  };
  const db = await open();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(KEYS, 'readwrite');
      // add, not put: when two tabs race, the first key written wins and the other tab reads it back.
      const request = tx.objectStore(KEYS).add(row);
      request.onerror = (event) => {
        if (request.error?.name !== 'ConstraintError') return;
        // Not an error here: keep the transaction (no abort) and do not let it bubble to tx.onerror.
        event.preventDefault();
        event.stopPropagation();
      };
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? request.error);
    });
  } finally {
    db.close();
  }
  const kept = await publisherKey();
  if (!kept) throw new Error('the publisher key was not kept');
  return kept;
}

/** The key as a phone trusts it (the `{authority, zoneIds, key}` entry). */
export function trustedEntry(key: PublisherKey): TrustedKey {
  return { authority: key.authority, zoneIds: key.zoneIds, key: key.publicKey };
}

/** The public key file, byte for byte what `zones keygen` writes as KEY.pub.json (for `--trust`, trusted-keys.json
 *  and VITE_TRUSTED_ZONE_KEYS). */
export function publicKeyFileText(key: PublisherKey): string {
  return trustedKeyText(trustedEntry(key));
}
