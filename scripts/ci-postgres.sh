#!/usr/bin/env bash
# A private PostgreSQL 15 + PostGIS 3 for the server tests (tests/server). Idempotent: installs the Debian
# packages when missing, makes a cluster once (initdb) under $COALZONE_PG_DIR, starts it when it is not
# running, on 127.0.0.1:$COALZONE_PG_PORT only, creates the database with the postgis extension, and prints
# one line for the caller to eval:
#   eval "$(bash scripts/ci-postgres.sh)"   # exports COALZONE_TEST_DATABASE_URL
# Everything else goes to stderr. CI runs as root: the cluster then runs as the `postgres` system user (the
# server refuses to run as root); a developer who is not root runs it as themselves.
set -euo pipefail

PG_DIR="${COALZONE_PG_DIR:-/tmp/coalzone-pg}"
PG_PORT="${COALZONE_PG_PORT:-55432}"
PG_DB="${COALZONE_PG_DB:-coalzone_test}"
BIN=/usr/lib/postgresql/15/bin

log() { echo "ci-postgres: $*" >&2; }

missing=()
dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql-15)
dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || missing+=(postgresql-15-postgis-3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages ${missing[*]}: run as root, or: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

# Run a command as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
  OWNER=postgres
else
  as_owner() { "$@"; }
  OWNER="$(id -un)"
fi

mkdir -p "$PG_DIR"
chown "$OWNER" "$PG_DIR"
chmod 700 "$PG_DIR"

if [ ! -s "$PG_DIR/password" ]; then
  # A password even on loopback: other local users must not reach the test database by chance.
  as_owner sh -c "umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > '$PG_DIR/password'"
fi
PASSWORD="$(as_owner cat "$PG_DIR/password")"

if [ ! -s "$PG_DIR/data/PG_VERSION" ]; then
  log "initdb in $PG_DIR/data"
  as_owner rm -rf "$PG_DIR/data"
  as_owner "$BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/password" \
    --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 >&2
  as_owner mkdir -p "$PG_DIR/socket"
fi

if ! as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
  log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT"
  # fsync off: a throwaway test cluster; crash safety is not what the tests measure.
  as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR/socket -c fsync=off -c max_connections=200" \
    start >&2
fi

if [ ! -x /usr/bin/psql ]; then
  log "psql not found (package postgresql-client-15)"
  exit 1
fi
psql_owner() { as_owner env PGOPTIONS="-c client_min_messages=warning" /usr/bin/psql -h "$PG_DIR/socket" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

if [ "$(psql_owner -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  log "creating database $PG_DB"
  psql_owner -d postgres -c "CREATE DATABASE $PG_DB" >&2
fi
psql_owner -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2
log "PostGIS $(psql_owner -d "$PG_DB" -c 'SELECT postgis_lib_version()') ready"

echo "export COALZONE_TEST_DATABASE_URL=postgres://postgres:$PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
