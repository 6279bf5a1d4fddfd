/**
 * The words for records, as data: each kind's form (field name, input type, choices, labels in zh-CN and
 * English), kind and status names, and the words for roles, zone answers and location sources. The records
 * view renders the forms from these; the report CSV (src/io/records-report-csv.ts) writes the same words.
 * Validation lives in validate-record.ts.
 */
import type { Author, RecordKind, RecordLocation, SavedZoneAnswer } from './record.ts';

/** One form field. */
export interface FieldSpec {
  name: string;
  type: 'text' | 'textarea' | 'select' | 'tel' | 'datetime-local' | 'list';
  label: { zh: string; en: string };
  choices?: { value: string; zh: string; en: string }[];
  required?: boolean;
}

/** The label of a select field's value ("selling" → 销售), or the value itself when it has none. */
export function choiceLabel(kind: RecordKind, field: string, value: string, lang: 'zh' | 'en'): string {
  const choice = FORMS[kind]?.find((f) => f.name === field)?.choices?.find((c) => c.value === value);
  return choice ? choice[lang] : value;
}

/** Kind names. */
export const KIND_LABELS: Record<RecordKind, { zh: string; en: string }> = {
  'sales-point': { zh: '煤炭销售点', en: 'Coal sales point' },
  appliance: { zh: '燃煤设施（锅炉/大灶/茶水炉）', en: 'Coal appliance (boiler / stove)' },
  'violation-report': { zh: '违规举报', en: 'Violation report' },
  'exempt-enterprise': { zh: '豁免企业', en: 'Exempt enterprise' },
  'checkpoint-inspection': { zh: '卡点检查（运煤车辆）', en: 'Checkpoint inspection (coal truck)' },
  checkpoint: { zh: '卡点（检查站）', en: 'Checkpoint (site)' },
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
  recorded: { zh: '已登记', en: 'recorded' },
  reviewed: { zh: '已复核', en: 'reviewed' },
  staffed: { zh: '在岗', en: 'staffed' },
  'stood-down': { zh: '已撤除', en: 'stood down' },
};

const text = (name: string, zh: string, en: string, required = false): FieldSpec => ({
  name,
  type: 'text',
  label: { zh, en },
  required,
});
/** A required choice; `choices` as [value, zh, en]. */
const select = (name: string, zh: string, en: string, choices: [string, string, string][]): FieldSpec => ({
  name,
  type: 'select',
  label: { zh, en },
  required: true,
  choices: choices.map(([value, czh, cen]) => ({ value, zh: czh, en: cen })),
});

/** The forms. */
export const FORMS: Record<RecordKind, FieldSpec[]> = {
  'sales-point': [
    text('name', '名称', 'Name', true),
    text('operator', '经营者', 'Operator'),
    text('address', '地址', 'Address'),
    select('mode', '类型', 'Type', [
      ['fixed', '固定（市场监管）', 'fixed (market regulation)'],
      ['mobile', '流动（城管）', 'mobile (city management)'],
    ]),
    { name: 'sells', type: 'list', label: { zh: '销售品种（逗号分隔）', en: 'What is sold (comma-separated)' } },
    { name: 'phone', type: 'tel', label: { zh: '联系电话', en: 'Phone' } },
  ],
  appliance: [
    select('type', '设施', 'Appliance', [
      ['boiler', '燃煤锅炉', 'boiler'],
      ['dazao', '大灶', 'large stove (大灶)'],
      ['tea-stove', '茶水炉', 'tea boiler (茶水炉)'],
      ['other', '其他', 'other'],
    ]),
    text('owner', '所有者/单位', 'Owner', true),
    text('address', '地址', 'Address'),
    select('conversion', '改造', 'Conversion', [
      ['none', '未改造', 'none'],
      ['electricity', '煤改电', 'to electricity'],
      ['gas', '煤改气', 'to gas'],
    ]),
  ],
  'violation-report': [
    select('what', '违规行为', 'What', [
      ['burning', '燃用', 'burning'],
      ['selling', '销售', 'selling'],
      ['storing', '储存', 'storing'],
      ['transporting', '运输', 'transporting'],
    ]),
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
    select('category', '类别', 'Category', [
      ['coal-power', '煤电', 'coal power'],
      ['central-heating', '集中供热', 'central heating'],
      ['feedstock-coal', '原料用煤', 'feedstock coal'],
    ]),
    text('permitNumber', '许可证号', 'Permit number', true),
    text('address', '地址', 'Address'),
  ],
  'checkpoint-inspection': [
    text('checkpoint', '卡点', 'Checkpoint', true),
    text('plate', '车牌（如 晋B·12345）', 'Plate (e.g. 晋B·12345)', true),
    text('vehicleType', '车型', 'Vehicle type'),
    text('coalType', '煤种', 'Coal type'),
    text('tonnage', '估计吨数', 'Estimated tonnes'),
    text('origin', '申报起点', 'Declared origin'),
    text('destination', '申报目的地', 'Declared destination'),
    text('permitNumber', '通行证号', 'Permit number'),
    select('permitResult', '通行证核查', 'Permit check', [
      ['valid', '有效', 'valid'],
      ['none', '无通行证', 'none'],
      ['no-register', '未核查（无登记表）', 'not checked (no register)'],
      ['expired', '已过期', 'expired'],
      ['not-yet-valid', '未生效', 'not yet valid'],
      ['revoked', '已作废', 'revoked'],
      ['wrong-destination', '目的地不符', 'wrong destination'],
    ]),
    select('outcome', '处理结果', 'Outcome', [
      ['passed', '放行', 'passed'],
      ['turned-back', '劝返', 'turned back'],
      ['detained', '暂扣', 'detained'],
      ['referred', '移交', 'referred'],
    ]),
    text('routeCheck', '路线核查', 'Route check'),
    { name: 'notes', type: 'textarea', label: { zh: '备注', en: 'Notes' } },
  ],
  checkpoint: [
    text('name', '卡点名称', 'Checkpoint name', true),
    text('road', '所在道路及方向', 'Road and direction'),
    { name: 'notes', type: 'textarea', label: { zh: '备注', en: 'Notes' } },
  ],
};

/** Role names (the settings' dropdown and the report's author column). */
export const ROLE_LABELS: Record<Author['role'], { zh: string; en: string }> = {
  'market-regulation': { zh: '市场监管', en: 'Market regulation' },
  'city-management': { zh: '城市管理', en: 'City management' },
  police: { zh: '公安', en: 'Police' },
  county: { zh: '县区', en: 'County / district' },
  ecology: { zh: '生态环境', en: 'Ecology and environment' },
  resident: { zh: '居民', en: 'Resident' },
};

/** The zone answer in words. */
export const ZONE_LABELS: Record<SavedZoneAnswer['status'], { zh: string; en: string }> = {
  inside: { zh: '区内', en: 'inside' },
  outside: { zh: '区外', en: 'outside' },
  near: { zh: '临界（靠近边界）', en: 'near the line' },
};

/** How a location was given, in words. */
export const SOURCE_LABELS: Record<RecordLocation['source'], { zh: string; en: string }> = {
  gps: { zh: 'GPS 定位', en: 'GPS' },
  map: { zh: '地图点选', en: 'map tap' },
  typed: { zh: '输入坐标', en: 'typed coordinates' },
  place: { zh: '地名', en: 'place name' },
};
