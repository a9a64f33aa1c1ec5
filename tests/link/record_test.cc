// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/record.h"

#include "link/dataset.h"
#include "test_util.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using testing::MakeTable;
using testing::Variants;

const std::vector<Role> kRoles = {Role::kGivenName, Role::kFamilyName, Role::kBirthDate,
                                  Role::kSex,       Role::kNationality, Role::kPhone,
                                  Role::kDocumentNumber};

// Compares row 0 with row 1 of a two-row table.
Comparison CompareRows(const std::vector<std::string>& a, const std::vector<std::string>& b,
                       bool transliterate = true) {
  NormaliseOptions options;
  options.transliterate = transliterate;
  const Dataset data = BuildDataset({MakeTable("t", kRoles, {a, b})}, options, &Variants(), 1);
  Comparison c;
  Compare(data, data.records[0], data.records[1], c);
  return c;
}

constexpr int kGiven = 0, kFamily = 1, kBirth = 2, kSex = 3, kNationality = 4, kPhone = 5,
              kDocument = 6;

TEST(JaroWinkler, MatchesPublishedExamples) {
  // Winkler (1990) / the usual textbook pairs.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_EQ(JaroWinkler("", "abc"), 0.0);
  EXPECT_EQ(JaroWinkler("martha", "marhta"), JaroWinkler("marhta", "martha"));
}

TEST(WithinOneEdit, AcceptsOneTypoOnly) {
  EXPECT_TRUE(WithinOneEdit("P1234567", "P1234567"));
  EXPECT_TRUE(WithinOneEdit("P1234567", "P1234667"));  // substitution
  EXPECT_TRUE(WithinOneEdit("P1234567", "P1243567"));  // transposition
  EXPECT_TRUE(WithinOneEdit("P1234567", "P123456"));   // deletion
  EXPECT_FALSE(WithinOneEdit("P1234567", "P1243667"));
  EXPECT_FALSE(WithinOneEdit("P1234567", "P12345"));
}

TEST(Compare, CyrillicAndLatinSpellingsOfOneNameAgreeExactly) {
  const Comparison c = CompareRows({"Олена", "Коваленко", "", "", "", "", ""},
                                   {"Olena", "Kovalenko", "", "", "", "", ""});
  EXPECT_EQ(c.level[kGiven], 4);
  EXPECT_EQ(c.level[kFamily], 4);
  EXPECT_EQ(c.level[kBirth], kMissing);
}

TEST(Compare, WithoutTransliterationScriptsDoNotMeet) {
  const Comparison c = CompareRows({"Олена", "Коваленко", "", "", "", "", ""},
                                   {"Olena", "Kovalenko", "", "", "", "", ""}, false);
  EXPECT_EQ(c.level[kGiven], 0);
  EXPECT_EQ(c.level[kFamily], 0);
}

TEST(Compare, ArabicMuhammadMeetsItsLatinVariants) {
  for (const char* latin : {"Mohammed", "Muhammad", "Mohamed", "Mehmet"}) {
    const Comparison c = CompareRows({"محمد", "", "", "", "", "", ""},
                                     {latin, "", "", "", "", "", ""});
    EXPECT_EQ(c.level[kGiven], 4) << latin;
  }
}

TEST(Compare, SwappedGivenAndFamilyNamesAreRecognised) {
  const Comparison c = CompareRows({"Olena", "Kovalenko", "", "", "", "", ""},
                                   {"Kovalenko", "Olena", "", "", "", "", ""});
  EXPECT_TRUE(c.swapped_names);
  EXPECT_EQ(c.level[kGiven], 4);
  EXPECT_EQ(c.level[kFamily], 4);
}

TEST(Compare, FullNameOnlyIsSplitAndComparedInEitherOrder) {
  NormaliseOptions options;
  // Capitals mark the family name; a comma puts it first; without either, the crosswise
  // comparison still finds the family-first order.
  const Dataset data = BuildDataset(
      {MakeTable("a", {Role::kFullName},
                 {{"KOVALENKO Olena"}, {"Kovalenko, Olena"}, {"Kovalenko Olena"}}),
       MakeTable("b", {Role::kGivenName, Role::kFamilyName}, {{"Olena", "Kovalenko"}})},
      options, &Variants(), 1);
  for (int row = 0; row < 3; ++row) {
    Comparison c;
    Compare(data, data.records[static_cast<size_t>(row)], data.records[3], c);
    EXPECT_EQ(c.swapped_names, row == 2) << row;
    EXPECT_EQ(c.level[kGiven], 4) << row;
    EXPECT_EQ(c.level[kFamily], 4) << row;
  }
}

TEST(Compare, TitlesAreNotNames) {
  const Comparison c = CompareRows({"General Sir Richard", "Haking", "", "", "", "", ""},
                                   {"Richard", "Haking", "", "", "", "", ""});
  EXPECT_EQ(c.level[kGiven], 4);
}

TEST(Compare, BirthDateLevels) {
  auto level = [](const char* a, const char* b) {
    return CompareRows({"", "", a, "", "", "", ""}, {"", "", b, "", "", "", ""}).level[kBirth];
  };
  EXPECT_EQ(level("1994-03-07", "07/03/1994"), 5);  // same date, two formats
  EXPECT_EQ(level("1994-03-07", "1994-07-03"), 3);  // day and month swapped
  EXPECT_EQ(level("1994-03-07", "1994-03-08"), 2);  // one part differs
  EXPECT_EQ(level("1994", "1994-03-07"), 4);        // partial, compatible
  EXPECT_EQ(level("1994-03", "1994-04-07"), 1);     // partial, months differ
  EXPECT_EQ(level("1994-03-07", "1971-11-20"), 0);
  EXPECT_EQ(level("", "1994-03-07"), kMissing);
  // A year one typed digit off is one part differing, however many years that makes.
  EXPECT_EQ(level("1851-04-02", "1815-04-02"), 2);  // adjacent digits swapped
  EXPECT_EQ(level("1630-08-01", "1730-08-01"), 2);  // one digit replaced
  EXPECT_EQ(level("1851-04-02", "1893-04-02"), 0);  // two digits: another person
  EXPECT_EQ(level("1851-04-02", "1815-04-03"), 0);  // the year and the day differ
}

TEST(Compare, ASingleNameIsComparedWithTheOtherRecordsFamilyName) {
  // "Watts" alone (in the given-name column, the family name empty) against "William Watts":
  // the single name agrees with the family name; the given name is unknown, not different.
  for (const bool single_first : {true, false}) {
    const std::vector<std::string> single = {"Watts", "", "", "", "", "", ""};
    const std::vector<std::string> full = {"William", "Watts", "", "", "", "", ""};
    const Comparison c = single_first ? CompareRows(single, full) : CompareRows(full, single);
    EXPECT_EQ(c.level[kGiven], kMissing) << single_first;
    EXPECT_EQ(c.level[kFamily], 4) << single_first;
    EXPECT_TRUE(c.swapped_names) << single_first;
  }
  // A family name alone that is the other record's given name.
  const Comparison c =
      CompareRows({"", "Olena", "", "", "", "", ""}, {"Olena", "Kovalenko", "", "", "", "", ""});
  EXPECT_EQ(c.level[kGiven], 4);
  EXPECT_EQ(c.level[kFamily], kMissing);
  // A single name that agrees with neither name still disagrees as a given name.
  const Comparison other =
      CompareRows({"Watts", "", "", "", "", "", ""}, {"Olena", "Kovalenko", "", "", "", "", ""});
  EXPECT_EQ(other.level[kGiven], 0);
  EXPECT_EQ(other.level[kFamily], kMissing);
  EXPECT_FALSE(other.swapped_names);
  // A given name alone that is the other's given name stays where it is.
  const Comparison same =
      CompareRows({"William", "", "", "", "", "", ""}, {"William", "Watts", "", "", "", "", ""});
  EXPECT_EQ(same.level[kGiven], 4);
  EXPECT_EQ(same.level[kFamily], kMissing);
  EXPECT_FALSE(same.swapped_names);
}

TEST(Compare, AgeGivesAnApproximateBirthYear) {
  NormaliseOptions options;
  options.reference_year = 2024;
  const Dataset data = BuildDataset(
      {MakeTable("a", {Role::kAge}, {{"30"}}), MakeTable("b", {Role::kBirthDate}, {{"1993-05-01"}}),
       MakeTable("c", {Role::kBirthYear}, {{"1980"}})},
      options, &Variants(), 1);
  Comparison c;
  Compare(data, data.records[0], data.records[1], c);
  // 2024 - 30 = 1994, or up to 8 years earlier (no record date): compatible with 1993, but
  // so wide an interval is no evidence either way.
  EXPECT_EQ(c.level[kBirth], kMissing);
  Compare(data, data.records[0], data.records[2], c);
  EXPECT_EQ(c.level[kBirth], 0);
}

TEST(Compare, AnAgeIsCountedFromItsRecordDateElseFromAnyRecentYear) {
  NormaliseOptions options;
  options.reference_year = 2026;
  options.age_span_years = 8;
  // Aged 25 in 2019: born 1994 (or 1993). Counted from 2026 it would be 2001.
  const Dataset data = BuildDataset(
      {MakeTable("ngo", {Role::kAge, Role::kRecordDate}, {{"25", "12.05.2019"}}),
       MakeTable("ngo_undated", {Role::kAge}, {{"25"}}),
       MakeTable("police", {Role::kBirthDate}, {{"1994-03-07"}, {"2001-03-07"}, {"1985-01-01"}})},
      options, &Variants(), 1);
  Comparison c;
  Compare(data, data.records[0], data.records[2], c);
  EXPECT_EQ(c.level[kBirth], 4);
  Compare(data, data.records[0], data.records[3], c);
  EXPECT_EQ(c.level[kBirth], 0);  // the record date rules 2001 out
  // Undated: 1992-2001 are all possible, too wide to be evidence; 1985 is ruled out.
  Compare(data, data.records[1], data.records[2], c);
  EXPECT_EQ(c.level[kBirth], kMissing);
  Compare(data, data.records[1], data.records[3], c);
  EXPECT_EQ(c.level[kBirth], kMissing);
  Compare(data, data.records[1], data.records[4], c);
  EXPECT_EQ(c.level[kBirth], 0);
}

TEST(Compare, PhonesInNationalAndInternationalFormatAgree) {
  const Comparison c = CompareRows({"", "", "", "", "UKR", "067 123 4567", ""},
                                   {"", "", "", "", "Ukraine", "+380671234567", ""});
  EXPECT_EQ(c.level[kNationality], 1);
  EXPECT_EQ(c.level[kPhone], 2);
  const Comparison other = CompareRows({"", "", "", "", "UKR", "067 123 4567", ""},
                                       {"", "", "", "", "UKR", "067 765 4321", ""});
  EXPECT_EQ(other.level[kPhone], 0);
}

TEST(Compare, DocumentsWithMisreadLettersAgreeAndOneTypoIsClose) {
  EXPECT_EQ(CompareRows({"", "", "", "", "", "", "NO123456"}, {"", "", "", "", "", "", "N0-123456"})
                .level[kDocument],
            2);
  EXPECT_EQ(CompareRows({"", "", "", "", "", "", "N0123456"}, {"", "", "", "", "", "", "N0123457"})
                .level[kDocument],
            1);
  EXPECT_EQ(CompareRows({"", "", "", "", "", "", "N0123456"}, {"", "", "", "", "", "", "X9999999"})
                .level[kDocument],
            0);
}

TEST(Compare, SexAndNationalityFromCodesOrNames) {
  const Comparison c = CompareRows({"", "", "", "F", "NGA", "", ""},
                                   {"", "", "", "female", "Nigéria", "", ""});
  EXPECT_EQ(c.level[kSex], 1);
  EXPECT_EQ(c.level[kNationality], 1);
  const Comparison d = CompareRows({"", "", "", "F", "NGA", "", ""},
                                   {"", "", "", "M", "GHA", "", ""});
  EXPECT_EQ(d.level[kSex], 0);
  EXPECT_EQ(d.level[kNationality], 0);
}

TEST(Compare, IsSymmetric) {
  const Comparison ab = CompareRows({"Olena", "Kovalenko", "1994-03-07", "F", "UKR", "", ""},
                                    {"Olna", "Kowalenko", "1994-07-03", "F", "UKR", "", ""});
  const Comparison ba = CompareRows({"Olna", "Kowalenko", "1994-07-03", "F", "UKR", "", ""},
                                    {"Olena", "Kovalenko", "1994-03-07", "F", "UKR", "", ""});
  EXPECT_EQ(ab.level, ba.level);
}

TEST(Role, ParsesContractNamesAndRejectsOthers) {
  EXPECT_EQ(*ParseRole("document_number"), Role::kDocumentNumber);
  EXPECT_EQ(*ParseRole("full_name"), Role::kFullName);
  EXPECT_THAT(ParseRole("surname"),
              palermo::testing::StatusIs(StatusCode::kInvalidArgument,
                                         ::testing::HasSubstr("unknown role 'surname'")));
}

}  // namespace
}  // namespace palermo::link

namespace palermo::link {
namespace {

TEST(Mapping, AFileIsNamedWithOrWithoutItsExtension) {
  auto mapping = ParseMapping(
      R"({"police.csv": {"id": "record_id"}, "ngo": {"ref": "record_id"}, "*": {"n": "record_id"}})",
      "map.json");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  EXPECT_EQ(mapping->For("police.csv")->front().first, "id");
  EXPECT_EQ(mapping->For("ngo.csv")->front().first, "ref");
  EXPECT_EQ(mapping->For("health.csv")->front().first, "n");
}

// One mapping format: the "columns" object of a `palermo import` mapping is a link entry.
TEST(Mapping, AnImportMappingsColumnsAreALinkEntry) {
  auto mapping = ParseMapping(
      R"({"police": {"no_pv": "local_id", "nom": "family_name", "nationalite": "citizenship",
                     "date_constat": "identification_date", "infractions": "forms",
                     "statut": "victim_status", "pays": "country_of_exploitation"}})",
      "map.json");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  const std::vector<std::pair<std::string, Role>> expected = {
      {"no_pv", Role::kRecordId}, {"nom", Role::kFamilyName}, {"nationalite", Role::kNationality},
      {"date_constat", Role::kRecordDate}};
  EXPECT_EQ(*mapping->For("police.csv"), expected);
  EXPECT_THAT(ParseMapping(std::string(5000, '[') + std::string(5000, ']'), "deep.json"),
              ::palermo::testing::StatusIs(StatusCode::kInvalidArgument,
                                           ::testing::HasSubstr("nested deeper than 64")));
  // nlohmann throws out_of_range, not parse_error, for a number beyond a double.
  EXPECT_THAT(ParseMapping(R"({"police.csv": {"no_pv": 1e999}})", "big.json"),
              ::palermo::testing::StatusIs(StatusCode::kInvalidArgument,
                                           "big.json: a number in the JSON is too large to read"));
}


// Two records of one table with roles `roles`: the comparison of row 0 with row 1.
Comparison CompareWith(const std::vector<Role>& roles_a, const std::vector<std::string>& a,
                       const std::vector<Role>& roles_b, const std::vector<std::string>& b) {
  NormaliseOptions options;
  const Dataset data =
      BuildDataset({MakeTable("a", roles_a, {a}), MakeTable("b", roles_b, {b})}, options,
                   &Variants(), 1);
  Comparison c;
  Compare(data, data.records[0], data.records[1], c);
  return c;
}

const std::vector<Role> kFullNat = {Role::kFullName, Role::kNationality};
const std::vector<Role> kSplitNat = {Role::kGivenName, Role::kFamilyName, Role::kNationality};

TEST(Compare, PatronymicsAreLeftOutWhereverTheyStand) {
  // Ukrainian passport order, Russian official order, and without the patronymic.
  for (const char* full : {"Оксана Тарасівна Коваленко", "Kovalenko Oksana Tarasivna",
                           "Oksana Tarasivna KOVALENKO"}) {
    const Comparison c =
        CompareWith(kFullNat, {full, "UA"}, kSplitNat, {"Oksana", "Kovalenko", "UKR"});
    EXPECT_EQ(c.level[kGiven], 4) << full;
    EXPECT_EQ(c.level[kFamily], 4) << full;
  }
}

TEST(Compare, ArabicNameChainsMeetTheirShortForms) {
  const Comparison chain = CompareWith(kFullNat, {"Ahmed bin Ali al-Hassan", "Egypt"}, kSplitNat,
                                       {"Ahmed", "Alhassan", "EG"});
  EXPECT_EQ(chain.level[kGiven], 4);
  EXPECT_GE(chain.level[kFamily], 3);  // "ali hassan" shares "hassan"
  const Comparison article =
      CompareWith(kSplitNat, {"Ahmed", "Al Hassan", "EG"}, kSplitNat, {"Ahmed", "Hassan", "EG"});
  EXPECT_EQ(article.level[kFamily], 4);
}

TEST(Compare, FamilyFirstCulturesAreReadInTheirOrder) {
  const Comparison vietnamese =
      CompareWith(kFullNat, {"Nguyen Van An", "VN"}, kSplitNat, {"An", "Nguyen", "Viet Nam"});
  EXPECT_EQ(vietnamese.level[kGiven], 4);
  EXPECT_EQ(vietnamese.level[kFamily], 4);
  EXPECT_FALSE(vietnamese.swapped_names);
  // "Thi" is a middle name: two women Thi Lan and Thi Hoa do not share a given name.
  const Comparison thi = CompareWith(kSplitNat, {"Thi Lan", "Tran", "VN"}, kSplitNat,
                                     {"Thi Hoa", "Tran", "VN"});
  EXPECT_EQ(thi.level[kGiven], 0);
  // Chinese characters: family first, the given name's syllables joined.
  const Comparison chinese =
      CompareWith(kFullNat, {"王小明", "CN"}, kSplitNat, {"Xiaoming", "Wang", "China"});
  EXPECT_EQ(chinese.level[kGiven], 4);
  EXPECT_EQ(chinese.level[kFamily], 4);
}

TEST(Compare, VietnameseFamilyNamesFoundInTheWrongFieldOrPosition) {
  // The family name in the given-name column ("Le" / "Thi Huong", "Nguyen Thi" / "Nhi"), and a
  // full name in Western order: the same fields as the other list, not a swap found later.
  const Comparison le = CompareWith(kSplitNat, {"Le", "Thi Huong", "VN"}, kSplitNat,
                                    {"Thi Huong", "Le", "VN"});
  EXPECT_EQ(le.level[kGiven], 4);
  EXPECT_EQ(le.level[kFamily], 4);
  EXPECT_FALSE(le.swapped_names);
  const Comparison nhi = CompareWith(kSplitNat, {"Nguyen Thi", "Nhi", "VN"}, kSplitNat,
                                     {"Thi Nhi", "Nguyen", "VN"});
  EXPECT_EQ(nhi.level[kGiven], 4);
  EXPECT_EQ(nhi.level[kFamily], 4);
  EXPECT_FALSE(nhi.swapped_names);
  const Comparison western =
      CompareWith(kFullNat, {"Ngoc Hong Nguyen", "VN"}, kSplitNat, {"Ngoc Hong", "Nguyen", "VN"});
  EXPECT_EQ(western.level[kGiven], 4);
  EXPECT_EQ(western.level[kFamily], 4);
  EXPECT_FALSE(western.swapped_names);
  // "Thi Huong" alone has no family name: "Thi" marks the sex, it is never a family name.
  const Comparison alone =
      CompareWith(kFullNat, {"Thi Huong", "VN"}, kSplitNat, {"Thi Huong", "Nguyen", "VN"});
  EXPECT_EQ(alone.level[kGiven], 4);
  EXPECT_EQ(alone.level[kFamily], kMissing);
  // Two men called Dung with different middle names are not given the same name.
  const Comparison middle = CompareWith(kSplitNat, {"Minh Dung", "Nguyen", "VN"}, kSplitNat,
                                        {"Huu Dung", "Nguyen", "VN"});
  EXPECT_LT(middle.level[kGiven], 4);
  const Comparison marker = CompareWith(kSplitNat, {"Van Dung", "Nguyen", "VN"}, kSplitNat,
                                        {"Dung", "Nguyen", "VN"});
  EXPECT_EQ(marker.level[kGiven], 4);
}

TEST(Compare, CompoundFamilyNamesShareTheirParts) {
  const Comparison c = CompareRows({"Ioana", "Popescu-Ionescu", "", "", "", "", ""},
                                   {"Ioana", "Popescu", "", "", "", "", ""});
  EXPECT_EQ(c.level[kFamily], 3);
  const Comparison particles = CompareRows({"Maria", "da Silva Santos", "", "", "", "", ""},
                                           {"Maria", "Silva Santos", "", "", "", "", ""});
  EXPECT_EQ(particles.level[kFamily], 4);
}

TEST(Compare, CyrillicIsRomanisedAsPassportsWriteIt) {
  const Comparison c = CompareRows({"Михайло", "Ковальчук", "", "", "", "", ""},
                                   {"Mykhailo", "Kovalchuk", "", "", "", "", ""});
  EXPECT_GE(c.level[kGiven], 3);
  EXPECT_EQ(c.level[kFamily], 4);
  const Comparison ukrainian = CompareRows({"Олексій", "Щербина", "", "", "", "", ""},
                                           {"Oleksiy", "Shcherbyna", "", "", "", "", ""});
  EXPECT_EQ(ukrainian.level[kGiven], 4);
  EXPECT_GE(ukrainian.level[kFamily], 3);  // no Ukrainian letter: read as Russian (shcherbina)
}

TEST(Compare, AgeBandsMeetBirthDatesThroughTheRecordDate) {
  const std::vector<Role> band = {Role::kAge, Role::kRecordDate};
  const std::vector<Role> date = {Role::kBirthDate};
  // 15-19 in 2020: born 2000-2005. A band is compatible with many years, so agreeing with it
  // is no evidence (missing); falling outside it is.
  EXPECT_EQ(CompareWith(band, {"15-19", "2020-06-01"}, date, {"2003-05-01"}).level[kBirth],
            kMissing);
  EXPECT_EQ(CompareWith(band, {"<18", "01/06/2020"}, date, {"2004-05-01"}).level[kBirth],
            kMissing);
  EXPECT_EQ(CompareWith(band, {"15-19", "2020-06-01"}, date, {"1990-05-01"}).level[kBirth], 0);
  EXPECT_EQ(CompareWith(band, {"<18", "2020-06-01"}, date, {"1990-05-01"}).level[kBirth], 0);
  EXPECT_EQ(CompareWith(band, {"60+", "2020-06-01"}, date, {"1950-05-01"}).level[kBirth],
            kMissing);
  // A single age at a known date is narrow: born 1996 or 1997 against 1997.
  EXPECT_EQ(CompareWith(band, {"23", "2020-06-01"}, date, {"1997-05-01"}).level[kBirth], 4);
}

TEST(Compare, AMonthFirstColumnIsReadMonthFirst) {
  NormaliseOptions options;
  // One value (12/25/1990) can only be month first: the whole column is read that way.
  const Dataset data = BuildDataset(
      {MakeTable("us", {Role::kBirthDate}, {{"03/04/1991"}, {"12/25/1990"}}),
       MakeTable("eu", {Role::kBirthDate}, {{"04.03.1991"}})},
      options, &Variants(), 1);
  Comparison c;
  Compare(data, data.records[0], data.records[2], c);
  EXPECT_EQ(c.level[kBirth], 5);
  ASSERT_EQ(data.date_columns.size(), 2u);
  EXPECT_EQ(data.date_columns[0].table, "us");
  EXPECT_EQ(data.date_columns[0].evidence.order(), DateOrder::kMonthFirst);
  EXPECT_TRUE(data.date_columns[1].evidence.undecided());
}
}  // namespace
}  // namespace palermo::link
