// SPDX-License-Identifier: AGPL-3.0-or-later
// The main job through the database, as a statistics office runs it: import the agencies'
// lists, delete the files, `palermo link`, `palermo persons export`, `palermo estimate --year`,
// `palermo report --year`; a case added later joins its person at the next link.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "testing/testing.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using json = nlohmann::json;

constexpr const char* kAgencies[] = {"police", "labour_inspection", "ngo_shelter", "health",
                                     "immigration"};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Record pairs put together by a partition (agency, id) -> group.
std::set<std::pair<std::string, std::string>> Pairs(
    const std::map<std::string, std::string>& group_of) {
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& [record, group] : group_of) members[group].push_back(record);
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [group, records] : members)
    for (size_t i = 0; i < records.size(); ++i)
      for (size_t j = i + 1; j < records.size(); ++j) pairs.insert({records[i], records[j]});
  return pairs;
}

class PersonsCli : public ::testing::Test {
 protected:
  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (dir_.path() / "p.db").string(), "--key",
                               (dir_.path() / "p.key").string()});
    return RunPalermo(args, {"LANG=C.UTF-8"});
  }
  void SetUp() override {
    sample_ = dir_.path() / "sample";
    ASSERT_EQ(RunPalermo({"sample", "--out", sample_.string(), "--people", "500", "--seed", "3"})
                  .exit_code,
              0);
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    for (const char* agency : kAgencies) {
      const CommandResult r =
          Run({"import", "--mapping", (sample_ / "mappings" / (std::string(agency) + ".json")).string(),
               (sample_ / (std::string(agency) + ".csv")).string()});
      ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 9) << r.out << r.err;  // 9: rows quarantined
    }
  }
  TempDir dir_;
  fs::path sample_;
};

TEST_F(PersonsCli, TheDatabaseLinksLikeTheFilesAndNeedsNoFile) {
  std::vector<std::string> link = {"link", "--mapping", (sample_ / "link_mapping.json").string(),
                                   "--out", (dir_.path() / "clusters.csv").string()};
  for (const char* agency : kAgencies) link.push_back((sample_ / (std::string(agency) + ".csv")).string());
  ASSERT_EQ(RunPalermo(link).exit_code, 0);
  for (const char* agency : kAgencies) fs::remove(sample_ / (std::string(agency) + ".csv"));

  const CommandResult linked = Run({"link"});
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_THAT(linked.out, HasSubstr("full run (first run)"));
  const CommandResult exported = Run({"persons", "export", "--out", (dir_.path() / "persons.csv").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string persons = Slurp(dir_.path() / "persons.csv");
  ASSERT_EQ(persons.rfind("agency,local_id,person_id\n", 0), 0u);

  Result<CsvTable> from_db = ParseCsv(persons, ',', "persons.csv");
  Result<CsvTable> from_files = ParseCsv(Slurp(dir_.path() / "clusters.csv"), ',', "clusters.csv");
  ASSERT_TRUE(from_db.ok() && from_files.ok());
  std::map<std::string, std::string> db_group, file_group;
  for (const auto& row : from_db->rows) {
    ASSERT_FALSE(row[2].empty()) << "a case without a person";
    db_group[row[0] + "/" + row[1]] = row[2];
  }
  // Only the imported records (quarantined rows are in the files, not in the database).
  for (const auto& row : from_files->rows)
    if (db_group.count(row[0] + "/" + row[1])) file_group[row[0] + "/" + row[1]] = row[2];
  EXPECT_EQ(file_group.size(), db_group.size());
  const auto a = Pairs(db_group), b = Pairs(file_group);
  size_t both = 0;
  for (const auto& p : a) both += b.count(p);
  ASSERT_FALSE(b.empty());
  // The same persons, up to the quarantined rows the files still hold (they change the
  // model's fit and the name frequencies a little): most pairs shared, and no worse a match
  // to the sample's truth.
  EXPECT_GE(static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both), 0.94)
      << "database pairs " << a.size() << ", file pairs " << b.size() << ", shared " << both;
  Result<CsvTable> truth_csv = ParseCsv(Slurp(sample_ / "truth.csv"), ',', "truth.csv");
  ASSERT_TRUE(truth_csv.ok());
  std::map<std::string, std::string> truth;
  for (const auto& row : truth_csv->rows)
    if (db_group.count(row[0] + "/" + row[1])) truth[row[0] + "/" + row[1]] = row[2];
  const auto t = Pairs(truth);
  auto f1 = [&t](const std::set<std::pair<std::string, std::string>>& found) {
    size_t right = 0;
    for (const auto& p : found) right += t.count(p);
    return 2.0 * static_cast<double>(right) / static_cast<double>(found.size() + t.size());
  };
  EXPECT_GE(f1(a), f1(b) - 0.01) << "database F1 " << f1(a) << ", files F1 " << f1(b);
  EXPECT_GE(f1(a), 0.93);

  // A later run with nothing new changes nothing.
  EXPECT_THAT(Run({"link"}).out, HasSubstr("No new or changed case"));
  const CommandResult shown = Run({"persons", "show", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("case 1:"));
}

TEST_F(PersonsCli, ANewListIsLinkedIncrementallyToTheExistingPersons) {
  ASSERT_EQ(Run({"link"}).exit_code, 0);
  // The police list again under new record numbers, as a second list of the same agency
  // would bring the same people.
  std::istringstream police(Slurp(sample_ / "police.csv"));
  std::string header, first;
  std::getline(police, header);
  std::getline(police, first);
  WriteFile(dir_.path() / "police_again.csv", header + "\nAGAIN-1" + first.substr(first.find(',')) + "\n");
  ASSERT_EQ(Run({"import", "--mapping", (sample_ / "mappings" / "police.json").string(),
                 (dir_.path() / "police_again.csv").string()})
                .exit_code,
            0);
  const CommandResult linked = Run({"link"});
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_THAT(linked.out, HasSubstr("incremental run: 1 case linked"));
  ASSERT_EQ(Run({"persons", "export", "--out", (dir_.path() / "persons.csv").string()}).exit_code, 0);
  Result<CsvTable> table = ParseCsv(Slurp(dir_.path() / "persons.csv"), ',', "persons.csv");
  ASSERT_TRUE(table.ok());
  std::map<std::string, std::string> person;
  for (const auto& row : table->rows) person[row[1]] = row[2];
  const std::string original = first.substr(0, first.find(','));
  EXPECT_EQ(person.at("AGAIN-1"), person.at(original));
}

TEST_F(PersonsCli, EstimateAndReportForOneYearFromTheDatabase) {
  // Neither --clusters nor --estimate: linked first, estimated for the year, and said so.
  const CommandResult report = Run({"report", "--year", "2023", "--out", (dir_.path() / "r").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("unique persons"));
  EXPECT_THAT(report.out, HasSubstr("Persons from linkage run 1"));
  EXPECT_THAT(report.out, HasSubstr("Estimate for persons first identified in 2023"));
  const json in_report = json::parse(Slurp(dir_.path() / "r" / "estimate.json"));
  EXPECT_EQ(in_report["year"], 2023);
  EXPECT_EQ(in_report["source"], "database");
  EXPECT_THAT(Slurp(dir_.path() / "r" / "index.html"), HasSubstr("persons first identified in 2023"));

  const CommandResult estimate = Run({"estimate", "--year", "2023", "--out", (dir_.path() / "e.json").string()});
  ASSERT_EQ(estimate.exit_code, 0) << estimate.err;
  const json alone = json::parse(Slurp(dir_.path() / "e.json"));
  EXPECT_EQ(alone["year"], 2023);
  EXPECT_EQ(alone["observed"], in_report["observed"]);
  EXPECT_EQ(alone["estimate"], in_report["estimate"]);
  // Another year's estimate does not pass for this one.
  const CommandResult other = Run({"estimate", "--year", "2022", "--out", (dir_.path() / "e22.json").string()});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const CommandResult mismatch = Run({"report", "--year", "2023", "--estimate",
                                      (dir_.path() / "e22.json").string(), "--out",
                                      (dir_.path() / "r2").string()});
  EXPECT_NE(mismatch.exit_code, 0);
  EXPECT_THAT(mismatch.err, HasSubstr("--estimate is for 2022"));

  const CommandResult strata = Run({"estimate", "--strata", "sex"});
  EXPECT_EQ(strata.exit_code, 0) << strata.err;
  EXPECT_THAT(strata.out, HasSubstr("By sex"));
  const CommandResult bad = RunPalermo({"--db", (dir_.path() / "p.db").string(), "--key",
                                        (dir_.path() / "p.key").string(), "estimate", "--strata",
                                        "shoe"},
                                       {"LANG=fr_FR.UTF-8"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("stratification inconnue"));
}

}  // namespace
}  // namespace palermo
