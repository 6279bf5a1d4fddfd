/**
 * The bureau's administration, each route signed by an admin device: agencies (a county with its own area),
 * one-time enrolment codes, the devices and their revocation, the conflict queue and its resolution, and a
 * record's status (assigning a resident's report to an agency, marking it handled) as an audited change.
 */
import type { FastifyInstance } from 'fastify';
import { receiptOf } from '../../../src/records/anchor-file.ts';
import type { SignedHead } from '../../../src/records/signed-head.ts';
import { deviceOf, type ServerContext, signed } from '../app.ts';
import { codeHash, newEnrolmentCode } from '../enrolment-code.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { ROLES } from '../roles.ts';
import { errorSchema, schemaParts } from '../schemas.ts';
import { resolveConflict, setRecordStatus } from '../server-changes.ts';

const areaSchema = {
  type: 'object',
  required: ['type', 'coordinates'],
  properties: {
    type: { enum: ['Polygon', 'MultiPolygon'] },
    coordinates: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'array' } },
  },
} as const;

interface Area {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

/** Registers /admin/*. */
export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const admin = { preValidation: signed(ctx, { admin: true }) };

  app.post<{ Body: { id: string; name: string; role: string; area?: Area } }>(
    '/admin/agencies',
    {
      ...admin,
      schema: {
        summary: 'Create an agency (a county gives its own area)',
        body: {
          type: 'object',
          required: ['id', 'name', 'role'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9-]{2,60}$' },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role: { enum: [...ROLES] },
            area: areaSchema,
          },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const { id, name, role, area } = request.body;
      if (role === 'county' && !area)
        throw badRequest(
          'a county agency needs its area (a GeoJSON Polygon or MultiPolygon)',
          '县区机构须提供其辖区范围（GeoJSON 多边形）',
          { field: 'area' },
        );
      const bbox = area ? areaBbox(area) : null;
      const inserted = await ctx.db.query(
        `INSERT INTO agencies (id, name, role, area, area_min_lng, area_min_lat, area_max_lng, area_max_lat)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          id,
          name,
          role,
          area ? JSON.stringify(area) : null,
          bbox?.[0] ?? null,
          bbox?.[1] ?? null,
          bbox?.[2] ?? null,
          bbox?.[3] ?? null,
        ],
      );
      if (inserted.length === 0)
        throw new ApiError(409, 'BAD_REQUEST', `agency ${id} already exists`, `机构 ${id} 已存在`);
      return { id, name, role };
    },
  );

  app.get('/admin/agencies', { ...admin, schema: { summary: 'Every agency' } }, async () =>
    ctx.db.query('SELECT id, name, role, area IS NOT NULL AS has_area FROM agencies ORDER BY id'),
  );

  app.post<{ Body: { agencyId: string; label?: string; admin?: boolean; validHours?: number } }>(
    '/admin/enrolment-codes',
    {
      ...admin,
      schema: {
        summary: 'A one-time enrolment code for a phone of an agency',
        body: {
          type: 'object',
          required: ['agencyId'],
          additionalProperties: false,
          properties: {
            agencyId: schemaParts.ID,
            label: { type: 'string', maxLength: 100 },
            admin: { type: 'boolean' },
            validHours: { type: 'integer', minimum: 1, maximum: 168 },
          },
        },
        response: {
          200: { type: 'object', properties: { code: { type: 'string' }, expiresAt: { type: 'string' } } },
          '4xx': errorSchema,
        },
      },
    },
    async (request) => {
      const { agencyId, label = '', admin: isAdmin = false, validHours = 24 } = request.body;
      const agency = await ctx.db.query<{ role: string }>('SELECT role FROM agencies WHERE id = $1', [agencyId]);
      if (!agency[0]) throw notFound(`agency ${agencyId}`, `机构 ${agencyId}`);
      if (isAdmin && agency[0].role !== 'ecology')
        throw badRequest('only the ecology bureau has admin devices', '只有生态环境局可有管理员设备', {
          field: 'admin',
        });
      const code = newEnrolmentCode();
      const expiresAt = new Date(ctx.now() + validHours * 3_600_000);
      await ctx.db.query(
        'INSERT INTO enrolment_codes (code_hash, agency_id, is_admin, label, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [codeHash(code), agencyId, isAdmin, label, deviceOf(request).id, expiresAt],
      );
      return { code, expiresAt: expiresAt.toISOString() };
    },
  );

  app.get('/admin/devices', { ...admin, schema: { summary: 'Every enrolled device' } }, async () =>
    (
      await ctx.db.query<Record<string, unknown>>(
        'SELECT id, agency_id, is_admin, label, fingerprint, enrolled_at, revoked_at, head_seq, head_hash FROM devices ORDER BY enrolled_at, id',
      )
    ).map((row) => ({ ...row, head_seq: Number(row.head_seq) })),
  );

  app.post<{ Params: { id: string } }>(
    '/admin/devices/:id/revoke',
    {
      ...admin,
      schema: {
        summary: 'Revoke a device: every later request of it is refused',
        params: { type: 'object', properties: { id: schemaParts.ID } },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (id === deviceOf(request).id)
        throw badRequest(
          'a device cannot revoke itself (another admin device can)',
          '设备不能吊销自身（请用另一台管理员设备）',
        );
      const rows = await ctx.db.query<{ revoked_at: Date }>(
        'UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at',
        [id],
      );
      if (!rows[0]) throw notFound(`device ${id}`, `设备 ${id}`);
      return { id, revokedAt: new Date(rows[0].revoked_at).toISOString() };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/admin/devices/:id/receipt',
    {
      ...admin,
      schema: {
        summary:
          "The device's last signed head as a receipt: the anchor its backups are checked against (coalzone records verify --anchor)",
        params: { type: 'object', properties: { id: schemaParts.ID } },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const rows = await ctx.db.query<{ head: SignedHead | null; fingerprint: string }>(
        'SELECT head, fingerprint FROM devices WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) throw notFound(`device ${id}`, `设备 ${id}`);
      if (!row.head)
        throw notFound(`a signed head of device ${id} (it has not pushed yet)`, `设备 ${id} 的签名链头（尚未推送）`);
      return receiptOf(row.head, row.fingerprint);
    },
  );

  app.get<{ Querystring: { open?: string } }>(
    '/admin/conflicts',
    { ...admin, schema: { summary: 'The conflict queue: concurrent edits side by side' } },
    async () => {
      const rows = await ctx.db.query<Record<string, unknown>>(
        `SELECT c.id, c.record_id, c.device_id, c.at, c.incoming, c.incoming_hash, c.local_hash, r.body AS server
           FROM conflicts c JOIN records r ON r.id = c.record_id WHERE c.resolved_at IS NULL ORDER BY c.at, c.id`,
      );
      return rows;
    },
  );

  app.post<{ Params: { id: string }; Body: { keep: 'server' | 'incoming' } }>(
    '/admin/conflicts/:id/resolve',
    {
      ...admin,
      schema: {
        summary: 'Resolve a conflict: keep the server version or the incoming one (an audited change that syncs back)',
        params: { type: 'object', properties: { id: schemaParts.ID } },
        body: {
          type: 'object',
          required: ['keep'],
          additionalProperties: false,
          properties: { keep: { enum: ['server', 'incoming'] } },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) =>
      resolveConflict(
        ctx.db,
        request.params.id,
        request.body.keep,
        deviceOf(request).id,
        new Date(ctx.now()).toISOString(),
      ),
  );

  app.post<{ Params: { id: string }; Body: { status: string; note?: string } }>(
    '/admin/records/:id/status',
    {
      ...admin,
      schema: {
        summary: "Move a record's status (e.g. assign a resident's report, mark it handled), audited",
        params: { type: 'object', properties: { id: schemaParts.UUID } },
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', maxLength: 40 }, note: { type: 'string', maxLength: 500 } },
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) =>
      setRecordStatus(
        ctx.db,
        request.params.id,
        request.body.status,
        request.body.note ?? '',
        deviceOf(request).id,
        new Date(ctx.now()).toISOString(),
      ),
  );
}

/** The bounding box of a (Multi)Polygon; refuses coordinates that are not longitude/latitude. */
function areaBbox(area: Area): [number, number, number, number] {
  const polygons = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates) as number[][][][];
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons)
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4)
        throw badRequest('each ring of the area needs at least 4 positions', '辖区范围的每个环至少需要 4 个点', {
          field: 'area',
        });
      for (const p of ring) {
        const [lng, lat] = p as [number, number];
        if (!(Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90))
          throw badRequest('the area has a position that is not longitude, latitude', '辖区范围含有非经纬度的点', {
            field: 'area',
          });
        box[0] = Math.min(box[0], lng);
        box[1] = Math.min(box[1], lat);
        box[2] = Math.max(box[2], lng);
        box[3] = Math.max(box[3], lat);
      }
    }
  return box;
}
