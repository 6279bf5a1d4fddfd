/** What the CLI says on stderr: refused rows (the first 100 in full, then a count) and summaries. */
import type { Writable } from 'node:stream';
import type { PointRefusal } from '../io/read-points.ts';
import type { LoadedZone } from '../zones/catalogue.ts';
import { reasonZh } from './error-line.ts';

/** Counts of one run. */
export interface Summary {
  total: number;
  inside: number;
  outside: number;
  near: number;
  refused: number;
}

const SHOWN = 100;

/** Reports the n-th refusal; past the first 100 only the summary counts them. */
export function reportRefusal(err: Writable, n: number, refusal: PointRefusal): void {
  if (n <= SHOWN)
    err.write(`skipped [${refusal.reason.code}] ${refusal.reason.message} / 已跳过：${reasonZh(refusal.reason)}\n`);
  else if (n === SHOWN + 1) err.write(`… 其余跳过的行只计入合计 / more skipped rows are counted in the summary\n`);
}

/** The summary, in Chinese and English, with the zone versions and their status. */
export function summaryLines(s: Summary, zones: LoadedZone[]): string[] {
  const versions = zones.map(
    (z) => `${z.feature.properties.id}@${z.feature.properties.version} (${z.feature.properties.status})`,
  );
  return [
    `合计 ${s.total}：区内 ${s.inside}，区外 ${s.outside}，临界（需现场核实）${s.near}，无法识别 ${s.refused}`,
    `total ${s.total}: inside ${s.inside}, outside ${s.outside}, near the line (check on site) ${s.near}, skipped ${s.refused}`,
    `zones: ${versions.join(', ')}`,
    ...zones
      .filter((z) => z.feature.properties.status !== 'official')
      .map(
        (z) =>
          `note: ${z.feature.properties.id} is ${z.feature.properties.status}: ${z.feature.properties.uncertaintyStatement.en}`,
      ),
  ];
}
