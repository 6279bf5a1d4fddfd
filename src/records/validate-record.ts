/**
 * Validates what a form submits for a record, field by field, before anything is written: the UI shows each
 * error next to its field (codes translate), and a record with any error is never saved, not even in part.
 */

import { readPlate } from '../checkpoints/plate.ts';
import { pointReason } from '../geo/classify-point.ts';
import { normalisePhone } from './phone.ts';
import { type FieldsByKind, type RecordKind, type RecordLocation, STATUS_FLOW } from './record.ts';

/** One field's problem. `path` names the field ("fields.phone", "location"). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** What a form hands to the store. */
export interface RecordInput<K extends RecordKind = RecordKind> {
  kind: K;
  location: RecordLocation;
  fields: FieldsByKind[K];
}

const TEXT_LIMIT = 2_000;
const ONE_OF: Record<string, readonly string[]> = {
  mode: ['fixed', 'mobile'],
  type: ['boiler', 'dazao', 'tea-stove', 'other'],
  conversion: ['none', 'electricity', 'gas'],
  what: ['burning', 'selling', 'storing', 'transporting'],
  category: ['coal-power', 'central-heating', 'feedstock-coal'],
  permitResult: ['valid', 'none', 'no-register', 'expired', 'not-yet-valid', 'revoked', 'wrong-destination'],
  outcome: ['passed', 'turned-back', 'detained', 'referred'],
};
const REQUIRED: Record<RecordKind, string[]> = {
  'sales-point': ['name', 'mode'],
  appliance: ['type', 'owner', 'conversion'],
  'violation-report': ['what', 'observedAt'],
  'exempt-enterprise': ['name', 'category', 'permitNumber'],
  'checkpoint-inspection': ['checkpoint', 'plate', 'permitResult', 'outcome'],
  checkpoint: ['name'],
};

/** Validates a record input; returns the errors (empty when valid) and the fields normalised (phones). */
export function validateRecordInput(input: RecordInput): { errors: FieldError[]; fields: Record<string, unknown> } {
  const errors: FieldError[] = [];
  const add = (path: string, code: string, message: string) => errors.push({ path, code, message });
  if (!(input?.kind in STATUS_FLOW)) {
    add('kind', 'UNKNOWN_KIND', `unknown record kind ${String(input?.kind)}`);
    return { errors, fields: {} };
  }
  const location = input.location;
  const reason = pointReason(location?.lng, location?.lat);
  if (reason) add('location', reason.code, reason.message);
  if (!(typeof location?.accuracyM === 'number' && location.accuracyM >= 0))
    add('location.accuracyM', 'BAD_ACCURACY', 'accuracy must be a number of metres ≥ 0');
  if (!['gps', 'map', 'typed', 'place'].includes(location?.source as string))
    add('location.source', 'BAD_SOURCE', 'location source must be gps, map, typed or place');
  const fields: Record<string, unknown> = { ...(input.fields as unknown as Record<string, unknown>) };
  for (const name of REQUIRED[input.kind]) {
    const v = fields[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))
      add(`fields.${name}`, 'REQUIRED', `${name} is required`);
  }
  for (const [name, value] of Object.entries(fields)) {
    const path = `fields.${name}`;
    if (typeof value === 'string' && value.length > TEXT_LIMIT)
      add(path, 'TOO_LONG', `${name} is over ${TEXT_LIMIT} characters`);
    if (name in ONE_OF && value !== undefined && !(ONE_OF[name] as readonly string[]).includes(value as string))
      add(path, 'NOT_ALLOWED', `${name} must be one of ${(ONE_OF[name] as readonly string[]).join(', ')}`);
  }
  const phone = (path: string, value: unknown, set: (v: string) => void) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const normal = normalisePhone(value);
    if (normal) set(normal);
    else add(path, 'BAD_PHONE', `"${value}" is not a phone number (e.g. 13812345678 or 0352-5022085)`);
  };
  phone('fields.phone', fields.phone, (v) => {
    fields.phone = v;
  });
  if (input.kind === 'violation-report') {
    const contact = fields.contact as { name?: string; phone?: string } | null | undefined;
    if (contact) {
      const copy = { name: contact.name ?? '', phone: contact.phone ?? '' };
      phone('fields.contact.phone', copy.phone, (v) => {
        copy.phone = v;
      });
      fields.contact = copy;
    }
    if (typeof fields.observedAt === 'string' && Number.isNaN(Date.parse(fields.observedAt)))
      add('fields.observedAt', 'BAD_TIME', `"${fields.observedAt}" is not a date and time`);
  }
  if (input.kind === 'checkpoint-inspection' && typeof fields.plate === 'string' && fields.plate.trim() !== '') {
    const plate = readPlate(fields.plate);
    if (plate.ok) fields.plate = plate.plate;
    else add('fields.plate', plate.reason.code, plate.reason.message);
  }
  if (input.kind === 'sales-point' && fields.sells !== undefined && !Array.isArray(fields.sells))
    add('fields.sells', 'NOT_A_LIST', 'sells must be a list');
  return { errors, fields };
}

/** Whether a record of `kind` may move from `from` to `to`. */
export function canMove(kind: RecordKind, from: string, to: string): boolean {
  return from === to || (STATUS_FLOW[kind][from] ?? []).includes(to);
}
