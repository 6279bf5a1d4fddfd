/**
 * Canonical JSON (keys sorted at every level, no whitespace) and SHA-256 over it, with WebCrypto
 * (`crypto.subtle`, in browsers and Node ≥ 20) — so a record hashes the same on every device and after an
 * export/import round trip, whatever order its keys were written in.
 */

/** JSON with object keys sorted recursively. `undefined` members are dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    // A null-prototype object: a key named "__proto__" (JSON.parse makes it an own member) must be hashed as
    // the data it is, not set the prototype and vanish from the hash.
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Lower-case hex SHA-256 of bytes. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a value's canonical JSON. */
export async function hashJson(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}
