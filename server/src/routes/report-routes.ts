/** POST /reports (a resident's report, no account; rate-limited per install and per IP) and
 *  GET /reports/{receipt} (its status, nothing else). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../app.ts';
import { takeToken } from '../rate-limit.ts';
import { type ResidentReport, receiptStatus, submitReport } from '../resident-reports.ts';
import { errorSchema, recordSchema, schemaParts } from '../schemas.ts';

const statusReply = {
  type: 'object',
  properties: {
    receipt: { type: 'string' },
    status: { type: 'string' },
    zh: { type: 'string' },
    en: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const reportSchema = {
  type: 'object',
  required: ['installId', 'clientReportId', 'what', 'description', 'observedAt', 'location', 'zoneAnswer'],
  additionalProperties: false,
  properties: {
    installId: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
    clientReportId: schemaParts.UUID,
    what: { enum: ['burning', 'selling', 'storing', 'transporting'] },
    description: { type: 'string', maxLength: 2000 },
    observedAt: schemaParts.TIME,
    // Numbers only here: the app's own validator then says what is wrong with them (e.g. swapped lng/lat).
    location: {
      type: 'object',
      required: ['lng', 'lat', 'accuracyM', 'source'],
      additionalProperties: false,
      properties: {
        lng: { type: 'number' },
        lat: { type: 'number' },
        accuracyM: { type: 'number' },
        source: recordSchema.properties.location.properties.source,
      },
    },
    zoneAnswer: {
      type: ['object', 'null'],
      required: ['status', 'traced', 'signedDistanceM', 'uncertaintyM', 'zoneId', 'zoneVersion'],
      additionalProperties: false,
      properties: {
        status: { enum: ['inside', 'outside', 'near'] },
        traced: { enum: ['inside', 'outside'] },
        signedDistanceM: { type: 'number' },
        uncertaintyM: { type: 'number', minimum: 0 },
        zoneId: { type: 'string', maxLength: 100 },
        zoneVersion: { type: 'string', maxLength: 100 },
      },
    },
    phone: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 50 },
    photo: {
      type: 'object',
      required: ['base64'],
      additionalProperties: false,
      // 3 MiB of photo as base64.
      properties: { base64: { type: 'string', maxLength: 4 * 1024 * 1024 } },
    },
  },
} as const;

/** Registers the resident routes. */
export async function reportRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Body: ResidentReport }>(
    '/reports',
    {
      bodyLimit: ctx.limits.reportBytes,
      // Limits are counted before the body is checked: a flood of bad bodies is a flood too.
      preValidation: async (request) => {
        await takeToken(ctx.db, `report-ip:${request.ip}`, ctx.limits.reportPerIp, ctx.now());
        const install = (request.body as { installId?: unknown } | undefined)?.installId;
        if (typeof install === 'string')
          await takeToken(ctx.db, `report-install:${install.slice(0, 64)}`, ctx.limits.reportPerInstall, ctx.now());
      },
      schema: {
        summary: "A resident's violation report (no account): returns the receipt to ask its status with",
        body: reportSchema,
        response: { 200: statusReply, '4xx': errorSchema },
      },
    },
    async (request) => submitReport(ctx.db, ctx.photos, request.body, ctx.now()),
  );

  app.get<{ Params: { receipt: string } }>(
    '/reports/:receipt',
    {
      preValidation: async (request) =>
        takeToken(ctx.db, `receipt-ip:${request.ip}`, ctx.limits.receiptPerIp, ctx.now()),
      schema: {
        summary: "A report's status by its receipt",
        params: { type: 'object', properties: { receipt: { type: 'string', maxLength: 20 } } },
        response: { 200: statusReply, '4xx': errorSchema },
      },
    },
    async (request) => receiptStatus(ctx.db, request.params.receipt),
  );
}
