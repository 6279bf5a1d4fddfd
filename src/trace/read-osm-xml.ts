/**
 * A streaming reader of OpenStreetMap XML (.osm, API 0.6 / JOSM / osmium output), through saxes (the
 * conformant streaming XML parser jsdom uses): only the element being read is held, so a large .osm file
 * costs a chunk of memory, not the file. Elements go to the same visitor as the PBF reader's.
 */
import { SaxesParser } from 'saxes';
import { FileFormatError, throwIfAborted } from '../errors.ts';
import type { OsmMember, OsmScanner, OsmTags, OsmVisitor, ScanOptions } from './osm-elements.ts';

/** A scanner over an .osm file; `open` gives the file's bytes afresh for every pass. */
export function osmXmlScanner(open: () => AsyncIterable<Uint8Array>, total?: number): OsmScanner {
  return (visitor, options) => scanOsmXml(open(), visitor, { ...options, total });
}

type Open =
  | { kind: 'node'; id: number; lng: number; lat: number; tags: OsmTags | null }
  | { kind: 'way'; id: number; refs: number[]; tags: OsmTags }
  | { kind: 'relation'; id: number; members: OsmMember[]; tags: OsmTags };

/** Reads one .osm file's bytes once, calling the visitor. Throws FileFormatError naming the line. */
export async function scanOsmXml(
  bytes: AsyncIterable<Uint8Array>,
  visitor: OsmVisitor,
  options: ScanOptions & { total?: number } = {},
): Promise<void> {
  const parser = new SaxesParser({ position: true });
  let open: Open | null = null;
  let sawRoot = false;
  let failure: Error | null = null;
  const fail = (message: string) => {
    failure ??= new FileFormatError(`line ${parser.line}: ${message}`, { line: parser.line });
  };
  const number = (attrs: Record<string, string>, name: string, element: string): number => {
    const value = Number(attrs[name]);
    if (attrs[name] === undefined || !Number.isFinite(value)) fail(`<${element}> has no valid ${name}="…"`);
    return value;
  };
  parser.on('error', (error) => fail(error.message.replace(/^\d+:\d+: /, '')));
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'osm':
      case 'osmChange':
        if (tag.name === 'osmChange') fail('this is a change file (osmChange), not an extract');
        sawRoot = true;
        return;
      case 'node':
        open = {
          kind: 'node',
          id: number(attrs, 'id', 'node'),
          lng: number(attrs, 'lon', 'node'),
          lat: number(attrs, 'lat', 'node'),
          tags: null,
        };
        return;
      case 'way':
        open = { kind: 'way', id: number(attrs, 'id', 'way'), refs: [], tags: {} };
        return;
      case 'relation':
        open = { kind: 'relation', id: number(attrs, 'id', 'relation'), members: [], tags: {} };
        return;
      case 'tag':
        if (open && attrs.k !== undefined) {
          if (open.kind === 'node') open.tags ??= {};
          (open.tags as OsmTags)[attrs.k] = attrs.v ?? '';
        }
        return;
      case 'nd':
        if (open?.kind === 'way') open.refs.push(number(attrs, 'ref', 'nd'));
        return;
      case 'member':
        if (open?.kind === 'relation') {
          const type = attrs.type;
          if (type !== 'node' && type !== 'way' && type !== 'relation') fail(`<member> has type "${type}"`);
          else open.members.push({ type, ref: number(attrs, 'ref', 'member'), role: attrs.role ?? '' });
        }
        return;
    }
  });
  parser.on('closetag', (tag) => {
    if (!open || tag.name !== open.kind || failure) return;
    const element: Open = open;
    open = null;
    if (element.kind === 'node') {
      if (visitor.nodes === 'coordinates') visitor.node?.(element.id, element.lng, element.lat, null);
      else if (visitor.nodes === 'tagged' && element.tags)
        visitor.node?.(element.id, element.lng, element.lat, element.tags);
    } else if (element.kind === 'way') {
      if (visitor.ways) visitor.way?.(element.id, element.refs, element.tags);
    } else if (visitor.relations) visitor.relation?.(element.id, element.members, element.tags);
  });
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  for await (const chunk of bytes) {
    throwIfAborted(options.signal);
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    done += chunk.length;
    options.onProgress?.({ pass: options.pass ?? 1, done, total: options.total });
  }
  parser.write(decoder.decode());
  try {
    parser.close();
  } catch {
    // The 'error' handler has recorded it.
  }
  if (failure) throw failure;
  if (!sawRoot) throw new FileFormatError('no <osm> element: this is not an OpenStreetMap XML file');
}
