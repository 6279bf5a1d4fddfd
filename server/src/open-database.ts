/**
 * Chooses the store: a real PostgreSQL when a URL is given (DATABASE_URL), else the embedded PGlite in the
 * data folder, so a fresh machine runs the server with nothing else installed. Migrations run on open.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './open-pglite.ts';
import { openPostgres } from './open-postgres.ts';

/** Opens and migrates the database: PostgreSQL at `url`, or PGlite under `dataDir`/pglite (in memory when
 *  `dataDir` is undefined). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  let db: Database;
  if (options.url) db = await openPostgres(options.url);
  else {
    let dir: string | undefined;
    if (options.dataDir) {
      dir = join(options.dataDir, 'pglite');
      mkdirSync(dir, { recursive: true });
    }
    db = await openPglite(dir);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
