#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the server tests and prints the URL to use as
# YUANQU_TEST_POSTGRES_URL. Installs PostgreSQL from Debian's packages when it is missing.
#   usage: eval "$(scripts/test-postgres.sh start)"   ...   scripts/test-postgres.sh stop
set -euo pipefail
PORT="${YUANQU_PG_PORT:-55432}"
DIR="${YUANQU_PG_DIR:-/tmp/yuanqu-pg-$PORT}"
pgbin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ]; then
    echo "installing postgresql from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$d"
}
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "${1:-start}" in
  start)
    BIN=$(pgbin)
    if [ -f "$DIR/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl -D $DIR -m fast stop" >&2 || true; fi
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_postgres "$BIN/initdb -D $DIR -A trust -U postgres -E UTF8 --no-locale" >/dev/null
    as_postgres "$BIN/pg_ctl -D $DIR -o \"-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off\" -l $DIR/server.log -w start" >&2
    as_postgres "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres yuanqu_test"
    echo "export YUANQU_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/yuanqu_test?sslmode=disable"
    ;;
  stop)
    BIN=$(pgbin)
    as_postgres "$BIN/pg_ctl -D $DIR -m fast stop" >&2 || true
    ;;
esac
