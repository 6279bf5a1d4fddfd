/**
 * The server's error catalogue: every refusal the API gives, with its HTTP status, a stable code and the
 * message in zh-CN and English. Responses carry `{ error: { code, message, zh, detail } }` and never a stack
 * trace. (The app's catalogue is src/errors.ts; these codes are the wire protocol's, kept apart so an HTTP
 * status never leaks into the pure core.)
 */

/** Stable codes. Add, never rename: clients key their translations and retries on them. */
export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_FOUND'
  | 'UNSIGNED'
  | 'BAD_SIGNATURE'
  | 'CLOCK_SKEW'
  | 'REPLAYED'
  | 'UNKNOWN_DEVICE'
  | 'REVOKED'
  | 'FORBIDDEN'
  | 'BAD_CODE'
  | 'ALREADY_ENROLLED'
  | 'RATE_LIMITED'
  | 'BAD_CHAIN'
  | 'BEHIND'
  | 'BAD_RECORD'
  | 'BAD_PHOTO'
  | 'UPLOAD_OFFSET'
  | 'BUSY'
  | 'INTERNAL';

/** A refusal with everything the client needs to show and handle it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly zh: string;
  readonly detail: Readonly<Record<string, unknown>>;
  constructor(status: number, code: ApiErrorCode, message: string, zh: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.zh = zh;
    this.detail = detail;
  }
}

/** The JSON body of an error response. */
export function errorBody(error: ApiError): { error: Record<string, unknown> } {
  return { error: { code: error.code, message: error.message, zh: error.zh, detail: error.detail } };
}

/** 400: the request is not what the route takes; `what` names the field or entry. */
export function badRequest(message: string, zh: string, detail: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'BAD_REQUEST', message, zh, detail);
}

/** 403: the device's role may not do this. */
export function forbidden(what: string, zh: string): ApiError {
  return new ApiError(403, 'FORBIDDEN', `not allowed: ${what}`, `无权操作：${zh}`);
}

/** 404 naming what was not found. */
export function notFound(what: string, zh: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${what} not found`, `未找到${zh}`);
}

/** 429 with the seconds to wait. */
export function rateLimited(retryAfterS: number): ApiError {
  return new ApiError(
    429,
    'RATE_LIMITED',
    `too many requests; try again in ${retryAfterS} s`,
    `请求过于频繁，请 ${retryAfterS} 秒后再试`,
    { retryAfterS },
  );
}
