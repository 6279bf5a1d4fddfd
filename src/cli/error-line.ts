/**
 * The one line the CLI prints for a planned failure (exit 2): the stable code, the file, the English message
 * with its line, and the same in Chinese — the readers' messages are English (they name entries and values
 * exactly), so a Chinese summary by code goes beside them unless the message carries its own (detail.zh, or
 * Chinese text already in it).
 */
import type { CoalzoneError } from '../errors.ts';
import { coordinateReasonWords } from '../ui/reason-words.ts';

/** Chinese for each error code a command can end on. */
const CODE_ZH: Record<string, string> = {
  INVALID_ARGUMENT: '用法错误',
  INVALID_GEOJSON: '不是可用的 GeoJSON',
  INVALID_ZONE: '区域文件无效',
  INVALID_COORDINATE: '坐标无效',
  AMBIGUOUS_COORDINATE: '坐标有歧义',
  OUT_OF_RANGE: '坐标超出有效范围',
  OUTSIDE_CHINA: '坐标不在中国境内',
  UNSUPPORTED_FORMAT: '不支持的文件类型（请用 .csv、.geojson、.gpx 或 .kml）',
  MALFORMED_FILE: '文件无法读取或格式不对',
  MISSING_COLUMN: '找不到经度/纬度列',
  ABORTED: '已中止',
};

const HAS_CHINESE = /[\u3400-\u9fff]/;

/** The error line for `error`, naming the file (detail.file, else `file`) unless the message does already. A
 *  message of several lines (a zone's reasons) keeps the Chinese on its first line. */
export function errorLine(error: CoalzoneError, file: string | undefined): string {
  const about = typeof error.detail.file === 'string' ? error.detail.file : file;
  const line = typeof error.detail.line === 'number' ? error.detail.line : undefined;
  const named = about === undefined || error.message.includes(about) ? '' : `${about}: `;
  const [first = '', ...more] = error.message.split('\n');
  const where = line !== undefined && !first.includes('line') ? ` (line ${line})` : '';
  const zhDetail = typeof error.detail.zh === 'string' ? error.detail.zh : undefined;
  const zhLine = line !== undefined && zhDetail === undefined ? `（第 ${line} 行）` : '';
  const zh = HAS_CHINESE.test(first) ? '' : ` / ${zhDetail ?? CODE_ZH[error.code] ?? '出错'}${zhLine}`;
  // "… is not a valid zone:" introduces the reasons below it: the colon goes after the Chinese.
  const head = first.endsWith(':') && zh !== '' ? `${first.slice(0, -1)}${where}${zh}：` : `${first}${where}${zh}`;
  return `${[`coalzone: [${error.code}] ${named}${head}`, ...more].join('\n')}\n`;
}

/** Chinese for the reasons a row or feature is skipped that are not about a typed coordinate. */
const ROW_ZH: Record<string, string> = {
  MISSING_VALUE: '经度或纬度为空',
  NOT_A_POINT: '不是点要素',
  NOT_A_FEATURE: '不是 GeoJSON 要素',
  BAD_POSITION: '坐标不是 [经度, 纬度] 数字',
  BAD_TIME: '时间无法识别',
};

/** A refusal reason (a row, a feature, a typed coordinate) in Chinese, by code. */
export function reasonZh(reason: { code: string; message: string }): string {
  return ROW_ZH[reason.code] ?? coordinateReasonWords(reason, 'zh');
}

/** The error line for a refused typed coordinate or point (a reason from src/geo), in both languages. */
export function reasonLine(reason: { code: string; message: string }): string {
  return `coalzone: [${reason.code}] ${reason.message} / ${reasonZh(reason)}\n`;
}
