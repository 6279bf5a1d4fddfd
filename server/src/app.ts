/**
 * The HTTP API (Fastify): one JSON parser that keeps the raw bytes (a signed request's signature covers
 * them), size caps per route, every error in the catalogue's shape (zh-CN and English, never a stack trace),
 * and the OpenAPI document built by @fastify/swagger from the same JSON schemas that validate the requests.
 */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticateDevice, type Device } from './authenticate-device.ts';
import type { Database } from './database.ts';
import { ApiError, errorBody, forbidden } from './errors.ts';
import type { PhotoStore } from './photo-store.ts';
import type { Limit } from './rate-limit.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { assignRoutes } from './routes/assign-routes.ts';
import { enrolRoutes } from './routes/enrol-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { photoRoutes } from './routes/photo-routes.ts';
import { reportExportRoutes } from './routes/report-export-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { syncRoutes } from './routes/sync-routes.ts';
import { serveApp } from './serve-app.ts';
import { SIGNATURE_HEADERS } from './sign-request.ts';
import { describeSchemaError, type SchemaError } from './validation-message.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The bytes of the body as received (what a signature covers). */
    rawBody?: Buffer;
    /** The device behind a signed request (set by `signed`). */
    device?: Device;
  }
}

/** Abuse limits and size caps. */
export interface Limits {
  /** Largest JSON body of a device request (a push of 2,000 records fits). */
  jsonBytes: number;
  /** Largest resident report (text and one photo, base64). */
  reportBytes: number;
  /** Largest photo part. */
  photoPartBytes: number;
  reportPerInstall: Limit;
  reportPerIp: Limit;
  receiptPerIp: Limit;
  enrolPerIp: Limit;
}

/** Defaults for a city's worth of phones. */
export const DEFAULT_LIMITS: Limits = {
  jsonBytes: 16 * 1024 * 1024,
  reportBytes: 4 * 1024 * 1024,
  photoPartBytes: 8 * 1024 * 1024,
  reportPerInstall: { max: 10, windowS: 3600 },
  reportPerIp: { max: 60, windowS: 3600 },
  receiptPerIp: { max: 120, windowS: 60 },
  enrolPerIp: { max: 20, windowS: 3600 },
};

/** What every route gets. */
export interface ServerContext {
  db: Database;
  photos: PhotoStore;
  limits: Limits;
  now: () => number;
}

/** The pre-validation hook of a route that needs a signed request: sets request.device, or refuses. */
export function signed(ctx: ServerContext, options: { admin?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    request.device = await authenticateDevice(
      ctx.db,
      { method: request.method, url: request.url, headers: request.headers, body: request.rawBody ?? new Uint8Array() },
      ctx.now(),
    );
    if (options.admin && !request.device.isAdmin)
      throw forbidden('this needs an ecology bureau admin device', '需要生态环境局管理员设备');
  };
}

/** The device of a signed request (a route behind `signed`). */
export function deviceOf(request: FastifyRequest): Device {
  if (!request.device) throw new Error('deviceOf used on a route without the signed hook');
  return request.device;
}

/** Builds the API (not listening). */
export async function buildApp(
  ctx: ServerContext,
  options: { logger?: boolean; trustProxy?: boolean; allowedOrigins?: readonly string[]; appDir?: string | null } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: ctx.limits.jsonBytes,
    // Every response body is JSON we build; ajv must not coerce "12" into 12 or drop unknown members silently.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    const text = (body as Buffer).toString('utf8');
    // PostgreSQL's jsonb cannot hold U+0000: say so instead of failing in the database.
    if (text.includes('\\u0000'))
      return done(
        new ApiError(
          400,
          'BAD_REQUEST',
          'text must not contain NUL characters (\\u0000)',
          '文本中不能含有空字符（\\u0000）',
        ),
        undefined,
      );
    parseJson(request, text, done);
  });
  app.addContentTypeParser(
    ['application/octet-stream', 'image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, body);
    },
  );
  app.setErrorHandler((error: unknown, _request, reply) => sendError(reply, toApiError(error)));
  // The app in a browser calls the API from its own origin (COALZONE_ALLOWED_ORIGINS): only those origins,
  // only the signature headers. Nothing rides on cookies, so credentials stay off.
  if (options.allowedOrigins && options.allowedOrigins.length > 0)
    await app.register(cors, {
      origin: [...options.allowedOrigins],
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: ['content-type', ...Object.values(SIGNATURE_HEADERS)],
      exposedHeaders: ['retry-after'],
      maxAge: 600,
    });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new ApiError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, '没有这个接口'),
    ),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'coalzone sync server / 禁煤区同步服务',
        description:
          "Enrolment, signed device requests, sync of audit chains, records and photos, residents' reports. Device requests carry x-coalzone-device, -time, -nonce and -signature (server/src/sign-request.ts).",
        version: '1',
      },
    },
  });
  await healthRoutes(app, ctx);
  await enrolRoutes(app, ctx);
  await adminRoutes(app, ctx);
  await assignRoutes(app, ctx);
  await reportExportRoutes(app, ctx);
  await syncRoutes(app, ctx);
  await photoRoutes(app, ctx);
  await reportRoutes(app, ctx);
  if (options.appDir) await serveApp(app, options.appDir);
  return app;
}

function sendError(reply: FastifyReply, error: ApiError) {
  if (error.code === 'RATE_LIMITED') reply.header('retry-after', String(error.detail.retryAfterS ?? 60));
  return reply.status(error.status).type('application/json; charset=utf-8').send(errorBody(error));
}

/** Maps whatever was thrown to the catalogue. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as {
    code?: string;
    statusCode?: number;
    validation?: unknown[];
    validationContext?: string;
    message?: string;
  };
  if (e.validation?.[0]) {
    const described = describeSchemaError(e.validation[0] as SchemaError, e.validationContext);
    return new ApiError(400, 'BAD_REQUEST', described.message, described.zh, { field: described.field });
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413)
    return new ApiError(413, 'BODY_TOO_LARGE', 'the request body is too large', '请求内容过大');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415)
    return new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send JSON (application/json) or, for photos, the image bytes',
      '请求格式不支持：请发送 JSON，照片发送图片字节',
    );
  if (e.statusCode === 400 || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError)
    return new ApiError(
      400,
      'BAD_REQUEST',
      `the request is not valid JSON: ${e.message ?? ''}`.trim(),
      '请求不是有效的 JSON',
    );
  // A bug or the database down: one line in the log, nothing of it to the client.
  console.error(`coalzone server: internal error: ${e.message ?? String(error)}`);
  return new ApiError(
    500,
    'INTERNAL',
    'internal server error; the request changed nothing',
    '服务器内部错误，本次请求未作任何更改',
  );
}
