/**
 * Abuse limits: fixed-window counters kept in the database (table rate_counts), so several API instances
 * behind one load balancer share them. A key is e.g. "report-ip:203.0.113.9" or "report-install:…".
 */
import type { Queryable } from './database.ts';
import { rateLimited } from './errors.ts';

/** A limit: at most `max` requests per `windowS` seconds. */
export interface Limit {
  max: number;
  windowS: number;
}

/** Counts one request under `key`; throws a 429 ApiError (with the seconds to wait) past the limit. */
export async function takeToken(db: Queryable, key: string, limit: Limit, now = Date.now()): Promise<void> {
  const windowMs = limit.windowS * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const rows = await db.query<{ count: number }>(
    `INSERT INTO rate_counts (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counts.count + 1 RETURNING count`,
    [key, start],
  );
  if (Number(rows[0]?.count ?? 0) > limit.max)
    throw rateLimited(Math.max(1, Math.ceil((start + windowMs - now) / 1000)));
}

/** Drops windows that ended over a day ago. */
export async function forgetOldCounts(db: Queryable, now = Date.now()): Promise<void> {
  await db.query('DELETE FROM rate_counts WHERE window_start < $1', [now - 86_400_000]);
}
