/**
 * Chinese number plates (GA 36-2018) as officers type them at a checkpoint: 晋B·12345, 晋b 12345, 晋B12345
 * all read the same. Recognised: ordinary plates (province + issuing letter + 5), new-energy plates
 * (6 after the letter: D/F first for small cars, last for large ones), trailers (…挂). Police (…警), military
 * and armed-police formats, embassy/consulate (使/领) and coach (学) plates are recognised and flagged: they
 * are not coal trucks to check against permits. The letters I and O never appear in serials, so typed O/I
 * are read as 0/1.
 */
import type { Reason } from '../errors.ts';

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** Plate refusals in Chinese, by reason code. */
export const PLATE_REASON_ZH: Record<string, string> = {
  EMPTY: '请输入车牌',
  POLICE_PLATE: '警车号牌，不是运煤车辆',
  MILITARY_PLATE: '军队/武警号牌',
  DIPLOMATIC_PLATE: '使领馆号牌',
  COACH_PLATE: '教练车号牌',
  BAD_PROVINCE: '第一个字应为省份简称（如 晋）',
  BAD_LETTER: '第二位应为发牌机关字母（如 B）',
  BAD_SERIAL: '号码应为 5 位（新能源 6 位，挂车以“挂”结尾）',
};

/** What kind of plate it is. */
export type PlateType = 'ordinary' | 'new-energy-small' | 'new-energy-large' | 'trailer';

/** A read plate. */
export interface Plate {
  ok: true;
  /** Canonical form, no separator: 晋B12345. */
  plate: string;
  /** As printed: 晋B·12345. */
  display: string;
  type: PlateType;
  province: string;
}

/** A canonical plate (晋B12345) as printed: 晋B·12345. */
export function displayPlate(canonical: string): string {
  return `${canonical.slice(0, 2)}·${canonical.slice(2)}`;
}

/** Reads a typed plate. */
export function readPlate(text: string): Plate | { ok: false; reason: Reason } {
  const s = normalise(text);
  if (s === '') return refuse('EMPTY', 'no plate number was given');
  if (/警$/.test(s)) return refuse('POLICE_PLATE', `${s} is a police plate`);
  if (
    /^(WJ|VA|VB|VC|VD|VE|VG|VH|VK|VM|VN|VR|VS|VT|VV|VW|VX|VY|VZ|[KHBSLJNGCEVQ]{2}\d)/.test(s) &&
    !PROVINCES.includes(s[0] as string)
  )
    return refuse('MILITARY_PLATE', `${s} looks like a military or armed-police plate`);
  if (/[使领]$/.test(s) || /^使/.test(s)) return refuse('DIPLOMATIC_PLATE', `${s} is an embassy or consulate plate`);
  if (/学$/.test(s)) return refuse('COACH_PLATE', `${s} is a driving-school plate`);
  const province = s[0] as string;
  if (!PROVINCES.includes(province))
    return refuse('BAD_PROVINCE', `"${province}" is not a province abbreviation (e.g. 晋)`);
  const letter = s[1] ?? '';
  if (!/^[A-HJ-NP-Z]$/.test(letter))
    return refuse('BAD_LETTER', `"${letter}" after ${province} is not an issuing-authority letter`);
  const serial = fixSerial(s.slice(2));
  const head = `${province}${letter}`;
  const plate = (type: PlateType, rest: string): Plate => ({
    ok: true,
    plate: `${head}${rest}`,
    display: displayPlate(`${head}${rest}`),
    type,
    province,
  });
  if (/^[A-HJ-NP-Z0-9]{4}挂$/.test(serial)) return plate('trailer', serial);
  if (/^[DF][A-HJ-NP-Z0-9]\d{4}$/.test(serial)) return plate('new-energy-small', serial);
  if (/^\d{5}[DF]$/.test(serial)) return plate('new-energy-large', serial);
  if (/^[A-HJ-NP-Z0-9]{5}$/.test(serial)) return plate('ordinary', serial);
  return refuse(
    'BAD_SERIAL',
    `"${serial}" is not a plate serial (5 letters/digits; new-energy 6; trailers end with 挂)`,
  );
}

/** Upper case, half-width, no spaces or separators. */
function normalise(text: string): string {
  return String(text ?? '')
    .replace(/[Ａ-Ｚａ-ｚ０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s·•・.\-_—]/g, '')
    .toUpperCase();
}

/** I and O are not used in serials: read them as 1 and 0. */
function fixSerial(serial: string): string {
  return serial.replace(/O/g, '0').replace(/I/g, '1');
}

function refuse(code: string, message: string): { ok: false; reason: Reason } {
  return { ok: false, reason: { code, message } };
}
