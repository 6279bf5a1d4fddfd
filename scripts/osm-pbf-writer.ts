/**
 * Writes OpenStreetMap .osm.pbf files for the trace fixtures and the benchmark, following the PBF spec
 * (https://wiki.openstreetmap.org/wiki/PBF_Format): an OSMHeader blob, then OSMData blobs of ≤ 8,000
 * elements (dense nodes, ways, relations in that order), zlib-compressed with node:zlib. Node only; what it
 * writes is read back by an independent reader (osm-pbf-parser-node) in tests/trace/read-osm.test.ts.
 */
import { deflateSync } from 'node:zlib';
import { PbfWriter } from 'pbf';
import type { OsmMember, OsmTags } from '../src/trace/osm-elements.ts';

const PER_BLOCK = 8_000;
const GRANULARITY = 100; // nanodegrees per unit: 1e-7 degrees, the usual.

type Pending =
  | { kind: 'node'; id: number; lng: number; lat: number; tags: OsmTags | null }
  | { kind: 'way'; id: number; refs: number[]; tags: OsmTags }
  | { kind: 'relation'; id: number; members: OsmMember[]; tags: OsmTags };

/** Streams elements into PBF blobs; `sink` receives each blob's bytes in file order. */
export class OsmPbfWriter {
  private pending: Pending[] = [];
  private started = false;
  private stage = 0; // 0 nodes, 1 ways, 2 relations: the order the spec's readers expect.
  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly level = 6,
  ) {}

  /** Adds a node (nodes must come before ways, ways before relations). */
  node(id: number, lng: number, lat: number, tags: OsmTags | null = null): void {
    this.add({ kind: 'node', id, lng, lat, tags }, 0);
  }
  /** Adds a way. */
  way(id: number, refs: number[], tags: OsmTags): void {
    this.add({ kind: 'way', id, refs, tags }, 1);
  }
  /** Adds a relation. */
  relation(id: number, members: OsmMember[], tags: OsmTags): void {
    this.add({ kind: 'relation', id, members, tags }, 2);
  }
  /** Writes what is pending. */
  end(): void {
    this.header();
    this.flush();
  }

  private add(element: Pending, stage: number): void {
    if (stage < this.stage) throw new Error(`${element.kind} ${element.id} after a later kind`);
    this.header();
    if (stage !== this.stage) this.flush();
    this.stage = stage;
    this.pending.push(element);
    if (this.pending.length >= PER_BLOCK) this.flush();
  }

  private header(): void {
    if (this.started) return;
    this.started = true;
    const block = new PbfWriter();
    block.writeStringField(4, 'OsmSchema-V0.6');
    block.writeStringField(4, 'DenseNodes');
    block.writeStringField(16, 'coalzone tests');
    this.blob('OSMHeader', block.finish());
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const strings = new Map<string, number>([['', 0]]);
    const sid = (s: string) => {
      let i = strings.get(s);
      if (i === undefined) {
        i = strings.size;
        strings.set(s, i);
      }
      return i;
    };
    const group = new PbfWriter();
    const elements = this.pending;
    this.pending = [];
    if (elements[0]?.kind === 'node') writeDense(group, elements as Extract<Pending, { kind: 'node' }>[], sid);
    else
      for (const e of elements) {
        if (e.kind === 'way') group.writeMessage(3, writeWay, { e, sid });
        else if (e.kind === 'relation') group.writeMessage(4, writeRelation, { e, sid });
      }
    const groupBytes = group.finish();
    const block = new PbfWriter();
    block.writeMessage(
      1,
      (list: string[], pbf) => {
        for (const s of list) pbf.writeBytesField(1, new TextEncoder().encode(s));
      },
      [...strings.keys()],
    );
    block.writeBytesField(2, groupBytes);
    block.writeVarintField(17, GRANULARITY);
    this.blob('OSMData', block.finish());
  }

  private blob(type: string, raw: Uint8Array): void {
    const blob = new PbfWriter();
    blob.writeVarintField(2, raw.length);
    blob.writeBytesField(3, deflateSync(raw, { level: this.level }));
    const blobBytes = blob.finish();
    const header = new PbfWriter();
    header.writeStringField(1, type);
    header.writeVarintField(3, blobBytes.length);
    const headerBytes = header.finish();
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, headerBytes.length);
    this.sink(length);
    this.sink(headerBytes.slice());
    this.sink(blobBytes.slice());
  }
}

function writeDense(group: PbfWriter, nodes: Extract<Pending, { kind: 'node' }>[], sid: (s: string) => number): void {
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const keysVals: number[] = [];
  let id = 0;
  let lat = 0;
  let lon = 0;
  const tagged = nodes.some((n) => n.tags !== null);
  for (const n of nodes) {
    const la = Math.round(n.lat * 1e7);
    const lo = Math.round(n.lng * 1e7);
    ids.push(n.id - id);
    lats.push(la - lat);
    lons.push(lo - lon);
    id = n.id;
    lat = la;
    lon = lo;
    if (tagged) {
      for (const [k, v] of Object.entries(n.tags ?? {})) keysVals.push(sid(k), sid(v));
      keysVals.push(0);
    }
  }
  group.writeMessage(
    2,
    (_: null, pbf) => {
      pbf.writePackedSVarint(1, ids);
      pbf.writePackedSVarint(8, lats);
      pbf.writePackedSVarint(9, lons);
      if (tagged) pbf.writePackedVarint(10, keysVals);
    },
    null,
  );
}

function writeTags(pbf: PbfWriter, tags: OsmTags, sid: (s: string) => number): void {
  const entries = Object.entries(tags);
  pbf.writePackedVarint(
    2,
    entries.map(([k]) => sid(k)),
  );
  pbf.writePackedVarint(
    3,
    entries.map(([, v]) => sid(v)),
  );
}

function writeWay(
  { e, sid }: { e: Extract<Pending, { kind: 'way' }>; sid: (s: string) => number },
  pbf: PbfWriter,
): void {
  pbf.writeVarintField(1, e.id);
  writeTags(pbf, e.tags, sid);
  pbf.writePackedSVarint(
    8,
    e.refs.map((r, i) => r - (i === 0 ? 0 : (e.refs[i - 1] as number))),
  );
}

function writeRelation(
  { e, sid }: { e: Extract<Pending, { kind: 'relation' }>; sid: (s: string) => number },
  pbf: PbfWriter,
): void {
  pbf.writeVarintField(1, e.id);
  writeTags(pbf, e.tags, sid);
  pbf.writePackedVarint(
    8,
    e.members.map((m) => sid(m.role)),
  );
  pbf.writePackedSVarint(
    9,
    e.members.map((m, i) => m.ref - (i === 0 ? 0 : (e.members[i - 1] as OsmMember).ref)),
  );
  pbf.writePackedVarint(
    10,
    e.members.map((m) => ['node', 'way', 'relation'].indexOf(m.type)),
  );
}
