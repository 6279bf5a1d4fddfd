/**
 * A phone as the server sees it: its own key (src/records/device-key.ts), its audit chain built by the app's
 * code (nextEntry), its records, and push / pull the way the app will do them — a pulled record becomes an
 * 'import' entry of the phone's own chain, as src/store's import does.
 */
import { randomUUID } from 'node:crypto';
import { type AuditEntry, nextEntry } from '../../../src/records/audit-chain.ts';
import { hashJson } from '../../../src/records/canonical-json.ts';
import { exportPublicKey, generateDeviceKey, type PublicKeyJwk } from '../../../src/records/device-key.ts';
import type { FieldRecord, FieldsByKind, RecordKind } from '../../../src/records/record.ts';
import { initialStatus, SCHEMA_VERSION } from '../../../src/records/record.ts';
import { type SignedHead, signHead } from '../../../src/records/signed-head.ts';
import { type Answer, deviceClient } from '../../../src/sync/device-client.ts';

/** Valid fields of each kind. */
export const SAMPLE_FIELDS: { [K in RecordKind]: FieldsByKind[K] } = {
  'sales-point': {
    name: '永兴煤店',
    operator: '王某',
    address: '平城区御河西路',
    mode: 'fixed',
    sells: ['散煤'],
    phone: '13812345678',
  },
  appliance: { type: 'dazao', owner: '李记饭店', address: '云冈区', conversion: 'none' },
  'violation-report': {
    what: 'burning',
    description: '院内烧散煤',
    observedAt: '2026-12-01T08:30:00+08:00',
    contact: { name: '张三', phone: '13900001111' },
  },
  'exempt-enterprise': { name: '大同第二热电厂', category: 'coal-power', permitNumber: 'DT-2024-001', address: '' },
  'checkpoint-inspection': {
    checkpoint: 'G109 西韩岭',
    plate: '晋B12345',
    vehicleType: '重型货车',
    coalType: '原煤',
    tonnage: '30',
    origin: '左云',
    destination: '大同第二热电厂',
    permitNumber: 'DT-2024-001',
    permitResult: 'valid',
    outcome: 'passed',
    notes: '',
  },
  checkpoint: { name: 'G109 西韩岭', road: 'G109 东向西', notes: '' },
};

/** A simulated phone. */
export interface TestPhone {
  id: string;
  publicKey: PublicKeyJwk;
  privateKey: CryptoKey;
  entries: AuditEntry[];
  records: Map<string, FieldRecord>;
  /** The seq the server acknowledged. */
  pushedSeq: number;
  /** The pull cursor. */
  cursor: number;
  baseUrl: string;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  enrol(code: string, label?: string): Promise<Answer<Record<string, unknown>>>;
  create<K extends RecordKind>(
    kind: K,
    fields?: Partial<FieldsByKind[K]>,
    at?: { lng: number; lat: number },
  ): Promise<FieldRecord<K>>;
  edit(id: string, change: (r: FieldRecord) => FieldRecord): Promise<FieldRecord>;
  head(): Promise<SignedHead>;
  /** The push body of everything after pushedSeq (or `from`). */
  pushBody(from?: number): Promise<{ head: SignedHead; entries: AuditEntry[]; records: FieldRecord[] }>;
  push(): Promise<Answer<Record<string, unknown>>>;
  /** Pulls every page; returns the records received. */
  pull(): Promise<FieldRecord[]>;
}

/** A phone with a fresh key, talking to `baseUrl` (change phone.baseUrl after a restart). */
export async function makePhone(baseUrl: string, role: FieldRecord['author']['role'] = 'police'): Promise<TestPhone> {
  const pair = await generateDeviceKey();
  const publicKey = await exportPublicKey(pair.publicKey);
  const append = async (phone: TestPhone, record: FieldRecord, op: AuditEntry['op']) => {
    phone.records.set(record.id, record);
    phone.entries.push(
      await nextEntry(phone.entries[phone.entries.length - 1], {
        recordId: record.id,
        op,
        at: new Date().toISOString(),
        author: record.author,
        deviceId: phone.id,
        payloadHash: await hashJson(record),
      }),
    );
  };
  const phone: TestPhone = {
    id: `phone-${randomUUID()}`,
    publicKey,
    privateKey: pair.privateKey,
    entries: [],
    records: new Map(),
    pushedSeq: 0,
    cursor: 0,
    baseUrl,
    request: (method, path, body) => deviceClient(phone.baseUrl, phone.id, pair.privateKey).request(method, path, body),
    enrol: (code, label = 'test phone') =>
      phone.request('POST', '/enrol', { code, deviceId: phone.id, publicKey, label }),
    async create(kind, fields = {}, at = { lng: 113.3, lat: 40.09 }) {
      const now = new Date().toISOString();
      const record = {
        id: randomUUID(),
        kind,
        schemaVersion: SCHEMA_VERSION,
        createdAt: now,
        updatedAt: now,
        deleted: false,
        deviceId: phone.id,
        author: { role, officerId: 'officer-7' },
        location: { ...at, accuracyM: 8, source: 'gps' },
        zoneAnswer: null,
        photos: [],
        status: initialStatus(kind),
        statusHistory: [{ status: initialStatus(kind), at: now, by: 'officer-7', note: '' }],
        fields: { ...SAMPLE_FIELDS[kind], ...fields },
      } as FieldRecord<typeof kind>;
      await append(phone, record, 'create');
      return record;
    },
    async edit(id, change) {
      const before = phone.records.get(id);
      if (!before) throw new Error(`no record ${id} on ${phone.id}`);
      const after = change(structuredClone(before));
      await append(phone, after, 'update');
      return after;
    },
    async head() {
      return signHead(
        { privateKey: pair.privateKey, publicKey },
        phone.id,
        phone.entries[phone.entries.length - 1],
        new Date().toISOString(),
      );
    },
    async pushBody(from = phone.pushedSeq) {
      const entries = phone.entries.filter((e) => e.seq > from);
      const ids = [...new Set(entries.map((e) => e.recordId))];
      // Copies: a test that tampers with a body must not tamper with the phone.
      return structuredClone({
        head: await phone.head(),
        entries,
        records: ids.map((id) => phone.records.get(id) as FieldRecord),
      });
    },
    async push() {
      const body = await phone.pushBody();
      const answer = await phone.request<Record<string, unknown>>('POST', '/sync/push', body);
      if (answer.status === 200) phone.pushedSeq = body.head.seq;
      return answer;
    },
    async pull() {
      const got: FieldRecord[] = [];
      for (;;) {
        const answer = await phone.request<{ records: FieldRecord[]; cursor: number; more: boolean }>(
          'GET',
          `/sync/pull?after=${phone.cursor}&limit=100`,
        );
        if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`);
        for (const record of answer.body.records) {
          got.push(record);
          const mine = phone.records.get(record.id);
          if (!mine || (await hashJson(mine)) !== (await hashJson(record))) await append(phone, record, 'import');
        }
        phone.cursor = answer.body.cursor;
        if (!answer.body.more) return got;
      }
    },
  };
  return phone;
}
