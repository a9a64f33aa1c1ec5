// SPDX-License-Identifier: AGPL-3.0-or-later
// Fitting, checks, model algebra and the stepwise p-value.
#include <cmath>
#include <numeric>

#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Overlap TwoLists() {
  return *Overlap::FromCounts({"A", "B"}, {{"10", 80}, {"01", 60}, {"11", 20}});
}

TEST(Fit, TwoListsIndependenceIsLincolnPetersen) {
  // N = n_A · n_B / m = 100 · 80 / 20 = 400.
  Result<Estimate> e = EstimateTotal(
      TwoLists(), {.method = Method::kIndependence, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->observed, 160);
  EXPECT_NEAR(e->hidden, 240, 1e-6);
  EXPECT_NEAR(e->total, 400, 1e-6);
  EXPECT_TRUE(e->fit.model.terms.empty());
  EXPECT_LT(e->profile.low, 400);
  EXPECT_GT(e->profile.high, 400);
}

TEST(Fit, ThreeListSaturatedPairsModelReproducesCellsExactly) {
  // Main effects + all pairs on 7 cells is saturated: fitted == observed, hidden from the
  // closed form m0 = (n100·n010·n001·n111)/(n110·n101·n011).
  Overlap o = *Overlap::FromCounts(
      {"A", "B", "C"},
      {{"100", 50}, {"010", 40}, {"001", 30}, {"110", 10}, {"101", 8}, {"011", 6}, {"111", 2}});
  Result<Fit> fit = FitModel(o, *ParseModel("A*B, A*C, B*C", o.list_names()));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->fitted[0b011], 10, 1e-6);
  EXPECT_NEAR(fit->hidden, 50.0 * 40 * 30 * 2 / (10.0 * 8 * 6), 1e-6);
  EXPECT_NEAR(fit->deviance, 0, 1e-8);
  EXPECT_EQ(fit->num_parameters, 7);
}

TEST(Fit, InterceptIsLogHiddenAndStandardErrorPositive) {
  Result<Fit> fit = FitModel(TwoLists(), Model{});
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(std::exp(fit->intercept), fit->hidden, 1e-9);
  // Var(log m0) = 1/80 + 1/60 + 1/20 for Lincoln–Petersen on the log scale.
  EXPECT_NEAR(fit->intercept_se, std::sqrt(1.0 / 80 + 1.0 / 60 + 1.0 / 20), 1e-6);
}

TEST(Fit, ZeroMarginTermIsMinusInfinityAndItsCellsAreDropped) {
  // No one is on both B and C: the B:C parameter is −∞, cells 011 and 111 leave the fit.
  Overlap o = *Overlap::FromCounts({"A", "B", "C"},
                                   {{"100", 40}, {"010", 30}, {"001", 20}, {"110", 6}, {"101", 5}});
  Result<Fit> fit = FitModel(o, *ParseModel("B*C", o.list_names()));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_THAT(fit->infinite_terms, ElementsAre(0b110u));
  EXPECT_EQ(fit->fitted[0b110], 0);
  EXPECT_EQ(fit->fitted[0b111], 0);
  EXPECT_EQ(fit->num_parameters, 5);  // the −∞ parameter still counts
  EXPECT_GT(fit->hidden, 0);
}

TEST(Check, SaturatedModelWithAnEmptyCellHasNoMle) {
  Overlap o = *Overlap::FromCounts(
      {"b", "c", "d"}, {{"001", 41}, {"010", 5}, {"100", 5}, {"110", 54}, {"101", 6}, {"111", 12}});
  const Model all_pairs = *ParseModel("b*c,b*d,c*d", o.list_names());
  EXPECT_EQ(CheckModel(o, all_pairs).exclusion, Exclusion::kNoMle);
  EXPECT_THAT(FitModel(o, all_pairs),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("does not exist")));
  EXPECT_TRUE(CheckModel(o, Model{}).ok());
}

TEST(Check, TooManyParametersForTheCellsIsNotIdentifiable) {
  // Only 3 observable cells with 2 lists: adding A:B gives 4 parameters.
  const Model ab = *ParseModel("A:B", {"A", "B"});
  EXPECT_EQ(CheckModel(TwoLists(), ab).exclusion, Exclusion::kNotIdentifiable);
  Result<Estimate> e = EstimateTotal(
      TwoLists(), {.method = Method::kModel, .model = ab, .interval = IntervalChoice::kProfile});
  EXPECT_THAT(e, StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not identifiable")));
}

TEST(Model, ParseExpandsProductsHierarchically) {
  const std::vector<std::string> names{"A", "B", "C", "D"};
  Result<Model> m = ParseModel("A*B*C, C:D", names);
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(TermNames(*m, names), ElementsAre("A:B", "A:C", "B:C", "C:D", "A:B:C"));
  EXPECT_THAT(ParseModel("A*E", names),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown list \"E\"")));
  EXPECT_THAT(ParseModel("A*B,,C*D", names),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty term")));
  EXPECT_TRUE(ParseModel("", names)->terms.empty());
}

TEST(Overlap, RejectsBadPatterns) {
  EXPECT_THAT(Overlap::FromCounts({"A"}, {{"1", 3}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("between 2")));
  EXPECT_THAT(Overlap::FromCounts({"A", "B"}, {{"00", 3}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("all-zero")));
  EXPECT_THAT(Overlap::FromCounts({"A", "B"}, {{"10", 3}, {"10", 4}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("repeated")));
  EXPECT_THAT(Overlap::FromCounts({"A", "B"}, {{"10", -3}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("negative")));
}

TEST(PoissonTail, MatchesDirectSumsAndIsNotDoubled) {
  auto direct_le = [](int n, double lambda) {
    double s = 0;
    for (int k = 0; k <= n; ++k)
      s += std::exp(k * std::log(lambda) - lambda - std::lgamma(k + 1.0));
    return s;
  };
  EXPECT_NEAR(PoissonTailP(3, 10), direct_le(3, 10), 1e-12);
  EXPECT_NEAR(PoissonTailP(15, 10), 1 - direct_le(14, 10), 1e-12);
  EXPECT_NEAR(PoissonTailP(0, 2), std::exp(-2.0), 1e-14);
  // Far tails keep their relative precision (no 1 − (1 − ε) cancellation).
  double upper = 0;
  for (int k = 200; k < 400; ++k)
    upper += std::exp(k * std::log(100.0) - 100 - std::lgamma(k + 1.0));
  EXPECT_NEAR(PoissonTailP(200, 100) / upper, 1.0, 1e-9);
  EXPECT_NEAR(PoissonTailP(20, 100) / direct_le(20, 100), 1.0, 1e-9);
  // The smaller tail, not twice it.
  EXPECT_NEAR(PoissonTailP(10, 10), std::min(direct_le(10, 10), 1 - direct_le(9, 10)), 1e-12);
}

TEST(Select, StepwiseOnIndependentListsAddsNothing) {
  // Exactly proportional overlaps: every pair fits the independence model.
  Overlap o = *Overlap::FromCounts(
      {"A", "B", "C"},
      {{"100", 64}, {"010", 64}, {"001", 64}, {"110", 16}, {"101", 16}, {"011", 16}, {"111", 4}});
  Result<Estimate> e =
      EstimateTotal(o, {.method = Method::kStepwise, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->steps.empty());
  EXPECT_NEAR(e->total, 244 + 256, 1e-6);  // hidden = 64·64/16 = 256
}

TEST(Select, AicAndAverageRankModelsAndWeightsSumToOne) {
  Result<CaptureTable> t = ReadCaptures(::palermo::testing::SharedData("mse/kosovo_4.csv"));
  ASSERT_TRUE(t.ok());
  Result<Estimate> aic =
      EstimateTotal(t->Collapsed(), {.method = Method::kAic, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(aic.ok());
  ASSERT_GE(aic->ranking.size(), 2u);
  EXPECT_LE(aic->ranking[0].criterion, aic->ranking[1].criterion);
  EXPECT_NEAR(aic->fit.aic, aic->ranking[0].criterion, 1e-9);
  Result<Estimate> avg = EstimateTotal(
      t->Collapsed(), {.method = Method::kAverage, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(avg.ok());
  EXPECT_EQ(avg->ci.method, IntervalMethod::kModelAverage);
  EXPECT_LT(avg->ci.low, avg->total);
  EXPECT_GT(avg->ci.high, avg->total);
  // The averaged interval is at least as wide as the best model's own Wald-log interval.
  EXPECT_GE(avg->ci.high - avg->ci.low, 0.99 * (avg->wald_log.high - avg->wald_log.low));
}

TEST(Select, GreedySearchBeyondSixListsFindsAStrongPair) {
  // 7 lists, strong dependence between lists 0 and 1 only.
  std::vector<std::string> names{"A", "B", "C", "D", "E", "F", "G"};
  std::vector<double> counts(128, 0.0);
  for (Term cell = 1; cell < 128; ++cell) {
    double eta = std::log(2000.0);
    for (int i = 0; i < 7; ++i)
      if (cell & (1u << i)) eta -= 1.5;
    if ((cell & 3u) == 3u) eta += 1.5;
    counts[cell] = std::round(std::exp(eta));
  }
  Result<Overlap> o = Overlap::FromCells(names, counts);
  ASSERT_TRUE(o.ok());
  Result<Estimate> e =
      EstimateTotal(*o, {.method = Method::kBic, .interval = IntervalChoice::kProfile});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_FALSE(e->exhaustive);
  EXPECT_THAT(TermNames(e->fit.model, names), ::testing::Contains("A:B"));
  EXPECT_NEAR(e->total, std::accumulate(counts.begin(), counts.end(), 0.0) + 2000, 0.05 * 2000);
}

TEST(Select, EnumerationSizesMatchTheReferenceCounts) {
  // 8 models for 3 lists (max order 2), 113 for 4 lists (max order 3), as the README counts.
  Overlap three = *Overlap::FromCells({"A", "B", "C"}, {0, 9, 8, 3, 7, 2, 4, 1});
  EXPECT_EQ(EstimateTotal(three, {.method = Method::kBic, .interval = IntervalChoice::kProfile})
                ->models_considered,
            8);
}

}  // namespace
}  // namespace palermo::estimate
