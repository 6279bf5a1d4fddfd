/** POST /sync/push (a device's chain, records and signed head) and GET /sync/pull (what its role may see). */
import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../../src/records/audit-chain.ts';
import type { FieldRecord } from '../../../src/records/record.ts';
import { deviceOf, type ServerContext, signed } from '../app.ts';
import { applyPush } from '../apply-push.ts';
import { pullRecords } from '../pull-records.ts';
import { errorSchema, pushSchema } from '../schemas.ts';

/** Registers the sync routes. */
export async function syncRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Body: { head: unknown; entries: AuditEntry[]; records: FieldRecord[] } }>(
    '/sync/push',
    {
      preValidation: signed(ctx),
      schema: {
        summary: "Push the device's audit chain after the server's anchor, the records it changed and its signed head",
        body: pushSchema,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => applyPush(ctx.db, deviceOf(request), request.body),
  );

  app.get<{ Querystring: { after?: string; limit?: string } }>(
    '/sync/pull',
    {
      preValidation: signed(ctx),
      schema: {
        summary: 'Records changed after the cursor that this device may see',
        querystring: {
          type: 'object',
          additionalProperties: false,
          // Strings of digits: the validator coerces nothing (a body's "12" must not become 12).
          properties: {
            after: { type: 'string', pattern: '^[0-9]{1,15}$' },
            limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
          },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const limit = Math.min(2000, Math.max(1, Number(request.query.limit ?? 500)));
      return pullRecords(ctx.db, deviceOf(request), Number(request.query.after ?? 0), limit);
    },
  );
}
