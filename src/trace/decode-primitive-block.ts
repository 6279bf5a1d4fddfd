/**
 * One OSMData block of an .osm.pbf (PrimitiveBlock of osmformat.proto): string table, dense nodes, nodes,
 * ways, relations, decoded with Mapbox's `pbf`. Every length read from the file is checked against the block
 * before it is followed, so corrupt bytes end in a FileFormatError naming the block, never a long loop.
 */
import { PbfReader } from 'pbf';
import { FileFormatError } from '../errors.ts';
import type { OsmMember, OsmTags, OsmVisitor } from './osm-elements.ts';

const MEMBER_TYPES = ['node', 'way', 'relation'] as const;

/** One decoded PrimitiveBlock's frame: strings, scale, and where its groups are. */
interface Block {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: [number, number][];
}

/** Decodes one OSMData block, handing the elements the visitor wants to it. */
export function readPrimitiveBlock(bytes: Uint8Array, visitor: OsmVisitor, block: number): void {
  const pbf = new PbfReader(bytes);
  const frame: Block = { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] };
  guard(block, () =>
    pbf.readFields((tag, f, p) => {
      if (tag === 1) readStringTable(p, f.strings);
      else if (tag === 2) {
        // Groups are read after the whole block: granularity and offsets may follow them.
        const end = p.readVarint() + p.pos;
        if (!(end <= p.length)) throw new Error('a primitive group runs past the end of its block');
        f.groups.push([p.pos, end]);
        p.pos = end;
      } else if (tag === 17) f.granularity = p.readVarint();
      else if (tag === 19) f.latOffset = p.readVarint(true);
      else if (tag === 20) f.lonOffset = p.readVarint(true);
    }, frame),
  );
  const tagged = visitor.keepString ? frame.strings.some(visitor.keepString) : true;
  guard(block, () => {
    for (const [start, end] of frame.groups) {
      pbf.pos = start;
      pbf.readFields((tag, _, p) => readGroupField(tag, p, frame, visitor, tagged), null, end);
    }
  });
}

function readStringTable(pbf: PbfReader, strings: string[]): void {
  const end = pbf.readVarint() + pbf.pos;
  if (!(end <= pbf.length)) throw new Error('the string table runs past the end of its block');
  while (pbf.pos < end) {
    const val = pbf.readVarint();
    if (val >> 3 === 1) strings.push(pbf.readString());
    else pbf.skip(val);
  }
}

function readGroupField(tag: number, pbf: PbfReader, frame: Block, visitor: OsmVisitor, tagged: boolean): void {
  const wantNodes = visitor.nodes === 'coordinates' || (visitor.nodes === 'tagged' && tagged);
  if (tag === 2 && wantNodes) message(pbf, (t, d, p) => readDenseField(t, p, d), dense()).emit(frame, visitor);
  else if (tag === 1 && wantNodes) readNode(pbf, frame, visitor);
  else if (tag === 3 && visitor.ways && tagged) readWay(pbf, frame, visitor);
  else if (tag === 4 && visitor.relations && tagged) readRelation(pbf, frame, visitor);
  else if (tag === 5) throw new Error('a change-set group: not an extract');
}

function coordinate(frame: Block, offset: number, value: number): number {
  // Divide (not multiply by 1e-9): the quotient is correctly rounded, so 1133650000000 gives 113.365 exactly.
  return (offset + frame.granularity * value) / 1e9;
}

function dense() {
  return {
    ids: [] as number[],
    lats: [] as number[],
    lons: [] as number[],
    keysVals: [] as number[],
    emit(frame: Block, visitor: OsmVisitor) {
      const { ids, lats, lons, keysVals } = this;
      if (ids.length !== lats.length || ids.length !== lons.length)
        throw new Error('dense node arrays differ in length');
      const withTags = visitor.nodes === 'tagged';
      let id = 0;
      let lat = 0;
      let lon = 0;
      let k = 0;
      for (let i = 0; i < ids.length; i++) {
        id += ids[i] as number;
        lat += lats[i] as number;
        lon += lons[i] as number;
        let tags: OsmTags | null = null;
        if (keysVals.length > 0) {
          // keys_vals: (key, value)* 0 per node.
          for (; k < keysVals.length && keysVals[k] !== 0; k += 2) {
            if (!withTags) continue;
            tags ??= {};
            tags[stringAt(frame, keysVals[k] as number)] = stringAt(frame, keysVals[k + 1] as number);
          }
          k++;
        }
        if (withTags && tags === null) continue;
        visitor.node?.(id, coordinate(frame, frame.lonOffset, lon), coordinate(frame, frame.latOffset, lat), tags);
      }
    },
  };
}

function readDenseField(tag: number, pbf: PbfReader, d: ReturnType<typeof dense>): void {
  if (tag === 1) packed(pbf, d.ids, true);
  else if (tag === 8) packed(pbf, d.lats, true);
  else if (tag === 9) packed(pbf, d.lons, true);
  else if (tag === 10) packed(pbf, d.keysVals, false);
}

function stringAt(frame: Block, index: number): string {
  const s = frame.strings[index];
  if (s === undefined) throw new Error(`string index ${index} is past the string table`);
  return s;
}

function tagsOf(frame: Block, keys: number[], vals: number[]): OsmTags {
  if (keys.length !== vals.length) throw new Error('tag keys and values differ in length');
  const tags: OsmTags = {};
  for (let i = 0; i < keys.length; i++) tags[stringAt(frame, keys[i] as number)] = stringAt(frame, vals[i] as number);
  return tags;
}

function readNode(pbf: PbfReader, frame: Block, visitor: OsmVisitor): void {
  const n = { id: 0, keys: [] as number[], vals: [] as number[], lat: 0, lon: 0 };
  message(
    pbf,
    (tag, m, p) => {
      if (tag === 1) m.id = p.readSVarint();
      else if (tag === 2) packed(p, m.keys, false);
      else if (tag === 3) packed(p, m.vals, false);
      else if (tag === 8) m.lat = p.readSVarint();
      else if (tag === 9) m.lon = p.readSVarint();
    },
    n,
  );
  const tags = n.keys.length > 0 ? tagsOf(frame, n.keys, n.vals) : null;
  if (visitor.nodes === 'tagged' && tags === null) return;
  visitor.node?.(
    n.id,
    coordinate(frame, frame.lonOffset, n.lon),
    coordinate(frame, frame.latOffset, n.lat),
    visitor.nodes === 'tagged' ? tags : null,
  );
}

function readWay(pbf: PbfReader, frame: Block, visitor: OsmVisitor): void {
  const w = { id: 0, keys: [] as number[], vals: [] as number[], refs: [] as number[] };
  message(
    pbf,
    (tag, m, p) => {
      if (tag === 1) m.id = p.readVarint();
      else if (tag === 2) packed(p, m.keys, false);
      else if (tag === 3) packed(p, m.vals, false);
      else if (tag === 8) packed(p, m.refs, true);
    },
    w,
  );
  for (let i = 1; i < w.refs.length; i++) w.refs[i] = (w.refs[i] as number) + (w.refs[i - 1] as number);
  visitor.way?.(w.id, w.refs, tagsOf(frame, w.keys, w.vals));
}

function readRelation(pbf: PbfReader, frame: Block, visitor: OsmVisitor): void {
  const r = { id: 0, keys: [] as number[], vals: [] as number[], roles: [] as number[], ids: [] as number[] };
  const types: number[] = [];
  message(
    pbf,
    (tag, m, p) => {
      if (tag === 1) m.id = p.readVarint();
      else if (tag === 2) packed(p, m.keys, false);
      else if (tag === 3) packed(p, m.vals, false);
      else if (tag === 8) packed(p, m.roles, false);
      else if (tag === 9) packed(p, m.ids, true);
      else if (tag === 10) packed(p, types, false);
    },
    r,
  );
  if (r.roles.length !== r.ids.length || types.length !== r.ids.length)
    throw new Error(`relation ${r.id}: member arrays differ in length`);
  const members: OsmMember[] = [];
  let ref = 0;
  for (let i = 0; i < r.ids.length; i++) {
    ref += r.ids[i] as number;
    const type = MEMBER_TYPES[types[i] as number];
    if (!type) throw new Error(`relation ${r.id}: member type ${types[i]} is unknown`);
    members.push({ type, ref, role: stringAt(frame, r.roles[i] as number) });
  }
  visitor.relation?.(r.id, members, tagsOf(frame, r.keys, r.vals));
}

/** pbf's readMessage, with the declared length checked against the block: a corrupt length would
 *  otherwise have pbf read zeros past the end for as long as the length says. */
function message<T>(pbf: PbfReader, read: (tag: number, result: T, pbf: PbfReader) => void, result: T): T {
  const end = pbf.readVarint() + pbf.pos;
  if (!(end <= pbf.length)) throw new Error(`a message at byte ${pbf.pos} runs past the end of its block`);
  return pbf.readFields(read, result, end);
}

/** pbf's readPacked(S)Varint, with the same check (and a lone unpacked value accepted, as the spec allows). */
function packed(pbf: PbfReader, out: number[], signed: boolean): void {
  if (pbf.type !== 2) {
    out.push(signed ? pbf.readSVarint() : pbf.readVarint());
    return;
  }
  const end = pbf.readVarint() + pbf.pos;
  if (!(end <= pbf.length)) throw new Error(`a packed field at byte ${pbf.pos} runs past the end of its block`);
  // Two loops, not a test per value: this is the hot loop of a province-sized file.
  if (signed) while (pbf.pos < end) out.push(pbf.readSVarint());
  else while (pbf.pos < end) out.push(pbf.readVarint());
  if (pbf.pos !== end) throw new Error('a packed field ends inside a value');
}

/** Turns a decoding failure inside a block into a FileFormatError naming the block. */
export function guard<T>(block: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FileFormatError) throw error;
    throw new FileFormatError(`block ${block} is not valid OSM PBF: ${(error as Error).message}`);
  }
}
