// SPDX-License-Identifier: AGPL-3.0-or-later
// Parametric bootstrap (--interval parametric): seeded, independent of the thread count, BCa and percentile.
#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::SharedData;

Overlap Kosovo() { return ReadCaptures(SharedData("mse/kosovo_4.csv"))->Collapsed(); }

EstimateOptions Options(int threads, uint64_t seed, bool reselect) {
  EstimateOptions o;
  o.method = Method::kStepwise;
  o.interval = IntervalChoice::kParametric;
  o.bootstrap_replicates = 200;
  o.seed = seed;
  o.threads = threads;
  o.reselect_in_bootstrap = reselect;
  return o;
}

TEST(Bootstrap, SameSeedSameIntervalWhateverTheThreadCount) {
  Result<Estimate> one = EstimateTotal(Kosovo(), Options(1, 42, true));
  Result<Estimate> three = EstimateTotal(Kosovo(), Options(3, 42, true));
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(one->bca->low, three->bca->low);
  EXPECT_EQ(one->bca->high, three->bca->high);
  EXPECT_EQ(one->percentile->low, three->percentile->low);
  EXPECT_EQ(one->bootstrap_replicates, 200);
}

TEST(Bootstrap, AnotherSeedGivesAnotherDraw) {
  Result<Estimate> a = EstimateTotal(Kosovo(), Options(2, 1, false));
  Result<Estimate> b = EstimateTotal(Kosovo(), Options(2, 2, false));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->percentile->low, b->percentile->low);
}

TEST(Bootstrap, BcaIsReportedAndBracketsTheEstimate) {
  Result<Estimate> e = EstimateTotal(Kosovo(), Options(2, 7, false));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ci.method, IntervalMethod::kBca);
  EXPECT_LT(e->bca->low, e->total);
  EXPECT_GT(e->bca->high, e->total);
  EXPECT_LT(e->percentile->low, e->total);
  EXPECT_GT(e->percentile->high, e->total);
  // Without reselection the fixed model's bootstrap spread is close to its Wald-log width.
  const double boot_width = e->percentile->high - e->percentile->low;
  const double wald_width = e->wald_log.high - e->wald_log.low;
  EXPECT_NEAR(boot_width / wald_width, 1.0, 0.3);
}

TEST(Bootstrap, ReselectionRepeatsTheSelectionInEachReplicate) {
  // With reselection, replicates may pick other models, so the draws differ from the
  // fixed-model bootstrap with the same seed.
  Result<Estimate> fixed = EstimateTotal(Kosovo(), Options(2, 9, false));
  Result<Estimate> reselect = EstimateTotal(Kosovo(), Options(2, 9, true));
  ASSERT_TRUE(fixed.ok() && reselect.ok());
  EXPECT_NE(reselect->percentile->high, fixed->percentile->high);
  EXPECT_EQ(reselect->total, fixed->total);
}

}  // namespace
}  // namespace palermo::estimate
