#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# bench/server/run.sh [CASES=100000] [SECONDS=15]: web load benchmark of `palermo serve`.
#
# For SQLite, then PostgreSQL (a throw-away server started as tests/store/pg_fixture.sh does):
# builds a database with CASES generated cases of one organisation (bench/server/seed.cc, store
# API), starts `palermo serve` on 127.0.0.1, logs in as that organisation's case worker, and
# runs wrk (Debian package `wrk`; 2 threads, 32 connections, SECONDS each, --latency) with the
# session cookie on (a) one case page, GET /cases/{id}, and (b) the first page of the case list,
# GET /cases. Prints requests/s and p99 latency against the goal of issue 8 (>= 5,000 req/s and
# p99 < 50 ms on the 2-core machine) and the load average (other jobs skew the figures).
# Loopback only; everything is removed at the end. PALERMO_BUILD overrides the release tree.
set -euo pipefail
cases="${1:-100000}"
duration="${2:-15}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${PALERMO_BUILD:-$root/build/bench-server}"
# The load tools are needed by this benchmark only, so they are installed here, not by
# scripts/install-deps.
for tool in wrk curl; do
  command -v "$tool" >/dev/null && continue
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
done

# An existing tree (PALERMO_BUILD) is used with its own build type; a new one is Release.
[[ -f "$build/build.ninja" ]] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
echo "build: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"
ninja -C "$build" -j2 palermo server_bench_seed >/dev/null
palermo="$build/src/cli/palermo"
seed="$build/bench/server/server_bench_seed"

work="$(mktemp -d /tmp/palermo-webbench-XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  bash "$root/tests/store/pg_fixture.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export PALERMO_BENCH_PASSWORD="bench-password-$(date +%s)"

# wrk output -> "req/s p99_ms"
summarise() {
  awk '/Requests\/sec/ {rps=$2}
       /^ +99%/ {v=$2; ms=v+0; if (v ~ /us$/) ms=ms/1000; else if (v ~ /ms$/) ms=ms; else if (v ~ /s$/) ms=ms*1000; p99=ms}
       /Non-2xx/ {bad=$NF}
       END {printf "%s %s %s\n", rps, p99, (bad == "" ? 0 : bad)}'
}

run_engine() {
  local engine="$1" url="$2"
  echo "== $engine: seeding $cases cases"
  "$seed" "$url" "$work/$engine.key" "$cases"
  rm -f "$work/port"
  # The benchmark's case worker logs in with a password alone (no authenticator in wrk).
  "$palermo" --db "$url" --key "$work/$engine.key" serve --listen 127.0.0.1:0 --mfa-roles none \
    --port-file "$work/port" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 1 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
  [[ -s "$work/port" ]] || { echo "the server did not start" >&2; exit 1; }
  local base="http://127.0.0.1:$(cat "$work/port")"
  local login
  login="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench\",\"password\":\"$PALERMO_BENCH_PASSWORD\"}" "$base/api/v1/session")"
  local cookie
  cookie="$(printf '%s' "$login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(palermo_session=[^;]*\).*/\1/p' | head -1)"
  [[ -n "$cookie" ]] || { echo "login failed" >&2; exit 1; }
  local id
  id="$(curl -s -H "Cookie: $cookie" "$base/api/v1/cases?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["id"])')"
  local middle=$((id / 2 > 0 ? id / 2 : id))
  for target in "/cases/$middle" "/cases"; do
    curl -sf -o /dev/null -H "Cookie: $cookie" "$base$target" || { echo "GET $target failed" >&2; exit 1; }
    local out
    out="$(wrk -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" "$base$target")"
    read -r rps p99 bad <<<"$(printf '%s\n' "$out" | summarise)"
    local verdict="meets"
    awk -v r="$rps" -v p="$p99" 'BEGIN {exit !(r >= 5000 && p < 50)}' || verdict="misses"
    printf '%-10s %-16s %10s req/s  p99 %8.2f ms  non-2xx %s  -> %s the goal (>= 5000 req/s, p99 < 50 ms)\n' \
      "$engine" "GET ${target/\/cases\/$middle/\/cases\/\{id\}}" "$rps" "$p99" "$bad" "$verdict"
  done
  echo "load: $(uptime)"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

run_engine sqlite "$work/bench.db"
if bash "$root/tests/store/pg_fixture.sh" start "$work/pg" >/dev/null; then
  run_engine postgresql "$(cat "$work/pg/pg_url")"
else
  echo "PostgreSQL could not be started: skipped" >&2
fi
