#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Linking from the database against linking the same rows from files (issue goal: the
# database within 1.5x the files' time). Generates the synthetic sample, imports it into a
# fresh SQLite database, then times `palermo link --mapping … FILE…` (files) and
# `palermo link --full` (database: audited read + decrypt + link + writing every person).
#   bash bench/persons/run.sh [PEOPLE]      (default 1,100,000 people ≈ 1 M rows)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${PALERMO_BENCH_BUILD:-$root/build/release}"
people="${1:-1100000}"
ninja -C "$build" -j2 palermo >/dev/null
palermo="$build/src/cli/palermo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$palermo" --quiet sample --out s --people "$people" --seed 7
export PALERMO_DB="$work/b.db"
"$palermo" --quiet init
agencies=(police labour_inspection ngo_shelter health immigration)
for a in "${agencies[@]}"; do
  "$palermo" --quiet import --mapping "s/mappings/$a.json" "s/$a.csv" || [[ $? -eq 9 ]]
done
rows=$(( $(cat s/*.csv | wc -l) - ${#agencies[@]} - $(wc -l < s/truth.csv) ))
files=()
for a in "${agencies[@]}"; do files+=("s/$a.csv"); done
t0=$(date +%s.%N)
"$palermo" --quiet link --threads 2 --mapping s/link_mapping.json --out c.csv "${files[@]}"
t1=$(date +%s.%N)
/usr/bin/time -f "%M" -o rss.txt "$palermo" --quiet link --full --threads 2
t2=$(date +%s.%N)
awk -v r="$rows" -v f="$(echo "$t1 - $t0" | bc)" -v d="$(echo "$t2 - $t1" | bc)" -v m="$(cat rss.txt)" 'BEGIN {
  printf "rows %d: files %.1f s, database %.1f s (%.2fx; goal <= 1.5x), database peak RSS %d MB\n", r, f, d, d / f, m / 1024 }'
