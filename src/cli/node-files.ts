/**
 * The CLI's door to the file system: embedded zones from data/zones, streamed reading of big files, and
 * output with backpressure so a million-row run holds only a buffer in memory.
 */
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CoalzoneError, InputError } from '../errors.ts';
import { decodeChunks } from '../io/decode-text.ts';
import { parseJsonText, trackFormatOf, WHOLE_FILE_LIMIT_BYTES } from '../io/read-file.ts';
import { type Catalogue, type LoadedZone, loadZone } from '../zones/catalogue.ts';

/** data/zones in the package folder: two levels up from src/cli/node-files.ts (run through tsx), one up from
 *  the built dist-cli/cli.mjs — the first of those that holds a catalogue. */
export const ZONES_DIR = ['../../data/zones/', '../data/zones/']
  .map((relative) => new URL(relative, import.meta.url))
  .find((url) => existsSync(new URL('catalogue.json', url))) as URL;

/** Reads data/zones/catalogue.json. */
export function readCatalogue(): Catalogue {
  return JSON.parse(readFileSync(new URL('catalogue.json', ZONES_DIR), 'utf8')) as Catalogue;
}

/** Reads a JSON file under data/zones, or null when it does not exist. */
export function readZoneFile(path: string): unknown | null {
  const url = new URL(path, ZONES_DIR);
  if (!existsSync(url)) return null;
  return parseJson(readFileSync(url, 'utf8'), path);
}

/** The embedded zones (the catalogue's zones and any published county zones), validated and indexed. */
export function embeddedZones(): LoadedZone[] {
  const catalogue = readCatalogue();
  const files = [
    ...catalogue.zones.map((z) => z.file),
    ...catalogue.countySlots.flatMap((s) => (s.file ? [s.file] : [])),
  ];
  return files.map((file) => loadZone(readZoneFile(file), `data/zones/${file}`));
}

/** Zones from files the user names. A refusal carries detail.file: it is about the zone file, not the input. */
export function zonesFromFiles(paths: readonly string[]): LoadedZone[] {
  return paths.map((path) => {
    try {
      return loadZone(parseJson(readWhole(path), path), path);
    } catch (error) {
      if (error instanceof CoalzoneError)
        throw new InputError(error.code, error.message, { ...error.detail, file: path });
      throw error;
    }
  });
}

/** The format of a file by its extension. */
export const formatOf = trackFormatOf;

/** A text stream of a file (or of standard input for "-"), decoded from UTF-8 or GB18030. */
export function textStream(path: string): AsyncIterable<string> {
  if (path !== '-') mustExist(path);
  const bytes = path === '-' ? process.stdin : createReadStream(resolve(path), { highWaterMark: 1 << 16 });
  return decodeChunks(bytes as AsyncIterable<Uint8Array>);
}

/** A whole file as text (decoded like textStream), refused past WHOLE_FILE_LIMIT_BYTES. */
export function readWhole(path: string): string {
  mustExist(path);
  const size = statSync(path).size;
  if (size > WHOLE_FILE_LIMIT_BYTES)
    throw new InputError(
      'MALFORMED_FILE',
      `${path} is ${(size / 2 ** 20).toFixed(0)} MiB; files read whole are limited to ${WHOLE_FILE_LIMIT_BYTES / 2 ** 20} MiB (CSV has no limit)`,
    );
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** JSON.parse with an error that names the file and the position. */
export const parseJson = parseJsonText;

function mustExist(path: string): void {
  if (!existsSync(path)) throw new InputError('MALFORMED_FILE', `${path}: no such file`, { zh: `找不到文件 ${path}` });
}

/** Any UTF-16 unit outside ASCII. */
const NOT_ASCII = /[\u0080-\uffff]/;

/** Buffered writer that waits for 'drain', so output never piles up in memory. */
export class OutputBuffer {
  private buffer = '';
  constructor(private readonly out: Writable) {}
  /** Adds text; flushes (and waits) once 64 KiB have gathered. */
  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= 65_536) await this.flush();
  }
  /** Writes what is buffered and waits until the stream accepts more. */
  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    // Answers are mostly ASCII: then Latin-1 is the same bytes as UTF-8, and a copy instead of an encoding
    // (~25 ms of `check`'s ~0.9 s on 200,000 points). Anything else goes out as UTF-8.
    const bytes = NOT_ASCII.test(chunk) ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk, 'latin1');
    if (!this.out.write(bytes)) await new Promise<void>((done) => this.out.once('drain', done));
  }
}

/** Writes a file whole or not at all: into a temporary file beside it, then renamed over it (a rename within
 *  one folder is atomic), so a crash or a full disk never leaves a half-written zone where the old one was. */
export function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.part`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
