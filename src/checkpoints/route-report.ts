/**
 * The route check's results as a CSV report for Excel/WPS (UTF-8 BOM, formula cells neutralised): one row per
 * track (or per file that could not be read), with the first entry's time, side, place and nearest checkpoint.
 */
import type { Feature, Point } from 'geojson';
import { csvLine, UTF8_BOM } from '../io/csv-write.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { nearestCheckpoint } from './road-crossings.ts';
import type { FileSummary } from './route-batch.ts';

const HEADER = [
  '文件',
  '轨迹',
  '结果',
  '点数',
  '进入次数',
  '离开次数',
  '首次进入时间（北京时间）',
  '首次进入边',
  '首次进入经度',
  '首次进入纬度',
  '该处边界不确定（米）',
  '最近卡点',
  '距最近卡点（米）',
  '总长（米）',
  '区内长度（米）',
  '区内时长（秒）',
  '说明',
];
const STATUS: Record<string, string> = { inside: '进入', near: '临界', outside: '未进入', invalid: '无法核查' };

/** The report's text. `sideName` turns a side id into its name. */
export function routeReportCsv(
  summaries: readonly FileSummary[],
  sideName: (id: string | null) => string,
  checkpoints: readonly Feature<Point, { name: string }>[],
): string {
  let out = UTF8_BOM + csvLine(HEADER);
  for (const file of summaries) {
    if (!file.ok) {
      out += csvLine([file.name, '', STATUS.invalid, '', '', '', '', '', '', '', '', '', '', '', '', '', file.error]);
      continue;
    }
    for (const t of file.tracks) {
      const entry = t.crossings.find((c) => c.kind === 'entry');
      const cp = entry ? nearestCheckpoint(entry.lng, entry.lat, checkpoints) : null;
      out += csvLine([
        file.name,
        t.name,
        STATUS[t.status],
        t.points,
        t.entries,
        t.exits,
        entry?.time != null ? formatBeijingTime(entry.time) : '',
        entry ? sideName(entry.side) : '',
        entry ? Number(entry.lng.toFixed(6)) : '',
        entry ? Number(entry.lat.toFixed(6)) : '',
        entry ? Math.round(entry.edgeUncertaintyM) : '',
        cp?.name ?? '',
        cp ? Math.round(cp.distanceM) : '',
        Math.round(t.lengthM),
        Math.round(t.lengthInsideM),
        t.durationInsideS != null ? Math.round(t.durationInsideS) : '',
        [
          t.reason,
          file.refusedCount > 0 ? `${file.refusedCount} 个点无法使用：${file.refusals.slice(0, 3).join('; ')}` : '',
        ]
          .filter(Boolean)
          .join('；'),
      ]);
    }
  }
  return out;
}
