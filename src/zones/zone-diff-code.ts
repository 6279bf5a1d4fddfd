/**
 * A small change to a published zone as a code short enough for one QR (issue 11: "a QR code for small
 * diffs"). The publisher signs the new package as always; the code carries only what differs from the
 * package it builds on (a structural patch of the package's JSON), that base's number and hash, and the new
 * package's signature. A phone that has the base active rebuilds the new package and checks it exactly as a
 * package from a file (zone-package.ts verifyZonePackage): no new cryptography, the same refusals. A code for
 * another base, or one that is not a code, is refused with the reason; nothing is stored until it verifies.
 *
 * Code: `CZD1.` + base64url(deflate-raw(JSON {z, b, h, p, s})). Patch: `{"=": v}` replaces, `{"o": {k: patch},
 * "x": [keys removed]}` edits an object, `{"e": {i: patch}}` edits an array of the same length element by
 * element, `{"s": [start, removed, [values]]}` splices one stretch of an array of another length.
 */
import { deflateSync, inflateSync } from 'fflate';
import { hashJson } from '../records/canonical-json.ts';
import type { ZonePackage } from './zone-package.ts';

/** Longest code offered as a QR: larger ones do not scan reliably from a phone screen or paper. */
export const MAX_CODE_CHARS = 1_400;
const PREFIX = 'CZD1.';
/** Deepest patch accepted (a zone package is ~8 levels deep). */
const MAX_DEPTH = 24;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Patch =
  | { '=': Json }
  | { o: Record<string, Patch>; x?: string[] }
  | { e: Record<string, Patch> }
  | { s: [number, number, Json[]] };

/** Why a code was refused. */
export type DiffRefusal = 'NOT_A_DIFF' | 'BASE_MISMATCH' | 'TOO_LARGE';

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The patch that turns `a` into `b`; undefined when they are equal. */
export function diffJson(a: Json, b: Json): Patch | undefined {
  if (same(a, b)) return undefined;
  if (isObject(a) && isObject(b)) {
    const o: Record<string, Patch> = {};
    for (const key of Object.keys(b)) {
      const p = key in a ? diffJson(a[key] as Json, b[key] as Json) : { '=': b[key] as Json };
      if (p) o[key] = p;
    }
    const x = Object.keys(a).filter((key) => !(key in b));
    return x.length > 0 ? { o, x } : { o };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) {
      const e: Record<string, Patch> = {};
      for (let i = 0; i < a.length; i++) {
        const p = diffJson(a[i] as Json, b[i] as Json);
        if (p) e[i] = p;
      }
      return { e };
    }
    let start = 0;
    while (start < a.length && start < b.length && same(a[start] as Json, b[start] as Json)) start++;
    let end = 0;
    while (
      end < a.length - start &&
      end < b.length - start &&
      same(a[a.length - 1 - end] as Json, b[b.length - 1 - end] as Json)
    )
      end++;
    return { s: [start, a.length - start - end, b.slice(start, b.length - end)] };
  }
  return { '=': b };
}

/** `a` with `patch` applied (a new value; `a` is not changed). Throws on a patch that does not fit. */
export function applyJsonPatch(a: Json, patch: unknown, depth = 0): Json {
  if (depth > MAX_DEPTH || !isObject(patch)) throw new Error('patch too deep or not an object');
  if ('=' in patch) return patch['='] as Json;
  if ('o' in patch) {
    if (!isObject(a) || !isObject(patch.o)) throw new Error('object patch on a non-object');
    const out: Record<string, Json> = { ...a };
    for (const [key, p] of Object.entries(patch.o)) {
      if (FORBIDDEN.has(key)) throw new Error(`key ${key} refused`);
      out[key] = key in a ? applyJsonPatch(a[key] as Json, p, depth + 1) : applyJsonPatch(null, p, depth + 1);
    }
    const removed = patch.x ?? [];
    if (!Array.isArray(removed)) throw new Error('removed keys not a list');
    for (const key of removed) delete out[String(key)];
    return out;
  }
  if ('e' in patch) {
    if (!Array.isArray(a) || !isObject(patch.e)) throw new Error('array patch on a non-array');
    const out = [...a];
    for (const [key, p] of Object.entries(patch.e)) {
      const i = Number(key);
      if (!(Number.isInteger(i) && i >= 0 && i < out.length)) throw new Error(`index ${key} out of range`);
      out[i] = applyJsonPatch(out[i] as Json, p, depth + 1);
    }
    return out;
  }
  if ('s' in patch) {
    const s = patch.s as unknown;
    if (!Array.isArray(a) || !Array.isArray(s) || !Array.isArray(s[2])) throw new Error('splice on a non-array');
    const [start, removed] = s as [number, number];
    if (!(Number.isInteger(start) && Number.isInteger(removed) && start >= 0 && removed >= 0))
      throw new Error('splice position not whole numbers');
    if (start + removed > a.length) throw new Error('splice beyond the array');
    return [...a.slice(0, start), ...(s[2] as Json[]), ...a.slice(start + removed)];
  }
  throw new Error('unknown patch');
}

const b64url = (bytes: Uint8Array) => {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (text: string) => {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

const unsigned = (pkg: ZonePackage) => {
  const { signature: _, ...body } = pkg;
  return body as unknown as Json;
};

/** The code that turns `base` (active on the phones) into `next` (signed), or TOO_LARGE. */
export async function encodeDiffCode(
  base: ZonePackage,
  next: ZonePackage,
): Promise<{ ok: true; code: string } | { ok: false; code: DiffRefusal; chars: number }> {
  const payload = {
    z: next.zoneId,
    b: base.sequence,
    h: (await hashJson(base)).slice(0, 16),
    p: diffJson(unsigned(base), unsigned(next)) ?? { o: {} },
    s: next.signature,
  };
  const code = PREFIX + b64url(deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { level: 9 }));
  return code.length <= MAX_CODE_CHARS ? { ok: true, code } : { ok: false, code: 'TOO_LARGE', chars: code.length };
}

/** The package a code rebuilds on `active` (still to be verified), or the refusal. */
export async function decodeDiffCode(
  text: string,
  active: ZonePackage | null,
): Promise<
  { ok: true; value: unknown; baseSequence: number } | { ok: false; code: DiffRefusal; baseSequence?: number }
> {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX) || trimmed.length > MAX_CODE_CHARS * 2) return { ok: false, code: 'NOT_A_DIFF' };
  let payload: { z?: unknown; b?: unknown; h?: unknown; p?: unknown; s?: unknown };
  try {
    const bytes = inflateSync(fromB64url(trimmed.slice(PREFIX.length)));
    if (bytes.length > 4 * 1024 * 1024) return { ok: false, code: 'NOT_A_DIFF' };
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, code: 'NOT_A_DIFF' };
  }
  if (
    !isObject(payload) ||
    typeof payload.z !== 'string' ||
    typeof payload.b !== 'number' ||
    typeof payload.s !== 'string'
  )
    return { ok: false, code: 'NOT_A_DIFF' };
  if (!active || active.zoneId !== payload.z || active.sequence !== payload.b)
    return { ok: false, code: 'BASE_MISMATCH', baseSequence: payload.b };
  if ((await hashJson(active)).slice(0, 16) !== payload.h)
    return { ok: false, code: 'BASE_MISMATCH', baseSequence: payload.b };
  try {
    const rebuilt = applyJsonPatch(unsigned(active), payload.p);
    if (!isObject(rebuilt)) return { ok: false, code: 'NOT_A_DIFF' };
    return { ok: true, value: { ...rebuilt, signature: payload.s }, baseSequence: payload.b };
  } catch {
    return { ok: false, code: 'NOT_A_DIFF' };
  }
}

/** A refusal in words. */
export function diffRefusalWords(code: DiffRefusal, baseSequence?: number): { zh: string; en: string } {
  if (code === 'TOO_LARGE')
    return {
      zh: '改动太大，一个二维码装不下：请用发布包文件或从服务器获取',
      en: 'The change is too large for one QR code: use the package file or fetch it from the server',
    };
  if (code === 'BASE_MISMATCH')
    return {
      zh: `这个修改码基于第 ${baseSequence ?? '?'} 号发布，本机正在使用的不是它：请先采用那一版，或用完整的发布包`,
      en: `This change code builds on publication ${baseSequence ?? '?'}, which is not the one in use here: adopt that one first, or use the whole package`,
    };
  return { zh: '不是区域修改码（二维码内容不对）', en: 'Not a zone change code (the QR code holds something else)' };
}
