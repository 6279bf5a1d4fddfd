/**
 * Checks a signed request (server/src/sign-request.ts) and returns the device that sent it: known, not
 * revoked, signature by its enrolled key over this method, path and body, time within the window, nonce
 * never seen. Each refusal says which of these failed.
 */
import { sha256Hex } from '../../src/records/canonical-json.ts';
import { type PublicKeyJwk, verifyJson } from '../../src/records/device-key.ts';
import type { Queryable } from './database.ts';
import { ApiError } from './errors.ts';
import type { Role } from './roles.ts';
import { requestStatement, SIGNATURE_HEADERS } from './sign-request.ts';

/** How far a request's time may be from the server's (both ways). */
export const CLOCK_WINDOW_MS = 5 * 60_000;

/** An enrolled device as the routes see it. */
export interface Device {
  id: string;
  agencyId: string;
  role: Role;
  isAdmin: boolean;
  publicKey: PublicKeyJwk;
  area: AgencyArea | null;
  headSeq: number;
  headHash: string;
}

/** A county's area: its GeoJSON polygon and bounding box. */
export interface AgencyArea {
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
  bbox: [number, number, number, number];
}

/** What the check reads from a request. */
export interface RequestParts {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/** The device row joined with its agency. */
export async function loadDevice(db: Queryable, id: string): Promise<(Device & { revoked: boolean }) | null> {
  const rows = await db.query<{
    id: string;
    agency_id: string;
    role: Role;
    is_admin: boolean;
    public_key: PublicKeyJwk;
    revoked_at: Date | null;
    head_seq: number;
    head_hash: string;
    area: AgencyArea['geometry'] | null;
    area_min_lng: number | null;
    area_min_lat: number | null;
    area_max_lng: number | null;
    area_max_lat: number | null;
  }>(
    `SELECT d.id, d.agency_id, a.role, d.is_admin, d.public_key, d.revoked_at, d.head_seq, d.head_hash,
            a.area, a.area_min_lng, a.area_min_lat, a.area_max_lng, a.area_max_lat
       FROM devices d JOIN agencies a ON a.id = d.agency_id WHERE d.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    agencyId: row.agency_id,
    role: row.role,
    isAdmin: row.is_admin,
    publicKey: row.public_key,
    revoked: row.revoked_at !== null,
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    area:
      row.area && row.area_min_lng !== null
        ? {
            geometry: row.area,
            bbox: [
              row.area_min_lng,
              row.area_min_lat as number,
              row.area_max_lng as number,
              row.area_max_lat as number,
            ],
          }
        : null,
  };
}

/** The device behind a signed request, or an ApiError saying why not. */
export async function authenticateDevice(db: Queryable, request: RequestParts, now = Date.now()): Promise<Device> {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const deviceId = header(SIGNATURE_HEADERS.device);
  const time = header(SIGNATURE_HEADERS.time);
  const nonce = header(SIGNATURE_HEADERS.nonce);
  const signature = header(SIGNATURE_HEADERS.signature);
  if (!deviceId || !time || !nonce || !signature)
    throw new ApiError(
      401,
      'UNSIGNED',
      `a signed request needs the headers ${Object.values(SIGNATURE_HEADERS).join(', ')}`,
      '请求未签名：缺少设备签名信息',
    );
  const at = Date.parse(time);
  if (Number.isNaN(at) || Math.abs(now - at) > CLOCK_WINDOW_MS)
    throw new ApiError(
      401,
      'CLOCK_SKEW',
      `request time ${time} is more than 5 minutes from the server's (${new Date(now).toISOString()}): check the phone's clock`,
      '请求时间与服务器相差超过 5 分钟：请检查手机时间',
      { serverTime: new Date(now).toISOString() },
    );
  if (!NONCE.test(nonce))
    throw new ApiError(401, 'UNSIGNED', 'the nonce must be 16–64 base64url characters', '随机数格式不对');
  const device = await loadDevice(db, deviceId);
  if (!device)
    throw new ApiError(401, 'UNKNOWN_DEVICE', `device ${deviceId} is not enrolled`, `设备 ${deviceId} 未登记`);
  if (device.revoked)
    throw new ApiError(403, 'REVOKED', `device ${deviceId} was revoked`, `设备 ${deviceId} 已被吊销，请联系生态环境局`);
  const statement = requestStatement(request.method, request.url, await sha256Hex(request.body), deviceId, time, nonce);
  if (!(await verifyJson(device.publicKey, statement, signature)))
    throw new ApiError(401, 'BAD_SIGNATURE', 'the request signature does not verify', '请求签名无效');
  // Only after the signature holds, so nobody can fill the nonce table in a device's name.
  const fresh = await db.query(
    'INSERT INTO request_nonces (device_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
    [deviceId, nonce],
  );
  if (fresh.length === 0)
    throw new ApiError(401, 'REPLAYED', 'this request was already received (replayed)', '重复的请求（重放）已拒绝');
  const { revoked: _revoked, ...rest } = device;
  return rest;
}

/** Forgets nonces older than twice the clock window (a request that old is refused for its time anyway). */
export async function forgetOldNonces(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM request_nonces WHERE at < now() - interval '10 minutes'`);
}
