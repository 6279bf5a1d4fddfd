/**
 * The permit register (通行证): imported from CSV (as exported from Excel/WPS) all or nothing — any bad row
 * refuses the whole file with every rejected row's line and reason — and looked up by plate as officers type
 * it: exact after normalisation (spaces, case, O/0, I/1, the · separator), else the registered plates one
 * character away (a typo), so a permitted truck is still found. A found permit is then checked for the day
 * and the destination.
 */
import type { CsvRow } from '../io/csv-rows.ts';
import { csvLine, UTF8_BOM } from '../io/csv-write.ts';
import { parseTime } from '../io/parse-time.ts';
import { PLATE_REASON_ZH, readPlate } from './plate.ts';

/** One permit. Times are ms since epoch; validTo is inclusive to the end of its day (Beijing). */
export interface Permit {
  number: string;
  plate: string;
  holder: string;
  cargo: string;
  destination: string;
  validFrom: number;
  validTo: number;
  status: 'valid' | 'revoked';
  line: number;
}

/** A rejected row: why, in English and in Chinese. */
export interface RejectedRow {
  line: number;
  reason: string;
  zh: string;
}

/** One problem with a row, in both languages. */
export interface Problem {
  en: string;
  zh: string;
}

const problem = (en: string, zh: string): Problem => ({ en, zh });
const joined = (line: number, problems: readonly Problem[]): RejectedRow => ({
  line,
  reason: problems.map((p) => p.en).join('; '),
  zh: problems.map((p) => p.zh).join('；'),
});

const HEADERS: Record<keyof Omit<Permit, 'line'>, string[]> = {
  number: ['通行证号', '证号', 'permit', 'permit_number', 'number'],
  plate: ['车牌', '车牌号', 'plate'],
  holder: ['持证单位', '单位', 'holder'],
  cargo: ['货物', '运输货物', 'cargo'],
  destination: ['目的地', '允许目的地', 'destination'],
  validFrom: ['有效期起', '起始日期', 'valid_from'],
  validTo: ['有效期止', '截止日期', 'valid_to'],
  status: ['状态', 'status'],
};

/** Reads the register; `{ ok: false, rejected }` keeps nothing when any row is bad. */
export async function importPermits(
  rows: AsyncIterable<CsvRow>,
): Promise<{ ok: true; permits: Permit[] } | { ok: false; rejected: RejectedRow[] }> {
  let columns: Record<string, number> | null = null;
  const permits: Permit[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  for await (const row of rows) {
    if (!columns) {
      const keys = row.fields.map((f) => f.trim().toLowerCase());
      columns = Object.fromEntries(
        Object.entries(HEADERS).map(([k, names]) => [k, keys.findIndex((h) => names.includes(h))]),
      );
      const missing = Object.entries(columns)
        .filter(([k, i]) => i < 0 && k !== 'status' && k !== 'cargo')
        .map(([k]) => HEADERS[k as keyof typeof HEADERS][0]);
      if (missing.length > 0)
        return {
          ok: false,
          rejected: [
            joined(row.line, [problem(`missing column(s): ${missing.join(', ')}`, `缺少列：${missing.join('、')}`)]),
          ],
        };
      continue;
    }
    if (row.fields.every((f) => f.trim() === '')) continue;
    const get = (k: keyof typeof HEADERS) =>
      ((columns as Record<string, number>)[k] ?? -1) >= 0
        ? (row.fields[(columns as Record<string, number>)[k] as number] ?? '').trim()
        : '';
    const read = readPermitFields(get);
    const problems = read.ok ? [] : [...read.problems];
    if (read.ok && seen.has(read.permit.number))
      problems.push(
        problem(
          `permit number ${read.permit.number} repeats line ${seen.get(read.permit.number)}`,
          `通行证号 ${read.permit.number} 与第 ${seen.get(read.permit.number)} 行重复`,
        ),
      );
    if (!read.ok || problems.length > 0) {
      rejected.push(joined(row.line, problems));
      continue;
    }
    seen.set(read.permit.number, row.line);
    permits.push({ ...read.permit, line: row.line });
  }
  if (columns === null) return { ok: false, rejected: [joined(1, [problem('the file is empty', '文件是空的')])] };
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, permits };
}

/** The permit's fields as text (a CSV row or the edit form), read and checked: every problem is named. */
export function readPermitFields(
  get: (field: keyof typeof HEADERS) => string,
): { ok: true; permit: Omit<Permit, 'line'> } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const plate = readPlate(get('plate'));
  if (!plate.ok)
    problems.push(
      problem(
        `plate: ${plate.reason.message}`,
        `车牌“${get('plate')}”：${PLATE_REASON_ZH[plate.reason.code] ?? plate.reason.message}`,
      ),
    );
  const from = parseTime(get('validFrom'));
  const to = parseTime(get('validTo'));
  if (from === null)
    problems.push(problem(`valid from "${get('validFrom')}" is not a date`, `有效期起“${get('validFrom')}”不是日期`));
  if (to === null)
    problems.push(problem(`valid to "${get('validTo')}" is not a date`, `有效期止“${get('validTo')}”不是日期`));
  if (from !== null && to !== null && to < from)
    problems.push(problem('valid to is before valid from', '有效期止早于有效期起'));
  if (!get('number')) problems.push(problem('permit number is empty', '通行证号为空'));
  const statusText = get('status');
  const revoked = /^(revoked|作废|注销|吊销)$/i.test(statusText);
  if (statusText && !revoked && !/^(valid|有效|正常)$/i.test(statusText))
    problems.push(problem(`status "${statusText}" is not 有效 or 作废`, `状态“${statusText}”应为 有效 或 作废`));
  if (problems.length > 0 || !plate.ok) return { ok: false, problems };
  return {
    ok: true,
    permit: {
      number: get('number'),
      plate: plate.plate,
      holder: get('holder'),
      cargo: get('cargo'),
      destination: get('destination'),
      validFrom: from as number,
      validTo: (to as number) + 86_400_000 - 1,
      status: revoked ? 'revoked' : 'valid',
    },
  };
}

/** A register template for Excel/WPS: the headers importPermits reads first, and one example row. */
export function permitTemplateCsv(): string {
  const header = Object.values(HEADERS).map((names) => names[0]);
  return `${UTF8_BOM}${csvLine(header)}${csvLine(['TX-2026-001', '晋B·12345', '大同第二热电厂', '原煤', '大同第二热电厂', '2026-11-01', '2027-03-31', '有效'])}`;
}

/** A lookup index by canonical plate. */
export function permitIndex(permits: readonly Permit[]): Map<string, Permit[]> {
  const index = new Map<string, Permit[]>();
  for (const p of permits) index.set(p.plate, [...(index.get(p.plate) ?? []), p]);
  return index;
}

/** Permits for a typed plate: exact matches, else plates one substitution away (typos), marked as such. */
export function findPermits(index: Map<string, Permit[]>, typed: string): { exact: boolean; permits: Permit[] } {
  const plate = readPlate(typed);
  const key = plate.ok ? plate.plate : typed.replace(/[\s·•.-]/g, '').toUpperCase();
  const exact = index.get(key);
  if (exact) return { exact: true, permits: exact };
  const near: Permit[] = [];
  for (const [registered, permits] of index) if (oneSubstitutionApart(registered, key)) near.push(...permits);
  return { exact: false, permits: near };
}

function oneSubstitutionApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

/** What a permit says for a truck at a time going to a destination. */
export type PermitCheck = 'valid' | 'expired' | 'not-yet-valid' | 'revoked' | 'wrong-destination';

/** Checks a permit. Destinations match by name, ignoring spaces, or when `samePlace` says the declared and
 *  the allowed destination are one place (e.g. both resolve to within 1 km of each other). */
export function checkPermit(
  permit: Permit,
  at: number,
  destination: string | null,
  samePlace: (declared: string, allowed: string) => boolean = () => false,
): PermitCheck {
  if (permit.status === 'revoked') return 'revoked';
  if (at < permit.validFrom) return 'not-yet-valid';
  if (at > permit.validTo) return 'expired';
  const clean = (s: string) => s.replace(/\s+/g, '');
  if (
    destination &&
    permit.destination &&
    clean(destination) !== clean(permit.destination) &&
    !samePlace(destination, permit.destination)
  )
    return 'wrong-destination';
  return 'valid';
}
