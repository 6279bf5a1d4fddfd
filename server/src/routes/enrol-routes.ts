/**
 * POST /enrol: a phone joins with a one-time code from an admin and registers the public key that signs its
 * audit chain. The request is signed with that very key (proof the phone holds it), so a code read over
 * someone's shoulder cannot enrol a key its reader does not have. GET /me: what the server knows of the
 * calling device (its agency, role, and the anchor it keeps).
 */
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '../../../src/records/canonical-json.ts';
import { keyFingerprint, type PublicKeyJwk, verifyJson } from '../../../src/records/device-key.ts';
import { deviceOf, type ServerContext, signed } from '../app.ts';
import { CLOCK_WINDOW_MS } from '../authenticate-device.ts';
import type { Queryable } from '../database.ts';
import { codeHash } from '../enrolment-code.ts';
import { ApiError } from '../errors.ts';
import { takeToken } from '../rate-limit.ts';
import { errorSchema, publicKeySchema, schemaParts } from '../schemas.ts';
import { requestStatement, SIGNATURE_HEADERS } from '../sign-request.ts';

const enrolSchema = {
  type: 'object',
  required: ['code', 'deviceId', 'publicKey'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', minLength: 12, maxLength: 20 },
    deviceId: schemaParts.ID,
    publicKey: publicKeySchema,
    label: { type: 'string', maxLength: 100 },
  },
} as const;

const deviceReply = {
  type: 'object',
  properties: {
    deviceId: { type: 'string' },
    agencyId: { type: 'string' },
    role: { type: 'string' },
    isAdmin: { type: 'boolean' },
    fingerprint: { type: 'string' },
    headSeq: { type: 'integer' },
    headHash: { type: 'string' },
  },
} as const;

/** Registers /enrol and /me. */
export async function enrolRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Body: { code: string; deviceId: string; publicKey: PublicKeyJwk; label?: string } }>(
    '/enrol',
    {
      schema: {
        summary: 'Enrol a phone with a one-time code (request signed with the key being registered)',
        body: enrolSchema,
        response: { 200: deviceReply, '4xx': errorSchema },
      },
    },
    async (request) => {
      await takeToken(ctx.db, `enrol-ip:${request.ip}`, ctx.limits.enrolPerIp, ctx.now());
      const body = request.body;
      const headers = request.headers;
      const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : '');
      const time = header(SIGNATURE_HEADERS.time);
      const nonce = header(SIGNATURE_HEADERS.nonce);
      if (header(SIGNATURE_HEADERS.device) !== body.deviceId || !time || !nonce)
        throw new ApiError(
          401,
          'UNSIGNED',
          'an enrolment is signed with the key it registers',
          '登记请求须用所登记的密钥签名',
        );
      if (Math.abs(ctx.now() - Date.parse(time)) > CLOCK_WINDOW_MS || Number.isNaN(Date.parse(time)))
        throw new ApiError(
          401,
          'CLOCK_SKEW',
          `request time ${time} is more than 5 minutes from the server's: check the phone's clock`,
          '请求时间与服务器相差超过 5 分钟：请检查手机时间',
        );
      const statement = requestStatement(
        request.method,
        request.url,
        await sha256Hex(request.rawBody ?? new Uint8Array()),
        body.deviceId,
        time,
        nonce,
      );
      if (!(await verifyJson(body.publicKey, statement, header(SIGNATURE_HEADERS.signature))))
        throw new ApiError(
          401,
          'BAD_SIGNATURE',
          'the enrolment is not signed by the key it registers',
          '登记请求的签名与所登记的密钥不符',
        );
      const hash = codeHash(body.code);
      const badCode = () =>
        new ApiError(
          403,
          'BAD_CODE',
          'the enrolment code is wrong, used or expired: ask the bureau for a new one',
          '登记码错误、已使用或已过期：请向生态环境局索取新码',
        );
      if (!hash) throw badCode();
      const fingerprint = await keyFingerprint(body.publicKey);
      return ctx.db.transaction(async (tx) => {
        const codes = await tx.query<{
          agency_id: string;
          is_admin: boolean;
          label: string;
          used_at: Date | null;
          used_by: string | null;
          expires_at: Date;
        }>(
          'SELECT agency_id, is_admin, label, used_at, used_by, expires_at FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE',
          [hash],
        );
        const code = codes[0];
        if (!code) throw badCode();
        const existing = await tx.query<{ fingerprint: string; agency_id: string }>(
          'SELECT fingerprint, agency_id FROM devices WHERE id = $1',
          [body.deviceId],
        );
        if (code.used_at) {
          // The same phone retrying after a lost answer gets the same answer; anyone else is refused.
          if (code.used_by === body.deviceId && existing[0]?.fingerprint === fingerprint)
            return reply(tx, body.deviceId);
          throw badCode();
        }
        if (new Date(code.expires_at).getTime() < ctx.now()) throw badCode();
        if (existing.length > 0)
          throw new ApiError(
            409,
            'ALREADY_ENROLLED',
            `device ${body.deviceId} is already enrolled; a phone that was reset gets a new device id`,
            `设备 ${body.deviceId} 已登记；重置过的手机会得到新的设备编号`,
          );
        await tx.query(
          `INSERT INTO devices (id, agency_id, is_admin, label, public_key, fingerprint) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            body.deviceId,
            code.agency_id,
            code.is_admin,
            body.label ?? code.label,
            JSON.stringify(body.publicKey),
            fingerprint,
          ],
        );
        await tx.query('UPDATE enrolment_codes SET used_at = now(), used_by = $2 WHERE code_hash = $1', [
          hash,
          body.deviceId,
        ]);
        await tx.query('INSERT INTO request_nonces (device_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          body.deviceId,
          nonce,
        ]);
        return reply(tx, body.deviceId);
      });
    },
  );

  app.get(
    '/me',
    {
      preValidation: signed(ctx),
      schema: { summary: 'The calling device as the server knows it', response: { 200: deviceReply } },
    },
    async (request) => reply(ctx.db, deviceOf(request).id),
  );
}

async function reply(db: Queryable, deviceId: string) {
  const rows = await db.query<{
    id: string;
    agency_id: string;
    role: string;
    is_admin: boolean;
    fingerprint: string;
    head_seq: number;
    head_hash: string;
  }>(
    'SELECT d.id, d.agency_id, a.role, d.is_admin, d.fingerprint, d.head_seq, d.head_hash FROM devices d JOIN agencies a ON a.id = d.agency_id WHERE d.id = $1',
    [deviceId],
  );
  const row = rows[0];
  if (!row) throw new Error(`device ${deviceId} vanished`);
  return {
    deviceId: row.id,
    agencyId: row.agency_id,
    role: row.role,
    isAdmin: row.is_admin,
    fingerprint: row.fingerprint,
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
  };
}
