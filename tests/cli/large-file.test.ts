import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { random } from '../helpers/random-zones.ts';

/** Writes a CSV of `rows` random points around Datong, with one malformed row in the middle. */
async function bigCsv(rows: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'coalzone-big-')), 'points.csv');
  const out = createWriteStream(path);
  const rand = random(2024);
  out.write('编号,经度,纬度\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk +=
      i === rows / 2
        ? 'broken,row,here\n'
        : `${i},${(113.2 + rand() * 0.25).toFixed(6)},${(40.02 + rand() * 0.16).toFixed(6)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((done) => out.once('finish', () => done()));
  return path;
}

describe('coalzone check on a 1,000,000-row CSV', () => {
  it('streams it in bounded memory (a 64 MB heap), reporting the malformed row by line', async () => {
    const path = await bigCsv(1_000_000);
    const bin = new URL('../../bin/coalzone.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--max-old-space-size=64', bin, 'check', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += String(b);
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code).toBe(0);
    expect(lines).toBe(1_000_000); // header + 999,999 answers
    expect(stderr).toContain('line 500002');
    const summary = /合计 (\d+)：区内 (\d+)，区外 (\d+)，临界（需现场核实）(\d+)，无法识别 (\d+)/.exec(stderr);
    expect(summary).not.toBeNull();
    const [total, inside, outside, near, refused] = (summary as RegExpExecArray).slice(1).map(Number) as number[];
    expect(total).toBe(1_000_000);
    expect(refused).toBe(1);
    expect((inside as number) + (outside as number) + (near as number)).toBe(999_999);
  }, 180_000);
});
