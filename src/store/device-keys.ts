/**
 * This device's signing key and the heads it has signed or seen, kept in the records database's meta table.
 * The private key is made non-extractable and stored as the CryptoKey itself (structured-cloneable in
 * browsers and Node); where a store cannot clone CryptoKeys it falls back to an extractable JWK.
 */
import Dexie from 'dexie';
import { exportPublicKey, generateDeviceKey, keyFingerprint, type PublicKeyJwk } from '../records/device-key.ts';
import { type SignedHead, signHead } from '../records/signed-head.ts';
import { deviceId, type RecordsDatabase } from './records-db.ts';

interface StoredKey {
  privateKey: CryptoKey | JsonWebKey;
  publicKey: PublicKeyJwk;
}

/** This device's key pair, made once and kept. */
export async function deviceKey(db: RecordsDatabase): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyJwk }> {
  const row = (await db.meta.get('deviceKey'))?.value as StoredKey | undefined;
  if (row) return { privateKey: await asCryptoKey(row.privateKey), publicKey: row.publicKey };
  const pair = await generateDeviceKey(false);
  // Two tabs may race to make the key: the first one written wins, the loser reads it back.
  await db.transaction('rw', db.meta, async () => {
    if (!(await db.meta.get('deviceKey')))
      await db.meta.put({
        key: 'deviceKey',
        value: { privateKey: pair.privateKey, publicKey: await Dexie.waitFor(exportPublicKey(pair.publicKey)) },
      });
  });
  const stored = (await db.meta.get('deviceKey'))?.value as StoredKey;
  if (isCryptoKey(stored.privateKey)) return { privateKey: stored.privateKey, publicKey: stored.publicKey };
  // This IndexedDB could not keep the CryptoKey itself (fake-indexeddb in tests clones it into a plain
  // object): keep an extractable JWK instead, made now, replacing the unusable row.
  const extractable = await generateDeviceKey(true);
  const fallback: StoredKey = {
    privateKey: await crypto.subtle.exportKey('jwk', extractable.privateKey),
    publicKey: await exportPublicKey(extractable.publicKey),
  };
  await db.meta.put({ key: 'deviceKey', value: fallback });
  return { privateKey: extractable.privateKey, publicKey: fallback.publicKey };
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}

async function asCryptoKey(key: CryptoKey | JsonWebKey): Promise<CryptoKey> {
  if (isCryptoKey(key)) return key;
  if (typeof (key as JsonWebKey).d !== 'string') throw new Error('the stored device key is unusable');
  return crypto.subtle.importKey('jwk', key as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

/** The fingerprint of this device's public key (shown in settings, printed on exports and receipts). */
export async function deviceFingerprint(db: RecordsDatabase): Promise<string> {
  return keyFingerprint((await deviceKey(db)).publicKey);
}

/** Signs the current head of this device's chain and keeps it as the latest anchor (a receipt). */
export async function signCurrentHead(db: RecordsDatabase, now = new Date()): Promise<SignedHead> {
  const [key, id, last] = await Promise.all([deviceKey(db), deviceId(db), db.audit.orderBy('seq').last()]);
  const head = await signHead(key, id, last, now.toISOString());
  await keepOwnHead(db, head);
  return head;
}

/** Keeps `head` as this device's anchor unless a later one is kept already. */
export async function keepOwnHead(db: RecordsDatabase, head: SignedHead): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const kept = (await db.meta.get('ownHead'))?.value as SignedHead | undefined;
    if (!kept || kept.seq <= head.seq) await db.meta.put({ key: 'ownHead', value: head });
  });
}

/** The latest head this device signed (the anchor its own verify checks against), if any. */
export async function ownHead(db: RecordsDatabase): Promise<SignedHead | undefined> {
  return (await db.meta.get('ownHead'))?.value as SignedHead | undefined;
}

/** Heads of other devices seen in imports, by device id (the latest of each). */
export async function seenHeads(db: RecordsDatabase): Promise<Record<string, SignedHead>> {
  return ((await db.meta.get('seenHeads'))?.value as Record<string, SignedHead> | undefined) ?? {};
}

/** Remembers an imported bundle's head (kept when later than the one known). */
export async function rememberHead(db: RecordsDatabase, head: SignedHead): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const heads = new Map(Object.entries(await seenHeads(db)));
    const known = heads.get(head.deviceId);
    if (!known || known.seq <= head.seq) heads.set(head.deviceId, head);
    await db.meta.put({ key: 'seenHeads', value: Object.fromEntries(heads) });
  });
}
