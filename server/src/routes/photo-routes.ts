/**
 * Photos by SHA-256, resumable: GET /photos/{sha256}/upload says how many bytes the server holds (0, some, or
 * stored), PUT /photos/{sha256}?offset=N&total=T appends the next part. A photo is kept only whole, hashing to
 * its name and an image by its first bytes. GET /photos/{sha256} gives it to a device that may see a record
 * naming it.
 */
import type { FastifyInstance } from 'fastify';
import { deviceOf, type ServerContext, signed } from '../app.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { pullRecords } from '../pull-records.ts';
import { errorSchema, schemaParts } from '../schemas.ts';

const params = { type: 'object', required: ['sha256'], properties: { sha256: schemaParts.HEX64 } } as const;

/** Registers the photo routes. */
export async function photoRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get<{ Params: { sha256: string } }>(
    '/photos/:sha256/upload',
    {
      preValidation: signed(ctx),
      schema: { summary: 'How much of a photo the server holds', params, response: { '4xx': errorSchema } },
    },
    async (request) => {
      const at = await ctx.photos.received(request.params.sha256);
      if (at.stored && at.type) await keepPhoto(ctx, request.params.sha256, at.type, at.bytes);
      return { stored: at.stored, bytes: at.bytes };
    },
  );

  app.put<{ Params: { sha256: string }; Querystring: { offset?: string; total: string }; Body: Buffer }>(
    '/photos/:sha256',
    {
      preValidation: signed(ctx),
      bodyLimit: ctx.limits.photoPartBytes,
      schema: {
        summary: 'Upload (part of) a photo: the bytes, at offset, of a photo of total bytes',
        params,
        querystring: {
          type: 'object',
          required: ['total'],
          additionalProperties: false,
          properties: {
            offset: { type: 'string', pattern: '^[0-9]{1,9}$' },
            total: { type: 'string', pattern: '^[0-9]{1,9}$' },
          },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body))
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send the photo bytes as application/octet-stream',
          '请以 application/octet-stream 发送照片字节',
        );
      const { sha256 } = request.params;
      const put = await ctx.photos.put(sha256, body, Number(request.query.offset ?? 0), Number(request.query.total));
      if (put.stored && put.type) await keepPhoto(ctx, sha256, put.type, put.bytes);
      return { stored: put.stored, bytes: put.bytes };
    },
  );

  app.get<{ Params: { sha256: string } }>(
    '/photos/:sha256',
    { preValidation: signed(ctx), schema: { summary: 'A photo a record this device may see names', params } },
    async (request, reply) => {
      const { sha256 } = request.params;
      const device = deviceOf(request);
      const photo = (await ctx.db.query<{ type: string }>('SELECT type FROM photos WHERE sha256 = $1', [sha256]))[0];
      const bytes = photo ? await ctx.photos.read(sha256) : null;
      if (!photo || !bytes) throw notFound(`photo ${sha256}`, `照片 ${sha256}`);
      if (!(await maySee(ctx, device, sha256)))
        throw forbidden('this photo belongs to records this device may not see', '该照片所属记录本设备无权查看');
      return reply
        .type(photo.type)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(bytes));
    },
  );
}

/** The database's row of a stored photo. Written on every answer that says "stored" (not only the one that
 *  completed it), so a server stopped between the file's rename and this insert heals on the next ask. */
async function keepPhoto(ctx: ServerContext, sha256: string, type: string, size: number): Promise<void> {
  await ctx.db.query('INSERT INTO photos (sha256, type, size) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    sha256,
    type,
    size,
  ]);
}

/** Whether a record naming the photo is one the device may pull (same rules as the pull). */
async function maySee(ctx: ServerContext, device: ReturnType<typeof deviceOf>, sha256: string): Promise<boolean> {
  if (device.role === 'ecology') return true;
  const refs = await ctx.db.query<{ record_id: string }>(
    'SELECT record_id FROM photo_refs WHERE sha256 = $1 LIMIT 50',
    [sha256],
  );
  for (const { record_id } of refs) {
    const row = (
      await ctx.db.query<{ changed_seq: number }>('SELECT changed_seq FROM records WHERE id = $1', [record_id])
    )[0];
    if (!row) continue;
    const page = await pullRecords(ctx.db, device, Number(row.changed_seq) - 1, 1);
    if (page.records.some((r) => r.id === record_id)) return true;
  }
  return false;
}
