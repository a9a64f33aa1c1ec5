#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# tests/store/pg_fixture.sh start|stop DIR — a throw-away PostgreSQL 15 server for the store
# tests (CTest fixture "pg").
#   start: initdb into a fresh temp dir owned by an unprivileged user (postgres when run as
#          root), start the server on 127.0.0.1 only, on a free random port, with its unix socket
#          in that temp dir; create database "palermo"; write the libpq URL to DIR/pg_url.
#   stop:  stop the server and remove the temp dir and DIR/pg_url.
# Each build tree passes its own DIR, so the release and asan passes can run at the same time.
# Exits non-zero (and the tests that need the fixture then fail) if the server cannot start.
set -euo pipefail
action="${1:-}"
dir="${2:-}"
[[ "$action" == start || "$action" == stop ]] && [[ -n "$dir" ]] || {
  echo "usage: pg_fixture.sh start|stop DIR" >&2
  exit 2
}
pgbin="${PALERMO_PG_BIN:-/usr/lib/postgresql/15/bin}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# The server user must be able to stat its working directory; the build tree may be closed.
cd /tmp

as_pg() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_server() {
  local data="$1"
  [[ -d "$data" ]] || return 0
  if [[ -f "$data/postmaster.pid" ]]; then
    as_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
}

if [[ "$action" == stop ]]; then
  if [[ -f "$dir/pg_datadir" ]]; then
    stop_server "$(cat "$dir/pg_datadir")"
  fi
  rm -f "$dir/pg_url" "$dir/pg_datadir"
  exit 0
fi

# start: a previous run that was interrupted may have left a server behind.
if [[ -f "$dir/pg_datadir" ]]; then
  stop_server "$(cat "$dir/pg_datadir")"
fi
rm -f "$dir/pg_url" "$dir/pg_datadir"

[[ -x "$pgbin/initdb" ]] || { echo "pg_fixture: $pgbin/initdb not found (apt-get install postgresql-15)" >&2; exit 1; }

# /tmp, not the build tree: the server's user must be able to reach its data directory.
data="$(mktemp -d /tmp/palermo-pg-XXXXXX)"
echo "$data" >"$dir/pg_datadir"
if [[ "$(id -u)" == 0 ]]; then
  chown postgres:postgres "$data"
fi
chmod 700 "$data"
as_pg "$pgbin/initdb" -D "$data/db" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

started=0
for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  # fsync off: a throw-away server, durability is not what these tests measure.
  if as_pg "$pgbin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  sleep 0.$((RANDOM % 9 + 1))
done
if [[ "$started" != 1 ]]; then
  echo "pg_fixture: PostgreSQL did not start; server log:" >&2
  tail -20 "$data/server.log" >&2 || true
  exit 1
fi
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres palermo
echo "postgresql://postgres@127.0.0.1:$port/palermo" >"$dir/pg_url"
echo "pg_fixture: PostgreSQL on 127.0.0.1:$port (data in $data)"
