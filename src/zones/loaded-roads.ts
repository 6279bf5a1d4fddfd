/**
 * The road lines last read in the 区域 tab (by the tracer's worker: every line of the chosen files that it
 * reads), held for the zone editor to snap to, with their snap grid built once on first use. Read-only to
 * the editor; replaced whole when the tracer reads new files. Decision 0028.
 */
import { buildRoadSnapIndex, type RoadLine, type RoadSnapIndex } from './snap-to-roads.ts';

/** A loaded road layer. */
export interface LoadedRoads {
  /** The files as the user named them. */
  files: string[];
  lines: readonly RoadLine[];
}

let loaded: LoadedRoads | null = null;
let index: RoadSnapIndex | null = null;
const listeners = new Set<(roads: LoadedRoads | null) => void>();

/** Replaces the loaded roads (null: none) and tells the listeners. */
export function setLoadedRoads(roads: LoadedRoads | null): void {
  loaded = roads && roads.lines.length > 0 ? roads : null;
  index = null;
  for (const listener of listeners) listener(loaded);
}

/** The roads loaded now, or null. */
export function loadedRoads(): LoadedRoads | null {
  return loaded;
}

/** The snap grid over the loaded roads (built on first call after a load), or null with none loaded. */
export function loadedRoadIndex(): RoadSnapIndex | null {
  if (!loaded) return null;
  index ??= buildRoadSnapIndex(loaded.lines);
  return index;
}

/** Calls `listener` whenever the loaded roads change; returns the unsubscribe. */
export function onLoadedRoads(listener: (roads: LoadedRoads | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
