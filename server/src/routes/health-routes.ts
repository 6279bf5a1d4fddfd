/** GET /health (is the database answering) and GET /openapi.json (the document @fastify/swagger builds). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../app.ts';

/** Registers the two routes. */
export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Is the server and its database up',
        response: {
          200: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, database: { type: 'string' }, postgis: { type: 'boolean' } },
          },
        },
      },
    },
    async () => {
      await ctx.db.query('SELECT 1');
      return { ok: true, database: ctx.db.kind, postgis: ctx.db.postgis };
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
