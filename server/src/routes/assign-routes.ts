/** POST /admin/records/{id}/assign: the bureau passes a resident's report to an agency (server/src/assign-record.ts). */
import type { FastifyInstance } from 'fastify';
import { deviceOf, type ServerContext, signed } from '../app.ts';
import { assignRecord } from '../assign-record.ts';
import { errorSchema, schemaParts } from '../schemas.ts';

/** Registers the route. */
export async function assignRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Params: { id: string }; Body: { agencyId: string; note?: string } }>(
    '/admin/records/:id/assign',
    {
      preValidation: signed(ctx, { admin: true }),
      schema: {
        summary:
          "Assign a resident's report to an agency: status assigned, a step naming the agency, and that agency's phones pull it",
        params: { type: 'object', properties: { id: schemaParts.UUID } },
        body: {
          type: 'object',
          required: ['agencyId'],
          additionalProperties: false,
          properties: { agencyId: schemaParts.ID, note: { type: 'string', maxLength: 500 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: { type: 'string' },
              agencyId: { type: 'string' },
              hash: { type: 'string' },
            },
          },
          '4xx': errorSchema,
        },
      },
    },
    async (request) =>
      assignRecord(
        ctx.db,
        request.params.id,
        request.body.agencyId,
        request.body.note ?? '',
        deviceOf(request).id,
        new Date(ctx.now()).toISOString(),
      ),
  );
}
