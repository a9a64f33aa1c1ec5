// SPDX-License-Identifier: AGPL-3.0-or-later
// The HXL rendering of the report (RenderHxlCsv): the hashtag row as documented in
// docs/publish.md, every count the report's own cell, a cell the report suppresses suppressed
// here too, no person key, headers in the reader's language.
#include <algorithm>
#include <map>
#include <tuple>
#include <string>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kDocumentedHashtags = {
    "#country+code",       "#date+year",           "#indicator+code",      "#group+code",
    "#group+name",         "#affected+f",          "#affected+m",          "#affected+f+adults",
    "#affected+m+adults",  "#affected+f+children", "#affected+m+children", "",
    "#affected"};

// Twelve victims of 2024 in Nigeria: ten women of 30 and two men of 40, so the report's
// sex × age table has a male cell of 2, below the threshold of 5.
ReportInput SmallInput() {
  ReportInput in;
  in.unit = Unit::kUniquePersons;
  in.year = 2024;
  in.reporting_country = "NGA";
  for (int i = 0; i < 12; ++i) {
    PersonRow p;
    p.person_key = "SECRETKEY" + std::to_string(i);
    p.sex = i < 10 ? Sex::kFemale : Sex::kMale;
    p.age = i < 10 ? 30 : 40;
    p.forms = {"sexual"};
    p.citizenship = "NGA";
    p.country_of_exploitation = "NGA";
    p.agencies = {"police"};
    p.year = 2024;
    p.status = VictimStatus::kActualVictim;
    in.rows.push_back(p);
  }
  return in;
}

CsvTable Parse(const std::string& text) {
  // The header row is CsvTable::header; the hashtag row is rows[0].
  Result<CsvTable> t = ParseCsv(text, ',', "hxl");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? *t : CsvTable{};
}

TEST(Hxl, HashtagRowIsExactlyTheDocumentedOneInBothLanguages) {
  auto report = MakeReport(SmallInput(), DisclosureOptions{});
  PALERMO_ASSERT_OK(report.status());
  EXPECT_EQ(HxlHashtags(), kDocumentedHashtags);
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const CsvTable t = Parse(RenderHxlCsv(*report, lang));
    ASSERT_GE(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0], kDocumentedHashtags);
  }
  EXPECT_EQ(Parse(RenderHxlCsv(*report, Lang::kEn)).header[0], "Country");
  const CsvTable fr = Parse(RenderHxlCsv(*report, Lang::kFr));
  EXPECT_EQ(fr.header[0], "Pays");
  EXPECT_EQ(fr.header[5], "Féminin");
}

// Every value of the file is the report's cell (or "x" where the report suppresses it), and
// every cell of the three tables is in the file.
TEST(Hxl, EveryCountIsTheReportsCellAndSuppressedCellsStaySuppressed) {
  for (const ReportInput& in : {SmallInput(), testing::FixtureInput()}) {
    auto report = MakeReport(in, DisclosureOptions{});
    PALERMO_ASSERT_OK(report.status());
    const CsvTable t = Parse(RenderHxlCsv(*report, Lang::kEn));
    // (table, row code, report column code) -> text in the file.
    std::map<std::tuple<std::string, std::string, std::string>, std::string> file;
    const std::map<std::string, std::string> column_code = {
        {"Female", "female"}, {"Male", "male"},   {"Women", "women"}, {"Men", "men"},
        {"Girls", "girls"},   {"Boys", "boys"},   {"Total", "total"}};
    for (size_t r = 1; r < t.rows.size(); ++r) {
      const auto& row = t.rows[r];
      EXPECT_EQ(row[0], in.reporting_country);
      EXPECT_EQ(row[1], std::to_string(in.year));
      for (size_t c = 5; c < row.size(); ++c) {
        if (row[c].empty()) continue;
        std::string code = column_code.count(t.header[c]) ? column_code.at(t.header[c]) : "";
        if (code.empty()) code = row[2] == "form" ? "unknown" : "other_or_unknown";
        file[{row[2], row[3], code}] = row[c];
      }
    }
    int checked = 0, suppressed = 0;
    for (const Table& table : report->tables) {
      if (table.id != "sex_age" && table.id != "form" && table.id != "citizenship") continue;
      for (size_t r = 0; r < table.rows.size(); ++r)
        for (size_t c = 0; c < table.cols.size(); ++c) {
          const int cell = table.Cell(static_cast<int>(r), static_cast<int>(c));
          const auto it = file.find({table.id, table.rows[r].code, table.cols[c].code});
          ASSERT_NE(it, file.end()) << table.id << " " << table.rows[r].code << " " << table.cols[c].code;
          // As tables/*.csv writes it: digits, or "x" for a suppressed cell.
          EXPECT_EQ(it->second, table.IsSuppressed(cell) ? "x" : std::to_string(table.values[cell]))
              << table.id << " " << table.rows[r].code;
          ++checked;
          suppressed += table.IsSuppressed(cell);
        }
    }
    EXPECT_EQ(checked, static_cast<int>(file.size()));
    EXPECT_GT(suppressed, 0);
  }
}

TEST(Hxl, TheCellOfTwoMenIsSuppressedNotWritten) {
  auto report = MakeReport(SmallInput(), DisclosureOptions{});
  PALERMO_ASSERT_OK(report.status());
  const CsvTable t = Parse(RenderHxlCsv(*report, Lang::kEn));
  bool seen = false;
  for (const auto& row : t.rows) {
    if (row[2] != "sex_age" || row[3] != "adults") continue;
    seen = true;
    EXPECT_EQ(row[6], "x") << "two men of 40 must not be published";
    // Secondary suppression: with the men alone hidden, total - women would give them away.
    EXPECT_GE(std::count(row.begin() + 5, row.end(), "x"), 2) << "a lone suppressed cell in a row";
  }
  EXPECT_TRUE(seen);
  const std::string text = RenderHxlCsv(*report, Lang::kEn);
  EXPECT_THAT(text, Not(HasSubstr(",2,")));
  EXPECT_THAT(text, Not(HasSubstr("SECRETKEY")));
  EXPECT_THAT(text, HasSubstr(",sexual,"));
}

}  // namespace
}  // namespace palermo::publish
