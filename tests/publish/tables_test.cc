// SPDX-License-Identifier: AGPL-3.0-or-later
// Counts of BuildTables on small hand-made inputs.
#include <gtest/gtest.h>

#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

PersonRow P(std::string key, Sex sex, std::optional<int> age, std::vector<std::string> forms,
            std::string cit, std::vector<std::string> agencies, int year = 2024,
            VictimStatus status = VictimStatus::kActualVictim) {
  PersonRow p;
  p.person_key = std::move(key);
  p.sex = sex;
  p.age = age;
  p.forms = std::move(forms);
  p.citizenship = std::move(cit);
  p.country_of_exploitation = "ITA";
  p.agencies = std::move(agencies);
  p.year = year;
  p.status = status;
  return p;
}

const Table& Get(const std::vector<Table>& tables, const std::string& id) {
  for (const Table& t : tables)
    if (t.id == id) return t;
  ADD_FAILURE() << "no table " << id;
  return tables.front();
}

int64_t At(const Table& t, const std::string& row, const std::string& col) {
  for (size_t r = 0; r < t.rows.size(); ++r)
    for (size_t c = 0; c < t.cols.size(); ++c)
      if (t.rows[r].code == row && t.cols[c].code == col) return t.Value(static_cast<int>(r), static_cast<int>(c));
  ADD_FAILURE() << t.id << " has no cell " << row << "/" << col;
  return -1;
}

ReportInput Input() {
  ReportInput in;
  in.unit = Unit::kUniquePersons;
  in.year = 2024;
  in.rows = {P("a", Sex::kFemale, 16, {"sexual", "forced_labour", "sexual"}, "NGA", {"police", "ngo"}),
             P("b", Sex::kFemale, 30, {"sexual"}, "NGA", {"police"}),
             P("c", Sex::kMale, 40, {"forced_labour"}, "ROU", {"ngo"}),
             P("d", Sex::kMale, std::nullopt, {}, "", {"police"}),
             P("e", Sex::kFemale, 25, {"sexual"}, "NGA", {"police"}, 2023),
             P("f", Sex::kFemale, 25, {"sexual"}, "NGA", {"police"}, 2024, VictimStatus::kNotAVictim)};
  return in;
}

TEST(Tables, PersonWithTwoFormsCountsOnceInEachFormAndOnceAmongPersons) {
  const auto tables = BuildTables(Input());
  const Table& form = Get(tables, "form");
  EXPECT_EQ(At(form, "sexual", "total"), 2);         // a (duplicate form ignored) and b
  EXPECT_EQ(At(form, "forced_labour", "total"), 2);  // a and c
  EXPECT_EQ(At(form, "not_recorded", "total"), 1);   // d
  EXPECT_EQ(At(form, "total_pairs", "total"), 5);
  EXPECT_EQ(At(form, "persons", "total"), 4);        // a b c d; e is 2023, f not a victim
  EXPECT_EQ(At(form, "sexual", "girls"), 1);
  EXPECT_EQ(At(form, "sexual", "women"), 1);
  EXPECT_EQ(At(form, "persons", "unknown"), 1);  // d has no age
}

TEST(Tables, SexAgeUsesCtdcBandsWithChildAndAdultSubtotals) {
  const auto tables = BuildTables(Input());
  const Table& t = Get(tables, "sex_age");
  EXPECT_EQ(At(t, "9-17", "female"), 1);
  EXPECT_EQ(At(t, "children", "female"), 1);
  EXPECT_EQ(At(t, "30-38", "female"), 1);
  EXPECT_EQ(At(t, "39-47", "male"), 1);
  EXPECT_EQ(At(t, "adults", "total"), 2);
  EXPECT_EQ(At(t, "unknown", "male"), 1);
  EXPECT_EQ(At(t, "total", "total"), 4);
}

TEST(Tables, NotAVictimAndOtherYearsAreLeftOutButTheYearTableShowsEveryYear) {
  const auto tables = BuildTables(Input());
  const Table& year = Get(tables, "year");
  EXPECT_EQ(At(year, "2023", "total"), 1);
  EXPECT_EQ(At(year, "2024", "total"), 4);
  EXPECT_EQ(At(year, "total", "total"), 5);
}

TEST(Tables, CitizenshipRowsAddUpToTheirM49Region) {
  const auto tables = BuildTables(Input());
  const Table& t = Get(tables, "citizenship");
  EXPECT_EQ(At(t, "NGA", "female"), 2);
  EXPECT_EQ(At(t, "m49_002", "total"), 2);  // Africa
  EXPECT_EQ(At(t, "m49_150", "total"), 1);  // Europe: ROU
  EXPECT_EQ(At(t, "unknown", "total"), 1);
  EXPECT_EQ(At(t, "total", "total"), 4);
}

TEST(Tables, AgencyOverlapPatternsAreDisjointAndAgencyRowsSumTheirPatterns) {
  const auto tables = BuildTables(Input());
  const Table& t = Get(tables, "agency");
  EXPECT_EQ(At(t, "pattern:ngo+police", "victims"), 1);
  EXPECT_EQ(At(t, "pattern:police", "victims"), 2);
  EXPECT_EQ(At(t, "pattern:ngo", "victims"), 1);
  EXPECT_EQ(At(t, "agency:police", "victims"), 3);
  EXPECT_EQ(At(t, "agency:ngo", "victims"), 2);
  EXPECT_EQ(At(t, "total", "victims"), 4);
}

TEST(Tables, RegionFormCountsEachPersonOncePerGlotipCategory) {
  const auto tables = BuildTables(Input());
  const Table& t = Get(tables, "region_form");
  EXPECT_EQ(At(t, "m49_002", "sexual_exploitation"), 2);
  EXPECT_EQ(At(t, "m49_002", "forced_labour"), 1);
  EXPECT_EQ(At(t, "m49_002", "total"), 3);
  EXPECT_TRUE(t.sensitive_columns);
}

TEST(Tables, EveryRelationHoldsOnTheFixture) {
  for (const Table& t : BuildTables(Input())) {
    for (const Relation& r : t.relations) {
      int64_t sum = 0;
      for (int part : r.parts) sum += t.values[part];
      EXPECT_EQ(t.values[r.total], sum) << t.id << " cell " << r.total;
    }
  }
}

TEST(Inputs, EstimateSummaryMissingKeyIsNamed) {
  EXPECT_THAT(ParseEstimateSummary(R"({"observed": 10, "estimate": 20, "ci_low": 12})"),
              palermo::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("'ci_high'")));
  EXPECT_THAT(ParseEstimateSummary("{not json"),
              palermo::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("bad JSON")));
  auto ok = ParseEstimateSummary(
      R"({"observed": 10, "estimate": 20, "unobserved": 10, "ci_low": 12, "ci_high": 40, "ci_method": "profile",
          "model_terms": ["A:B"], "method": "BIC", "excluded_models": []})");
  PALERMO_ASSERT_OK(ok);
  EXPECT_EQ(ok->observed, 10);
  EXPECT_EQ(ok->model_terms, std::vector<std::string>{"A:B"});
}

TEST(Inputs, MissingCountryYearInPopulationIsNotFoundAndNamesIt) {
  auto pop = PopulationTable::ParseCsv("iso3,country_name,year,population\nITA,Italy,2023,58984216\n", "p.csv");
  PALERMO_ASSERT_OK(pop);
  EXPECT_EQ(*pop->Get("ITA", 2023), 58984216);
  EXPECT_THAT(pop->Get("ITA", 2024),
              palermo::testing::StatusIs(StatusCode::kNotFound, ::testing::HasSubstr("ITA 2024")));
  EXPECT_THAT(PopulationTable::ParseCsv("iso3,year\nITA,2023\n", "p.csv"),
              palermo::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("population")));
  EXPECT_THAT(PopulationTable::ParseCsv("iso3,year,population\nITA,2023,many\n", "p.csv"),
              palermo::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("p.csv:2")));
}

}  // namespace
}  // namespace palermo::publish
