// SPDX-License-Identifier: AGPL-3.0-or-later
// Speed of `palermo estimate` on the UK 6-list table: CSV stepwise selection plus a parametric
// bootstrap of 1000 replicates with the selection repeated in each (and the BCa jackknife).
// Usage: estimate_bench UK_6.CSV [replicates=1000] [runs=5] [threads=0]
// Prints the median wall time of `runs` runs; run_bench.sh puts it beside base R's glm.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "estimate/estimate.h"

int main(int argc, char** argv) {
  namespace est = palermo::estimate;
  if (argc < 2) {
    std::fprintf(stderr, "usage: estimate_bench UK_6.CSV [replicates] [runs] [threads]\n");
    return 2;
  }
  const int replicates = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
  palermo::Result<est::CaptureTable> table = est::ReadCaptures(argv[1]);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    return 1;
  }
  const est::Overlap overlap = table->Collapsed();
  est::EstimateOptions options;
  options.method = est::Method::kStepwise;
  options.bootstrap_replicates = replicates;
  options.seed = 20131;
  options.threads = threads;
  options.reselect_in_bootstrap = true;
  std::vector<double> seconds;
  palermo::Result<est::Estimate> e = palermo::Status::Internal("not run");
  for (int run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    e = est::EstimateTotal(overlap, options);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!e.ok()) {
      std::fprintf(stderr, "%s\n", e.status().ToString().c_str());
      return 1;
    }
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf(
      "palermo: N = %.1f, BCa 95%% [%.1f, %.1f], percentile [%.1f, %.1f], %d replicates "
      "(%d failed), %zu terms\n",
      e->total, e->bca->low, e->bca->high, e->percentile->low, e->percentile->high,
      e->bootstrap_replicates, e->bootstrap_failures, e->fit.model.terms.size());
  std::printf("palermo_seconds %.4f (median of %d runs, threads=%d)\n", seconds[seconds.size() / 2],
              runs, threads);
  return 0;
}
