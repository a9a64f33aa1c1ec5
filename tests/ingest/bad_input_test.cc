// SPDX-License-Identifier: AGPL-3.0-or-later
// The bad-input corpus: tests/ingest/bad/NN_name.{csv,json} with the expected outcome in
// NN_name.expected, either
//   error <message>                  the whole file is rejected and nothing is imported, or
//   quarantine <line> <field: reason>  exactly that row is quarantined, every other row imported.
// A file uses NN_name.mapping.json when present, else mapping.json (CSV) / json_mapping.json.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ingest_testing.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TestData;
using ::testing::HasSubstr;

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(TestData("ingest/bad"))) {
    const std::string name = entry.path().filename().string();
    if (name.find("mapping") != std::string::npos || name.ends_with(".expected")) continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class BadInput : public ::testing::TestWithParam<std::string> {};

TEST(BadInputCorpus, HasAtLeastThirtyCasesEachWithAnExpectation) {
  const std::vector<std::string> files = CorpusFiles();
  EXPECT_GE(files.size(), 30u);
  for (const std::string& name : files) {
    const fs::path expected =
        TestData("ingest/bad") / (fs::path(name).stem().string() + ".expected");
    EXPECT_TRUE(fs::exists(expected)) << name;
  }
}

TEST_P(BadInput, GivesTheExpectedMessageAndLosesNoGoodRow) {
  const fs::path dir = TestData("ingest/bad");
  const fs::path file = dir / GetParam();
  const std::string stem = file.stem().string();
  fs::path mapping_path = dir / (stem + ".mapping.json");
  if (!fs::exists(mapping_path))
    mapping_path = dir / (file.extension() == ".json" ? "json_mapping.json" : "mapping.json");
  Result<Mapping> mapping = LoadMapping(mapping_path);
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  std::string expected = Slurp(dir / (stem + ".expected"));
  while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r'))
    expected.pop_back();

  auto t = testing::MakeStore();
  ASSERT_NE(t->store, nullptr);
  ImportOptions options;
  options.today = testing::Today();
  Result<FileReport> report = ImportFile(*t->store, *mapping, file, options);

  if (expected.starts_with("error ")) {
    EXPECT_THAT(report, StatusIs(StatusCode::kInvalidArgument, expected.substr(6)));
    EXPECT_EQ(testing::CountCases(*t->store), 0) << "a rejected file imported rows";
    EXPECT_TRUE(testing::Quarantine(*t->store).empty());
    return;
  }
  ASSERT_TRUE(expected.starts_with("quarantine ")) << "bad .expected file";
  std::istringstream in(expected.substr(11));
  int64_t line = 0;
  in >> line;
  std::string message;
  std::getline(in, message);
  message = message.substr(1);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->quarantined, 1);
  EXPECT_EQ(report->imported, report->rows_read - 1) << "a good row was lost";
  EXPECT_EQ(testing::CountCases(*t->store), report->rows_read - 1);
  const auto entries = testing::Quarantine(*t->store);
  ASSERT_EQ(entries.size(), 1u);
  const store::QuarantineEntry& e = entries[0];
  EXPECT_EQ(e.source_file, GetParam());
  EXPECT_EQ(e.line, line);
  EXPECT_EQ(e.field.empty() ? e.reason : e.field + ": " + e.reason, message);
  // The reason never repeats a value of the row (any cell could be personal data).
  nlohmann::json raw = nlohmann::json::parse(e.raw);
  for (const auto& [column, value] : raw.items()) {
    if (column == "_structure" || !value.is_string() || value.get<std::string>().size() < 3)
      continue;
    EXPECT_THAT(e.reason, ::testing::Not(HasSubstr(value.get<std::string>()))) << column;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = fs::path(info.param).stem().string();
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace palermo::ingest
