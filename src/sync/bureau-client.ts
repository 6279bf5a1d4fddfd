/**
 * The bureau's calls to its server, signed by this (admin) device: agencies, assigning a resident's report to
 * an agency, the weekly report (JSON for the page; .xlsx and CSV as files), devices and their revocation,
 * enrolment codes for new phones. Every refusal comes back as a SyncFailure in words (zh-CN and English).
 */
import { deviceKey } from '../store/device-keys.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { loadSyncSettings } from '../store/sync-state.ts';
import { deviceClient } from './device-client.ts';
import { answerFailure, asFailure, SyncFailure } from './sync-problem.ts';

/** An agency as the server lists it. */
export interface Agency {
  id: string;
  name: string;
  role: string;
}

/** An enrolled device as the server lists it. */
export interface BureauDevice {
  id: string;
  agency_id: string;
  is_admin: boolean;
  label: string;
  fingerprint: string;
  enrolled_at: string;
  revoked_at: string | null;
  head_seq: number;
}

/** The weekly report (server/src/weekly-report.ts), the parts the page shows. */
export interface WeeklyReportJson {
  week: { monday: string; sunday: string };
  generatedAt: string;
  districts: { adcode: number; zh: string; en: string }[];
  total: number;
  counts: { kind: string; status: string; district: number; count: number }[];
  changes: { type: 'created' | 'status'; recordId: string; kind: string; to: string; at: string }[];
}

/** A file the server made. */
export interface ServerFile {
  name: string;
  bytes: Uint8Array;
  type: string;
}

/** The bureau's client; null when this device is not enrolled as an admin. */
export interface BureauClient {
  serverUrl: string;
  deviceId: string;
  agencies(): Promise<Agency[]>;
  createAgency(agency: Agency): Promise<void>;
  assign(recordId: string, agencyId: string, note: string): Promise<void>;
  weekly(week: string): Promise<WeeklyReportJson>;
  weeklyFile(week: string, format: 'xlsx' | 'counts' | 'changes'): Promise<ServerFile>;
  devices(): Promise<BureauDevice[]>;
  revoke(deviceId: string): Promise<void>;
  enrolmentCode(agencyId: string, label: string, admin: boolean): Promise<{ code: string; expiresAt: string }>;
}

/** The file name a Content-Disposition header gives (its UTF-8 form first). */
export function dispositionName(header: string | null, fallback: string): string {
  const encoded = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded)
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: the plain one below, or the fallback.
    }
  return header?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** The client for this device, or null when it is not an enrolled admin. */
export async function bureauClient(db: RecordsDatabase): Promise<BureauClient | null> {
  const settings = await loadSyncSettings(db);
  const enrolment = settings.enrolment;
  if (!settings.serverUrl || !enrolment?.isAdmin) return null;
  const serverUrl = settings.serverUrl;
  const key = await deviceKey(db);
  const client = deviceClient(serverUrl, enrolment.deviceId, key.privateKey);
  const call = async <T>(method: string, path: string, body?: unknown) => {
    let answer: Awaited<ReturnType<typeof client.request<T>>>;
    try {
      answer = await client.request<T>(method, path, body);
    } catch (error) {
      throw asFailure(error, serverUrl);
    }
    if (answer.status !== 200) throw answerFailure(answer);
    return answer;
  };
  const weekQuery = (week: string) => (/^\d{4}-\d{2}-\d{2}$/.test(week) ? `?week=${week}` : '');
  return {
    serverUrl,
    deviceId: enrolment.deviceId,
    agencies: async () => (await call<Agency[]>('GET', '/admin/agencies')).body,
    async createAgency(agency) {
      await call('POST', '/admin/agencies', agency);
    },
    async assign(recordId, agencyId, note) {
      await call(
        'POST',
        `/admin/records/${encodeURIComponent(recordId)}/assign`,
        note ? { agencyId, note } : { agencyId },
      );
    },
    weekly: async (week) => (await call<WeeklyReportJson>('GET', `/admin/reports/weekly${weekQuery(week)}`)).body,
    async weeklyFile(week, format) {
      const query = new URLSearchParams();
      if (/^\d{4}-\d{2}-\d{2}$/.test(week)) query.set('week', week);
      if (format !== 'xlsx') query.set('part', format);
      const path = `/admin/reports/weekly.${format === 'xlsx' ? 'xlsx' : 'csv'}${query.size ? `?${query}` : ''}`;
      const answer = await call<Uint8Array>('GET', path);
      if (!(answer.body instanceof Uint8Array))
        throw new SyncFailure(
          {
            code: 'BAD_ANSWER',
            zh: '服务器没有返回报表文件。',
            en: 'The server did not send the report file.',
            at: new Date().toISOString(),
          },
          true,
        );
      const type = answer.headers.get('content-type') ?? 'application/octet-stream';
      const fallback = `禁煤区周报${format === 'xlsx' ? '.xlsx' : `-${format}.csv`}`;
      return { name: dispositionName(answer.headers.get('content-disposition'), fallback), bytes: answer.body, type };
    },
    devices: async () => (await call<BureauDevice[]>('GET', '/admin/devices')).body,
    async revoke(deviceId) {
      await call('POST', `/admin/devices/${encodeURIComponent(deviceId)}/revoke`);
    },
    enrolmentCode: async (agencyId, label, admin) =>
      (
        await call<{ code: string; expiresAt: string }>('POST', '/admin/enrolment-codes', {
          agencyId,
          label,
          admin,
        })
      ).body,
  };
}
