/**
 * Unzips a backup with memory and time bounded before and while inflating. The zip's central directory is
 * read first (ours, ~60 lines, because fflate's `unzipSync` inflates into buffers of the *declared* size and
 * works through however much the data really inflates to): every name must be one a backup holds (so
 * `__proto__`, `../x`, `/etc/x` never become keys or paths), no duplicates, no more entries, bytes per entry,
 * bytes in all or compression ratio than the caps allow. Then each entry is inflated with fflate's streaming
 * `Inflate` in small pushes, counting the real bytes: an entry that inflates past its declared size is
 * stopped there (declared sizes can lie), so at most the caps' worth is ever inflated.
 * Format: PKWARE APPNOTE.TXT 6.3.10, §4.3.7 (local header), §4.3.12 (central directory), §4.3.16 (end record).
 */
import { Inflate } from 'fflate';

/** Caps on a bundle (a 10,000-record backup is ~2 MB zipped, ~20 MB unzipped). */
export const BUNDLE_LIMITS = {
  entries: 50_000,
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
  /** Uncompressed / compressed, for entries declared larger than `ratioFrom` (JSON compresses ~10–30×). */
  ratio: 100,
  ratioFrom: 1024 * 1024,
};

/** Caps, and for zips that are not backups (a zipped Shapefile, a KMZ) `only`: the names to read; every
 *  other entry is skipped unread instead of refusing the zip. */
export type ZipLimits = typeof BUNDLE_LIMITS & { only?: RegExp };

/** The names a bundle may hold. */
const ENTRY_NAME =
  /^(manifest\.json|records\.json|audit\.json|photos\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Compressed bytes handed to the inflater at a time: DEFLATE expands at most ~1,032×, so one push yields
 *  at most ~4 MB before the count is checked again. */
const PUSH = 4 * 1024;

/** Why a zip was refused before or while inflating. */
export class ZipRefusal extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** One entry as the central directory declares it. */
interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

/** Entries by name (a Map: names never touch an object's prototype). Throws ZipRefusal. */
export function unzipBounded(bytes: Uint8Array, limits: ZipLimits = BUNDLE_LIMITS): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const entry of readDirectory(bytes, limits)) out.set(entry.name, inflateEntry(bytes, entry));
  return out;
}

function readDirectory(bytes: Uint8Array, limits: ZipLimits): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--)
    if (u32(at) === 0x06054b50 && at + 22 + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  if (end < 0) throw new ZipRefusal('NOT_A_ZIP', 'not a zip file (no end of central directory record)');
  const count = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryStart = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== count)
    throw new ZipRefusal('UNSUPPORTED_ZIP', 'a zip split over several disks is not a coalzone backup');
  if (count === 0xffff || directoryStart === 0xffffffff)
    throw new ZipRefusal('UNSUPPORTED_ZIP', 'a ZIP64 archive is larger than any coalzone backup');
  if (count > limits.entries)
    throw new ZipRefusal('TOO_MANY_ENTRIES', `the zip has more than ${limits.entries} entries`);
  if (directoryStart + directorySize > end)
    throw new ZipRefusal('NOT_A_ZIP', 'not a zip file (the central directory lies outside the file)');
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== 0x02014b50)
      throw new ZipRefusal('NOT_A_ZIP', `not a zip file (central directory entry ${i + 1} is damaged)`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const localStart = u32(at + 42);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder().decode(rawName);
    const shown = JSON.stringify(name.slice(0, 80));
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (limits.only) {
      if (!limits.only.test(name)) continue;
    } else if (!ENTRY_NAME.test(name))
      throw new ZipRefusal(
        name.includes('..') || name.startsWith('/') || name.includes('\\') ? 'UNSAFE_ENTRY_NAME' : 'UNEXPECTED_ENTRY',
        `entry ${shown} is not a file a coalzone backup holds`,
      );
    if (seen.has(name)) throw new ZipRefusal('DUPLICATE_ENTRY', `entry ${shown} appears twice`);
    seen.add(name);
    if (flags & 1) throw new ZipRefusal('UNSUPPORTED_ZIP', `entry ${shown} is encrypted`);
    if (method !== 0 && method !== 8)
      throw new ZipRefusal('UNSUPPORTED_COMPRESSION', `entry ${shown} uses compression method ${method}`);
    if (size > limits.entryBytes)
      throw new ZipRefusal('ENTRY_TOO_LARGE', `entry ${shown} inflates to ${size} bytes (cap ${limits.entryBytes})`);
    total += size;
    if (total > limits.totalBytes)
      throw new ZipRefusal('ZIP_TOO_LARGE', `the entries inflate to more than ${limits.totalBytes} bytes`);
    if (size > limits.ratioFrom && size > compressedSize * limits.ratio)
      throw new ZipRefusal(
        'ZIP_BOMB',
        `entry ${shown} claims ${size} bytes from ${compressedSize} (over ${limits.ratio}× compression)`,
      );
    if (method === 0 && size !== compressedSize)
      throw new ZipRefusal('ZIP_SIZE_MISMATCH', `stored entry ${shown} declares two different sizes`);
    // The local header repeats the name; a different one there is how zips show one name and unpack another.
    if (localStart + 30 > directoryStart || u32(localStart) !== 0x04034b50)
      throw new ZipRefusal('NOT_A_ZIP', `entry ${shown}: its local header is missing or damaged`);
    const localName = bytes.subarray(localStart + 30, localStart + 30 + u16(localStart + 26));
    if (localName.length !== rawName.length || localName.some((b, k) => b !== rawName[k]))
      throw new ZipRefusal('ZIP_INCONSISTENT', `entry ${shown} has another name in its local header`);
    const dataStart = localStart + 30 + u16(localStart + 26) + u16(localStart + 28);
    if (dataStart + compressedSize > directoryStart)
      throw new ZipRefusal('ZIP_INCONSISTENT', `entry ${shown} runs past the end of the file data`);
    entries.push({ name, method, compressedSize, size, dataStart });
  }
  return entries;
}

function inflateEntry(bytes: Uint8Array, entry: Entry): Uint8Array {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) return data.slice();
  const shown = JSON.stringify(entry.name);
  const out = new Uint8Array(entry.size);
  let written = 0;
  const inflate = new Inflate((chunk) => {
    if (written + chunk.length > entry.size)
      throw new ZipRefusal(
        'ZIP_SIZE_MISMATCH',
        `entry ${shown} inflates to more than the ${entry.size} bytes it declares (stopped there)`,
      );
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
    for (let at = 0; at < data.length; at += PUSH) inflate.push(data.subarray(at, at + PUSH), at + PUSH >= data.length);
  } catch (error) {
    if (error instanceof ZipRefusal) throw error;
    throw new ZipRefusal('NOT_A_ZIP', `entry ${shown} is damaged (${(error as Error).message})`);
  }
  if (written !== entry.size)
    throw new ZipRefusal(
      'ZIP_SIZE_MISMATCH',
      `entry ${shown} inflates to ${written} bytes, not the ${entry.size} it declares`,
    );
  return out;
}
