/**
 * Plain SQL migrations, applied in file-name order, each in its own transaction, recorded in
 * schema_migrations. `NNNN-name.sql` runs everywhere; `NNNN-name.postgis.sql` only where PostGIS is
 * installed (it is attempted on a real PostgreSQL that offers it). A file already applied is never run again,
 * so starting the server twice, or several instances at once, changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

/** Where the migrations live. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

const NAME = /^\d{4}-[a-z0-9-]+(\.postgis)?\.sql$/;

/** The migration files in order; throws naming a file whose name does not follow the pattern. */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  for (const f of files)
    if (!NAME.test(f)) throw new Error(`migration file ${f} must be named NNNN-name.sql or NNNN-name.postgis.sql`);
  return files.sort();
}

/** Applies what is missing; returns the names applied now. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  if (db.kind === 'postgres' && !db.postgis) {
    const offered = await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
    if (offered.length > 0) {
      await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
      db.postgis = true;
    }
  }
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const name of migrationFiles(dir)) {
    if (name.endsWith('.postgis.sql') && !db.postgis) continue;
    const sql = readFileSync(join(dir, name), 'utf8');
    const done = await db.transaction(async (tx) => {
      // The lock makes concurrent starters wait for each other instead of applying a file twice.
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(8787)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

/** Splits a migration into statements at semicolons that end a line (our files keep no semicolon inside a
 *  literal or a function body; a file that needs one would get its own runner). Comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
