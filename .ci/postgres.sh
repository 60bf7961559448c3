#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster on 127.0.0.1 for the gateway tests and benchmarks.
#   eval "$(bash .ci/postgres.sh)"      # prints: export DATABASE_URL=… TEST_DATABASE_URL=…
#   bash .ci/postgres.sh stop           # stops the cluster started from the same PG_DIR
# Installs Debian's postgresql-15 only if it is missing. PostgreSQL refuses to run as root, so as root the cluster
# belongs to a system user (fidelis-pg). Diagnostics go to stderr; stdout carries only the exports.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="${PG_DIR:-/tmp/fidelis-pg}"
PG_PORT="${PG_PORT:-54329}"
PG_USER_OS="${PG_USER_OS:-fidelis-pg}"
PG_DB="${PG_DB:-fidelis_test}"

log() { echo "postgres.sh: $*" >&2; }

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u "$PG_USER_OS" -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  [ -d "$PG_DIR/data" ] && as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >&2 || true
  exit 0
fi

if [ ! -x "$PG_BIN/initdb" ]; then
  log "installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql-15 >&2
fi

if [ "$(id -u)" = "0" ] && ! id "$PG_USER_OS" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER_OS"
fi

if [ -f "$PG_DIR/data/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
  log "already running in $PG_DIR"
else
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = "0" ] && chown "$PG_USER_OS" "$PG_DIR"
  as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-instructions >/dev/null
  # Throw-away data: durability settings stay at their defaults so benchmarks measure what production would pay.
  as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200" start >&2
  as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAt -c "CREATE DATABASE $PG_DB" >&2
  log "started on 127.0.0.1:$PG_PORT (data in $PG_DIR/data)"
fi

URL="postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB"
echo "export DATABASE_URL=$URL"
echo "export TEST_DATABASE_URL=$URL"
