/**
 * Timing for the geofence benchmark: each figure is the median of REPS timed runs after a warm-up, and each
 * run is sized so that it lasts long enough to time (a fast function over all its items, a slow peer over a
 * slice of them). Ratios compare medians from the same process and run, so load from other work on the
 * machine moves both sides alike.
 */

/** Repetitions per figure (BENCH_REPS, default 5). */
export const REPS = Number(process.env.BENCH_REPS ?? 5);

/** Shortest timed run (ms) a figure is measured on, when there are items enough. */
const MIN_RUN_MS = 60;

/** Operations per second of run(count), which performs `count` operations on the first `count` of `available`
 *  items: the median of REPS runs of a size that lasts ≥ MIN_RUN_MS (or all items). */
export function rate(available: number, run: (count: number) => void): number {
  let count = Math.min(available, 16);
  // Warm-up and sizing: grow until a run is long enough or covers every item.
  for (;;) {
    const t = performance.now();
    run(count);
    const ms = performance.now() - t;
    if (ms >= MIN_RUN_MS || count === available) break;
    const next = ms > 1 ? Math.ceil((count * MIN_RUN_MS * 1.2) / ms) : count * 8;
    count = Math.min(available, Math.max(count + 1, next));
  }
  const rates: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    run(count);
    rates.push(count / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

/** Median milliseconds of REPS calls of fn (after one warm-up call). */
export function medianMs(fn: () => void): { median: number; first: number } {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), first };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** 1234567 → "1.23 M", 12345 → "12.3 k". */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
}

/** A ratio as the table prints it: "12×", "0.4×", or "—" when either side is missing. */
export function ratio(ours: number, theirs: number | undefined): string {
  if (theirs === undefined || !Number.isFinite(theirs) || theirs <= 0) return '—';
  const r = ours / theirs;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

/** Something the optimiser cannot drop: results are summed into it and printed once. */
export const sink = { value: 0 };
