/**
 * JSON schemas of the wire format (Fastify validates every request body against them, and @fastify/swagger
 * publishes them in /openapi.json). They bound every string and list, so a body's size bounds the work.
 */

const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const UUID = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;
const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const TIME = { type: 'string', minLength: 10, maxLength: 40 } as const;

/** A P-256 public key as a JWK. */
export const publicKeySchema = {
  type: 'object',
  required: ['kty', 'crv', 'x', 'y'],
  properties: {
    kty: { const: 'EC' },
    crv: { const: 'P-256' },
    x: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
    y: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
  },
} as const;

/** A signed chain head (src/records/signed-head.ts). */
export const headSchema = {
  type: 'object',
  required: ['format', 'deviceId', 'publicKey', 'seq', 'hash', 'at', 'signature'],
  additionalProperties: false,
  properties: {
    format: { const: 'coalzone-head' },
    deviceId: ID,
    publicKey: publicKeySchema,
    seq: { type: 'integer', minimum: 0 },
    hash: HEX64,
    at: TIME,
    signature: { type: 'string', maxLength: 100 },
  },
} as const;

/** One audit entry (src/records/audit-chain.ts). */
export const entrySchema = {
  type: 'object',
  required: ['seq', 'recordId', 'op', 'at', 'author', 'deviceId', 'payloadHash', 'prevHash', 'hash'],
  additionalProperties: false,
  properties: {
    seq: { type: 'integer', minimum: 1 },
    recordId: ID,
    op: { enum: ['create', 'update', 'delete', 'import'] },
    at: TIME,
    author: {
      type: 'object',
      required: ['role', 'officerId'],
      additionalProperties: false,
      properties: { role: { type: 'string', maxLength: 40 }, officerId: { type: 'string', maxLength: 100 } },
    },
    deviceId: ID,
    payloadHash: HEX64,
    prevHash: HEX64,
    hash: HEX64,
  },
} as const;

/** A photo reference inside a record. */
export const photoRefSchema = {
  type: 'object',
  required: ['id', 'sha256', 'type', 'size'],
  properties: {
    id: ID,
    sha256: HEX64,
    type: { enum: ['image/jpeg', 'image/png', 'image/webp'] },
    size: { type: 'integer', minimum: 1, maximum: 8 * 1024 * 1024 },
  },
} as const;

/** A field record's envelope (src/records/record.ts); `fields` are checked by the app's own validator. */
export const recordSchema = {
  type: 'object',
  required: [
    'id',
    'kind',
    'schemaVersion',
    'createdAt',
    'updatedAt',
    'deleted',
    'deviceId',
    'author',
    'location',
    'zoneAnswer',
    'photos',
    'status',
    'statusHistory',
    'fields',
  ],
  properties: {
    id: UUID,
    kind: {
      enum: [
        'sales-point',
        'appliance',
        'violation-report',
        'exempt-enterprise',
        'checkpoint-inspection',
        'checkpoint',
      ],
    },
    schemaVersion: { type: 'integer', minimum: 1 },
    createdAt: TIME,
    updatedAt: TIME,
    deleted: { type: 'boolean' },
    deviceId: ID,
    author: entrySchema.properties.author,
    location: {
      type: 'object',
      required: ['lng', 'lat', 'accuracyM', 'source'],
      properties: {
        lng: { type: 'number', minimum: -180, maximum: 180 },
        lat: { type: 'number', minimum: -90, maximum: 90 },
        accuracyM: { type: 'number', minimum: 0 },
        source: { enum: ['gps', 'map', 'typed', 'place'] },
      },
    },
    zoneAnswer: { type: ['object', 'null'] },
    photos: { type: 'array', maxItems: 20, items: photoRefSchema },
    status: { type: 'string', maxLength: 40 },
    statusHistory: { type: 'array', maxItems: 500 },
    fields: { type: 'object' },
  },
} as const;

/** Most entries and records one push may carry (a phone with more pushes in batches, one signed head each). */
export const PUSH_LIMIT = 2_000;

/** POST /sync/push. */
export const pushSchema = {
  type: 'object',
  required: ['head', 'entries', 'records'],
  additionalProperties: false,
  properties: {
    head: headSchema,
    entries: { type: 'array', maxItems: PUSH_LIMIT, items: entrySchema },
    records: { type: 'array', maxItems: PUSH_LIMIT, items: recordSchema },
  },
} as const;

/** The error response of every route. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        zh: { type: 'string' },
        detail: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

/** Shared pieces for the route files. */
export const schemaParts = { HEX64, UUID, ID, TIME } as const;
