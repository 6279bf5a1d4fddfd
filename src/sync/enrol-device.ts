/**
 * Connects this phone to a sync server: the address is checked (http/https, an origin), the one-time code
 * from the bureau is sent with this device's id and the public key that signs its audit chain, the request
 * signed with that key (server/src/routes/enrol-routes.ts), and the enrolment is kept. A phone already
 * enrolled there (the answer was lost) gets the same answer again.
 */
import { deviceKey } from '../store/device-keys.ts';
import { deviceId, type RecordsDatabase } from '../store/records-db.ts';
import { loadSyncSettings, resetSyncProgress, type SyncSettings, saveSyncSettings } from '../store/sync-state.ts';
import { deviceClient } from './device-client.ts';
import { answerFailure, asFailure, SyncFailure } from './sync-problem.ts';

/** The server address as typed, as an origin (`https://host[:port]`), or a failure naming what is wrong. */
export function parseServerUrl(typed: string): string | SyncFailure {
  const text = typed.trim();
  let url: URL | null = null;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname)
    return new SyncFailure(
      {
        code: 'BAD_URL',
        zh: `服务器地址不对：“${text}”。请输入如 https://sync.example.cn 的地址。`,
        en: `Not a server address: "${text}". Type an address such as https://sync.example.cn.`,
        at: new Date().toISOString(),
      },
      false,
    );
  // The API is at the root of its origin: the signed path is the path the server sees.
  return url.origin;
}

/** Saves the server address without enrolling (residents send reports without an account). */
export async function setServer(db: RecordsDatabase, typed: string): Promise<SyncSettings> {
  const url = parseServerUrl(typed);
  if (url instanceof SyncFailure) throw url;
  const settings = await loadSyncSettings(db);
  const next = { serverUrl: url, enrolment: settings.serverUrl === url ? settings.enrolment : null };
  if (settings.serverUrl !== url) await resetSyncProgress(db);
  await saveSyncSettings(db, next);
  return next;
}

/** Enrols this phone at `typedUrl` with the one-time `code`. */
export async function enrolDevice(
  db: RecordsDatabase,
  typedUrl: string,
  code: string,
  label = 'coalzone app',
): Promise<SyncSettings> {
  const url = parseServerUrl(typedUrl);
  if (url instanceof SyncFailure) throw url;
  if (code.replace(/[\s-]/g, '').length < 12)
    throw new SyncFailure(
      {
        code: 'BAD_CODE',
        zh: '登记码应为 12 位字母和数字（如 ABCD-EFGH-JKMN），请向生态环境局索取。',
        en: 'The enrolment code has 12 letters and digits (e.g. ABCD-EFGH-JKMN); ask the bureau for one.',
        at: new Date().toISOString(),
      },
      false,
    );
  const [id, key] = await Promise.all([deviceId(db), deviceKey(db)]);
  const client = deviceClient(url, id, key.privateKey);
  let answer: Awaited<ReturnType<typeof client.request>>;
  try {
    answer = await client.request('POST', '/enrol', {
      code: code.trim(),
      deviceId: id,
      publicKey: key.publicKey,
      label,
    });
  } catch (error) {
    throw asFailure(error, url);
  }
  if (answer.status !== 200) throw answerFailure(answer);
  const body = answer.body as { agencyId: string; role: string; isAdmin: boolean; fingerprint: string };
  const before = await loadSyncSettings(db);
  if (before.serverUrl !== url) await resetSyncProgress(db);
  const settings: SyncSettings = {
    serverUrl: url,
    enrolment: {
      deviceId: id,
      agencyId: body.agencyId,
      role: body.role,
      isAdmin: body.isAdmin,
      fingerprint: body.fingerprint,
      at: new Date().toISOString(),
    },
  };
  await saveSyncSettings(db, settings);
  return settings;
}
