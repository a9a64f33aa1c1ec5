#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Side-by-side speed of Palermo and base R (glm) on the UK 6-list table: CSV stepwise
# selection + 1000 parametric bootstrap replicates with reselection + BCa jackknife.
# Installs Debian r-base-core if Rscript is missing (this script only; never the tests).
# Usage: bench/estimate/run_bench.sh [BUILD_DIR=build/release] [replicates=1000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build/release}"
replicates="${2:-1000}"
data="$root/../shared/data/mse/uk_6.csv"
bench="$build/bench/estimate/estimate_bench"
if [[ ! -x "$bench" ]]; then
  echo "build the release configuration first: $bench not found" >&2
  exit 1
fi
if ! command -v Rscript >/dev/null 2>&1; then
  echo "installing r-base-core (Debian) for the reference run"
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends r-base-core
fi
echo "== Palermo (C++, Eigen + GLPK, $(nproc) threads)"
p_out="$("$bench" "$data" "$replicates" 5)"
echo "$p_out"
echo "== base R $(Rscript -e 'cat(R.version$major, R.version$minor, sep=".")') glm, same job"
r_out="$(Rscript "$root/bench/estimate/stepwise_bootstrap.R" "$data" "$replicates")"
echo "$r_out"
p_s="$(awk '/^palermo_seconds/ {print $2}' <<<"$p_out")"
r_s="$(awk '/^r_seconds/ {print $2}' <<<"$r_out")"
awk -v p="$p_s" -v r="$r_s" 'BEGIN {
  printf "palermo %.3f s, R %.2f s: Palermo is %.0fx faster (goal: < 1 s and >= 50x)\n", p, r, r / p }'
