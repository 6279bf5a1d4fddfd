/// <reference lib="webworker" />
/**
 * The tracer in the app's Web Worker: the chosen road files are streamed here (File.stream(), pass by pass), so
 * a province-sized .osm.pbf neither sits in memory nor stops the page. Progress goes back per pass; the page
 * cancels by terminating the worker. Messages: trace-worker-protocol.ts.
 */
import { CoalzoneError } from '../errors.ts';
import { traceFiles } from './trace-files.ts';
import type { TraceWorkerRequest, TraceWorkerResponse } from './trace-worker-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: TraceWorkerResponse) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<TraceWorkerRequest>) => {
  const request = event.data;
  try {
    const { result, report, extract } = await traceFiles(
      request.files.map((file) => ({ name: file.name, file })),
      request.spec,
      request.previous,
      {
        date: request.date,
        crs: request.crs,
        nameField: request.nameField,
        points: request.points,
        onProgress: (p) => post({ type: 'progress', file: p.file, pass: p.pass, done: p.done, total: p.total ?? null }),
      },
    );
    const roads = [...extract.lines, ...extract.candidates, ...(extract.others ?? [])].map((l) => ({
      ref: l.ref,
      name: l.name,
      precisionM: l.precisionM,
      coords: l.coords,
    }));
    post({ type: 'done', zone: result.zone, report, invalid: result.invalid.map((r) => ({ ...r })), roads });
  } catch (error) {
    post({
      type: 'error',
      code: error instanceof CoalzoneError ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
