// SPDX-License-Identifier: AGPL-3.0-or-later
// The reference estimates of ../shared/data/mse/README.md (independent R script: base R
// glm.fit + lpSolve; Home Office 2014; Silverman 2020; Ball et al. 2002, 2018), reproduced
// within 0.5% with the same selected model. Figures are quoted from that README.
#include "estimate/estimate.h"
#include "testing/testing.h"

namespace palermo::estimate {
namespace {

using ::palermo::testing::SharedData;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::UnorderedElementsAreArray;

Overlap Load(const std::string& name) {
  Result<CaptureTable> t = ReadCaptures(SharedData("mse/" + name + ".csv"));
  EXPECT_TRUE(t.ok()) << t.status();
  return t->Collapsed();
}

Estimate EstimateWith(const Overlap& o, Method method, int max_order = 0) {
  EstimateOptions options;
  options.method = method;
  options.max_order = max_order;
  options.interval = IntervalChoice::kProfile;  // the published figures use profile/Wald
  Result<Estimate> e = EstimateTotal(o, options);
  EXPECT_TRUE(e.ok()) << e.status();
  return *e;
}

std::vector<std::string> Steps(const Estimate& e, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const StepwiseStep& s : e.steps) out.push_back(TermName(s.term, names));
  return out;
}

MATCHER_P(Within05Percent, expected, "within 0.5% of " + std::to_string(expected)) {
  return std::abs(arg - expected) <= 0.005 * std::abs(expected);
}

TEST(ReferenceUk6, MainEffectsGive12214) {
  const Overlap o = Load("uk_6");
  EXPECT_EQ(o.observed(), 2744);
  EXPECT_THAT(EstimateWith(o, Method::kIndependence).total, Within05Percent(12214.0));
}

TEST(ReferenceUk6, StepwiseAddsTheHomeOfficeSevenPairsInOrder) {
  const Overlap o = Load("uk_6");
  const Estimate e = EstimateWith(o, Method::kStepwise);
  EXPECT_THAT(e.total, Within05Percent(11418.0));
  EXPECT_THAT(e.wald_log.low, Within05Percent(9977.0));
  EXPECT_THAT(e.wald_log.high, Within05Percent(13146.0));
  EXPECT_THAT(Steps(e, o.list_names()),
              ElementsAre("PF:NCA", "LA:NG", "NG:GP", "LA:PF", "PF:GP", "GO:GP", "NG:GO"));
  for (const StepwiseStep& s : e.steps) EXPECT_LT(s.p_value, 0.02);
  EXPECT_GE(e.refused_p_value, 0.02);
}

TEST(ReferenceUk6, ProfileIntervalMatchesTheHomeOfficeFigure) {
  // BHS AIC stepwise picks the same 7 pairs; its profile-likelihood CI is [9982.3, 13181.7].
  const Estimate e = EstimateWith(Load("uk_6"), Method::kStepwise);
  EXPECT_EQ(e.ci.method, IntervalMethod::kProfile);
  EXPECT_THAT(e.profile.low, Within05Percent(9982.3));
  EXPECT_THAT(e.profile.high, Within05Percent(13181.7));
  EXPECT_NEAR(e.profile.low, 9982.3, 1.0);
  EXPECT_NEAR(e.profile.high, 13181.7, 1.0);
}

TEST(ReferenceUk5, MainEffectsAndStepwise) {
  const Overlap o = Load("uk_5");
  EXPECT_THAT(EstimateWith(o, Method::kIndependence).total, Within05Percent(13444.1));
  const Estimate e = EstimateWith(o, Method::kStepwise);
  EXPECT_THAT(e.total, Within05Percent(11313.0));
  EXPECT_THAT(e.wald_log.low, Within05Percent(9884.0));
  EXPECT_THAT(e.wald_log.high, Within05Percent(13027.0));
  EXPECT_THAT(Steps(e, o.list_names()),
              ElementsAre("LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"));
}

TEST(ReferenceUk5, BicMaxOrder3) {
  const Overlap o = Load("uk_5");
  const Estimate e = EstimateWith(o, Method::kBic);  // default max order for 5 lists is 3
  EXPECT_EQ(e.max_order, 3);
  EXPECT_THAT(e.total, Within05Percent(25311.3));
  EXPECT_THAT(TermNames(e.fit.model, o.list_names()),
              UnorderedElementsAreArray(
                  {"LA:NG", "LA:PFNCA", "NG:PFNCA", "NG:GP", "PFNCA:GO", "LA:NG:PFNCA"}));
  EXPECT_EQ(e.models_considered, 6212);
}

TEST(ReferenceKosovo4, MainEffectsStepwiseAndBic) {
  const Overlap o = Load("kosovo_4");
  EXPECT_EQ(o.observed(), 4400);
  EXPECT_THAT(EstimateWith(o, Method::kIndependence).total, Within05Percent(7394.6));
  const Estimate step = EstimateWith(o, Method::kStepwise);
  EXPECT_THAT(step.total, Within05Percent(14341.7));
  EXPECT_THAT(
      TermNames(step.fit.model, o.list_names()),
      UnorderedElementsAreArray({"EXH:ABA", "EXH:OSCE", "EXH:HRW", "ABA:OSCE", "OSCE:HRW"}));
  const Estimate bic = EstimateWith(o, Method::kBic);
  EXPECT_THAT(bic.total, Within05Percent(10356.5));
  EXPECT_THAT(
      TermNames(bic.fit.model, o.list_names()),
      ElementsAreArray({"EXH:ABA", "EXH:OSCE", "EXH:HRW", "ABA:OSCE", "OSCE:HRW", "EXH:ABA:OSCE"}));
  EXPECT_EQ(bic.models_considered, 113);
  EXPECT_EQ(bic.models_admissible, 113);
  EXPECT_EQ(bic.excluded_count, 0);
}

TEST(ReferenceKorea3, StepwiseAndBicWithTwoModelsExcluded) {
  const Overlap o = Load("korea_3");
  EXPECT_EQ(o.observed(), 123);
  EXPECT_THAT(EstimateWith(o, Method::kIndependence).total, Within05Percent(142.0));
  const Estimate step = EstimateWith(o, Method::kStepwise);
  EXPECT_THAT(step.total, Within05Percent(268.8));
  EXPECT_THAT(TermNames(step.fit.model, o.list_names()), ElementsAre("b:c"));
  const Estimate bic = EstimateWith(o, Method::kBic);
  EXPECT_EQ(bic.max_order, 2);
  EXPECT_THAT(bic.total, Within05Percent(157.2));
  EXPECT_THAT(TermNames(bic.fit.model, o.list_names()), ElementsAre("b:c", "c:d"));
  EXPECT_EQ(bic.models_considered, 8);
  EXPECT_EQ(bic.models_admissible, 6);
  ASSERT_EQ(bic.excluded.size(), 2u);
  for (const ExcludedModel& m : bic.excluded) EXPECT_EQ(m.exclusion, Exclusion::kNoMle);
}

TEST(ReferenceArtificial3, MainEffectsOnlyAndFourOfEightAdmissible) {
  const Overlap o = Load("artificial_3");
  const Estimate main = EstimateWith(o, Method::kIndependence);
  EXPECT_THAT(main.total, Within05Percent(539.1));
  const Estimate step = EstimateWith(o, Method::kStepwise);
  EXPECT_TRUE(step.fit.model.terms.empty());
  EXPECT_THAT(step.total, Within05Percent(539.1));
  const Estimate bic = EstimateWith(o, Method::kBic);
  EXPECT_TRUE(bic.fit.model.terms.empty());
  EXPECT_THAT(bic.total, Within05Percent(539.1));
  EXPECT_EQ(bic.models_considered, 8);
  EXPECT_EQ(bic.models_admissible, 4);
  EXPECT_EQ(bic.excluded_count, 4);
}

}  // namespace
}  // namespace palermo::estimate
