/**
 * The change clock: one row counting every change the server accepts. A writer locks it first (SELECT … FOR
 * UPDATE) and gives its changes the next numbers, so changes are numbered in commit order and a pull that
 * asks "after N" never misses one that commits later with a smaller number. The price is that writes are
 * serialised — measured in docs/server-scaling.md.
 */
import type { Queryable } from './database.ts';

/** Locks the clock for this transaction; `next()` hands out the following numbers, `save()` stores the last. */
export async function lockClock(tx: Queryable): Promise<{ next: () => number; save: () => Promise<void> }> {
  const rows = await tx.query<{ value: number }>('SELECT value FROM sync_clock WHERE id = 1 FOR UPDATE');
  let value = Number(rows[0]?.value ?? 0);
  const start = value;
  return {
    next: () => ++value,
    save: async () => {
      if (value !== start) await tx.query('UPDATE sync_clock SET value = $1 WHERE id = 1', [value]);
    },
  };
}
