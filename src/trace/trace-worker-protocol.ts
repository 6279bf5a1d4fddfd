/** Messages between the page and the trace worker (trace-worker.ts). */
import type { ZoneFeature } from '../geo/zone.ts';
import type { RoadLine } from '../zones/snap-to-roads.ts';
import type { CrsName } from './project-crs.ts';
import type { RouteSpec } from './route-spec.ts';
import type { ReportPoint, TraceReport } from './trace-report.ts';

/** One trace: the road files, the notice's route, the zone it replaces. */
export interface TraceWorkerRequest {
  files: File[];
  spec: RouteSpec;
  previous: ZoneFeature;
  date: string;
  crs?: CrsName;
  nameField?: string;
  points: ReportPoint[];
}

export type TraceWorkerResponse =
  | { type: 'progress'; file: string; pass: number; done: number; total: number | null }
  | {
      type: 'done';
      zone: ZoneFeature | null;
      report: TraceReport;
      invalid: { code: string; message: string }[];
      /** Every road line read (the spec's, the similar-named, a layer's others): the editor snaps to them. */
      roads: RoadLine[];
    }
  | { type: 'error'; code: string; message: string };
