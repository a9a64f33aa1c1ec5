// SPDX-License-Identifier: AGPL-3.0-or-later
// Mapping parsing, date parsing, row validation and content hashes (no store involved).
#include "ingest_testing.h"

namespace palermo::ingest {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kMapping = R"({
  "agency": "police", "country": "France", "date_order": "dmy",
  "columns": {"no": "local_id", "nom": "family_name", "sexe": "sex", "naissance": "birth_date",
              "nat": "citizenship", "formes": "forms", "constat": "identification_date", "age": "age"},
  "values": {"sex": {"F": "female", "fem.": "female", "Femme": "female"},
             "forms": {"PROX": "sexual"}},
  "list_separators": {"forms": "+"},
  "defaults": {"country_of_exploitation": "FRA"},
  "required": ["local_id"]
})";

RawRow Row(std::vector<std::pair<std::string, std::string>> cells) {
  RawRow row;
  row.line = 2;
  row.cells = std::move(cells);
  return row;
}

TEST(ParseMapping, ReadsColumnsValuesAndCountry) {
  Result<Mapping> m = ParseMapping(kMapping);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->agency, "police");
  EXPECT_EQ(m->country, "FRA");
  EXPECT_EQ(m->columns.size(), 8u);
  EXPECT_EQ(m->values.at("sex").at("fem."), "female");
}

TEST(ParseMapping, RejectsAnUnknownModelFieldNamingTheColumn) {
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"x": "shoe_size"}})", "a.json"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("a.json: column \"x\" maps to an unknown model field")));
}

TEST(ParseMapping, AMisspeltKeyIsAnErrorNamingItAndTheNearestKey) {
  // Ignored, "requried" would let rows without a case number in.
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"x": "local_id"}, "requried": ["local_id"]})",
                           "a.json"),
              StatusIs(StatusCode::kInvalidArgument,
                       "a.json: unknown key \"requried\" (did you mean \"required\"?)"));
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"x": "local_id"}, "sheet": "2024"})", "m"),
              StatusIs(StatusCode::kInvalidArgument, "m: unknown key \"sheet\""));
  // Keys starting with "_" are comments.
  EXPECT_TRUE(ParseMapping(R"({"agency": "a", "_note": "from the 2024 form", "columns": {"x": "local_id"}})")
                  .ok());
}

TEST(ParseMapping, AMisspeltFieldIsNamedWithTheNearestField) {
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"Nom": "famly_name"}})", "m"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m: column \"Nom\" maps to an unknown model field \"famly_name\" (did "
                       "you mean \"family_name\"?)"));
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"x": "local_id"}, "required": ["locl_id"]})", "m"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("\"required\" names an unknown model field \"locl_id\" (did you "
                                 "mean \"local_id\"?)")));
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "columns": {"x": "local_id"}, "defaults": {"sx": "female"}})", "m"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("\"defaults\" names an unknown model field \"sx\" (did you mean "
                                 "\"sex\"?)")));
}

TEST(ParseMapping, RejectsMissingAgencyBadJsonAndBadSeparator) {
  EXPECT_THAT(ParseMapping(R"({"columns": {"x": "local_id"}})", "m"),
              StatusIs(StatusCode::kInvalidArgument, "m: \"agency\" is required"));
  EXPECT_THAT(ParseMapping("{", "m"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("m: not valid JSON")));
  // nlohmann throws out_of_range (not parse_error) for a number beyond a double: found by
  // fuzz/mapping.cc, it ended the process.
  EXPECT_THAT(ParseMapping(R"({"agency": "a", "_note": 1e999})", "m"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m: a number in the JSON is too large to read"));
  EXPECT_THAT(
      ParseMapping(R"({"agency": "a", "separator": "#", "columns": {"x": "local_id"}})", "m"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"separator\" must be one of")));
}

TEST(ParseDate, FollowsTheDeclaredOrderForAmbiguousDates) {
  EXPECT_EQ(ParseDate("03/04/2019", DateOrder::kDmy)->ToString(), "2019-04-03");
  EXPECT_EQ(ParseDate("03/04/2019", DateOrder::kMdy)->ToString(), "2019-03-04");
  EXPECT_EQ(ParseDate("2019-04-03", DateOrder::kMdy)->ToString(), "2019-04-03");
  EXPECT_EQ(ParseDate("20190403", DateOrder::kDmy)->ToString(), "2019-04-03");
  EXPECT_EQ(ParseDate("1998", DateOrder::kDmy)->ToString(), "1998");
  EXPECT_EQ(ParseDate("03/1998", DateOrder::kDmy)->ToString(), "1998-03");
  EXPECT_EQ(ParseDate(" 03.04.2019 ", DateOrder::kDmy)->ToString(), "2019-04-03");
}

TEST(ParseDate, ErrorsNeverEchoTheText) {
  EXPECT_THAT(ParseDate("Olena 12", DateOrder::kDmy),
              StatusIs(StatusCode::kInvalidArgument, "not a date (expected DD/MM/YYYY)"));
  EXPECT_THAT(
      ParseDate("31/02/2019", DateOrder::kDmy),
      StatusIs(StatusCode::kInvalidArgument, "no such day in the calendar (expected DD/MM/YYYY)"));
  EXPECT_THAT(
      ParseDate("13/25/2019", DateOrder::kMdy),
      StatusIs(StatusCode::kInvalidArgument, "no such day in the calendar (expected MM/DD/YYYY)"));
}

TEST(ConvertRow, MapsAgencyCodesToPalermoCodes) {
  const Mapping m = *ParseMapping(kMapping);
  Conversion c = ConvertRow(m,
                            Row({{"no", "P-1"},
                                 {"nom", "Kovalenko"},
                                 {"sexe", "fem."},
                                 {"naissance", "02/03/2001"},
                                 {"nat", "Nigéria"},
                                 {"formes", "PROX + travail forcé"},
                                 {"constat", "05/06/2019"},
                                 {"age", ""}}),
                            testing::Today());
  ASSERT_TRUE(c.record) << c.problem.field << ": " << c.problem.reason;
  EXPECT_EQ(c.record->local_id, "P-1");
  EXPECT_EQ(c.record->person.sex, Sex::kFemale);
  EXPECT_EQ(c.record->person.citizenship, "NGA");
  EXPECT_THAT(c.record->forms, ElementsAre("sexual", "forced_labour"));
  EXPECT_EQ(c.record->country_of_exploitation, "FRA");  // from "defaults"
  EXPECT_EQ(c.record->person.birth_year, 2001);
  EXPECT_EQ(c.record->age_at_identification, 18);  // derived while the birth date is known
  EXPECT_EQ(c.record->person.identifiers.family_name, "Kovalenko");
}

TEST(ConvertRow, CountryCodesInEveryFormGiveTheSameAlpha3) {
  const Mapping m = *ParseMapping(kMapping);
  for (const char* text : {"NGA", "NG", "566", "Nigeria", "nigéria"}) {
    Conversion c = ConvertRow(m, Row({{"no", "1"}, {"nat", text}}), testing::Today());
    ASSERT_TRUE(c.record) << text;
    EXPECT_EQ(c.record->person.citizenship, "NGA") << text;
  }
}

TEST(ConvertRow, ValueMapsAreCaseInsensitive) {
  const Mapping m = *ParseMapping(kMapping);
  Conversion c = ConvertRow(m, Row({{"no", "1"}, {"sexe", "FEMME"}}), testing::Today());
  ASSERT_TRUE(c.record);
  EXPECT_EQ(c.record->person.sex, Sex::kFemale);
}

TEST(ContentHash, IgnoresSurroundingSpacesAndColumnOrderButNotContentOrAgency) {
  const RawRow a = Row({{"no", "1"}, {"nom", "Eze"}});
  const RawRow b = Row({{"nom", " Eze "}, {"no", "1"}});
  const RawRow c = Row({{"no", "1"}, {"nom", "Ezé"}});
  EXPECT_EQ(ContentHash("police", a), ContentHash("police", b));
  EXPECT_NE(ContentHash("police", a), ContentHash("police", c));
  EXPECT_NE(ContentHash("police", a), ContentHash("ngo", a));
  EXPECT_EQ(ContentHash("police", a).size(), 7u + 32u);
}

}  // namespace
}  // namespace palermo::ingest
