/**
 * Overpass API JSON (`[out:json]`): `{ elements: [...] }` with nodes, ways (`nodes` ids, and with
 * `out geom` also `geometry`) and relations. Read whole (Overpass answers are bounded by its own limits);
 * elements go to the same visitor as the PBF reader's. A way that carries `geometry` but whose nodes are
 * not in the answer gets its node positions from that geometry.
 */
import { FileFormatError, throwIfAborted } from '../errors.ts';
import type { OsmMember, OsmScanner, OsmTags } from './osm-elements.ts';

interface Element {
  type: string;
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  geometry?: ({ lat: number; lon: number } | null)[];
  members?: { type: string; ref: number; role?: string }[];
  tags?: OsmTags;
}

/** A scanner over a parsed Overpass answer. Throws FileFormatError naming the first bad element. */
export function overpassScanner(document: unknown): OsmScanner {
  const elements = checkElements(document);
  // Positions of `out geom` ways, as nodes, for answers that do not list the nodes themselves.
  const geometryNodes = new Map<number, [number, number]>();
  for (const e of elements)
    if (e.type === 'way' && e.geometry && e.nodes && e.geometry.length === e.nodes.length)
      e.geometry.forEach((g, i) => {
        if (g) geometryNodes.set(e.nodes?.[i] as number, [g.lon, g.lat]);
      });
  return async (visitor, options) => {
    const seen = new Set<number>();
    let done = 0;
    for (const e of elements) {
      if (++done % 100_000 === 0) {
        throwIfAborted(options?.signal);
        options?.onProgress?.({ pass: options.pass ?? 1, done, total: elements.length });
      }
      if (e.type === 'node') {
        seen.add(e.id);
        const tags = e.tags && Object.keys(e.tags).length > 0 ? e.tags : null;
        if (visitor.nodes === 'coordinates') visitor.node?.(e.id, e.lon as number, e.lat as number, null);
        else if (visitor.nodes === 'tagged' && tags) visitor.node?.(e.id, e.lon as number, e.lat as number, tags);
      } else if (e.type === 'way') {
        if (visitor.ways) visitor.way?.(e.id, e.nodes ?? [], e.tags ?? {});
      } else if (e.type === 'relation' && visitor.relations) {
        const members = (e.members ?? []).map(
          (m): OsmMember => ({
            type: m.type as OsmMember['type'],
            ref: m.ref,
            role: m.role ?? '',
          }),
        );
        visitor.relation?.(e.id, members, e.tags ?? {});
      }
    }
    if (visitor.nodes === 'coordinates')
      for (const [id, [lng, lat]] of geometryNodes) if (!seen.has(id)) visitor.node?.(id, lng, lat, null);
    options?.onProgress?.({ pass: options.pass ?? 1, done, total: elements.length });
  };
}

function checkElements(document: unknown): Element[] {
  const elements = (document as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(elements))
    throw new FileFormatError('not an Overpass answer: no "elements" array (ask Overpass for [out:json])');
  elements.forEach((e: unknown, i: number) => {
    const el = e as Partial<Element> | null;
    const where = `elements[${i}]`;
    if (!el || typeof el !== 'object' || typeof el.id !== 'number' || typeof el.type !== 'string')
      throw new FileFormatError(`${where} has no type and numeric id`);
    if (el.type === 'node' && !(Number.isFinite(el.lat) && Number.isFinite(el.lon)))
      throw new FileFormatError(`${where} (node ${el.id}) has no lat/lon`);
    if (el.type === 'way' && el.nodes !== undefined && !Array.isArray(el.nodes))
      throw new FileFormatError(`${where} (way ${el.id}): "nodes" is not a list`);
    if (el.tags !== undefined && (typeof el.tags !== 'object' || el.tags === null))
      throw new FileFormatError(`${where} (${el.type} ${el.id}): "tags" is not an object`);
  });
  return elements as Element[];
}
