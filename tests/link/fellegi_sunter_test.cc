// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/fellegi_sunter.h"

#include <random>

#include "link/dataset.h"
#include "test_util.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using testing::MakeTable;
using testing::Variants;

// Simulates agreement patterns of `n` pairs for given, family and birth date from known m
// and u (match share `lambda`), with a fixed seed.
PatternCounts Simulate(const LevelTable& m, const LevelTable& u, double lambda, int n,
                       uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  PatternCounts counts;
  for (int i = 0; i < n; ++i) {
    const bool is_match = unit(rng) < lambda;
    Comparison c;
    c.level.fill(kMissing);
    for (int f = 0; f < 3; ++f) {
      std::discrete_distribution<int> pick(
          (is_match ? m : u)[f].begin(),
          (is_match ? m : u)[f].begin() + LevelCount(static_cast<Field>(f)));
      c.level[f] = static_cast<int8_t>(pick(rng));
    }
    ++counts[PackPattern(c)];
  }
  return counts;
}

// Only the two name fields active, with m/u typical of names (exact agreement 16 times as
// likely among matches as among non-matches).
ModelParams NamesOnlyParams() {
  ModelParams p;
  p.active[0] = p.active[1] = true;
  for (int f = 0; f < 2; ++f) {
    p.m[f] = {0.05, 0.05, 0.05, 0.05, 0.80};
    p.u[f] = {0.86, 0.04, 0.03, 0.02, 0.05};
  }
  p.UpdateWeights();
  return p;
}

TEST(EstimateMU, RecoversTheMProbabilitiesOfSimulatedData) {
  LevelTable m{}, u{};
  m[0] = {0.05, 0.05, 0.10, 0.10, 0.70};  // given name
  u[0] = {0.80, 0.10, 0.05, 0.03, 0.02};
  m[1] = {0.03, 0.02, 0.05, 0.05, 0.85};  // family name
  u[1] = {0.85, 0.08, 0.04, 0.02, 0.01};
  m[2] = {0.02, 0.03, 0.05, 0.05, 0.05, 0.80};  // birth date
  u[2] = {0.70, 0.20, 0.05, 0.01, 0.03, 0.01};
  const PatternCounts counts = Simulate(m, u, 0.2, 200000, 7);
  std::array<bool, kFieldCount> active{};
  active[0] = active[1] = active[2] = true;
  const ModelParams p = EstimateMU(counts, u, active, 1e8, {});
  EXPECT_NEAR(p.lambda_candidates, 0.2, 0.01);
  for (int f = 0; f < 3; ++f)
    for (int l = 0; l < LevelCount(static_cast<Field>(f)); ++l)
      EXPECT_NEAR(p.m[f][l], m[f][l], 0.02) << "field " << f << " level " << l;
  // Weights: agreement is evidence for, disagreement against.
  EXPECT_GT(p.weight_log2[0][4], 4.0);
  EXPECT_LT(p.weight_log2[1][0], -3.0);
}

TEST(EstimateMU, MatchShareStaysWithinItsBoundsWhenThereAreNoMatches) {
  LevelTable u{};
  u[0] = {0.80, 0.10, 0.05, 0.03, 0.02};
  u[1] = {0.85, 0.08, 0.04, 0.02, 0.01};
  u[2] = {0.70, 0.20, 0.05, 0.01, 0.03, 0.01};
  const PatternCounts counts = Simulate(u, u, 0.0, 20000, 3);
  std::array<bool, kFieldCount> active{};
  active[0] = active[1] = active[2] = true;
  EmOptions options;
  const ModelParams p = EstimateMU(counts, u, active, 1e6, options);
  EXPECT_GE(p.lambda_candidates, options.lambda_min);
  EXPECT_LE(p.lambda_candidates, options.lambda_max);
  EXPECT_TRUE(std::isfinite(p.prior_log2_odds));
}

TEST(EstimateMU, AFieldThatIsNoEvidenceGetsNoWeight) {
  LevelTable m{}, u{};
  m[0] = {0.05, 0.05, 0.10, 0.10, 0.70};
  u[0] = {0.80, 0.10, 0.05, 0.03, 0.02};
  m[1] = {0.03, 0.02, 0.05, 0.05, 0.85};
  u[1] = {0.85, 0.08, 0.04, 0.02, 0.01};
  // Birth date agrees less among matches than at random: inverted, so neutralised.
  m[2] = {0.60, 0.20, 0.10, 0.05, 0.04, 0.01};
  u[2] = {0.10, 0.10, 0.10, 0.10, 0.10, 0.50};
  const PatternCounts counts = Simulate(m, u, 0.2, 50000, 5);
  std::array<bool, kFieldCount> active{};
  active[0] = active[1] = active[2] = true;
  const ModelParams p = EstimateMU(counts, u, active, 1e7, {});
  for (int l = 0; l < 6; ++l) EXPECT_NEAR(p.weight_log2[2][l], 0.0, 1e-12);
}

// A distinct letters-only name for i (names lose their digits when normalised).
std::string Letters(int i) {
  return std::string{static_cast<char>('a' + i % 26), static_cast<char>('a' + i / 26 % 26),
                     static_cast<char>('a' + i / 676 % 26), 'x'};
}

TEST(EstimateU, RandomPairsRarelyAgree) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 200; ++i)
    rows.push_back({"g" + Letters(i % 50), "f" + Letters(i)});
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName}, rows)}, {}, &Variants(), 1);
  const LevelTable u = EstimateU(data, 20000, 1);
  EXPECT_NEAR(u[0][4], 1.0 / 50, 0.01);  // 50 given names, evenly spread
  EXPECT_LT(u[1][4], 0.002);             // family names all distinct
}

TEST(ScoreLog2, NamesAgreeingCrosswiseAreStillWeighedByTheirFrequency) {
  // "Nguyen Lan" written family name first ("Lan" as family, "Nguyen" as given) agrees with
  // "Lan Nguyen" crosswise. A common name must weigh less than a rare one in that order too.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 40; ++i) rows.push_back({"Lan", "Nguyen"});  // common
  rows.push_back({"Nguyen", "Lan"});                               // 40: written family first
  rows.push_back({"Thuy", "Zabolotna"});                           // 41: rare
  rows.push_back({"Zabolotna", "Thuy"});                           // 42: written family first
  for (int i = 0; i < 40; ++i) rows.push_back({"Anna", "o" + Letters(i)});
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName}, rows)}, {}, &Variants(), 1);
  const ModelParams p = NamesOnlyParams();
  Comparison common, rare;
  Compare(data, data.records[0], data.records[40], common);
  Compare(data, data.records[41], data.records[42], rare);
  ASSERT_TRUE(common.swapped_names);
  ASSERT_TRUE(rare.swapped_names);
  ASSERT_EQ(common.level, rare.level);
  PairWeights why;
  const double w_common =
      ScoreLog2(data, p, data.records[0], data.records[40], common, &why);
  EXPECT_LT(why.tf_log2[0] + why.tf_log2[1], 0) << "a common name must lose weight";
  const double w_rare = ScoreLog2(data, p, data.records[41], data.records[42], rare);
  EXPECT_GT(w_rare, w_common + 2);
}

TEST(ScoreLog2, ASingleNameAgreeingWithAFamilyNameIsWeighedByItsFrequency) {
  // "Smith" alone against "John Smith" (common) and "Zabolotna" alone against "Olena
  // Zabolotna" (rare): the single name agrees with the family name, and its frequency counts.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 40; ++i) rows.push_back({"g" + Letters(i), "Smith"});
  rows.push_back({"Smith", ""});           // 40
  rows.push_back({"Olena", "Zabolotna"});  // 41
  rows.push_back({"Zabolotna", ""});       // 42
  for (int i = 0; i < 40; ++i) rows.push_back({"Anna", "o" + Letters(i)});
  const Dataset data = BuildDataset({MakeTable("t", {Role::kGivenName, Role::kFamilyName}, rows)},
                                    {}, &Variants(), 1);
  const ModelParams p = NamesOnlyParams();
  Comparison common, rare;
  Compare(data, data.records[40], data.records[0], common);
  Compare(data, data.records[42], data.records[41], rare);
  ASSERT_EQ(common.level[1], 4);
  ASSERT_EQ(rare.level[1], 4);
  ASSERT_EQ(common.level, rare.level);
  PairWeights why;
  const double w_common = ScoreLog2(data, p, data.records[40], data.records[0], common, &why);
  EXPECT_LT(why.tf_log2[1], 0) << "a common family name must lose weight";
  const double w_rare = ScoreLog2(data, p, data.records[42], data.records[41], rare);
  EXPECT_GT(w_rare, w_common + 2);
  // The same from the other side of the pair.
  Compare(data, data.records[0], data.records[40], common);
  EXPECT_EQ(ScoreLog2(data, p, data.records[0], data.records[40], common), w_common);
}

TEST(ScoreLog2, CommonNamesWeighLessThanRareOnes) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 40; ++i) rows.push_back({"Anna", "Smith"});     // common
  rows.push_back({"Anna", "Zabolotna"});                              // rare, twice
  rows.push_back({"Anna", "Zabolotna"});
  for (int i = 0; i < 40; ++i) rows.push_back({"Anna", "o" + Letters(i)});
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName}, rows)}, {}, &Variants(), 1);
  ModelParams p = NamesOnlyParams();
  Comparison common, rare;
  Compare(data, data.records[0], data.records[1], common);
  Compare(data, data.records[40], data.records[41], rare);
  ASSERT_EQ(common.level, rare.level);
  PairWeights why;
  const double w_common = ScoreLog2(data, p, data.records[0], data.records[1], common);
  const double w_rare = ScoreLog2(data, p, data.records[40], data.records[41], rare, &why);
  EXPECT_GT(w_rare, w_common + 2);
  EXPECT_GT(why.tf_log2[1], 0);
  EXPECT_NEAR(why.total_log2, w_rare, 1e-12);
  EXPECT_NEAR(why.field_log2[0] + why.tf_log2[0] + why.field_log2[1] + why.tf_log2[1] +
                  p.prior_log2_odds,
              w_rare, 1e-9);
  p.tf_adjust = false;
  EXPECT_DOUBLE_EQ(ScoreLog2(data, p, data.records[0], data.records[1], common),
                   ScoreLog2(data, p, data.records[40], data.records[41], rare));
}

TEST(ProbabilityFromLog2, IsTheLogisticOfTheWeight) {
  EXPECT_DOUBLE_EQ(ProbabilityFromLog2(0), 0.5);
  EXPECT_NEAR(ProbabilityFromLog2(Log2FromProbability(0.9)), 0.9, 1e-12);
}


TEST(PoolMonotone, PoolsLevelsWhoseWeightsBreakTheOrder) {
  // The failure: a looser fuzzy level weighing more than a closer one.
  std::array<double, kMaxLevels> m = {0.05, 0.30, 0.05, 0.10, 0.50, 0};
  const std::array<double, kMaxLevels> u = {0.90, 0.02, 0.03, 0.02, 0.03, 0};
  std::array<int8_t, kMaxLevels> group{};
  EXPECT_TRUE(PoolMonotone(Field::kGivenName, m, u, group));
  double sum = 0;
  for (int l = 0; l < 5; ++l) sum += m[l];
  EXPECT_NEAR(sum, 1.0, 1e-12);
  for (const auto& [lo, hi] : LevelOrder(Field::kGivenName))
    EXPECT_LE(m[lo] / u[lo], m[hi] / u[hi] * (1 + 1e-9)) << lo << "->" << hi;
  EXPECT_EQ(group[1], group[2]);  // jaro_winkler>=0.80 pooled with >=0.92
  EXPECT_NE(group[0], group[1]);
}

TEST(PoolMonotone, BirthDateLevelsFollowTheirPartialOrder) {
  // Swapped day/month may weigh more than partial compatibility: they are not ordered. But
  // "years within 2" above "one part differs" is pooled, and nothing may pass "exact".
  std::array<double, kMaxLevels> m = {0.02, 0.20, 0.02, 0.01, 0.05, 0.70};
  const std::array<double, kMaxLevels> u = {0.80, 0.10, 0.05, 0.0001, 0.04, 0.0099};
  std::array<int8_t, kMaxLevels> group{};
  PoolMonotone(Field::kBirthDate, m, u, group);
  for (const auto& [lo, hi] : LevelOrder(Field::kBirthDate))
    EXPECT_LE(m[lo] / u[lo], m[hi] / u[hi] * (1 + 1e-9)) << lo << "->" << hi;
  EXPECT_EQ(group[1], group[2]);
  EXPECT_NE(group[3], group[4]);
}

TEST(ScoreLog2, AnIdentifierManyPersonsShareIsNoEvidence) {
  // Ten residents give the shelter's phone; two records of one person share her own phone.
  std::vector<std::vector<std::string>> rows = {
      {"Amina", "Bello", "+33 1 40 00 00 00"},   {"Grace", "Okafor", "+33 1 40 00 00 00"},
      {"Joy", "Eze", "+33 1 40 00 00 00"},       {"Mercy", "Obi", "+33 1 40 00 00 00"},
      {"Faith", "Adeyemi", "+33 1 40 00 00 00"}, {"Blessing", "Ojo", "+33 6 12 34 56 78"},
      {"Blessing", "Ojo", "+33 6 12 34 56 78"}};
  for (const char* name : {"Precious", "Gift", "Peace", "Comfort", "Esther"})
    rows.push_back({name, "Idahosa", "+33 1 40 00 00 00"});
  for (int i = 0; i < 60; ++i)
    rows.push_back({Letters(i), Letters(i + 100), "+33 6 00 00 00 " + std::to_string(10 + i)});
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kPhone}, rows)}, {},
      &Variants(), 1);
  ModelParams p;
  p.active[5] = true;
  p.m[5] = {0.05, 0.05, 0.90};
  p.u[5] = {0.98, 0.001, 0.019};
  p.UpdateWeights();
  Comparison c;
  PairWeights shelter, own;
  Compare(data, data.records[0], data.records[1], c);
  ScoreLog2(data, p, data.records[0], data.records[1], c, &shelter);
  Compare(data, data.records[5], data.records[6], c);
  ScoreLog2(data, p, data.records[5], data.records[6], c, &own);
  const double own_weight = own.field_log2[5] + own.tf_log2[5];
  const double shelter_weight = shelter.field_log2[5] + shelter.tf_log2[5];
  EXPECT_NEAR(own_weight, p.weight_log2[5][2], 1e-9);
  // Ten persons on one number: the agreement weighs log2(u of the value / u) less, the value's
  // u being 10 persons / 72 records, never below 0.
  EXPECT_LT(shelter_weight, own_weight - 2.0);
  EXPECT_GE(shelter_weight, 0.0);
}
}  // namespace
}  // namespace palermo::link
