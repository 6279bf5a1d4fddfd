/**
 * The one small interface the server uses over both stores: a real PostgreSQL (through `pg`, with PostGIS)
 * and the embedded PGlite (WASM PostgreSQL, no PostGIS). Plain SQL with $1 parameters; rows come back as plain
 * objects with bigint columns as JavaScript numbers (every counter here stays far below 2^53).
 */

/** Runs one statement. */
export interface Queryable {
  /** Rows of one parameterised statement. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A database: statements, transactions and what it can do. */
export interface Database extends Queryable {
  /** 'postgres' (a server through DATABASE_URL) or 'pglite' (embedded). */
  readonly kind: 'postgres' | 'pglite';
  /** Whether the PostGIS extension is installed (record locations get a geography column and an index). */
  postgis: boolean;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  /** Closes every connection. */
  close(): Promise<void>;
}
