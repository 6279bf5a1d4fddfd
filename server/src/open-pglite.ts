/**
 * The embedded store: PGlite (PostgreSQL compiled to WASM) in a data folder, so `npm run server` needs nothing
 * else on a fresh machine. PGlite 0.5 ships no PostGIS, so locations stay plain lng/lat columns here and the
 * county-area filter runs in JavaScript (server/src/pull-records.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';

/** Opens (creating when absent) the PGlite database in `dataDir`; undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = new PGlite(dataDir);
  await db.waitReady;
  const run = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await target.query<T>(sql, params as unknown[])).rows;
    },
  });
  return {
    kind: 'pglite',
    postgis: false,
    ...run(db),
    transaction: (work) => db.transaction((tx) => work(run(tx))),
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}
