// SPDX-License-Identifier: AGPL-3.0-or-later
// Accuracy floors on the project's own multi-agency, multi-script sample (examples/sample):
// five lists in different scripts, formats and habits, with ages instead of birth dates in one
// list. They fail if linkage over-merges (low precision) or splits persons (low recall).
#include <iostream>
#include <map>
#include <memory>
#include <unordered_map>

#include "link/link.h"
#include "sample/sample.h"
#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::TempDir;

struct Quality {
  double precision = 0;
  double recall = 0;
  size_t clusters = 0;
};

// Links the sample in `dir` and scores its clusters against truth.csv by record pairs.
Quality LinkSample(const std::filesystem::path& dir, const LinkOptions& options,
                   const std::string& drop_role_of_ngo_column = "") {
  Quality q;
  Result<std::string> mapping_text = ReadFileToString((dir / "link_mapping.json").string());
  EXPECT_TRUE(mapping_text.ok());
  if (!mapping_text.ok()) return q;
  Result<Mapping> mapping = ParseMapping(*mapping_text, "link_mapping.json");
  EXPECT_TRUE(mapping.ok()) << mapping.status();
  if (!mapping.ok()) return q;
  if (!drop_role_of_ngo_column.empty()) {
    auto& ngo = mapping->by_file["ngo_shelter"];
    const size_t before = ngo.size();
    std::erase_if(ngo, [&](const auto& column) { return column.first == drop_role_of_ngo_column; });
    EXPECT_EQ(ngo.size() + 1, before) << drop_role_of_ngo_column << " is not mapped";
  }
  std::vector<InputFile> inputs;
  std::vector<SourceTable> tables;
  for (const std::string& agency : sample::SampleAgencies()) {
    Result<InputFile> input = ReadInputFile(dir / (agency + ".csv"), *mapping);
    EXPECT_TRUE(input.ok()) << input.status();
    if (!input.ok()) return q;
    tables.push_back(input->table);
    inputs.push_back(std::move(*input));
  }
  std::map<std::pair<std::string, std::string>, std::string> person_of;
  Result<CsvTable> truth = ReadCsvFile(dir / "truth.csv");
  EXPECT_TRUE(truth.ok());
  if (!truth.ok()) return q;
  for (const auto& row : truth->rows) person_of[{row[0], row[1]}] = row[2];
  Result<LinkResult> r = LinkTables(tables, options);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return q;
  std::map<std::pair<uint32_t, std::string>, double> both;
  std::unordered_map<uint32_t, double> per_cluster;
  std::unordered_map<std::string, double> per_person;
  for (size_t i = 0; i < r->data.records.size(); ++i) {
    const Record& rec = r->data.records[i];
    const InputFile& in = inputs[rec.source];
    const auto it = person_of.find({in.table.name, in.record_ids[rec.row]});
    EXPECT_NE(it, person_of.end()) << in.table.name << " row " << rec.row;
    if (it == person_of.end()) return q;
    const uint32_t cluster = r->clusters.cluster_of[i];
    both[{cluster, it->second}] += 1;
    per_cluster[cluster] += 1;
    per_person[it->second] += 1;
  }
  auto pairs = [](double n) { return n * (n - 1) / 2; };
  double tp = 0, predicted = 0, real = 0;
  for (const auto& [k, n] : both) tp += pairs(n);
  for (const auto& [k, n] : per_cluster) predicted += pairs(n);
  for (const auto& [k, n] : per_person) real += pairs(n);
  q.precision = predicted > 0 ? tp / predicted : 1;
  q.recall = real > 0 ? tp / real : 1;
  q.clusters = per_cluster.size();
  return q;
}

class SampleAccuracy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    Result<sample::SampleSummary> s =
        sample::GenerateSample(dir_->path(), {.people = 1000, .seed = 20240730});
    ASSERT_TRUE(s.ok()) << s.status();
    observed_ = s->observed_people;
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static LinkOptions Options() {
    LinkOptions options;
    options.u_sample_pairs = 200000;  // keeps the test fast; the CLI uses the default
    return options;
  }
  static std::unique_ptr<TempDir> dir_;
  static int observed_;
};
std::unique_ptr<TempDir> SampleAccuracy::dir_;
int SampleAccuracy::observed_ = 0;

TEST_F(SampleAccuracy, FindsTheSamePersonsAsTheTruth) {
  const Quality q = LinkSample(dir_->path(), Options());
  std::cout << "sample 1000 persons: P " << q.precision << " R " << q.recall << ", " << q.clusters
            << " clusters for " << observed_ << " persons\n";
  // Measured P 0.998, R 0.983 (docs/link.md); floors a little below.
  EXPECT_GE(q.precision, 0.985);
  EXPECT_GE(q.recall, 0.97);
  EXPECT_GE(static_cast<double>(q.clusters), 0.97 * observed_);
  EXPECT_LE(static_cast<double>(q.clusters), 1.10 * observed_);
}

// The demo's sample (3,000 persons, the default seed).
TEST(SampleAccuracyDemo, MeetsTheGoalOnTheDemoSample) {
  TempDir dir;
  Result<sample::SampleSummary> s =
      sample::GenerateSample(dir.path(), {.people = 3000, .seed = 20240730});
  ASSERT_TRUE(s.ok()) << s.status();
  const Quality q = LinkSample(dir.path(), LinkOptions{});
  std::cout << "sample 3000 persons: P " << q.precision << " R " << q.recall << ", " << q.clusters
            << " clusters for " << s->observed_people << " persons\n";
  // Measured P 0.983, R 0.973 (docs/link.md); issue #4's goal is 0.95 for both.
  EXPECT_GE(q.precision, 0.97);
  EXPECT_GE(q.recall, 0.96);
}

TEST_F(SampleAccuracy, TheNgoListDateIsItsRecordDate) {
  // Without it an NGO age is counted from today and the person's birth year drifts by the
  // list's age (the workaround the test used to add by hand).
  Result<std::string> text = ReadFileToString((dir_->path() / "link_mapping.json").string());
  ASSERT_TRUE(text.ok());
  Result<Mapping> mapping = ParseMapping(*text, "link_mapping.json");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  const auto* ngo = mapping->For("ngo_shelter.csv");
  ASSERT_NE(ngo, nullptr);
  EXPECT_THAT(*ngo,
              ::testing::Contains(std::pair<std::string, Role>("date_accueil", Role::kRecordDate)));
  // Exact years are stricter than 8-year intervals: they may cost a little recall (people
  // who misstate their age by a year). They also add weight when the years agree, which can
  // tip an ambiguous pair: measured P 0.9914 with the date, 0.9935 without (one false pair in
  // about 460), so precision may drop by at most that much.
  const Quality with_date = LinkSample(dir_->path(), Options());
  const Quality without_date = LinkSample(dir_->path(), Options(), "date_accueil");
  std::cout << "NGO ages from the record date: P " << with_date.precision << " R "
            << with_date.recall << "; from any recent year: P " << without_date.precision
            << " R " << without_date.recall << "\n";
  EXPECT_GE(with_date.precision, without_date.precision - 0.005);
  EXPECT_GE(with_date.recall, without_date.recall - 0.02);
}

TEST_F(SampleAccuracy, TheBirthYearConflictRuleCostsNothing) {
  // The rule itself is tested in cluster_test; here it must not lose links on the sample.
  // At 3,000 persons it raises precision from 0.939 to 0.976 at the same recall.
  LinkOptions chained = Options();
  chained.birth_conflicts_split = false;
  const Quality with_rule = LinkSample(dir_->path(), Options());
  const Quality without_rule = LinkSample(dir_->path(), chained);
  EXPECT_GE(with_rule.precision, without_rule.precision);
  EXPECT_GE(with_rule.recall, without_rule.recall - 0.005);
}

TEST_F(SampleAccuracy, TransliterationFindsPersonsWrittenInOtherScripts) {
  const Quality with = LinkSample(dir_->path(), Options());
  LinkOptions without_options = Options();
  without_options.normalise.transliterate = false;
  const Quality without = LinkSample(dir_->path(), without_options);
  std::cout << "sample 1000 persons: transliteration P " << with.precision << " R " << with.recall
            << "; without P " << without.precision << " R " << without.recall << "\n";
  // A quarter of the NGO's names of Cyrillic, Arabic, Thai or Chinese bearers are in their
  // script: they cannot agree on names without it. Measured R 0.952 with, 0.870 without.
  EXPECT_GT(with.recall, without.recall + 0.03);
}

}  // namespace
}  // namespace palermo::link
