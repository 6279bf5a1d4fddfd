/**
 * The accepted packages read at start (load-accepted.ts, as the zone-load worker runs it): none kept → null;
 * a kept package checked again and indexed; one whose key is no longer trusted → the reason, nothing indexed;
 * and the index survives the trip out of a worker (structured clone with its buffers transferred, each once)
 * answering exactly as before.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { classifyPoint } from '../../src/geo/classify-point.ts';
import { acceptPackage } from '../../src/zones/accepted-zone-store.ts';
import { indexBuffers, loadAccepted } from '../../src/zones/load-accepted.ts';
import type { TrustedKey, ZonePackage } from '../../src/zones/zone-package.ts';
import { random } from '../helpers/random-zones.ts';

const fixture = (name: string) => new URL(`../fixtures/zones/${name}`, import.meta.url);
const pkg = JSON.parse(readFileSync(fixture('synthetic-city.package.json'), 'utf8')) as ZonePackage;
const trusted = JSON.parse(readFileSync(fixture('test-trusted-keys.json'), 'utf8')) as TrustedKey[];

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('the accepted packages at start', () => {
  it('are none until one is accepted; then checked again and indexed', async () => {
    expect(await loadAccepted(pkg.zoneId, trusted)).toBeNull();
    await acceptPackage(pkg);
    const loaded = await loadAccepted(pkg.zoneId, trusted);
    if (!loaded?.ok) throw new Error(`not loaded: ${JSON.stringify(loaded)}`);
    expect(loaded.pkg.sequence).toBe(pkg.sequence);
    expect(loaded.index.version).toBe(pkg.zone.properties.version);
    expect(loaded.index.edgeCount).toBeGreaterThan(3);
  });

  it('say why a kept package is not used when its key is no longer trusted', async () => {
    await acceptPackage(pkg);
    const loaded = await loadAccepted(pkg.zoneId, []);
    expect(loaded).toMatchObject({ ok: false, zoneId: pkg.zoneId, sequence: pkg.sequence });
    expect(loaded?.ok === false && loaded.why.zh).toContain('不在本机信任的发布机关之列');
  });

  it('give an index that crosses to the page with its buffers transferred and answers the same', async () => {
    await acceptPackage(pkg);
    const loaded = await loadAccepted(pkg.zoneId, trusted);
    if (!loaded?.ok) throw new Error('not loaded');
    const buffers = indexBuffers(loaded.index);
    expect(new Set(buffers).size).toBe(buffers.length);
    const rand = random(3);
    const points = Array.from({ length: 2_000 }, () => [
      loaded.index.west + rand() * (loaded.index.east - loaded.index.west),
      loaded.index.south + rand() * (loaded.index.north - loaded.index.south),
    ]);
    const before = points.map(([x, y]) => classifyPoint(loaded.index, x as number, y as number, { accuracyM: 10 }));
    const moved = structuredClone(loaded.index, { transfer: buffers });
    // Transferred, not copied: the worker's side is left empty.
    expect(loaded.index.ax.length).toBe(0);
    expect(points.map(([x, y]) => classifyPoint(moved, x as number, y as number, { accuracyM: 10 }))).toEqual(before);
  });
});
