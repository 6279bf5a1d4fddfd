/**
 * jsonErrorLine: the right line, null exactly for JSON, and one linear pass. The old version re-scanned the
 * text before every `}` / `]` (> 20 s on a 300 KB file, 8.2 s on a truncated 967 KB point file); the inputs
 * below are 4–13 times larger, so a quadratic pass would need minutes to hours on them. The time bounds are
 * deliberately loose (a guard against quadratic behaviour on a loaded 2-core machine, not a speed claim):
 * a linear pass takes tens of milliseconds here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorLine } from '../../src/io/json-error-line.ts';

const GUARD_MS = 3_000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

/** A point FeatureCollection of `n` features, one per line. */
function points(n: number): string {
  const features = Array.from(
    { length: n },
    (_, k) =>
      `{"type":"Feature","properties":{"id":${k},"tags":{}},"geometry":{"type":"Point","coordinates":[113.3,40.09]}}`,
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}`;
}

describe('jsonErrorLine', () => {
  it('is null for any JSON text and names a line within the text for a truncated one', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 5 }), fc.nat(), (text, cut) => {
        expect(jsonErrorLine(text)).toBeNull();
        const pretty = JSON.stringify(JSON.parse(text), null, 1);
        const truncated = pretty.slice(0, cut % Math.max(1, pretty.length));
        let parses = true;
        try {
          JSON.parse(truncated);
        } catch {
          parses = false;
        }
        const line = jsonErrorLine(truncated);
        if (parses) expect(line).toBeNull();
        else {
          expect(line).not.toBeNull();
          expect(line as number).toBeLessThanOrEqual(truncated.split('\n').length);
        }
      }),
      { seed: 20_261_202, numRuns: 300 },
    );
  });

  it('names the line of a stray character deep in a large file', () => {
    const text = points(5_000).replace('"id":4000,', '"id":4000,,');
    expect(jsonErrorLine(text)).toBe(4002);
  });

  it('stays linear on a truncated 4 MB point file (the 967 KB one took 8.2 s)', () => {
    const text = points(40_000);
    expect(text.length).toBeGreaterThan(4_000_000);
    const truncated = text.slice(0, Math.floor(text.length * 0.97));
    const { value, ms } = timed(() => jsonErrorLine(truncated));
    expect(value).toBe(truncated.split('\n').length);
    expect(ms).toBeLessThan(GUARD_MS);
  });

  it('stays linear on 4 MB of empty objects and arrays before an error (each close re-scanned before)', () => {
    const text = `[${'{},[],'.repeat(700_000)}x]`;
    expect(text.length).toBeGreaterThan(4_000_000);
    const { value, ms } = timed(() => jsonErrorLine(text));
    expect(value).toBe(1);
    expect(ms).toBeLessThan(GUARD_MS);
  });

  it('reads a number longer than any window whole (no false error at its 64th digit)', () => {
    expect(jsonErrorLine(`[${'1'.repeat(1_000)}]`)).toBeNull();
    expect(jsonErrorLine(`[${'1'.repeat(1_000)}.]`)).toBe(1);
  });
});
