// SPDX-License-Identifier: AGPL-3.0-or-later
// `palermo export --format hxl` run as a user runs it, on a small synthetic sample generated and
// imported with the real CLI: the file holds the national report's own tables (same counts, same
// suppressed cells) for the same database and year, the documented hashtag row, no identifier
// of the data, headers in the user's language; identifiers and a missing --year are refused.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "testing/testing.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;
using json = nlohmann::json;

constexpr const char* kAgencies[] = {"police", "labour_inspection", "ngo_shelter", "health", "immigration"};
const std::vector<std::string> kHashtags = {
    "#country+code",      "#date+year",           "#indicator+code",      "#group+code",
    "#group+name",        "#affected+f",          "#affected+m",          "#affected+f+adults",
    "#affected+m+adults", "#affected+f+children", "#affected+m+children", "",
    "#affected"};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 150 people in five agency lists, imported once per process; `identifiers` are the names and
// birth dates written in the lists.
struct Sample {
  TempDir dir;
  fs::path db, key, sample;
  std::vector<std::string> identifiers;
};

const Sample& Imported() {
  static const std::unique_ptr<Sample> sample = [] {
    auto s = std::make_unique<Sample>();
    s->db = s->dir.path() / "p.db";
    s->key = s->dir.path() / "p.db.key";
    s->sample = s->dir.path() / "sample";
    EXPECT_EQ(RunPalermo({"sample", "--out", s->sample.string(), "--people", "150", "--seed", "11"}).exit_code, 0);
    EXPECT_EQ(RunPalermo({"--db", s->db.string(), "--key", s->key.string(), "init"}).exit_code, 0);
    const json roles = json::parse(Slurp(s->sample / "link_mapping.json"));
    for (const char* agency : kAgencies) {
      const fs::path csv = s->sample / (std::string(agency) + ".csv");
      const CommandResult r = RunPalermo({"--db", s->db.string(), "--key", s->key.string(), "import", "--mapping",
                                          (s->sample / "mappings" / (std::string(agency) + ".json")).string(),
                                          csv.string()});
      EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 9) << r.err;  // 9: some rows quarantined
      const CsvTable table = ParseCsv(Slurp(csv), ',', agency).value();
      for (const auto& [column, role] : roles[agency].items()) {
        const std::string kind = role.get<std::string>();
        if (kind.find("name") == std::string::npos && kind != "birth_date") continue;
        const auto col = table.FindColumn(column);
        if (!col) continue;
        for (const auto& row : table.rows)
          if (Trim(row[*col]).size() >= 5) s->identifiers.emplace_back(Trim(row[*col]));
      }
    }
    return s;
  }();
  return *sample;
}

CommandResult Palermo(std::vector<std::string> args, const std::vector<std::string>& env = {"LANG=C.UTF-8"}) {
  const Sample& s = Imported();
  args.insert(args.begin(), {"--db", s.db.string(), "--key", s.key.string()});
  return RunPalermo(args, env);
}

// The year with most victims in the report's year table.
int BusiestYear() {
  static const int year = [] {
    TempDir out;
    const CommandResult r = Palermo({"report", "--year", "2020", "--out", out.path().string(), "--allow-empty"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    int best = 0;
    int64_t most = -1;
    const json tables = json::parse(Slurp(out.path() / "tables.json"));
    for (const json& t : tables["tables"]) {
      if (t["id"] != "year") continue;
      for (const json& row : t["rows"])
        if (row["code"] != "total" && !row["cells"].back().is_null() && row["cells"].back().get<int64_t>() > most) {
          most = row["cells"].back().get<int64_t>();
          best = std::stoi(row["code"].get<std::string>());
        }
    }
    return best;
  }();
  return year;
}

TEST(ExportHxlCli, TheFileHoldsTheReportsTablesWithTheSameSuppressedCells) {
  const std::string year = std::to_string(BusiestYear());
  TempDir dir;
  const fs::path report = dir.path() / "report", hxl = dir.path() / "victims.csv";
  ASSERT_EQ(Palermo({"report", "--year", year, "--out", report.string()}).exit_code, 0);
  const CommandResult r = Palermo({"export", "--format", "hxl", "--year", year, "--out", hxl.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("HXL tables for " + year));
  const CsvTable file = ParseCsv(Slurp(hxl), ',', "hxl").value();
  ASSERT_GT(file.rows.size(), 10u);
  EXPECT_EQ(file.rows[0], kHashtags);
  EXPECT_EQ(file.header[0], "Country");
  // (table, row code, column header) -> text in the HXL file.
  std::map<std::tuple<std::string, std::string, std::string>, std::string> cells;
  for (size_t r2 = 1; r2 < file.rows.size(); ++r2) {
    EXPECT_EQ(file.rows[r2][1], year);
    for (size_t c = 5; c < file.header.size(); ++c)
      if (!file.rows[r2][c].empty()) cells[{file.rows[r2][2], file.rows[r2][3], file.header[c]}] = file.rows[r2][c];
  }
  // The report's CSV of each table (code, label, then its columns): every cell equal.
  int compared = 0, suppressed = 0;
  for (const char* id : {"sex_age", "form", "citizenship"}) {
    const CsvTable t = ParseCsv(Slurp(report / "tables" / (std::string(id) + ".csv")), ',', id).value();
    for (const auto& row : t.rows) {
      if (row[0] == "note") continue;
      for (size_t c = 2; c < row.size(); ++c) {
        std::string header = t.header[c];
        if (header == "Sex or age not recorded") header = "Other or not recorded";
        const auto it = cells.find({id, row[0], header});
        ASSERT_NE(it, cells.end()) << id << " " << row[0] << " " << header;
        EXPECT_EQ(it->second, row[c]) << id << " " << row[0] << " " << header;
        ++compared;
        suppressed += row[c] == "x";
      }
    }
  }
  EXPECT_EQ(compared, static_cast<int>(cells.size())) << "a cell in the HXL file that the report does not have";
  EXPECT_GT(suppressed, 0) << "a sample this small has small cells, and they must be suppressed in both";
  for (const auto& [key, text] : cells)
    if (text != "x") {
      EXPECT_TRUE(std::stoll(text) == 0 || std::stoll(text) >= 5) << std::get<0>(key);
    }
}

TEST(ExportHxlCli, NoNameOrBirthDateOfTheDataInTheFile) {
  const Sample& s = Imported();
  ASSERT_GT(s.identifiers.size(), 100u);
  TempDir dir;
  const fs::path hxl = dir.path() / "victims.csv";
  ASSERT_EQ(Palermo({"export", "--format", "hxl", "--year", std::to_string(BusiestYear()), "--out", hxl.string()})
                .exit_code,
            0);
  const std::string text = Slurp(hxl);
  for (const std::string& id : s.identifiers) EXPECT_EQ(text.find(id), std::string::npos) << "an identifier of the data";
}

TEST(ExportHxlCli, FrenchHeadersAndTheSameHashtags) {
  TempDir dir;
  const fs::path hxl = dir.path() / "victimes.csv";
  const CommandResult r = Palermo({"export", "--format", "hxl", "--year", std::to_string(BusiestYear()), "--out",
                                   hxl.string()},
                                  {"LANG=fr_FR.UTF-8", "LC_ALL="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Tableaux HXL"));
  const CsvTable file = ParseCsv(Slurp(hxl), ',', "hxl").value();
  EXPECT_EQ(file.header[0], "Pays");
  EXPECT_EQ(file.header[1], "Année");
  EXPECT_EQ(file.header[5], "Féminin");
  EXPECT_EQ(file.rows.at(0), kHashtags);
}

TEST(ExportHxlCli, IdentifiersAndAMissingYearAreRefusedInBothLanguages) {
  TempDir dir;
  const fs::path hxl = dir.path() / "victims.csv";
  const std::string year = std::to_string(BusiestYear());
  CommandResult r = Palermo({"export", "--format", "hxl", "--year", year, "--out", hxl.string(), "--with-identifiers",
                             "--purpose", "partners"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("never identifiers"));
  r = Palermo({"export", "--format", "hxl", "--year", year, "--out", hxl.string(), "--with-identifiers"},
              {"LANG=fr_FR.UTF-8", "LC_ALL="});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("jamais d'identifiants"));
  r = Palermo({"export", "--format", "hxl", "--out", hxl.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("--format hxl needs --year"));
  EXPECT_FALSE(fs::exists(hxl)) << "a refused export wrote a file";
}

}  // namespace
}  // namespace palermo
