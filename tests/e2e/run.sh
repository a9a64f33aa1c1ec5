#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Browser end-to-end tests of the web app (issue #8): starts `palermo serve` on a throw-away
# SQLite database and a free loopback port, creates the accounts with `palermo user add`, and
# runs scenario.mjs (playwright-core driving Debian's /usr/bin/chromium, no browser download)
# once in French and once in English. Screenshots go to ARTIFACTS.
#
#   tests/e2e/run.sh PALERMO_BINARY ARTIFACTS_DIR
#
# Exit status: 0 when both scenarios pass; 77 (CTest SKIP_RETURN_CODE) only when chromium, node
# or npm is missing; anything else is a failure.
set -eu

palermo=${1:?usage: run.sh PALERMO_BINARY ARTIFACTS_DIR}
artifacts=${2:?usage: run.sh PALERMO_BINARY ARTIFACTS_DIR}
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (Debian packages nodejs and npm)"
    exit 77
  fi
done
if [ ! -x "$chromium" ]; then
  echo "SKIPPED: $chromium is not installed (Debian package chromium)"
  exit 77
fi

mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)

# playwright-core is installed from package-lock.json beside the artifacts (never into the
# source tree), once per lock file; npm's cache makes later installs offline.
modules="$artifacts/../e2e-node"
mkdir -p "$modules"
cp "$here/package.json" "$here/package-lock.json" "$here/scenario.mjs" "$modules/"
if ! cmp -s "$here/package-lock.json" "$modules/node_modules/.palermo-lock" 2>/dev/null; then
  (cd "$modules" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || {
    echo "FAILED: npm ci could not install playwright-core (is the npm registry or cache reachable?)"
    exit 1
  }
  cp "$here/package-lock.json" "$modules/node_modules/.palermo-lock"
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

password="e2e passphrase $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" >"$work/password"
db="$work/palermo.db"
key="$work/palermo.key"
"$palermo" -q --db "$db" --key "$key" init
for account in "worker case_worker police" "decider decision_maker nrm" \
               "shelter case_worker shelter_org"; do
  set -- $account
  "$palermo" -q --db "$db" --key "$key" user add "$1" --role "$2" --org "$3" <"$work/password"
done

# The decision maker logs in with a verification code from the secret `palermo user mfa enable`
# printed (scenario.mjs computes it); the case workers, whose role is not enforced here, with
# their password alone.
"$palermo" -q --db "$db" --key "$key" user mfa enable decider | head -1 >"$work/decider.otpauth"

"$palermo" -q --db "$db" --key "$key" serve --listen 127.0.0.1:0 --port-file "$work/port" \
  --mfa-roles decision_maker 2>"$artifacts/server-access.log" &
server_pid=$!
i=0
while [ ! -s "$work/port" ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FAILED: palermo serve did not start"
    cat "$artifacts/server-access.log"
    exit 1
  fi
  sleep 0.1
done
base="http://127.0.0.1:$(tr -d '\n' <"$work/port")"

status=0
for lang in fr en; do
  CHROMIUM="$chromium" node "$modules/scenario.mjs" --base "$base" --lang "$lang" \
    --artifacts "$artifacts" --password-file "$work/password" \
    --otpauth-file "$work/decider.otpauth" || status=1
done

# The access log must hold no personal data: the scenario's family name never appears.
if grep -q "Testperson" "$artifacts/server-access.log"; then
  echo "FAILED: a name reached the access log"
  status=1
fi
exit "$status"
