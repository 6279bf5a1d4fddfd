/**
 * Between a record kind's form and its fields: the form's flat strings to the record's fields (lists, the
 * reporter's contact, Beijing local time to ISO) and back. The forms themselves are data in
 * src/records/record-labels.ts (re-exported here for the views).
 */

import type { RecordKind } from '../records/record.ts';
import { FORMS } from '../records/record-labels.ts';

export {
  choiceLabel,
  type FieldSpec,
  FORMS,
  KIND_LABELS,
  ROLE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  ZONE_LABELS,
} from '../records/record-labels.ts';

/** Turns the form's flat values into the record's fields (lists, contact, local time → ISO with +08:00). */
export function formToFields(kind: RecordKind, values: Record<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const spec of FORMS[kind]) {
    const v = values[spec.name] ?? '';
    if (spec.type === 'list')
      fields[spec.name] = v
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter(Boolean);
    else if (spec.type === 'datetime-local') fields[spec.name] = v ? `${v.length === 16 ? `${v}:00` : v}+08:00` : '';
    else fields[spec.name] = v;
  }
  if (kind === 'violation-report') {
    const name = String(fields.contactName ?? '');
    const phone = String(fields.contactPhone ?? '');
    delete fields.contactName;
    delete fields.contactPhone;
    fields.contact = name || phone ? { name, phone } : null;
  }
  return fields;
}

/** The inverse of formToFields, to fill the form when a record is edited. */
export function fieldsToForm(kind: RecordKind, fields: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of FORMS[kind]) {
    const v = fields[spec.name];
    if (spec.type === 'list') values[spec.name] = Array.isArray(v) ? v.join('、') : '';
    else if (spec.type === 'datetime-local' && typeof v === 'string' && v)
      values[spec.name] = new Date(Date.parse(v) + 8 * 3600_000).toISOString().slice(0, 16);
    else if (typeof v === 'string') values[spec.name] = v;
  }
  if (kind === 'violation-report') {
    const contact = fields.contact as { name?: string; phone?: string } | null;
    values.contactName = contact?.name ?? '';
    values.contactPhone = contact?.phone ?? '';
  }
  return values;
}
