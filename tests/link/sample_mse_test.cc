// SPDX-License-Identifier: AGPL-3.0-or-later
// The sample's capture model (examples/sample, docs/sample_data.md) is one that Multiple
// Systems Estimation can recover: with the lists linked perfectly (truth.csv's person ids as
// clusters), the demo's estimate (stepwise selection, profile interval) must contain the true
// population on at least 9 seeds in 10. If the generator's capture model changes so that the
// dependence between lists is no longer of the kind log-linear models fit, this fails.
#include <iostream>
#include <string>

#include "estimate/estimate.h"
#include "sample/sample.h"
#include "testing/testing.h"

namespace palermo::sample {
namespace {

using ::palermo::testing::TempDir;

constexpr int kPeople = 3000;
constexpr int kSeeds = 10;

// The capture table of the sample of `seed` built from the TRUE persons, as `palermo estimate
// --clusters` builds it from `palermo link`'s output.
Result<estimate::CaptureTable> TrueCaptures(uint64_t seed) {
  TempDir dir;
  PALERMO_ASSIGN_OR_RETURN(SampleSummary summary,
                           GenerateSample(dir.path(), {.people = kPeople, .seed = seed}));
  PALERMO_ASSIGN_OR_RETURN(std::string truth,
                           ReadFileToString((dir.path() / "truth.csv").string()));
  const std::string header = "file,record_id,person_id\n";
  if (truth.rfind(header, 0) != 0) return Status::Internal("truth.csv header changed");
  truth = "file,record_id,cluster_id\n" + truth.substr(header.size());
  PALERMO_ASSIGN_OR_RETURN(estimate::CaptureTable table,
                           estimate::ParseClusters(truth, "truth.csv"));
  if (table.Collapsed().observed() != summary.observed_people)
    return Status::Internal("capture table does not count the observed persons");
  return table;
}

struct Coverage {
  int covered = 0;
  int below = 0;  // interval entirely below the truth (underestimate)
};

Coverage RunSeeds(estimate::Method method) {
  Coverage c;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Result<estimate::CaptureTable> table = TrueCaptures(seed);
    EXPECT_TRUE(table.ok()) << table.status();
    if (!table.ok()) continue;
    estimate::EstimateOptions options;
    options.method = method;
    options.threads = 1;
    options.interval = estimate::IntervalChoice::kProfile;
    Result<estimate::Estimate> e = estimate::EstimateTotal(table->Collapsed(), options);
    EXPECT_TRUE(e.ok()) << e.status();
    if (!e.ok()) continue;
    std::cout << estimate::MethodName(method) << " seed " << seed << ": observed " << e->observed
              << ", estimate " << e->total << " (" << e->ci.low << "–" << e->ci.high << ") model";
    for (const std::string& term : estimate::TermNames(e->fit.model, table->list_names))
      std::cout << ' ' << term;
    std::cout << '\n';
    if (e->ci.low <= kPeople && kPeople <= e->ci.high) ++c.covered;
    if (e->ci.high < kPeople) ++c.below;
  }
  return c;
}

TEST(SampleCaptureModel, StepwiseMseOnTrueClustersCoversThePopulation) {
  const Coverage c = RunSeeds(estimate::Method::kStepwise);
  EXPECT_GE(c.covered, 9) << "of " << kSeeds << " seeds";
}

TEST(SampleCaptureModel, ListsAreDependentSoIndependenceUnderestimates) {
  // The lists overlap more than chance (police–immigration, NGO–health, ...): the independence
  // model must miss the truth from below on most seeds, or the sample would not exercise
  // the dependence MSE has to model.
  const Coverage c = RunSeeds(estimate::Method::kIndependence);
  EXPECT_GE(c.below, 8) << "of " << kSeeds << " seeds";
}

}  // namespace
}  // namespace palermo::sample
