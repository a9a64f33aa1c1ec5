// The report on fixed inputs: golden files (update with PALERMO_UPDATE_GOLDEN=1 and review the
// diff), self-containment of the HTML, both languages, and the files written.
#include <cstdlib>
#include <fstream>
#include <regex>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

bool Updating() {
  const char* v = std::getenv("PALERMO_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const auto path = palermo::testing::TestData("publish/golden/" + name);
  if (Updating()) {
    palermo::testing::WriteFile(path, actual);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << name << " has no golden file; run with PALERMO_UPDATE_GOLDEN=1";
  EXPECT_EQ(testing::Slurp(path.string()), actual)
      << name << " differs from its golden file; if the change is intended, rerun with "
         "PALERMO_UPDATE_GOLDEN=1 and review the diff";
}

const Report& FixtureReport() {
  static const Report* report = [] {
    auto r = MakeReport(testing::FixtureInput(), DisclosureOptions{});
    if (!r.ok()) std::abort();
    return new Report(std::move(r).value());
  }();
  return *report;
}

TEST(Golden, HtmlJsonAndCsvInEnglishAndFrench) {
  const Report& r = FixtureReport();
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const std::string suffix = lang == Lang::kFr ? ".fr" : ".en";
    ExpectGolden("index" + suffix + ".html", RenderHtml(r, lang));
    ExpectGolden("tables" + suffix + ".json", RenderJson(r, lang));
    for (const Table& t : r.tables) ExpectGolden("tables/" + t.id + suffix + ".csv", RenderTableCsv(t, lang));
  }
}

TEST(Html, HasNoExternalUrlAndIsAccessible) {
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const std::string html = RenderHtml(FixtureReport(), lang);
    EXPECT_EQ(html.find("http"), std::string::npos);
    EXPECT_EQ(html.find("//"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_NE(html.find(lang == Lang::kFr ? "<html lang=\"fr\">" : "<html lang=\"en\">"), std::string::npos);
    // Every table has a caption and header cells with a scope.
    auto count = [&](const std::string& needle) {
      size_t n = 0;
      for (size_t pos = html.find(needle); pos != std::string::npos; pos = html.find(needle, pos + 1)) ++n;
      return n;
    };
    const size_t tables = count("<table>");
    const size_t captions = count("<table><caption>");
    EXPECT_GT(tables, 8u);
    EXPECT_EQ(tables, captions);
    EXPECT_NE(html.find("<svg role=\"img\""), std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
  }
}

TEST(Html, StatesTheUnitAndEveryProtection) {
  const std::string en = RenderHtml(FixtureReport(), Lang::kEn);
  EXPECT_NE(en.find("Unique persons, after linkage"), std::string::npos);
  EXPECT_NE(en.find("Cells counting 1 to 4 victims are suppressed"), std::string::npos);
  EXPECT_NE(en.find("integer programming (GLPK)"), std::string::npos);
  EXPECT_NE(en.find("11-anonymous and 2-diverse"), std::string::npos);
  const std::string fr = RenderHtml(FixtureReport(), Lang::kFr);
  EXPECT_NE(fr.find("Personnes uniques"), std::string::npos);
  EXPECT_NE(fr.find("Protections appliquées"), std::string::npos);
  EXPECT_NE(fr.find("Victimes détectées pour 100"), std::string::npos);
  ReportInput records = testing::FixtureInput();
  records.unit = Unit::kRecords;
  auto r = MakeReport(records, DisclosureOptions{});
  PALERMO_ASSERT_OK(r);
  EXPECT_NE(RenderHtml(*r, Lang::kEn).find("Records, not unique persons"), std::string::npos);
}

TEST(Report, SdgRateIsPublishedCountOverPopulation) {
  const Report& r = FixtureReport();
  ASSERT_TRUE(r.population.has_value());
  EXPECT_EQ(*r.population, 58984216);  // ITA 2023, World Bank
  ASSERT_FALSE(r.sdg_rates.empty());
  const Report::Rate& total = r.sdg_rates.front();
  ASSERT_TRUE(total.count.has_value());
  EXPECT_NEAR(*total.rate_per_100k, static_cast<double>(*total.count) / 58984216.0 * 1e5, 1e-12);
  for (const Report::Rate& rate : r.sdg_rates) {
    if (rate.count) {
      EXPECT_TRUE(*rate.count == 0 || *rate.count >= 5) << rate.code;
    }
  }
}

TEST(Report, MissingCountryYearInPopulationIsAClearError) {
  ReportInput in = testing::FixtureInput();
  in.year = 2024;  // the extract stops at 2023
  EXPECT_THAT(MakeReport(in, DisclosureOptions{}), StatusIs(StatusCode::kNotFound, HasSubstr("ITA 2024")));
}

TEST(Report, WritesEveryFile) {
  TempDir dir;
  PALERMO_ASSERT_OK(WriteReport(FixtureReport(), dir.path(), Lang::kFr));
  for (const char* f : {"index.html", "tables.json", "report.xlsx", "microdata.csv", "tables/sex_age.csv",
                        "tables/form.csv", "tables/route.csv", "tables/agency.csv", "tables/protections.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir.path() / f)) << f;
  const std::string xlsx = testing::Slurp((dir.path() / "report.xlsx").string());
  EXPECT_EQ(xlsx.substr(0, 2), "PK");  // a zip container
  EXPECT_GT(xlsx.size(), 5000u);
  EXPECT_THAT(WriteReport(FixtureReport(), "/proc/palermo-cannot-write-here", Lang::kEn),
              StatusIs(StatusCode::kUnavailable, HasSubstr("output folder")));
}

TEST(Report, NoPersonKeyAppearsInAnyOutput) {
  TempDir dir;
  PALERMO_ASSERT_OK(WriteReport(FixtureReport(), dir.path(), Lang::kEn));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file() || entry.path().extension() == ".xlsx") continue;
    const std::string text = testing::Slurp(entry.path().string());
    EXPECT_FALSE(std::regex_search(text, std::regex("P0[0-9]{3}"))) << entry.path();
  }
}

}  // namespace
}  // namespace palermo::publish
