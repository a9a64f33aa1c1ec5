// SPDX-License-Identifier: AGPL-3.0-or-later
// What a pair's weight may and may not count as evidence (ScoreLog2, FinishModel, FitModel):
// a sex the given name already told, an age band against a birth date, documents people hold
// several of, and the odds that one agency recorded the same person twice.
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "link/dataset.h"
#include "link/fellegi_sunter.h"
#include "link/link.h"
#include "test_util.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using testing::MakeTable;
using testing::Variants;

constexpr int kBirth = static_cast<int>(Field::kBirthDate);
constexpr int kSex = static_cast<int>(Field::kSex);
constexpr int kDocument = static_cast<int>(Field::kDocument);

// A distinct letters-only name for i (names lose their digits when normalised).
std::string Letters(int i) {
  return std::string{static_cast<char>('a' + i % 26), static_cast<char>('a' + i / 26 % 26),
                     static_cast<char>('a' + i / 676 % 26), 'x'};
}

double FieldWeight(const Dataset& data, const ModelParams& p, uint32_t a, uint32_t b, int field,
                   Comparison* out = nullptr) {
  Comparison c;
  Compare(data, data.records[a], data.records[b], c);
  PairWeights why;
  ScoreLog2(data, p, data.records[a], data.records[b], c, &why);
  if (out) *out = c;
  return why.field_log2[static_cast<size_t>(field)] + why.tf_log2[static_cast<size_t>(field)];
}

TEST(ScoreLog2, SexAgreementAddsNothingWhenTheGivenNameAlreadyTellsIt) {
  // Thirty women named Maria, thirty men named Ivan, and "Alex" borne by both sexes: two
  // Marias agreeing on sex is the name speaking twice; two Alexes agreeing is evidence.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 30; ++i) rows.push_back({"Maria", "f" + Letters(i), "F"});
  for (int i = 0; i < 30; ++i) rows.push_back({"Ivan", "m" + Letters(i), "M"});
  for (int i = 0; i < 20; ++i) rows.push_back({"Alex", "a" + Letters(i), i % 2 ? "M" : "F"});
  const Dataset data = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kSex}, rows)}, {},
      &Variants(), 1);
  ModelParams p;
  p.active[kSex] = true;
  p.m[kSex] = {0.03, 0.97};
  p.u[kSex] = {0.5, 0.5};
  p.UpdateWeights();
  const double full = p.weight_log2[kSex][1];
  ASSERT_GT(full, 0.9);
  EXPECT_LT(FieldWeight(data, p, 0, 1, kSex), 0.15);       // Maria, Maria
  EXPECT_NEAR(FieldWeight(data, p, 60, 62, kSex), full, 0.05);  // Alex (F), Alex (F)
  EXPECT_NEAR(FieldWeight(data, p, 0, 2 * 30 + 2, kSex), full, 1e-9);  // Maria, Alex: no name
  // Disagreement keeps its (negative) weight: a Maria recorded as a man is another person.
  std::vector<std::vector<std::string>> with_man = rows;
  with_man.push_back({"Maria", "f" + Letters(0), "M"});
  const Dataset data2 = BuildDataset(
      {MakeTable("t", {Role::kGivenName, Role::kFamilyName, Role::kSex}, with_man)}, {},
      &Variants(), 1);
  EXPECT_DOUBLE_EQ(FieldWeight(data2, p, 0, 80, kSex), p.weight_log2[kSex][0]);
}

// Dated records born 1950-2005 evenly, plus the records under test.
Dataset AgeDataset(const std::vector<std::vector<std::string>>& extra) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 112; ++i)
    rows.push_back({"g" + Letters(i), "f" + Letters(i),
                    std::to_string(1950 + i / 2) + "-06-15", "", "2020-01-01"});
  rows.insert(rows.end(), extra.begin(), extra.end());
  return BuildDataset({MakeTable("t",
                                 {Role::kGivenName, Role::kFamilyName, Role::kBirthDate,
                                  Role::kAge, Role::kRecordDate},
                                 rows)},
                      {}, &Variants(), 1);
}

ModelParams BirthParams() {
  ModelParams p;
  p.active[kBirth] = true;
  p.m[kBirth] = {0.02, 0.01, 0.05, 0.01, 0.15, 0.76};
  p.u[kBirth] = {0.90, 0.08, 0.003, 0.00003, 0.0169, 0.00007};
  p.UpdateWeights();
  return p;
}

TEST(ScoreLog2, AnAgeBandThatAdmitsTheBirthDateIsEvidenceByHowFewItAdmits) {
  // Born 1990-05-01 (record 112); aged 25-34 at 2020 (113), aged 30-34 (114), under 18 (115).
  const Dataset data = AgeDataset({{"Ana", "Popa", "1990-05-01", "", "2020-01-01"},
                                   {"Ana", "Popa", "", "25-34", "2020-01-01"},
                                   {"Ana", "Popa", "", "30-34", "2020-01-01"},
                                   {"Ana", "Popa", "", "<18", "2020-01-01"}});
  const ModelParams p = BirthParams();
  Comparison c;
  const double wide = FieldWeight(data, p, 112, 113, kBirth, &c);
  EXPECT_TRUE(c.birth_band_compatible);
  EXPECT_EQ(c.level[kBirth], kMissing);  // not a level: EM never sees it
  const double narrower = FieldWeight(data, p, 112, 114, kBirth);
  // 25-34 admits about 11 of the 56 birth years the lists record: log2(0.97 / 0.2) ~ 2.3.
  EXPECT_GT(wide, 1.5);
  EXPECT_GT(narrower, wide);
  EXPECT_LE(narrower, p.weight_log2[kBirth][4] + 1e-9);  // never above partial_compatible
  // Under 18 in 2020 is not someone born in 1990.
  const double conflict = FieldWeight(data, p, 112, 115, kBirth, &c);
  EXPECT_FALSE(c.birth_band_compatible);
  EXPECT_EQ(c.level[kBirth], 0);
  EXPECT_LT(conflict, -3);
  // Without term-frequency adjustments the band is no evidence, as before.
  ModelParams plain = p;
  plain.tf_adjust = false;
  EXPECT_DOUBLE_EQ(FieldWeight(data, plain, 112, 113, kBirth), 0.0);
}

TEST(FinishModel, DocumentsMayDisagreeAmongMatchesLikePhonesButBirthDatesMayNot) {
  // A person holds several documents (passport, identity card, residence permit): 30% of
  // true matches disagree on the number, and the model must say so, not 10%.
  ModelParams p;
  p.active[kDocument] = p.active[kBirth] = true;
  p.m[kDocument] = {0.30, 0.05, 0.65};
  p.u[kDocument] = {0.9999, 0.00001, 0.00009};
  p.m[kBirth] = {0.30, 0.01, 0.05, 0.01, 0.13, 0.50};
  p.u[kBirth] = {0.90, 0.08, 0.003, 0.00003, 0.0169, 0.00007};
  FinishModel(p, EmOptions{});
  EXPECT_NEAR(p.m[kDocument][0], 0.30, 1e-9);
  EXPECT_LE(p.m[kBirth][0], EmOptions{}.max_disagreement_m + 1e-12);
}

// Persons 0..n-1 with names unique to each person, birth dates shared by many (so the
// birth-date session sees non-matches), `copies` records each, put in table A or B by `in_a`.
std::vector<SourceTable> TwoLists(int persons, int copies,
                                  const std::function<bool(int person, int copy)>& in_a) {
  std::vector<SourceTable> tables = {
      MakeTable("a", {Role::kGivenName, Role::kFamilyName, Role::kBirthDate, Role::kSex}, {}),
      MakeTable("b", {Role::kGivenName, Role::kFamilyName, Role::kBirthDate, Role::kSex}, {})};
  for (int i = 0; i < persons; ++i) {
    char date[16];
    std::snprintf(date, sizeof(date), "%04d-%02d-%02d", 1970 + i % 30, 1 + i % 12, 1 + i % 28);
    for (int k = 0; k < copies; ++k)
      tables[in_a(i, k) ? 0 : 1].rows.push_back(
          {"g" + Letters(i % 97), "f" + Letters(200 + i % 89), date, i % 2 ? "M" : "F"});
  }
  return tables;
}

TEST(FitModel, OneAgencyRecordingAPersonTwiceIsPricedFromTheData) {
  // Each list holds each person once, every person is in both: a same-list pair is never one
  // person, and its prior says so.
  const auto cross_only = TwoLists(1000, 2, [](int, int k) { return k == 0; });
  Result<LinkResult> apart = LinkTables(cross_only, {});
  ASSERT_TRUE(apart.ok()) << apart.status();
  EXPECT_LT(apart->model.same_source_log2_adjust, -3);
  // Records put in one list or the other at random: same-list and cross-list pairs are as
  // likely to be one person, and the priors agree.
  const auto mixed = TwoLists(700, 2, [](int i, int k) { return k == 0 ? i % 2 == 0 : i % 3 == 0; });
  Result<LinkResult> together = LinkTables(mixed, {});
  ASSERT_TRUE(together.ok()) << together.status();
  EXPECT_NEAR(together->model.same_source_log2_adjust, 0.0, 1.0);
  // One list: nothing to tell apart.
  std::vector<SourceTable> one = {mixed[0]};
  one[0].rows.insert(one[0].rows.end(), mixed[1].rows.begin(), mixed[1].rows.end());
  Result<LinkResult> single = LinkTables(one, {});
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(single->model.same_source_log2_adjust, 0.0);
}

}  // namespace
}  // namespace palermo::link
