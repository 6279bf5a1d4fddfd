/**
 * The server also serves the app (the bureau's page is the same app, on an admin device): the built files of
 * `npm run build` from COALZONE_APP_DIR, by default the repository's dist/ when it holds an index.html. Same
 * origin, so the browser needs no CORS. The page and the service worker are always revalidated; Vite's hashed
 * assets are cached for a year. API routes win over files of the same name. Anything put into the folder later
 * (a published zone package) is served without a restart.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The repository's build folder. */
export const DEFAULT_APP_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The folder to serve, or null when there is no built app there. */
export function appDirectory(configured: string | undefined): string | null {
  const dir = resolve(configured ?? DEFAULT_APP_DIR);
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/** Serves `dir` at `/`. */
export async function serveApp(app: FastifyInstance, dir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    dotfiles: 'ignore',
    cacheControl: false,
    schemaHide: true,
    setHeaders(reply, path) {
      const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
    },
  });
}
