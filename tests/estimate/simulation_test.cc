// SPDX-License-Identifier: AGPL-3.0-or-later
// Seeded simulation: tables drawn from known log-linear models with a known total; the 95%
// profile-likelihood interval must cover the realised total in at least 93% of replicates.
// (The larger version, with selection, is bench/estimate/coverage_bench.cc.)
#include <cmath>
#include <random>

#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

struct Truth {
  int lists;
  double hidden_mean;
  std::vector<double> main;
  std::vector<std::pair<Term, double>> interactions;
};

double Coverage(const Truth& truth, int replicates, uint64_t seed, Method method) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> names;
  for (int i = 0; i < truth.lists; ++i) names.push_back(std::string(1, static_cast<char>('A' + i)));
  std::vector<Term> terms;
  for (const auto& [t, v] : truth.interactions) terms.push_back(t);
  int covered = 0, fitted = 0;
  for (int r = 0; r < replicates; ++r) {
    std::vector<double> counts(size_t{1} << truth.lists, 0.0);
    double total = 0;
    for (Term cell = 0; cell < counts.size(); ++cell) {
      double eta = std::log(truth.hidden_mean);
      for (int i = 0; i < truth.lists; ++i)
        if (cell & (Term{1} << i)) eta += truth.main[static_cast<size_t>(i)];
      for (const auto& [t, v] : truth.interactions)
        if ((cell & t) == t) eta += v;
      const double y = static_cast<double>(std::poisson_distribution<int64_t>(std::exp(eta))(rng));
      total += y;
      if (cell != 0) counts[cell] = y;
    }
    EstimateOptions options;
    options.method = method;
    options.model = HierarchicalClosure(terms);
    options.threads = 1;
    options.interval = IntervalChoice::kProfile;
    Result<Estimate> e = EstimateTotal(*Overlap::FromCells(names, counts), options);
    if (!e.ok()) continue;
    ++fitted;
    covered += e->ci.low <= total && total <= e->ci.high;
  }
  EXPECT_GE(fitted, replicates * 95 / 100);
  return static_cast<double>(covered) / fitted;
}

TEST(Simulation, ProfileIntervalCoversTheTrueTotalThreeListsWithDependence) {
  const Truth truth{3, 500, {-0.9, -1.1, -0.7}, {{0b011, 0.8}}};
  EXPECT_GE(Coverage(truth, 300, 2024, Method::kModel), 0.93);
}

TEST(Simulation, ProfileIntervalCoversTheTrueTotalFourLists) {
  const Truth truth{4, 700, {-1.0, -1.3, -0.9, -1.1}, {{0b0011, 0.7}, {0b1100, -0.5}}};
  EXPECT_GE(Coverage(truth, 200, 7, Method::kModel), 0.93);
}

TEST(Simulation, IndependentListsCoveredUnderIndependence) {
  const Truth truth{3, 400, {-0.8, -1.0, -1.2}, {}};
  EXPECT_GE(Coverage(truth, 300, 99, Method::kIndependence), 0.93);
}

}  // namespace
}  // namespace palermo::estimate
