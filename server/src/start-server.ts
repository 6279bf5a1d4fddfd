/**
 * Opens the store, bootstraps the first admin, builds the API and listens. Used by main.ts (npm run server)
 * and by the tests and the benchmark, which start the same server on a free port.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, DEFAULT_LIMITS, type Limits } from './app.ts';
import { forgetOldNonces } from './authenticate-device.ts';
import { bootstrapAdmin } from './bootstrap-admin.ts';
import type { Database } from './database.ts';
import { openDatabase } from './open-database.ts';
import { photoStore } from './photo-store.ts';
import { forgetOldCounts } from './rate-limit.ts';

/** How to start. */
export interface StartOptions {
  /** postgres://… (a real PostgreSQL); undefined = PGlite in dataDir. */
  databaseUrl?: string;
  /** Photos, and PGlite's files when no databaseUrl. */
  dataDir: string;
  port: number;
  host?: string;
  adminCode?: string;
  limits?: Partial<Limits>;
  now?: () => number;
  logger?: boolean;
  trustProxy?: boolean;
  /** Browser origins the app is served from (CORS), e.g. https://coalzone.example.cn; none = no CORS. */
  allowedOrigins?: readonly string[];
  /** The built app to serve at `/` (server/src/serve-app.ts); null = none. */
  appDir?: string | null;
}

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  /** The first admin's enrolment code when one was made now (print it). */
  adminCode: string | null;
  close(): Promise<void>;
}

/** Starts a server; resolves once it listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const db = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  const now = options.now ?? Date.now;
  const adminCode = await bootstrapAdmin(db, options.adminCode, now());
  const ctx = {
    db,
    photos: photoStore(join(options.dataDir, 'photos')),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    now,
  };
  const app = await buildApp(ctx, {
    logger: options.logger,
    trustProxy: options.trustProxy,
    allowedOrigins: options.allowedOrigins,
    appDir: options.appDir,
  });
  const sweep = setInterval(() => {
    forgetOldNonces(db).catch(() => undefined);
    forgetOldCounts(db, now()).catch(() => undefined);
  }, 5 * 60_000);
  sweep.unref();
  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    app,
    db,
    url: address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    adminCode,
    async close() {
      clearInterval(sweep);
      // Requests in flight finish; a kept-alive connection idle after its answer would hold close() for
      // Fastify's 72 s keep-alive, so idle ones are closed as they appear, and all of them after 10 s.
      const closing = app.close();
      const idle = setInterval(() => app.server.closeIdleConnections(), 50);
      const hard = setTimeout(() => app.server.closeAllConnections(), 10_000);
      try {
        await closing;
      } finally {
        clearInterval(idle);
        clearTimeout(hard);
      }
      await db.close();
    },
  };
}
