// SPDX-License-Identifier: AGPL-3.0-or-later
// Coverage of the 95% intervals on data simulated from known log-linear models with a known
// total (the larger twin of tests/estimate/simulation_test.cc).
// Usage: estimate_coverage_bench [replicates=2000] [seed=1]
// Each scenario: cells of all 2^K patterns (the hidden one included) drawn from Poisson with
// the model's means; the truth is the realised total. The true model is fitted (method
// "model") and, separately, selected by the stepwise rule and by BIC.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "estimate/estimate.h"

namespace est = palermo::estimate;

struct Scenario {
  const char* name;
  int lists;
  double hidden_mean;        // exp(intercept)
  std::vector<double> main;  // log odds of being on each list
  std::vector<std::pair<est::Term, double>> interactions;
};

int main(int argc, char** argv) {
  const int replicates = argc > 1 ? std::atoi(argv[1]) : 2000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const std::vector<Scenario> scenarios = {
      {"3 lists, independent", 3, 600, {-1.0, -1.2, -0.8}, {}},
      {"3 lists, A:B = 0.8", 3, 600, {-1.0, -1.2, -0.8}, {{0b011, 0.8}}},
      {"4 lists, A:B 0.7, C:D -0.5",
       4,
       800,
       {-1.0, -1.3, -0.9, -1.1},
       {{0b0011, 0.7}, {0b1100, -0.5}}},
      {"5 lists, sparse",
       5,
       1500,
       {-1.5, -1.8, -1.6, -2.0, -1.7},
       {{0b00011, 1.0}, {0b01100, 0.6}}},
  };
  std::printf("%-28s %-10s %9s %9s %9s %9s\n", "scenario", "fit", "profile", "wald-log", "mean N^",
              "truth N");
  for (const Scenario& s : scenarios) {
    std::vector<std::string> names;
    for (int i = 0; i < s.lists; ++i) names.push_back(std::string(1, static_cast<char>('A' + i)));
    std::vector<est::Term> terms;
    for (const auto& [t, v] : s.interactions) terms.push_back(t);
    const est::Model truth_model = est::HierarchicalClosure(terms);
    for (est::Method method : {est::Method::kModel, est::Method::kStepwise, est::Method::kBic}) {
      std::mt19937_64 rng(seed);
      int covered_profile = 0, covered_wald = 0, fitted = 0;
      double sum_estimate = 0, sum_truth = 0;
      for (int r = 0; r < replicates; ++r) {
        std::vector<double> counts(size_t{1} << s.lists, 0.0);
        double truth = 0;
        for (est::Term cell = 0; cell < counts.size(); ++cell) {
          double eta = std::log(s.hidden_mean);
          for (int i = 0; i < s.lists; ++i)
            if (cell & (est::Term{1} << i)) eta += s.main[static_cast<size_t>(i)];
          for (const auto& [t, v] : s.interactions)
            if ((cell & t) == t) eta += v;
          const double y =
              static_cast<double>(std::poisson_distribution<int64_t>(std::exp(eta))(rng));
          truth += y;
          if (cell != 0) counts[cell] = y;
        }
        palermo::Result<est::Overlap> o = est::Overlap::FromCells(names, counts);
        if (!o.ok()) continue;
        est::EstimateOptions options;
        options.method = method;
        options.model = truth_model;
        options.threads = 1;
        palermo::Result<est::Estimate> e = est::EstimateTotal(*o, options);
        if (!e.ok()) continue;
        ++fitted;
        sum_estimate += e->total;
        sum_truth += truth;
        covered_profile += e->profile.low <= truth && truth <= e->profile.high;
        covered_wald += e->wald_log.low <= truth && truth <= e->wald_log.high;
      }
      std::printf("%-28s %-10s %8.1f%% %8.1f%% %9.1f %9.1f  (%d/%d fitted)\n", s.name,
                  std::string(est::MethodName(method)).c_str(), 100.0 * covered_profile / fitted,
                  100.0 * covered_wald / fitted, sum_estimate / fitted, sum_truth / fitted, fitted,
                  replicates);
    }
  }
  return 0;
}
