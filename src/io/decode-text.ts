/**
 * Bytes to text for files from the field. Excel and WPS on Chinese Windows save CSV as GBK/GB18030 unless
 * told otherwise, so a file that is not valid UTF-8 in its first 64 KiB is read as GB18030 (a superset of
 * GBK). Streams: chunks in, strings out, so a large file never sits in memory whole.
 */

/** The encodings we read. */
export type TextEncodingName = 'utf-8' | 'gb18030';

/** Decides the encoding from a file's first bytes. */
export function sniffEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  // Cut back to a character boundary so a multi-byte character split by the sample does not count as bad.
  let end = head.length;
  for (let back = 0; back < 3 && end > 0 && ((head[end - 1] as number) & 0xc0) === 0x80; back++) end--;
  if (end > 0 && (head[end - 1] as number) >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Decodes a stream of byte chunks, sniffing the encoding from the first 64 KiB. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    if (decoder === null) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < 65_536) continue;
      const head = concat(pending, pendingBytes);
      decoder = new TextDecoder(sniffEncoding(head));
      pending = [];
      yield decoder.decode(head, { stream: true });
      continue;
    }
    yield decoder.decode(chunk, { stream: true });
  }
  if (decoder === null) {
    const head = concat(pending, pendingBytes);
    decoder = new TextDecoder(sniffEncoding(head));
    yield decoder.decode(head, { stream: true });
  }
  yield decoder.decode();
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
