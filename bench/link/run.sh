#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Builds palermo_link_bench in a release build and prints every linkage figure beside its
# reference: accuracy on FEBRL 1-4, Splink fake_1000 and historical_50k, PPRL on FEBRL4;
# pairs scored/s/core, Dice comparisons/s/core, end-to-end 1 M records from 5 agencies.
#   bash bench/link/run.sh [--records N] [--threads T] [--only accuracy|speed] [--case NAME]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${PALERMO_BENCH_BUILD:-$root/build/release}"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$build" -j2 palermo_link_bench >/dev/null
/usr/bin/time -f "peak RSS of the whole bench process: %M KB, wall %e s" \
  "$build/bench/link/palermo_link_bench" "$@"
