// SPDX-License-Identifier: AGPL-3.0-or-later
// The CLI end to end: demo, import, quarantine, export, in English and French, and the
// promise that no name, birth date, phone or document number of the sample reaches any
// output a person or a log collector sees.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "ingest_testing.h"
#include "sample/sample.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

// Runs the CLI with `dir` as the working directory.
CommandResult RunIn(const fs::path& dir, const std::vector<std::string>& args,
                    const std::vector<std::string>& env = {}) {
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  CommandResult r = RunPalermo(args, env);
  fs::current_path(before);
  return r;
}

bool ContainsWord(const std::string& text, const std::string& word) {
  for (size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
    const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
    const size_t end = pos + word.size();
    const bool right = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
    if (left && right) return true;
  }
  return false;
}

// Every value of the sample in a column whose link role is personal data.
std::set<std::string> PersonalValues(const fs::path& sample) {
  static const std::set<std::string> kPersonalRoles = {
      "given_name", "family_name", "full_name", "birth_date", "phone", "document_number"};
  std::ifstream in(sample / "link_mapping.json");
  const nlohmann::json roles = nlohmann::json::parse(in);
  std::set<std::string> values;
  std::vector<std::string> record_ids;
  for (const auto& [file, columns] : roles.items()) {
    Result<CsvTable> table = ReadCsvFile(sample / (file + ".csv"));
    EXPECT_TRUE(table.ok()) << table.status();
    for (const auto& [column, role] : columns.items()) {
      if (role == "record_id") {
        const size_t col = *table->FindColumn(column);
        for (const auto& row : table->rows) record_ids.push_back(row[col]);
      }
      if (!kPersonalRoles.count(role.get<std::string>())) continue;
      const size_t col = *table->FindColumn(column);
      // A birth year alone is not a direct identifier (the model keeps it for statistics).
      for (const auto& row : table->rows)
        if (row[col].size() >= 3 && !(role == "birth_date" && row[col].size() == 4))
          values.insert(row[col]);
      // Each part of a multi-word name as well.
      if (role == "birth_date" || role == "phone") continue;
      for (const auto& row : table->rows) {
        std::string word;
        for (char c : row[col] + " ") {
          if (c == ' ') {
            if (word.size() >= 4) values.insert(word);
            word.clear();
          } else {
            word += c;
          }
        }
      }
    }
  }
  // A name that is also a word of the agencies' own record ids ("NGO" in "NGO-000123", and a
  // Vietnamese family name) cannot be told apart in the output: leave it out.
  std::erase_if(values, [&](const std::string& value) {
    return std::any_of(record_ids.begin(), record_ids.end(),
                       [&](const std::string& id) { return ContainsWord(id, value); });
  });
  return values;
}

TEST(CliIngest, NoPersonalDataInAnyOutputOfTheWholeRun) {
  TempDir dir;
  std::string all_output;
  auto run = [&](const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    CommandResult r = RunIn(dir.path(), args, env);
    all_output += r.out + "\n" + r.err + "\n";
    return r;
  };
  CommandResult demo = run({"demo", "--people", "600"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("police.csv (police):"));
  CommandResult again = run({"demo", "--people", "600"}, {"LANG=fr_FR.UTF-8"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 importée"));
  const std::vector<std::string> db = {"--db", "demo.db", "--key", "demo.db.key"};
  auto with_db = [&](std::vector<std::string> rest) {
    std::vector<std::string> args = db;
    args.insert(args.end(), rest.begin(), rest.end());
    return args;
  };
  CommandResult list = run(with_db({"quarantine", "list", "--all"}));
  EXPECT_EQ(list.exit_code, 0) << list.err;
  run(with_db({"quarantine", "retry"}));
  run(with_db({"import", "--mapping", "sample/mappings/police.json", "sample/police.csv"}));
  run(with_db({"export", "--format", "ctdc-csv", "--out", "ctdc.csv"}));
  run(with_db({"export", "--format", "htcds-json", "--out", "cases.json"}));
  // A file in the wrong encoding and a mismatched mapping: errors must not quote content.
  {
    std::string text = *ReadFileToString(dir.path() / "sample" / "ngo_shelter.csv");
    text += "NGO-999999,H\xE9l\xE8ne Zzyzx,Femme,30,France,,01.01.2020,,\n";
    palermo::testing::WriteFile(dir.path() / "broken.csv", text);
  }
  CommandResult broken =
      run(with_db({"import", "--mapping", "sample/mappings/ngo_shelter.json", "broken.csv"}));
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_THAT(broken.err, HasSubstr("broken.csv: not valid UTF-8 at byte"));
  CommandResult wrong =
      run(with_db({"import", "--mapping", "sample/mappings/police.json", "sample/health.csv"}));
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_THAT(
      wrong.err,
      HasSubstr("health.csv: column \"no_pv\" (mapped to local_id) is missing from the header"));

  const std::set<std::string> personal = PersonalValues(dir.path() / "sample");
  ASSERT_GT(personal.size(), 500u);
  for (const std::string& value : personal)
    EXPECT_FALSE(ContainsWord(all_output, value))
        << "personal data in CLI output: a value of the sample";
  EXPECT_FALSE(ContainsWord(all_output, "Zzyzx"));
  // The HTCDS export without --with-identifiers holds none either.
  const std::string exported = *ReadFileToString(dir.path() / "cases.json");
  for (const std::string& value : personal)
    EXPECT_FALSE(ContainsWord(exported, value))
        << "identifier exported: " << value;  // synthetic data
}

// A 200-person sample in `dir`/s, an empty database (`db`: its --db and --key arguments), and
// `bad.csv`: the immigration list plus one row whose birth date does not exist.
struct SmallSample {
  SmallSample() {
    sample::SampleOptions options;
    options.people = 200;
    EXPECT_TRUE(sample::GenerateSample(dir.path() / "s", options).ok());
    t->store.reset();
    db = {"--db", t->db(), "--key", t->key()};
    palermo::testing::WriteFile(dir.path() / "bad.csv",
                                *ReadFileToString(dir.path() / "s/immigration.csv") +
                                    "IMM-999999,X,Y,F,20201340,NGA,,20210101,NGA,FRA,\n");
  }
  TempDir dir;
  decltype(testing::MakeStore()) t = testing::MakeStore();
  std::vector<std::string> db;
};

TEST(CliIngest, ImportExitCodesAndFrenchReport) {
  const SmallSample sample;
  const TempDir& dir = sample.dir;
  const auto& t = sample.t;
  const std::vector<std::string>& db = sample.db;
  // Immigration rows are all valid; police rows include impossible swapped dates.
  std::vector<std::string> clean = db;
  for (const char* a : {"import", "--mapping"}) clean.push_back(a);
  clean.push_back((dir.path() / "s/mappings/immigration.json").string());
  clean.push_back((dir.path() / "s/immigration.csv").string());
  CommandResult ok = RunPalermo(clean, {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("immigration.csv (immigration) :"));
  EXPECT_THAT(ok.out, HasSubstr("0 mise en quarantaine"));

  std::vector<std::string> partial = db;
  for (const char* a : {"import", "--mapping"}) partial.push_back(a);
  partial.push_back((dir.path() / "s/mappings/immigration.json").string());
  partial.push_back((dir.path() / "bad.csv").string());
  CommandResult part = RunPalermo(partial);
  EXPECT_EQ(part.exit_code, 9) << part.err;
  EXPECT_THAT(part.out, HasSubstr("1 quarantined"));
  EXPECT_THAT(part.out, HasSubstr("birth_date: no such day in the calendar (expected YYYY-MM-DD)"));

  std::vector<std::string> show = db;
  for (const char* a : {"quarantine", "list", "--show-raw"}) show.push_back(a);
  CommandResult refused = RunPalermo(show);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("--show-raw needs --purpose"));
  show.push_back("--purpose");
  show.push_back("correct the source file");
  CommandResult shown = RunPalermo(show);
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("IMM-999999"));
  // That read is in the audit log with its purpose.
  auto s = store::Store::Open(t->options);
  ASSERT_TRUE(s.ok());
  auto audit = (*s)->ReadAudit(0, 100000);
  ASSERT_TRUE(audit.ok()) << audit.status();
  bool found = false;
  for (const auto& e : *audit)
    found = found || (e.action == "read_quarantine_raw" && e.purpose == "correct the source file");
  EXPECT_TRUE(found);
}

// A person clears the quarantine: a row dismissed as a duplicate leaves the list with its
// reason; free text and a closed entry are refused in the user's language.
TEST(CliIngest, QuarantineEntriesAreDismissedWithAReasonCode) {
  const SmallSample sample;
  const TempDir& dir = sample.dir;
  const auto& t = sample.t;
  auto with_db = [&](std::vector<std::string> args) {
    args.insert(args.begin(), sample.db.begin(), sample.db.end());
    return args;
  };
  CommandResult imported = RunPalermo(with_db({"import", "--mapping",
                                               (dir.path() / "s/mappings/immigration.json").string(),
                                               (dir.path() / "bad.csv").string()}));
  ASSERT_EQ(imported.exit_code, 9) << imported.err;
  CommandResult list = RunPalermo(with_db({"quarantine", "list"}));
  Result<CsvTable> open = ParseCsv(list.out, ',', "quarantine");
  ASSERT_TRUE(open.ok()) << list.out;
  ASSERT_EQ(open->rows.size(), 1u);
  const std::string id = open->rows[0][0];

  CommandResult free_text = RunPalermo(
      with_db({"quarantine", "dismiss", id, "--reason", "same woman as IMM-12"}), {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(free_text.exit_code, 3);
  EXPECT_THAT(free_text.err, HasSubstr("motif inconnu « same woman as IMM-12 » ; un de : duplicate, "
                                       "test_row, not_a_case, out_of_scope"));
  CommandResult dismissed = RunPalermo(
      with_db({"quarantine", "dismiss", id, "--reason", "duplicate", "--as-user", "amina"}));
  EXPECT_EQ(dismissed.exit_code, 0) << dismissed.err;
  EXPECT_THAT(dismissed.out, HasSubstr("quarantine entry " + id + " dismissed (duplicate)"));
  CommandResult again = RunPalermo(with_db({"quarantine", "resolve", id, "--reason", "entered_manually"}));
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already closed"));

  EXPECT_EQ(RunPalermo(with_db({"quarantine", "list"})).out.find("IMM"), std::string::npos);
  Result<CsvTable> all = ParseCsv(RunPalermo(with_db({"quarantine", "list", "--all"})).out, ',', "all");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->rows.size(), 1u);
  EXPECT_EQ(all->rows[0][*all->FindColumn("outcome")], "dismissed");
  EXPECT_EQ(all->rows[0][*all->FindColumn("outcome_reason")], "duplicate");
  auto s = store::Store::Open(t->options);
  ASSERT_TRUE(s.ok());
  auto audit = (*s)->ReadAudit(0, 100000);
  ASSERT_TRUE(audit.ok());
  bool found = false;
  for (const auto& e : *audit)
    found = found || (e.action == "dismiss_quarantine" && e.user == "amina" && e.detail == "reason=duplicate");
  EXPECT_TRUE(found);
}

// A misspelt mapping key stops the import before any row is read, named in French.
TEST(CliIngest, AMisspeltMappingKeyIsNamedInFrench) {
  TempDir dir;
  auto t = testing::MakeStore();
  t->store.reset();
  palermo::testing::WriteFile(dir.path() / "m.json",
                              R"({"agency": "a", "columns": {"no": "local_id"}, "requried": ["local_id"]})");
  palermo::testing::WriteFile(dir.path() / "a.csv", "no\nA-1\n");
  CommandResult r = RunPalermo({"--db", t->db(), "--key", t->key(), "import", "--mapping",
                                (dir.path() / "m.json").string(), (dir.path() / "a.csv").string()},
                               {"LANG=fr_FR.UTF-8"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("m.json: clé inconnue « requried » (vouliez-vous dire « required » ?)"));
}

}  // namespace
}  // namespace palermo::ingest
