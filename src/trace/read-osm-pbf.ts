/**
 * A streaming reader of OpenStreetMap .osm.pbf (https://wiki.openstreetmap.org/wiki/PBF_Format), decoded with
 * Mapbox's `pbf`. The file is a run of [4-byte length][BlobHeader][Blob]; only one blob (≤ 32 MiB by the
 * spec) is held at a time, so memory is bounded whatever the file's size, and it runs the same in Node and in
 * a Web Worker (bytes from `fs.createReadStream` or `File.stream()`; zlib through fflate unless the caller
 * hands a faster inflate, e.g. node:zlib's). Why not an npm PBF reader: decision 0017.
 *
 * Cheap things first: a block whose string table holds no string the visitor wants is skipped without
 * decoding its elements (names are in the string table, so a block without "开源街" has no 开源街 way).
 */
import { unzlibSync } from 'fflate';
import { PbfReader } from 'pbf';
import { FileFormatError, throwIfAborted } from '../errors.ts';
import { guard, readPrimitiveBlock } from './decode-primitive-block.ts';
import type { OsmScanner, OsmVisitor, ScanOptions } from './osm-elements.ts';

/** Limits from the PBF spec: a BlobHeader is < 64 KiB, a blob < 32 MiB. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
/** Features this reader understands (HeaderBlock.required_features). */
const KNOWN_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

/** Inflates a zlib stream into `rawSize` bytes. */
export type Inflate = (data: Uint8Array, rawSize: number) => Uint8Array;

const fflateInflate: Inflate = (data, rawSize) => unzlibSync(data, { out: new Uint8Array(rawSize) });

/** A scanner over a PBF file; `open` gives the file's bytes afresh for every pass. */
export function pbfScanner(
  open: () => AsyncIterable<Uint8Array>,
  total?: number,
  inflate: Inflate = fflateInflate,
): OsmScanner {
  return (visitor, options) => scanPbf(open(), visitor, { ...options, total, inflate });
}

/** Reads the bytes of one PBF file once, calling the visitor. Throws FileFormatError naming the block. */
export async function scanPbf(
  bytes: AsyncIterable<Uint8Array>,
  visitor: OsmVisitor,
  options: ScanOptions & { total?: number; inflate?: Inflate } = {},
): Promise<void> {
  const inflate = options.inflate ?? fflateInflate;
  const queue = new ByteQueue();
  let block = 0;
  let sawHeader = false;
  const iterator = bytes[Symbol.asyncIterator]();
  const fill = async (n: number): Promise<boolean> => {
    while (queue.size < n) {
      const next = await iterator.next();
      if (next.done) return false;
      queue.push(next.value);
    }
    return true;
  };
  for (;;) {
    throwIfAborted(options.signal);
    if (!(await fill(4))) {
      if (queue.size !== 0) throw new FileFormatError(`the file ends inside block ${block + 1} (truncated download?)`);
      break;
    }
    const headerLength = new DataView(queue.take(4).buffer).getUint32(0);
    block++;
    if (headerLength === 0 || headerLength > MAX_HEADER_BYTES)
      throw new FileFormatError(
        `block ${block}: header length ${headerLength} is not possible in an .osm.pbf (is this a PBF file?)`,
      );
    if (!(await fill(headerLength))) throw new FileFormatError(`the file ends inside block ${block}'s header`);
    const header = readBlobHeader(queue.take(headerLength), block);
    if (header.datasize > MAX_BLOB_BYTES)
      throw new FileFormatError(
        `block ${block}: ${header.datasize} bytes is more than the 32 MiB a PBF block may hold`,
      );
    if (!(await fill(header.datasize))) throw new FileFormatError(`the file ends inside block ${block} (truncated?)`);
    const data = unpackBlob(queue.take(header.datasize), block, inflate);
    if (header.type === 'OSMHeader') {
      checkHeaderBlock(data, block);
      sawHeader = true;
    } else if (header.type === 'OSMData') {
      if (!sawHeader) throw new FileFormatError(`block ${block}: data before the OSMHeader block (not an .osm.pbf?)`);
      readPrimitiveBlock(data, visitor, block);
    }
    // Other blob types are allowed by the spec and skipped.
    options.onProgress?.({ pass: options.pass ?? 1, done: queue.consumed, total: options.total });
  }
  if (!sawHeader) throw new FileFormatError('no OSMHeader block: this is not an .osm.pbf file');
}

/** Chunks in, exact byte counts out; holds at most one block plus one chunk. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  size = 0;
  consumed = 0;
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Uint8Array;
      const count = Math.min(n - filled, chunk.length - this.head);
      out.set(chunk.subarray(this.head, this.head + count), filled);
      filled += count;
      this.head += count;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= n;
    this.consumed += n;
    return out;
  }
}

function readBlobHeader(bytes: Uint8Array, block: number): { type: string; datasize: number } {
  const header = { type: '', datasize: -1 };
  guard(block, () =>
    new PbfReader(bytes).readFields((tag, h, pbf) => {
      if (tag === 1) h.type = pbf.readString();
      else if (tag === 3) h.datasize = pbf.readVarint();
    }, header),
  );
  if (header.type === '' || header.datasize < 0)
    throw new FileFormatError(`block ${block}: the header has no type or size`);
  return header;
}

function unpackBlob(bytes: Uint8Array, block: number, inflate: Inflate): Uint8Array {
  const blob: { raw?: Uint8Array; zlib?: Uint8Array; rawSize: number; other?: string } = { rawSize: -1 };
  guard(block, () =>
    new PbfReader(bytes).readFields((tag, b, pbf) => {
      if (tag === 1) b.raw = pbf.readBytes();
      else if (tag === 2) b.rawSize = pbf.readVarint();
      else if (tag === 3) b.zlib = pbf.readBytes();
      else if (tag === 4) b.other = 'LZMA';
      else if (tag === 6) b.other = 'LZ4';
      else if (tag === 7) b.other = 'ZSTD';
    }, blob),
  );
  if (blob.raw) return blob.raw;
  if (blob.zlib) {
    if (!(blob.rawSize > 0 && blob.rawSize <= MAX_BLOB_BYTES))
      throw new FileFormatError(`block ${block}: declared size ${blob.rawSize} is not possible`);
    let out: Uint8Array;
    try {
      out = inflate(blob.zlib, blob.rawSize);
    } catch (error) {
      throw new FileFormatError(`block ${block}: its zlib data is corrupt (${(error as Error).message})`);
    }
    if (out.length !== blob.rawSize)
      throw new FileFormatError(`block ${block}: inflated to ${out.length} bytes, declared ${blob.rawSize}`);
    return out;
  }
  throw new FileFormatError(
    `block ${block}: ${blob.other ?? 'unknown'} compression is not supported (re-save with zlib, e.g. osmium cat -f pbf,pbf_compression=zlib)`,
  );
}

function checkHeaderBlock(bytes: Uint8Array, block: number): void {
  const required: string[] = [];
  guard(block, () =>
    new PbfReader(bytes).readFields((tag, list, pbf) => {
      if (tag === 4) list.push(pbf.readString());
    }, required),
  );
  const unknown = required.filter((f) => !KNOWN_FEATURES.has(f));
  if (unknown.length > 0)
    throw new FileFormatError(
      `the file needs features this reader does not have: ${unknown.join(', ')} (a history or change file is not an extract)`,
    );
}
