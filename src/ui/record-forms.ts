/**
 * The form of each record kind, as data: field name, input type, choices, labels in zh-CN and English.
 * The records view renders these; validation lives in src/records/validate-record.ts.
 */
import type { RecordKind } from '../records/record.ts';

/** One form field. */
export interface FieldSpec {
  name: string;
  type: 'text' | 'textarea' | 'select' | 'tel' | 'datetime-local' | 'list';
  label: { zh: string; en: string };
  choices?: { value: string; zh: string; en: string }[];
  required?: boolean;
}

/** Kind names. */
export const KIND_LABELS: Record<RecordKind, { zh: string; en: string }> = {
  'sales-point': { zh: '煤炭销售点', en: 'Coal sales point' },
  appliance: { zh: '燃煤设施（锅炉/大灶/茶水炉）', en: 'Coal appliance (boiler / stove)' },
  'violation-report': { zh: '违规举报', en: 'Violation report' },
  'exempt-enterprise': { zh: '豁免企业', en: 'Exempt enterprise' },
};

/** Status names. */
export const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  found: { zh: '已发现', en: 'found' },
  'ordered-to-stop': { zh: '已责令停止', en: 'ordered to stop' },
  closed: { zh: '已取缔/已结案', en: 'closed' },
  reinspected: { zh: '已复查', en: 're-inspected' },
  removed: { zh: '已拆除', en: 'removed' },
  converted: { zh: '已改电/改气', en: 'converted' },
  received: { zh: '已受理', en: 'received' },
  assigned: { zh: '已分派', en: 'assigned' },
  handled: { zh: '已处理', en: 'handled' },
  active: { zh: '有效', en: 'active' },
  suspended: { zh: '暂停', en: 'suspended' },
  expired: { zh: '过期', en: 'expired' },
};

const text = (name: string, zh: string, en: string, required = false): FieldSpec => ({
  name,
  type: 'text',
  label: { zh, en },
  required,
});

/** The forms. */
export const FORMS: Record<RecordKind, FieldSpec[]> = {
  'sales-point': [
    text('name', '名称', 'Name', true),
    text('operator', '经营者', 'Operator'),
    text('address', '地址', 'Address'),
    {
      name: 'mode',
      type: 'select',
      label: { zh: '类型', en: 'Type' },
      required: true,
      choices: [
        { value: 'fixed', zh: '固定（市场监管）', en: 'fixed (market regulation)' },
        { value: 'mobile', zh: '流动（城管）', en: 'mobile (city management)' },
      ],
    },
    { name: 'sells', type: 'list', label: { zh: '销售品种（逗号分隔）', en: 'What is sold (comma-separated)' } },
    { name: 'phone', type: 'tel', label: { zh: '联系电话', en: 'Phone' } },
  ],
  appliance: [
    {
      name: 'type',
      type: 'select',
      label: { zh: '设施', en: 'Appliance' },
      required: true,
      choices: [
        { value: 'boiler', zh: '燃煤锅炉', en: 'boiler' },
        { value: 'dazao', zh: '大灶', en: 'large stove (大灶)' },
        { value: 'tea-stove', zh: '茶水炉', en: 'tea boiler (茶水炉)' },
        { value: 'other', zh: '其他', en: 'other' },
      ],
    },
    text('owner', '所有者/单位', 'Owner', true),
    text('address', '地址', 'Address'),
    {
      name: 'conversion',
      type: 'select',
      label: { zh: '改造', en: 'Conversion' },
      required: true,
      choices: [
        { value: 'none', zh: '未改造', en: 'none' },
        { value: 'electricity', zh: '煤改电', en: 'to electricity' },
        { value: 'gas', zh: '煤改气', en: 'to gas' },
      ],
    },
  ],
  'violation-report': [
    {
      name: 'what',
      type: 'select',
      label: { zh: '违规行为', en: 'What' },
      required: true,
      choices: [
        { value: 'burning', zh: '燃用', en: 'burning' },
        { value: 'selling', zh: '销售', en: 'selling' },
        { value: 'storing', zh: '储存', en: 'storing' },
        { value: 'transporting', zh: '运输', en: 'transporting' },
      ],
    },
    { name: 'description', type: 'textarea', label: { zh: '情况说明', en: 'Description' } },
    { name: 'observedAt', type: 'datetime-local', label: { zh: '发现时间', en: 'Seen at' }, required: true },
    text('contactName', '举报人姓名（保密，可不填）', 'Reporter name (private, optional)'),
    {
      name: 'contactPhone',
      type: 'tel',
      label: { zh: '举报人电话（保密，可不填）', en: 'Reporter phone (private, optional)' },
    },
  ],
  'exempt-enterprise': [
    text('name', '企业名称', 'Enterprise', true),
    {
      name: 'category',
      type: 'select',
      label: { zh: '类别', en: 'Category' },
      required: true,
      choices: [
        { value: 'coal-power', zh: '煤电', en: 'coal power' },
        { value: 'central-heating', zh: '集中供热', en: 'central heating' },
        { value: 'feedstock-coal', zh: '原料用煤', en: 'feedstock coal' },
      ],
    },
    text('permitNumber', '许可证号', 'Permit number', true),
    text('address', '地址', 'Address'),
  ],
};

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
