// SPDX-License-Identifier: AGPL-3.0-or-later
// How the linkage run learns its model (training.h): on real and generated lists, every
// field's weights respect their order and the prior is near the true number of matches.
#include "link/training.h"

#include <map>

#include "link/link.h"
#include "sample/sample.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::SharedData;
using ::palermo::testing::TempDir;

void ExpectMonotone(const ModelParams& model, const std::string& where) {
  for (int f = 0; f < kFieldCount; ++f) {
    if (!model.active[f]) continue;
    const auto field = static_cast<Field>(f);
    for (const auto& [lo, hi] : LevelOrder(field))
      EXPECT_LE(model.weight_log2[f][lo], model.weight_log2[f][hi] + 1e-9)
          << where << ": " << FieldName(field) << " " << LevelName(field, lo) << " > "
          << LevelName(field, hi);
  }
}

TEST(FitModel, WeightsNeverRiseAsAgreementFallsOnFake1000) {
  Result<Mapping> mapping = ParseMapping(
      R"({"*": {"unique_id": "record_id", "first_name": "given_name", "surname": "family_name",
          "dob": "birth_date", "city": "city", "email": "email"}})",
      "map");
  ASSERT_TRUE(mapping.ok());
  Result<InputFile> input = ReadInputFile(SharedData("linkage/splink/fake_1000.csv"), *mapping);
  ASSERT_TRUE(input.ok()) << input.status();
  LinkOptions options;
  options.u_sample_pairs = 200000;
  Result<LinkResult> r = LinkTables({input->table}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ExpectMonotone(r->model, "fake_1000");
  EXPECT_EQ(r->model.prior_method, "capture_recapture");
  // 2,975 true pairs (../shared/data/linkage/README.md).
  EXPECT_GT(r->model.expected_matches, 2975 * 0.5);
  EXPECT_LT(r->model.expected_matches, 2975 * 1.5);
  ASSERT_EQ(r->sessions.size(), 3u);
  EXPECT_EQ(r->sessions[0].name, "birth_date");
  EXPECT_GT(r->sessions[0].matches, 100);
}

TEST(FitModel, WeightsAndPriorOnTheMultiAgencySample) {
  TempDir dir;
  ASSERT_TRUE(sample::GenerateSample(dir.path(), {.people = 1000, .seed = 11}).ok());
  Result<std::string> text = ReadFileToString(dir.path() / "link_mapping.json");
  ASSERT_TRUE(text.ok());
  Result<Mapping> mapping = ParseMapping(*text, "link_mapping.json");
  ASSERT_TRUE(mapping.ok());
  std::vector<SourceTable> tables;
  for (const std::string& agency : sample::SampleAgencies()) {
    Result<InputFile> in = ReadInputFile(dir.path() / (agency + ".csv"), *mapping);
    ASSERT_TRUE(in.ok()) << in.status();
    tables.push_back(in->table);
  }
  Result<CsvTable> truth = ReadCsvFile(dir.path() / "truth.csv");
  ASSERT_TRUE(truth.ok());
  std::map<std::string, double> per_person;
  for (const auto& row : truth->rows) per_person[row[2]] += 1;
  double true_pairs = 0;
  for (const auto& [person, n] : per_person) true_pairs += n * (n - 1) / 2;
  LinkOptions options;
  Result<LinkResult> r = LinkTables(tables, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ExpectMonotone(r->model, "sample");
  EXPECT_GT(r->model.expected_matches, true_pairs * 0.6);
  EXPECT_LT(r->model.expected_matches, true_pairs * 1.5);
}

TEST(FitModel, WithoutFullDatesThePriorComesFromTheCandidatePairs) {
  // Names only: no birth-date session, so no capture-recapture.
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 60; ++i) {
    const std::string given(1, static_cast<char>('a' + i % 26));
    rows.push_back({given + "lina" + given, "kova" + std::to_string(i / 26) + "lenko"});
    rows.push_back({given + "lina" + given, "kova" + std::to_string(i / 26) + "lenko"});
  }
  SourceTable t;
  t.name = "t";
  t.header = {"given_name", "family_name"};
  t.columns = {{0, Role::kGivenName}, {1, Role::kFamilyName}};
  t.rows = rows;
  Result<LinkResult> r = LinkTables({t}, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->model.prior_method, "candidate_pairs");
  ExpectMonotone(r->model, "names only");
}

}  // namespace
}  // namespace palermo::link
