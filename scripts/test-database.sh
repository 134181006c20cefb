#!/usr/bin/env bash
# Prints a DATABASE_URL for the test suite on stdout (messages go to stderr):
#   1. DATABASE_URL from the environment, if set;
#   2. else the PostgreSQL server on 127.0.0.1:5432, if one answers (user postgres);
#   3. else a throwaway cluster started from the installed PostgreSQL binaries (installing Debian's
#      `postgresql` package when they are missing), in var/pgtest, on port 54329.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if [ -n "${DATABASE_URL:-}" ]; then
  echo "test database: DATABASE_URL from the environment" >&2
  echo "$DATABASE_URL"; exit 0
fi

can_connect() {
  "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PYEOF
}

LOCAL="postgres://postgres@127.0.0.1:5432/postgres"
if can_connect "$LOCAL"; then
  echo "test database: the PostgreSQL server on 127.0.0.1:5432" >&2
  echo "postgres://postgres@127.0.0.1:5432/werkplaats"; exit 0
fi

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "test database: installing Debian's postgresql package" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
DIR="$PWD/var/pgtest"
PORT=54329
THROWAWAY="postgres://postgres@127.0.0.1:$PORT/postgres"
if ! can_connect "$THROWAWAY"; then
  rm -rf "$DIR"; mkdir -p "$DIR"
  RUN=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR" 2>/dev/null || chown nobody "$DIR"; RUN=(su -s /bin/sh "$(stat -c %U "$DIR")" -c); fi
  if [ ${#RUN[@]} -gt 0 ]; then
    "${RUN[@]}" "$BIN/initdb -D $DIR/data -U postgres -A trust >/dev/null"
    "${RUN[@]}" "$BIN/pg_ctl -D $DIR/data -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off' -l $DIR/log -w start >/dev/null"
  else
    "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
    "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" -l "$DIR/log" -w start >/dev/null
  fi
fi
echo "test database: a throwaway cluster from $BIN in var/pgtest (port $PORT)" >&2
echo "postgres://postgres@127.0.0.1:$PORT/werkplaats"
