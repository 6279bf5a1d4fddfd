/**
 * Shape checks for what a backup's JSON holds, before any of it is used: the manifest, the records and the
 * audit entries. Each returns the problem in words naming the entry, or null. Keys are read with
 * Object.hasOwn and collected in Maps/Sets, so `__proto__` or `constructor` are plain (refused) names.
 */

import { isPublicKeyJwk } from '../records/device-key.ts';
import { STATUS_FLOW } from '../records/record.ts';
import { headShapeProblem } from '../records/signed-head.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX64 = /^[0-9a-f]{64}$/;
const FILE_NAME = /^(records\.json|audit\.json|photos\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const OPS = new Set(['create', 'update', 'delete', 'import']);

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Nesting deeper than any record has (fields are one or two levels): hashing or showing a value nested
 *  100,000 deep would overflow the stack, so it is refused first. */
const MAX_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max`; iterative, so the check itself cannot overflow. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (!v || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** What is wrong with manifest.json, or null. Versions 1 (unsigned) and 2 (signed). */
export function manifestShapeProblem(m: unknown): string | null {
  if (!isObject(m)) return 'manifest.json is not an object';
  if (nestsDeeperThan(m, MAX_DEPTH)) return `manifest.json is nested more than ${MAX_DEPTH} levels deep`;
  if (m.format !== 'coalzone-backup') return `manifest.json format is ${JSON.stringify(m.format)}, not coalzone-backup`;
  if (m.version !== 1 && m.version !== 2)
    return `manifest.json version is ${JSON.stringify(m.version)}; this app reads versions 1 and 2`;
  if (typeof m.createdAt !== 'string') return 'manifest.json createdAt is not a time';
  if (typeof m.deviceId !== 'string' || m.deviceId.length > 100) return 'manifest.json deviceId is not a device id';
  const counts = m.counts;
  if (!isObject(counts)) return 'manifest.json counts is missing or not an object';
  for (const k of ['records', 'audit', 'photos'])
    if (!Number.isSafeInteger(counts[k]) || (counts[k] as number) < 0)
      return `manifest.json counts.${k} is not a whole number`;
  if (!isObject(m.files)) return 'manifest.json files is missing or not an object';
  for (const [name, hash] of Object.entries(m.files)) {
    if (!FILE_NAME.test(name))
      return `manifest.json files names ${JSON.stringify(name.slice(0, 80))}, not a backup file`;
    if (typeof hash !== 'string' || !HEX64.test(hash)) return `manifest.json files["${name}"] is not a SHA-256`;
  }
  if (!Array.isArray(m.photos)) return 'manifest.json photos is not a list';
  for (const [i, p] of m.photos.entries()) {
    if (!isObject(p)) return `manifest.json photos[${i}] is not an object`;
    if (typeof p.id !== 'string' || !UUID.test(p.id)) return `manifest.json photos[${i}].id is not a UUID`;
    if (typeof p.recordId !== 'string' || !UUID.test(p.recordId))
      return `manifest.json photos[${i}].recordId is not a UUID`;
    if (typeof p.sha256 !== 'string' || !HEX64.test(p.sha256))
      return `manifest.json photos[${i}].sha256 is not a SHA-256`;
    if (typeof p.type !== 'string') return `manifest.json photos[${i}].type is not a text`;
  }
  if (m.version === 2) {
    if (!isPublicKeyJwk(m.publicKey)) return 'manifest.json publicKey is not a P-256 public key';
    const head = headShapeProblem(m.head);
    if (head) return `manifest.json head: ${head}`;
    if (typeof m.signature !== 'string') return 'manifest.json has no signature';
  }
  return null;
}

/** What is wrong with record `i` of records.json, or null. */
export function recordShapeProblem(r: unknown): string | null {
  if (!isObject(r)) return 'not an object';
  if (nestsDeeperThan(r, MAX_DEPTH)) return `nested more than ${MAX_DEPTH} levels deep`;
  if (typeof r.id !== 'string' || !UUID.test(r.id)) return 'id is not a UUID';
  if (typeof r.kind !== 'string' || !Object.hasOwn(STATUS_FLOW, r.kind)) return `unknown kind ${String(r.kind)}`;
  const location = r.location as Record<string, unknown> | undefined;
  if (!isObject(location) || !Number.isFinite(location.lng) || !Number.isFinite(location.lat))
    return 'location is not numbers';
  if (!Array.isArray(r.statusHistory) || !Array.isArray(r.photos)) return 'history or photos missing';
  for (const [i, p] of r.photos.entries())
    if (!isObject(p) || typeof p.id !== 'string' || !UUID.test(p.id) || typeof p.sha256 !== 'string')
      return `photos[${i}] is not a photo reference`;
  if (!isObject(r.fields)) return 'fields missing';
  if (typeof r.deleted !== 'boolean') return 'deleted is not true/false';
  if (typeof r.deviceId !== 'string') return 'deviceId missing';
  return null;
}

/** What is wrong with audit entry `i` of audit.json, or null. */
export function auditEntryShapeProblem(e: unknown): string | null {
  if (!isObject(e)) return 'not an object';
  if (nestsDeeperThan(e, MAX_DEPTH)) return `nested more than ${MAX_DEPTH} levels deep`;
  if (!Number.isSafeInteger(e.seq)) return 'seq is not a whole number';
  if (typeof e.recordId !== 'string' || !UUID.test(e.recordId)) return 'recordId is not a UUID';
  if (typeof e.op !== 'string' || !OPS.has(e.op))
    return `op ${JSON.stringify(e.op)} is not create/update/delete/import`;
  if (typeof e.at !== 'string') return 'at is not a time';
  if (!isObject(e.author)) return 'author is not an object';
  if (typeof e.deviceId !== 'string') return 'deviceId missing';
  for (const k of ['payloadHash', 'prevHash', 'hash'])
    if (typeof e[k] !== 'string' || !HEX64.test(e[k] as string)) return `${k} is not a SHA-256`;
  return null;
}
