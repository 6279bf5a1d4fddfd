/**
 * A GCJ-02 file read as WGS-84 lands ~600 m off at Datong (SOURCES.md: −0.0070° lng, −0.0012° lat). The one
 * course we hold from a WGS-84 source is the previous version's sourced G109 vertices (OpenStreetMap): when
 * the given lines sit > 300 m from them and reading the lines as GCJ-02 brings them within a third of that,
 * the file was most likely GCJ-02 (高德/腾讯) and is said so.
 */
import { toWgs84 } from '../geo/convert-crs.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { localPlane, nearestOnSegment } from './local-plane.ts';
import { previousRing } from './previous-ring.ts';

/** The warning, or null. `lines`: the file's lines (a boundary ring, or roads) in WGS-84 as read. */
export function gcjShiftHint(
  lines: readonly (readonly [number, number])[][],
  previous: ZoneFeature,
): { code: string; zh: string; en: string } | null {
  const sourced = previousRing(previous).vertices.filter((v) => v.basis === 'sourced');
  if (sourced.length < 3 || lines.length === 0) return null;
  const plane = localPlane(sourced[0]?.lng ?? 0, sourced[0]?.lat ?? 0);
  const median = (set: readonly (readonly [number, number])[][]) => {
    const xy = set.map((line) => line.map(([lng, lat]) => plane.toXY(lng, lat)));
    const d = sourced
      .map((v) => {
        const [x, y] = plane.toXY(v.lng, v.lat);
        let best = Number.POSITIVE_INFINITY;
        for (const line of xy)
          for (let i = 1; i < line.length; i++) {
            const a = line[i - 1] as [number, number];
            const b = line[i] as [number, number];
            best = Math.min(best, nearestOnSegment(x, y, a[0], a[1], b[0], b[1]).distance);
          }
        return best;
      })
      .sort((a, b) => a - b);
    return d[Math.floor(d.length / 2)] as number;
  };
  const asIs = median(lines);
  const asGcj = median(lines.map((line) => line.map((p) => toWgs84([p[0], p[1]], 'GCJ02'))));
  if (!(asIs > 300 && asGcj < asIs / 3)) return null;
  return {
    code: 'LOOKS_LIKE_GCJ02',
    zh: `数据距已核实的京拉线（OpenStreetMap）坐标约 ${Math.round(asIs)} 米，按 GCJ-02（高德/腾讯）换算后只差 ${Math.round(asGcj)} 米：文件可能是 GCJ-02，请加 --crs gcj02 重新读取`,
    en: `the data sits ~${Math.round(asIs)} m from the sourced G109 vertices (OpenStreetMap), ${Math.round(asGcj)} m when read as GCJ-02 (Amap/Tencent): the file is probably GCJ-02; read it again with --crs gcj02`,
  };
}
