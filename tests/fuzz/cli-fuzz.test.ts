/**
 * Fuzz: hostile inputs (tests/fuzz/hostile-inputs.ts) through the CLI's main() in-process, with a fixed seed
 * so CI sees the same cases every run (FUZZ_SEED / FUZZ_RUNS override it to explore). The property for every
 * command: exit code 0, 1 or 2 (never 3, an internal error), no stack trace on stderr, and a failure names
 * the file. Each run must also end within RUN_LIMIT_MS — a generous bound, there to catch quadratic blow-ups
 * (a 300 KB file took 20 s), not to time anything. `npm run fuzz` runs many more cases as child processes.
 * A failing case is written to the temp folder named in the message, to rerun by hand.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { capture } from '../helpers/capture.ts';
import {
  argumentsFor,
  COMMANDS,
  casesFor,
  describeCase,
  type FuzzCase,
  outputOf,
  violations,
} from './hostile-inputs.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const RUN_LIMIT_MS = 10_000;
// Heap growth allowed over one run: inputs here are a few MB at most, so a GiB means something blew up.
const HEAP_LIMIT_BYTES = 1024 * 2 ** 20;
// records verify also gets 64 MiB zip bombs (a few hundred KB each) here; npm run fuzz uses bigger ones.
const BOMB_MIB = 64;

const dir = mkdtempSync(join(tmpdir(), 'coalzone-fuzz-'));

/** Runs one case in-process; resolves to what is wrong with the run (empty when nothing). */
async function runCase(c: FuzzCase, caseDir: string): Promise<{ args: string[]; found: string[]; err: string }> {
  rmSync(outputOf(caseDir), { force: true });
  const args = argumentsFor(c, caseDir);
  const out = capture();
  const err = capture();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const code = await main(args, out as never, err as never);
  const elapsed = performance.now() - started;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  const found = violations(c, args, code, out.text(), err.text());
  found.push(...writtenZoneProblems(code, args, caseDir));
  if (elapsed > RUN_LIMIT_MS) found.push(`took ${elapsed.toFixed(0)} ms`);
  if (heapGrowth > HEAP_LIMIT_BYTES) found.push(`heap grew ${(heapGrowth / 2 ** 20).toFixed(0)} MiB`);
  return { args, found, err: err.text() };
}

/** zones trace / import: a refusal writes nothing; a written zone is whole and valid (never half-written). */
function writtenZoneProblems(code: number, args: readonly string[], caseDir: string): string[] {
  const path = outputOf(caseDir);
  if (!args.includes(path) || !existsSync(path)) return [];
  if (code !== 0) return [`exit ${code} but ${path} was written`];
  try {
    const v = validateZone(JSON.parse(readFileSync(path, 'utf8')));
    return v.valid ? [] : [`the written zone is invalid: ${v.reasons.map((r) => r.code).join(', ')}`];
  } catch {
    return ['the written zone is not JSON'];
  }
}

describe('coalzone CLI under hostile input', () => {
  for (const command of COMMANDS) {
    it(`${command}: exits 0, 1 or 2, never with a stack, and names the file`, async () => {
      let failure = '';
      const details = await fc.check(
        fc.asyncProperty(casesFor(command, command === 'records verify' ? BOMB_MIB : 0), async (c) => {
          const { args, found, err } = await runCase(c, dir);
          if (found.length === 0) return true;
          const keep = mkdtempSync(join(dir, 'failed-'));
          argumentsFor(c, keep);
          writeFileSync(join(keep, 'stderr.txt'), err);
          failure = `${found.join('; ')} — ${describeCase(c)}\nrerun: coalzone ${args.map((a) => JSON.stringify(a)).join(' ')} (file kept in ${keep})\n${err.slice(0, 400)}`;
          return false;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(details.failed ? failure || String(details.errorInstance).slice(0, 600) : '').toBe('');
    }, 120_000);
  }
});
