/**
 * Field records: documents with history (comapeo-core's model). Every kind shares the envelope — UUID,
 * timestamps, soft delete, schema version, device and author, location with accuracy and source, the zone
 * answer at save time with the zone version, photos by hash, status with history — and carries its own
 * `fields`. Adding a kind = a fields type, a status table and a validator (validate-record.ts).
 */

/** The record kinds of the notice's agencies. */
export type RecordKind =
  | 'sales-point'
  | 'appliance'
  | 'violation-report'
  | 'exempt-enterprise'
  | 'checkpoint-inspection'
  | 'checkpoint';

/** Schema version written by this code. Older records are migrated in src/store on open. */
export const SCHEMA_VERSION = 1;

/** Who wrote a record: the role in settings and the officer id. */
export interface Author {
  role: 'market-regulation' | 'city-management' | 'police' | 'county' | 'ecology' | 'resident';
  officerId: string;
}

/** Where, with how sure and how it was given. */
export interface RecordLocation {
  lng: number;
  lat: number;
  accuracyM: number;
  source: 'gps' | 'map' | 'typed' | 'place';
}

/** The zone answer when the record was saved (kept: the zone trace may be corrected later). */
export interface SavedZoneAnswer {
  status: 'inside' | 'outside' | 'near';
  traced: 'inside' | 'outside';
  signedDistanceM: number;
  uncertaintyM: number;
  zoneId: string;
  zoneVersion: string;
}

/** The part of a point answer (src/geo) a record keeps. */
export function toSavedAnswer(answer: Pick<SavedZoneAnswer, keyof SavedZoneAnswer> | null): SavedZoneAnswer | null {
  return (
    answer && {
      status: answer.status,
      traced: answer.traced,
      signedDistanceM: answer.signedDistanceM,
      uncertaintyM: answer.uncertaintyM,
      zoneId: answer.zoneId,
      zoneVersion: answer.zoneVersion,
    }
  );
}

/** A photo by reference: the Blob lives in the photos table, keyed by id, checked by SHA-256. */
export interface PhotoRef {
  id: string;
  sha256: string;
  type: string;
  size: number;
  /** When it was attached (ISO; photos attached before this field existed have none). */
  addedAt?: string;
}

/** One step of the status history (every visit or change). */
export interface StatusStep {
  status: string;
  at: string;
  by: string;
  note: string;
  /** The document issued with this step, e.g. the 责令停止通知书 number (optional). */
  documentNumber?: string;
  /** Photos taken for this step (ids in the record's `photos`). */
  photoIds?: string[];
}

/** Kind-specific fields. */
export interface SalesPointFields {
  name: string;
  operator: string;
  address: string;
  mode: 'fixed' | 'mobile';
  sells: string[];
  phone: string;
}
export interface ApplianceFields {
  type: 'boiler' | 'dazao' | 'tea-stove' | 'other';
  owner: string;
  address: string;
  conversion: 'none' | 'electricity' | 'gas';
}
export interface ViolationFields {
  what: 'burning' | 'selling' | 'storing' | 'transporting';
  description: string;
  observedAt: string;
  /** Private: redacted in exports unless asked. */
  contact: { name: string; phone: string } | null;
}
export interface ExemptEnterpriseFields {
  name: string;
  category: 'coal-power' | 'central-heating' | 'feedstock-coal';
  permitNumber: string;
  address: string;
}

/** A truck checked at a police checkpoint (issue 5). */
export interface InspectionFields {
  checkpoint: string;
  /** Canonical plate (晋B12345), validated by src/checkpoints/plate.ts. */
  plate: string;
  vehicleType: string;
  coalType: string;
  tonnage: string;
  origin: string;
  destination: string;
  permitNumber: string;
  permitResult: 'valid' | 'none' | 'no-register' | 'expired' | 'not-yet-valid' | 'revoked' | 'wrong-destination';
  outcome: 'passed' | 'turned-back' | 'detained' | 'referred';
  /** The route check's answer in words (entries, sides, times), when a track or drawn route was checked. */
  routeCheck?: string;
  notes: string;
}

/** A police checkpoint placed on the map (its location is the record's location). */
export interface CheckpointFields {
  name: string;
  /** The road it stands on, and which way it checks (e.g. 二广高速 北向南). */
  road: string;
  notes: string;
}

/** Fields by kind. */
export interface FieldsByKind {
  'sales-point': SalesPointFields;
  appliance: ApplianceFields;
  'violation-report': ViolationFields;
  'exempt-enterprise': ExemptEnterpriseFields;
  'checkpoint-inspection': InspectionFields;
  checkpoint: CheckpointFields;
}

/** A stored record. */
export interface FieldRecord<K extends RecordKind = RecordKind> {
  id: string;
  kind: K;
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  deviceId: string;
  author: Author;
  location: RecordLocation;
  zoneAnswer: SavedZoneAnswer | null;
  photos: PhotoRef[];
  status: string;
  statusHistory: StatusStep[];
  fields: FieldsByKind[K];
}

/** Statuses of each kind and the moves allowed between them (the first is the initial status). */
export const STATUS_FLOW: Record<RecordKind, Record<string, string[]>> = {
  'sales-point': {
    found: ['ordered-to-stop', 'closed'],
    'ordered-to-stop': ['closed', 'reinspected'],
    closed: ['reinspected'],
    reinspected: ['reinspected', 'ordered-to-stop', 'closed'],
  },
  appliance: { found: ['removed', 'converted'], removed: [], converted: [] },
  'violation-report': {
    received: ['assigned', 'closed'],
    assigned: ['handled', 'closed'],
    handled: ['closed'],
    closed: [],
  },
  'exempt-enterprise': { active: ['suspended', 'expired'], suspended: ['active', 'expired'], expired: ['active'] },
  'checkpoint-inspection': { recorded: ['reviewed'], reviewed: [] },
  checkpoint: { staffed: ['stood-down'], 'stood-down': ['staffed'] },
};

/** The status a new record of a kind starts in. */
export function initialStatus(kind: RecordKind): string {
  return Object.keys(STATUS_FLOW[kind])[0] as string;
}
