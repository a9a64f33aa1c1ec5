// SPDX-License-Identifier: AGPL-3.0-or-later
// The default interval (issue 16, item 4): a nonparametric bootstrap that resamples the
// observed people and repeats the model selection in each replicate, checked against the
// published figures copied in tests/estimate/data (see its README); its determinism; the
// guard on the BCa adjustment; the warning beyond the lists the selection rules cover.
#include <cmath>
#include <nlohmann/json.hpp>

#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::TestData;
using ::testing::HasSubstr;
using ::testing::Not;

Overlap Load(const std::string& name) {
  Result<CaptureTable> t = ReadCaptures(TestData("estimate/data/" + name + ".csv"));
  EXPECT_TRUE(t.ok()) << t.status();
  return t->Collapsed();
}

bool Finite(const Interval& i) { return std::isfinite(i.low) && std::isfinite(i.high); }

TEST(DefaultInterval, IsTheNonparametricBootstrapWithReselection) {
  const EstimateOptions o;
  EXPECT_EQ(o.interval, IntervalChoice::kBootstrap);
  EXPECT_TRUE(o.reselect_in_bootstrap);
  EXPECT_EQ(o.bootstrap_replicates, kDefaultBootstrapReplicates);
}

TEST(DefaultInterval, Uk6ContainsTheHomeOfficeEstimateAndIsComparableToItsInterval) {
  // Home Office (Silverman 2014): 11,418, 95% interval 9,982 to 13,182 (a profile interval
  // for the chosen model). Repeating the selection adds model uncertainty, so the bootstrap
  // interval may be wider, but not of another order.
  Result<Estimate> e = EstimateTotal(Load("uk_6"), {.method = Method::kStepwise, .seed = 2014});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->interval_choice, IntervalChoice::kBootstrap);
  EXPECT_TRUE(e->reselected);
  EXPECT_NEAR(e->total, 11418, 0.005 * 11418);
  EXPECT_EQ(e->ci.method, IntervalMethod::kBca) << BcaFallbackReason(e->bca_fallback);
  ASSERT_TRUE(Finite(e->ci));
  EXPECT_LT(e->ci.low, 11418);
  EXPECT_GT(e->ci.high, 11418);
  EXPECT_NEAR(e->ci.low, 9982, 0.15 * 9982);
  EXPECT_NEAR(e->ci.high, 13182, 0.25 * 13182);
  EXPECT_GE(e->bootstrap_replicates, kDefaultBootstrapReplicates * 99 / 100);
  EXPECT_FALSE(e->beyond_selection_rules);
}

TEST(DefaultInterval, KoreaBicContainsThePublishedEstimate) {
  // Ball, Shin & Yang (2018) via MultipleSystemsEstimation: BIC estimate 157.
  Result<Estimate> e = EstimateTotal(Load("korea_3"), {.method = Method::kBic, .seed = 5});
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_TRUE(Finite(e->ci));
  EXPECT_LT(e->ci.low, 157);
  EXPECT_GT(e->ci.high, 157);
  EXPECT_GE(e->ci.low, e->observed);
}

TEST(DefaultInterval, NonparametricDiffersFromParametricOnTheSameSeed) {
  EstimateOptions o{.method = Method::kStepwise, .bootstrap_replicates = 300, .seed = 3};
  Result<Estimate> np = EstimateTotal(Load("uk_6"), o);
  o.interval = IntervalChoice::kParametric;
  Result<Estimate> p = EstimateTotal(Load("uk_6"), o);
  ASSERT_TRUE(np.ok() && p.ok());
  EXPECT_EQ(p->interval_choice, IntervalChoice::kParametric);
  EXPECT_NE(np->percentile->low, p->percentile->low);
  EXPECT_EQ(np->total, p->total);
}

TEST(DefaultInterval, SameSeedSameIntervalWhateverTheThreads) {
  EstimateOptions o{.method = Method::kStepwise, .bootstrap_replicates = 300, .seed = 11};
  o.threads = 1;
  Result<Estimate> a = EstimateTotal(Load("uk_6"), o);
  o.threads = 3;
  Result<Estimate> b = EstimateTotal(Load("uk_6"), o);
  o.seed = 12;
  Result<Estimate> c = EstimateTotal(Load("uk_6"), o);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->ci.low, b->ci.low);
  EXPECT_EQ(a->ci.high, b->ci.high);
  EXPECT_EQ(a->percentile->low, b->percentile->low);
  EXPECT_NE(a->percentile->low, c->percentile->low);
}

TEST(BcaGuard, FallsBackToPercentileWhenTheAccelerationCannotBeComputed) {
  // Three people, one per cell: every jackknife table (one cell emptied) has no maximum
  // likelihood estimate, so the acceleration is undefined; the replicates that can be fitted
  // all give 4. The old code divided by zero-weight sums; now the percentile interval stands
  // and the reason is recorded.
  Result<Overlap> o = Overlap::FromCounts({"A", "B"}, {{"10", 1}, {"01", 1}, {"11", 1}});
  ASSERT_TRUE(o.ok());
  Result<Estimate> e = EstimateTotal(*o, {.method = Method::kIndependence, .seed = 1});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->bca_fallback, BcaFallback::kNoAcceleration);
  EXPECT_FALSE(e->bca.has_value());
  EXPECT_EQ(e->ci.method, IntervalMethod::kPercentile);
  ASSERT_TRUE(Finite(e->ci));
  EXPECT_EQ(e->ci.low, 4);
  EXPECT_EQ(e->ci.high, 4);
  EXPECT_GT(e->bootstrap_failures, 0);
  EXPECT_THAT(BcaFallbackReason(e->bca_fallback), HasSubstr("acceleration"));
}

TEST(BcaGuard, TooFewReplicatesIsRefused) {
  EXPECT_FALSE(EstimateTotal(Load("korea_3"), {.bootstrap_replicates = 1}).ok());
  EXPECT_TRUE(EstimateTotal(Load("korea_3"),
                            {.interval = IntervalChoice::kProfile, .bootstrap_replicates = 0})
                  .ok());
}

TEST(SelectionCoverage, EightListsAreBeyondTheStepwiseRule) {
  Result<Estimate> e = EstimateTotal(
      Load("new_orleans_8"), {.method = Method::kStepwise, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_TRUE(e->beyond_selection_rules);
  EXPECT_EQ(e->lists_covered, 6);
  EXPECT_EQ(ListsCoveredBySelection(Method::kBic), 5);
  EXPECT_EQ(ListsCoveredBySelection(Method::kModel), kMaxLists);
}

nlohmann::json ReadJson(const std::filesystem::path& p) {
  return nlohmann::json::parse(*::palermo::ReadFileToString(p));
}

TEST(EstimateCliInterval, DefaultIsTheBootstrapAndTheJsonSaysSo) {
  TempDir dir;
  const auto out = dir.path() / "r.json";
  auto r = RunPalermo({"estimate", "--in", TestData("estimate/data/korea_3.csv").string(),
                       "--method", "bic", "--seed", "4", "--out", out.string()},
                      {"LANG=en_GB.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = ReadJson(out);
  EXPECT_EQ(j["interval"]["choice"], "bootstrap");
  EXPECT_THAT(j["interval"]["resampling"].get<std::string>(), HasSubstr("nonparametric"));
  EXPECT_EQ(j["interval"]["model_reselected_in_each_replicate"], true);
  EXPECT_EQ(j["interval"]["seed"], 4);
  EXPECT_EQ(j["bootstrap"]["replicates"].get<int>() + j["bootstrap"]["failed"].get<int>(),
            kDefaultBootstrapReplicates);
  EXPECT_THAT(j["ci_method"].get<std::string>(), HasSubstr("bootstrap"));
  EXPECT_EQ(j["selection_coverage"]["beyond_rule"], false);
  EXPECT_THAT(r.out, HasSubstr("nonparametric, people resampled, model reselected"));
  EXPECT_THAT(r.out, Not(HasSubstr("WARNING")));
  // Same seed, same file.
  const auto again = dir.path() / "again.json";
  auto r2 = RunPalermo({"estimate", "--in", TestData("estimate/data/korea_3.csv").string(),
                        "--method", "bic", "--seed", "4", "--out", again.string()});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(*::palermo::ReadFileToString(out), *::palermo::ReadFileToString(again));
}

TEST(EstimateCliInterval, ParametricAndProfileOnRequest) {
  TempDir dir;
  const auto out = dir.path() / "r.json";
  auto r =
      RunPalermo({"estimate", "--in", TestData("estimate/data/korea_3.csv").string(), "--method",
                  "bic", "--interval", "parametric", "--bootstrap", "200", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadJson(out)["interval"]["choice"], "parametric");
  r = RunPalermo({"estimate", "--in", TestData("estimate/data/korea_3.csv").string(), "--method",
                  "bic", "--interval", "profile", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadJson(out)["interval"]["choice"], "profile");
  EXPECT_EQ(ReadJson(out)["ci_method"], "profile");
  EXPECT_FALSE(ReadJson(out).contains("bootstrap"));
  r = RunPalermo({"estimate", "--in", TestData("estimate/data/korea_3.csv").string(), "--interval",
                  "jackknife"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("jackknife"));
}

TEST(EstimateCliInterval, WarnsOnStandardOutputBeyondTheListsTheRuleCovers) {
  TempDir dir;
  const auto out = dir.path() / "r.json";
  const std::string in = TestData("estimate/data/new_orleans_8.csv").string();
  auto en = RunPalermo({"estimate", "--in", in, "--interval", "profile", "--out", out.string()},
                       {"LANG=en_GB.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_THAT(en.out, HasSubstr("WARNING: 8 lists, but the stepwise selection rule"));
  EXPECT_THAT(en.out, HasSubstr("at most 6"));
  EXPECT_EQ(ReadJson(out)["selection_coverage"]["beyond_rule"], true);
  auto fr = RunPalermo({"estimate", "--in", in, "--interval", "profile"},
                       {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(fr.exit_code, 0) << fr.err;
  EXPECT_THAT(fr.out, HasSubstr("ATTENTION : 8 listes"));
  // A given model involves no selection: no warning.
  auto given =
      RunPalermo({"estimate", "--in", in, "--method", "independence", "--interval", "profile"});
  EXPECT_THAT(given.out, Not(HasSubstr("WARNING")));
}

}  // namespace
}  // namespace palermo::estimate
