/**
 * Files for the checkpoint flows, written the way they come from the field: a permit register as Excel/WPS
 * save it (dates relative to today, so the fixtures never expire), and GPX tracks with times.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { random } from './random-zones.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
export const PERMIT_HEADER = '通行证号,车牌,持证单位,货物,目的地,有效期起,有效期止,状态';

/** A register: 晋B·12345 valid, 晋B·D23456 expired ten days ago, 晋B·6789挂 revoked. */
export function permitRegister(): string {
  return [
    PERMIT_HEADER,
    `TX-001,晋B·12345,大同第二热电厂,原煤,大同第二热电厂,${day(-30)},${day(120)},有效`,
    `TX-002,晋B·D23456,云冈供热公司,洗精煤,云冈供热站,${day(-90)},${day(-10)},有效`,
    `TX-003,晋B·6789挂,同煤化工,原料煤,同煤化工厂,${day(-30)},${day(120)},作废`,
    '',
  ].join('\r\n');
}

/** A register with two bad rows (lines 3 and 4). */
export function badRegister(): string {
  return [
    PERMIT_HEADER,
    `TX-101,晋B·55555,甲热电,原煤,甲热电,${day(-1)},${day(30)},有效`,
    `TX-102,晋A1234警,乙,原煤,乙,${day(-1)},${day(30)},有效`,
    `TX-103,晋B·66666,丙,原煤,丙,明天,${day(30)},有效`,
    '',
  ].join('\r\n');
}

/** GPX of fixes [lng, lat] one every `stepS` seconds from 2026-12-01 08:00 Beijing time. */
export function gpx(name: string, fixes: number[][], stepS = 10): string {
  const t0 = Date.parse('2026-12-01T08:00:00+08:00');
  const points = fixes
    .map(
      ([lng, lat], i) =>
        `<trkpt lat="${(lat as number).toFixed(6)}" lon="${(lng as number).toFixed(6)}"><time>${new Date(t0 + i * stepS * 1000).toISOString()}</time></trkpt>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="coalzone-test" xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>${name}</name><trkseg>\n${points}\n</trkseg></trk>\n</gpx>\n`;
}

/** A truck driving west along 40.09°N from 113.45° to 113.30°: it enters through the east side at 113.375°. */
export function truckEnteringEast(): number[][] {
  return Array.from({ length: 16 }, (_, i) => [113.45 - i * 0.01, 40.09]);
}

/** A truck staying outside, east of the zone. */
export function truckOutside(): number[][] {
  return Array.from({ length: 10 }, (_, i) => [113.5, 40.05 + i * 0.005]);
}

/**
 * A jittery phone track: in from the east at 20 m/s (1 fix/s) to ~250 m inside, then 5 minutes north along
 * the east side (the traced line is lng 113.375 there) with ±40 m of GPS noise across it — the traced line is
 * crossed well over a hundred times, the truck only once.
 */
export function jitteryAlongEastSide(seed = 7): number[][] {
  const rand = random(seed);
  const fixes: number[][] = [];
  for (let i = 0; i <= 120; i++) fixes.push([113.4 - i * 0.000233, 40.08]);
  for (let i = 1; i <= 300; i++) fixes.push([113.375 + ((rand() - 0.5) * 80) / 85_300, 40.08 + i * 0.00009]);
  return fixes;
}

/** Writes files into a fresh temporary folder; returns their paths. */
export function writeTemp(files: Record<string, string>): { dir: string; paths: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'coalzone-cp-'));
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  return { dir, paths };
}
