-- The sync server's tables. Plain PostgreSQL (runs on PostgreSQL 15 and on PGlite); PostGIS columns come in
-- 0002-locations.postgis.sql, applied only where the extension is installed.

-- Agencies: the ecology bureau (admin, sees all), police, market regulation, city management, counties.
CREATE TABLE agencies (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('ecology', 'police', 'market-regulation', 'city-management', 'county')),
  -- A county's own area: a GeoJSON Polygon or MultiPolygon (WGS-84) and its bounding box.
  area jsonb,
  area_min_lng double precision,
  area_min_lat double precision,
  area_max_lng double precision,
  area_max_lat double precision,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Enrolled phones. The public key verifies every request and every signed chain head; the head is the anchor
-- the device's later pushes and backups must extend.
CREATE TABLE devices (
  id text PRIMARY KEY,
  agency_id text NOT NULL REFERENCES agencies (id),
  is_admin boolean NOT NULL DEFAULT false,
  label text NOT NULL DEFAULT '',
  public_key jsonb NOT NULL,
  fingerprint text NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  head_seq bigint NOT NULL DEFAULT 0,
  head_hash text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  head jsonb
);

-- One-time enrolment codes; only their SHA-256 is kept.
CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  agency_id text NOT NULL REFERENCES agencies (id),
  is_admin boolean NOT NULL DEFAULT false,
  label text NOT NULL DEFAULT '',
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text
);

-- Nonces of signed requests seen within the clock window: a replayed request is refused.
CREATE TABLE request_nonces (
  device_id text NOT NULL,
  nonce text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX request_nonces_at ON request_nonces (at);

-- Every device's audit chain, entry by entry, as pushed and verified.
CREATE TABLE device_audit (
  device_id text NOT NULL REFERENCES devices (id),
  seq bigint NOT NULL,
  record_id text NOT NULL,
  payload_hash text NOT NULL,
  hash text NOT NULL,
  entry jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq)
);
-- "Had this device seen that version of the record?" (fast-forward or conflict).
CREATE INDEX device_audit_version ON device_audit (device_id, record_id, payload_hash);

-- The current version of every record. changed_seq orders changes for pull (assigned under the clock lock,
-- so it grows in commit order and a pull cursor never skips a change).
CREATE TABLE records (
  id text PRIMARY KEY,
  kind text NOT NULL,
  hash text NOT NULL,
  body jsonb NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  status text NOT NULL,
  deleted boolean NOT NULL,
  origin_device text,
  changed_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_changed ON records (changed_seq);
CREATE INDEX records_kind_changed ON records (kind, changed_seq);

-- Every version the server accepted, with the device that sent it (null: the server's own change) and what the
-- device had signed (differs from hash when hidden fields were restored on a fast-forward).
CREATE TABLE record_versions (
  record_id text NOT NULL,
  hash text NOT NULL,
  device_hash text,
  body jsonb NOT NULL,
  device_id text,
  changed_seq bigint NOT NULL,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, changed_seq)
);
-- "Which photos does this device still owe?" (apply-push.ts missingPhotos).
CREATE INDEX record_versions_device ON record_versions (device_id, record_id);

-- Concurrent edits, side by side, for a person: never last-write-wins.
CREATE TABLE conflicts (
  id text PRIMARY KEY,
  record_id text NOT NULL,
  incoming jsonb NOT NULL,
  incoming_hash text NOT NULL,
  local_hash text NOT NULL,
  device_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution text CHECK (resolution IN ('server', 'incoming'))
);
CREATE UNIQUE INDEX conflicts_version ON conflicts (record_id, incoming_hash);

-- The server's own audit chain (resident reports, conflict resolutions), entries as src/records builds them.
CREATE TABLE server_audit (
  seq bigint PRIMARY KEY,
  record_id text NOT NULL,
  hash text NOT NULL,
  entry jsonb NOT NULL
);

-- One row: the change counter. Writers lock it first, which orders their commits.
CREATE TABLE sync_clock (
  id integer PRIMARY KEY CHECK (id = 1),
  value bigint NOT NULL
);
INSERT INTO sync_clock (id, value) VALUES (1, 0);

-- Photos by SHA-256 (bytes in the photo store), and which records name them.
CREATE TABLE photos (
  sha256 text PRIMARY KEY,
  type text NOT NULL,
  size bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE photo_refs (
  sha256 text NOT NULL,
  record_id text NOT NULL,
  type text NOT NULL,
  size bigint NOT NULL,
  PRIMARY KEY (sha256, record_id)
);
CREATE INDEX photo_refs_record ON photo_refs (record_id);

-- Residents' reports: the receipt is what the resident keeps to ask for the status.
CREATE TABLE reports (
  receipt text PRIMARY KEY,
  install_id text NOT NULL,
  client_report_id text NOT NULL,
  record_id text NOT NULL REFERENCES records (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (install_id, client_report_id)
);

-- Fixed-window counters for abuse limits, in the database so every API instance shares them.
CREATE TABLE rate_counts (
  key text NOT NULL,
  window_start bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
