/**
 * The route check's results as a CSV report for Excel/WPS (UTF-8 BOM, formula cells neutralised): one row per
 * track (or per file that could not be read), with the first entry's time, side, place and nearest checkpoint.
 * With county zones adopted (decision 0030), a last column names the county zones each track enters.
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

/** The report's text. `sideName` turns a side id into its name; `countyWords` (file, track index), when given,
 *  what the track does in the county zones ("进入云州区禁煤区，区内 1.7 km"), in a column of its own. */
export function routeReportCsv(
  summaries: readonly FileSummary[],
  sideName: (id: string | null) => string,
  checkpoints: readonly Feature<Point, { name: string }>[],
  countyWords?: (file: number, track: number) => string,
): string {
  const county = (cells: unknown[], file: number, track: number) =>
    countyWords ? [...cells, track < 0 ? '' : countyWords(file, track)] : cells;
  let out = UTF8_BOM + csvLine(countyWords ? [...HEADER, '区县禁煤区'] : HEADER);
  for (const [fileIndex, file] of summaries.entries()) {
    if (!file.ok) {
      out += csvLine(
        county([file.name, '', STATUS.invalid, '', '', '', '', '', '', '', '', '', '', '', '', '', file.error], 0, -1),
      );
      continue;
    }
    for (const [trackIndex, t] of file.tracks.entries()) {
      const entry = t.crossings.find((c) => c.kind === 'entry');
      const cp = entry ? nearestCheckpoint(entry.lng, entry.lat, checkpoints) : null;
      out += csvLine(
        county(
          [
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
          ],
          fileIndex,
          trackIndex,
        ),
      );
    }
  }
  return out;
}
