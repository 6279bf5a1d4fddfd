/**
 * A plate in a file or track name: fleet exports and phones name tracks "晋B12345 12月2日.gpx" or
 * "晋B·D23456_1202.kml". The first run that reads as a valid plate (readPlate: province, letter, 5–6
 * characters, 挂 for trailers) is the truck's; anything else is no plate.
 */
import { readPlate } from './plate.ts';

/** Province abbreviation, issuing letter, then 4–6 letters/digits (4 + 挂 for a trailer), with the separators people type. */
const CANDIDATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][\s·.-]?[A-Za-z0-9]{4,6}挂?/g;

/** The canonical plate found in `name`, or null. */
export function plateInName(name: string): string | null {
  for (const match of name.matchAll(CANDIDATE)) {
    const read = readPlate(match[0]);
    if (read.ok) return read.plate;
  }
  return null;
}
