/**
 * Where the server tests run: always on PGlite (embedded), and on a real PostgreSQL + PostGIS when
 * COALZONE_TEST_DATABASE_URL is set (.ci/run starts one with scripts/ci-postgres.sh). In CI (CI=1 or
 * COALZONE_REQUIRE_POSTGRES=1) a missing URL fails the tests instead of leaving the real database out.
 * Each test server gets a database of its own (CREATE DATABASE … on the real server), so test files never
 * see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type RunningServer, type StartOptions, startServer } from '../../../server/src/start-server.ts';

/** A store to run against. */
export interface Target {
  name: 'pglite' | 'postgres';
  baseUrl?: string;
}

const url = process.env.COALZONE_TEST_DATABASE_URL;
const required = process.env.CI === '1' || process.env.CI === 'true' || process.env.COALZONE_REQUIRE_POSTGRES === '1';

/** The targets; throws in CI when the real PostgreSQL is missing. */
export function serverTargets(): Target[] {
  if (!url && required)
    throw new Error(
      'COALZONE_TEST_DATABASE_URL is not set, and CI requires the real PostgreSQL + PostGIS run: eval "$(bash scripts/ci-postgres.sh)"',
    );
  return url ? [{ name: 'pglite' }, { name: 'postgres', baseUrl: url }] : [{ name: 'pglite' }];
}

/** A new empty database on the real server (with PostGIS); returns its URL and how to drop it. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `coalzone_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await db.end();
  return {
    url: dbUrl.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A test server and how to restart it on the same data, and to throw everything away. */
export interface TestServer {
  server: RunningServer;
  url: string;
  adminCode: string;
  dataDir: string;
  /** Stops and starts again on the same database and data folder (same port is not kept). */
  restart(): Promise<void>;
  /** Stops and removes the data. */
  dispose(): Promise<void>;
}

/** The fixed first-admin code of test servers. */
export const TEST_ADMIN_CODE = 'TEST-ADM1-N000';

/** Starts a server on a free loopback port for `target`. */
export async function startTestServer(target: Target, options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coalzone-server-test-'));
  const database = target.baseUrl ? await freshDatabase(target.baseUrl) : null;
  const start = () =>
    startServer({ dataDir, port: 0, databaseUrl: database?.url, adminCode: TEST_ADMIN_CODE, ...options });
  const test: TestServer = {
    server: await start(),
    url: '',
    adminCode: TEST_ADMIN_CODE,
    dataDir,
    async restart() {
      await test.server.close();
      test.server = await start();
      test.url = test.server.url;
    },
    async dispose() {
      await test.server.close().catch(() => undefined);
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  test.url = test.server.url;
  return test;
}
