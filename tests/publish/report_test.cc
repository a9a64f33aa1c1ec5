// SPDX-License-Identifier: AGPL-3.0-or-later
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
    r->produced_on = "2026-01-01";  // the golden files do not change with the day
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

// The estimate as `palermo estimate --out` writes it for the demo: decimals everywhere.
Report WithDemoEstimate() {
  Report r = FixtureReport();
  EstimateSummary e;
  e.observed = 1402;
  e.estimate = 3186.49;
  e.unobserved = 1784.49;
  e.ci_low = 2750.31;
  e.ci_high = 3901.77;
  e.ci_method = "profile";
  e.method = "bic";
  e.model_terms = {"police:ngo"};
  r.input.estimate = e;
  return r;
}

TEST(Report, TheEstimateAndItsIntervalAreWholeNumbersOutsideTheJson) {
  const Report r = WithDemoEstimate();
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    TempDir dir;
    PALERMO_ASSERT_OK(WriteReport(r, dir.path(), lang));
    std::vector<std::filesystem::path> files = {dir.path() / "index.html"};
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "tables")) files.push_back(entry.path());
    for (const auto& file : files) {
      const std::string text = testing::Slurp(file.string());
      for (const char* decimal : {"3186.49", "3186,49", "186,49", "186.49", "2750.31", "750,31", "3901.77", "901,77",
                                  "1784.49", "784,49"})
        EXPECT_EQ(text.find(decimal), std::string::npos) << file.filename() << " shows " << decimal;
    }
    const std::string html = testing::Slurp((dir.path() / "index.html").string());
    EXPECT_THAT(html, HasSubstr(lang == Lang::kEn ? "3,186" : "186"));
    EXPECT_THAT(html, HasSubstr(lang == Lang::kEn ? "Reference period" : "Période de référence"));
  }
}

TEST(Report, TheFrenchPageStatesTheMethodInFrench) {
  const Report r = WithDemoEstimate();
  const std::string fr = RenderHtml(r, Lang::kFr);
  EXPECT_THAT(fr, HasSubstr("critère d&#39;information bayésien (BIC)"));
  EXPECT_THAT(fr, HasSubstr("vraisemblance profilée"));
  EXPECT_THAT(fr, HasSubstr("police × ngo"));
  EXPECT_THAT(fr, HasSubstr("Population fermée"));  // the caveats of palermo estimate
  EXPECT_EQ(fr.find("Bayesian"), std::string::npos);
  EXPECT_EQ(fr.find("(profile)"), std::string::npos);
  const std::string en = RenderHtml(r, Lang::kEn);
  EXPECT_THAT(en, HasSubstr("lowest Bayesian information criterion (BIC)"));
  EXPECT_THAT(en, HasSubstr("Closed population"));
  EXPECT_THAT(en, HasSubstr("95% interval"));
}

TEST(Report, TheEstimateChartHasLabelledAxes) {
  const Report r = WithDemoEstimate();
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const std::string html = RenderHtml(r, lang);
    const size_t section = html.find("<section id=\"estimate\">");
    ASSERT_NE(section, std::string::npos);
    const std::string svg = html.substr(section, html.find("</svg>", section) - section);
    EXPECT_THAT(svg, HasSubstr(lang == Lang::kEn ? "Number of victims" : "Nombre de victimes"));
    EXPECT_THAT(svg, HasSubstr(lang == Lang::kEn ? "Detected victims" : "Victimes détectées"));
    EXPECT_THAT(svg, HasSubstr(lang == Lang::kEn ? "Estimated total" : "Total estimé"));
    EXPECT_THAT(svg, HasSubstr(">0</text>"));  // the value axis starts at a labelled 0
  }
}

TEST(Report, StatesTheProductionDateAndThePalermoVersion) {
  auto r = MakeReport(testing::FixtureInput(), DisclosureOptions{});
  PALERMO_ASSERT_OK(r);
  EXPECT_THAT(r->produced_on, ::testing::MatchesRegex("20[0-9][0-9]-[01][0-9]-[0-3][0-9]"));
  EXPECT_EQ(r->palermo_version, kPalermoVersion);
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    EXPECT_THAT(RenderHtml(*r, lang), HasSubstr(r->produced_on));
    EXPECT_THAT(RenderHtml(*r, lang), HasSubstr("Palermo " + std::string(kPalermoVersion)));
    EXPECT_THAT(RenderJson(*r, lang), HasSubstr("\"palermo_version\": \"" + std::string(kPalermoVersion)));
  }
}

}  // namespace
}  // namespace palermo::publish
