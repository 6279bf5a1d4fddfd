/**
 * A real PostgreSQL through `pg`'s pool. int8 (counters, sequence numbers) is parsed as a number and numeric
 * stays text, so both stores hand back the same row shapes.
 */
import pg from 'pg';
import type { Database, Queryable } from './database.ts';

const INT8 = 20;

/** Opens a pool on `url` (postgres://user:password@host:port/db) and checks that it answers. */
export async function openPostgres(url: string, max = 10): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000 });
  // A dropped idle connection (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
  });
  const installed = await pool.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
  return {
    kind: 'postgres',
    postgis: installed.rowCount === 1,
    ...run(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(run(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
