/**
 * `npm run fuzz [-- --runs N --seed S --timeout MS --memory MB --jobs J --bomb MIB --keep DIR --no-build]`:
 * hostile inputs (tests/fuzz/hostile-inputs.ts) through the real CLI (`node bin/coalzone.mjs`, freshly built
 * into a private copy of the package unless --no-build), each run a
 * child process with a timeout, a V8 heap cap (--max-old-space-size) and a resident-memory cap (polled from
 * /proc, since zip inflation lives outside the V8 heap). Prints counts by outcome per command: exit 0/1/2/3,
 * timeouts, over memory, stack traces on stderr, failures that do not name the file. Cases that break the
 * rules are kept in --keep DIR to rerun. Exits 1 when any case breaks them. The fast, fixed-seed version of
 * this runs in `npm test` (tests/fuzz/cli-fuzz.test.ts).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { build } from 'vite';
import {
  argumentsFor,
  COMMANDS,
  type Command,
  casesFor,
  describeCase,
  violations,
} from '../tests/fuzz/hostile-inputs.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '400' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    timeout: { type: 'string', default: '10000' },
    memory: { type: 'string', default: '1024' },
    jobs: { type: 'string', default: '2' },
    bomb: { type: 'string', default: '1024' },
    keep: { type: 'string' },
    command: { type: 'string', multiple: true },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const timeoutMs = Number(values.timeout);
const memoryMiB = Number(values.memory);
const jobs = Math.max(1, Number(values.jobs));
const keep = values.keep ?? mkdtempSync(join(tmpdir(), 'coalzone-fuzz-kept-'));
const commands = (values.command ?? [...COMMANDS]) as Command[];

type Outcome = 'exit 0' | 'exit 1' | 'exit 2' | 'exit 3' | 'other exit' | 'timeout' | 'over memory';
const OUTCOMES: Outcome[] = ['exit 0', 'exit 1', 'exit 2', 'exit 3', 'other exit', 'timeout', 'over memory'];

interface Result {
  outcome: Outcome;
  code: number;
  out: string;
  err: string;
  ms: number;
  peakMiB: number;
}

/** Resident memory of a process in MiB, from /proc (0 when it is gone). */
function residentMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs the CLI once as a child process under the time and memory caps. */
function runChild(args: string[]): Promise<Result> {
  return new Promise((done) => {
    const started = performance.now();
    // A command line cannot carry a NUL byte (the OS ends the argument there), so neither can a case.
    const argv = args.map((a) => a.replaceAll('\0', ''));
    const child = spawn(process.execPath, [`--max-old-space-size=${memoryMiB}`, bin, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COALZONE_DEBUG: '' },
    });
    let out = '';
    let err = '';
    let peakMiB = 0;
    let killedFor: Outcome | null = null;
    // Keep only the start of long outputs: the checks need the first lines, not a million rows.
    child.stdout.on('data', (d) => {
      if (out.length < 65_536) out += d;
    });
    child.stderr.on('data', (d) => {
      if (err.length < 65_536) err += d;
    });
    const poll = setInterval(() => {
      peakMiB = Math.max(peakMiB, residentMiB(child.pid ?? 0));
      if (peakMiB > memoryMiB && !killedFor) {
        killedFor = 'over memory';
        child.kill('SIGKILL');
      }
    }, 25);
    const timer = setTimeout(() => {
      killedFor = 'timeout';
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const ms = performance.now() - started;
      const heapDied = /heap out of memory|Allocation failed/.test(err);
      const outcome: Outcome =
        killedFor ??
        (heapDied
          ? 'over memory'
          : code !== null && code >= 0 && code <= 3
            ? (`exit ${code}` as Outcome)
            : signal
              ? 'other exit'
              : 'other exit');
      done({ outcome, code: code ?? -1, out, err, ms, peakMiB });
    });
  });
}

/**
 * A private copy of the package to run: bin/coalzone.mjs and a fresh build of the CLI in a temp folder (with
 * data/ and node_modules/ linked), laid out as when installed. Not dist-cli itself: every `vitest run` on
 * this machine empties and rebuilds dist-cli, and in that window bin/ falls back to the sources through tsx.
 */
async function privateInstall(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'coalzone-fuzz-package-'));
  const root = new URL('../', import.meta.url).pathname;
  process.stdout.write(`building the CLI into ${folder} …\n`);
  await build({
    configFile: join(root, 'vite.cli.config.ts'),
    logLevel: 'warn',
    build: { outDir: join(folder, 'dist-cli'), emptyOutDir: true },
  });
  mkdirSync(join(folder, 'bin'));
  copyFileSync(join(root, 'bin/coalzone.mjs'), join(folder, 'bin/coalzone.mjs'));
  writeFileSync(join(folder, 'package.json'), readFileSync(join(root, 'package.json')));
  symlinkSync(join(root, 'data'), join(folder, 'data'));
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
  return join(folder, 'bin/coalzone.mjs');
}

const bin = values['no-build'] ? new URL('../bin/coalzone.mjs', import.meta.url).pathname : await privateInstall();

const table = new Map<Command, Map<Outcome | 'stack' | 'unnamed file', number>>();
let broken = 0;
let slowest = { ms: 0, what: '' };
let hungriest = { mib: 0, what: '' };
for (const command of commands) {
  const counts = new Map<Outcome | 'stack' | 'unnamed file', number>();
  table.set(command, counts);
  const cases = fc.sample(casesFor(command, command === 'records verify' ? Number(values.bomb) : 0), {
    numRuns: runs,
    seed,
  });
  const dir = mkdtempSync(join(tmpdir(), 'coalzone-fuzz-run-'));
  let next = 0;
  async function worker(slot: number): Promise<void> {
    const slotDir = join(dir, String(slot));
    mkdirSync(slotDir, { recursive: true });
    while (next < cases.length) {
      const k = next++;
      const c = cases[k] as (typeof cases)[number];
      const args = argumentsFor(c, slotDir);
      const r = await runChild(args);
      counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
      if (r.ms > slowest.ms) slowest = { ms: r.ms, what: `${describeCase(c)} → ${r.outcome}` };
      if (r.peakMiB > hungriest.mib) hungriest = { mib: r.peakMiB, what: `${describeCase(c)} → ${r.outcome}` };
      const found = r.outcome.startsWith('exit') ? violations(c, args, r.code, r.out, r.err) : [r.outcome];
      if (found.includes('stack trace on stderr')) counts.set('stack', (counts.get('stack') ?? 0) + 1);
      if (found.includes('the message does not name the file'))
        counts.set('unnamed file', (counts.get('unnamed file') ?? 0) + 1);
      if (found.length > 0) {
        broken++;
        const kept = join(keep, `${command.replace(' ', '-')}-${k}`);
        mkdirSync(kept, { recursive: true });
        const keptArgs = argumentsFor(c, kept);
        writeFileSync(
          join(kept, 'what.txt'),
          `${found.join('; ')}\n${describeCase(c)}\nnode bin/coalzone.mjs ${keptArgs.map((a) => JSON.stringify(a)).join(' ')}\n--- stderr ---\n${r.err.slice(0, 4_000)}\n`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: jobs }, (_, slot) => worker(slot)));
  process.stdout.write(`${command}: ${runs} runs done\n`);
}

const columns: (Outcome | 'stack' | 'unnamed file')[] = [...OUTCOMES, 'stack', 'unnamed file'];
process.stdout.write(
  `\nseed ${seed}, ${runs} runs per command, timeout ${timeoutMs} ms, memory cap ${memoryMiB} MiB, zip bombs ${values.bomb} MiB\n`,
);
process.stdout.write(`${'command'.padEnd(16)}${columns.map((c) => c.padStart(13)).join('')}\n`);
for (const [command, counts] of table)
  process.stdout.write(
    `${command.padEnd(16)}${columns.map((c) => String(counts.get(c) ?? 0).padStart(13)).join('')}\n`,
  );
process.stdout.write(`slowest run ${slowest.ms.toFixed(0)} ms: ${slowest.what}\n`);
process.stdout.write(`most memory ${hungriest.mib.toFixed(0)} MiB resident: ${hungriest.what}\n`);
process.stdout.write(broken > 0 ? `${broken} cases broke the rules; kept in ${keep}\n` : 'no case broke the rules\n');
process.exitCode = broken > 0 ? 1 : 0;
