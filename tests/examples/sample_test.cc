// SPDX-License-Identifier: AGPL-3.0-or-later
// The sample generator: same seed, same bytes; the lists look like real agencies' lists.
#include "sample/sample.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "testing/testing.h"

namespace palermo::sample {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::TempDir;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, std::string> AllFiles(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = Slurp(e.path());
  return files;
}

TEST(Sample, SameSeedGivesIdenticalBytesAndAnotherSeedDoesNot) {
  TempDir a, b, c;
  SampleOptions options{.people = 500, .seed = 42};
  ASSERT_TRUE(GenerateSample(a.path(), options).ok());
  ASSERT_TRUE(GenerateSample(b.path(), options).ok());
  options.seed = 43;
  ASSERT_TRUE(GenerateSample(c.path(), options).ok());
  const auto fa = AllFiles(a.path()), fb = AllFiles(b.path()), fc = AllFiles(c.path());
  EXPECT_EQ(fa.size(), 5u + 5u + 3u);  // 5 lists, 5 mappings, link_mapping, truth, summary
  EXPECT_EQ(fa, fb);
  EXPECT_NE(fa.at("police.csv"), fc.at("police.csv"));
}

TEST(Sample, MappingsAreTheOnesShippedInExamples) {
  for (const std::string& agency : SampleAgencies())
    EXPECT_EQ(SampleMappingJson(agency),
              Slurp(::palermo::testing::TestData("../examples/mappings/" + agency + ".json")))
        << agency;
}

TEST(Sample, ListsOverlapWithDuplicatesAndTruthCoversEveryRecord) {
  TempDir dir;
  Result<SampleSummary> s = GenerateSample(dir.path(), {.people = 2000, .seed = 7});
  ASSERT_TRUE(s.ok()) << s.status();
  Result<CsvTable> truth = ReadCsvFile(dir.path() / "truth.csv");
  ASSERT_TRUE(truth.ok());
  EXPECT_EQ(static_cast<int64_t>(truth->rows.size()), s->total_rows);
  std::map<std::string, std::set<std::string>> lists_of_person;
  std::map<std::pair<std::string, std::string>, int> records_per_person_list;
  for (const auto& row : truth->rows) {
    lists_of_person[row[2]].insert(row[0]);
    ++records_per_person_list[{row[0], row[2]}];
  }
  EXPECT_EQ(static_cast<int>(lists_of_person.size()), s->observed_people);
  int in_two = 0, in_three = 0, duplicated = 0;
  for (const auto& [person, lists] : lists_of_person) {
    in_two += lists.size() >= 2 ? 1 : 0;
    in_three += lists.size() >= 3 ? 1 : 0;
  }
  for (const auto& [key, n] : records_per_person_list) duplicated += n > 1 ? 1 : 0;
  EXPECT_GT(in_two, s->observed_people / 10);
  EXPECT_GT(in_three, 20);
  EXPECT_GT(duplicated, 10);
  EXPECT_LT(s->observed_people, s->people);  // some people are in no list: the hidden figure
  for (const std::string& agency : SampleAgencies()) {
    Result<CsvTable> t = ReadCsvFile(dir.path() / (agency + ".csv"));
    ASSERT_TRUE(t.ok()) << agency << ": " << t.status();
    EXPECT_EQ(static_cast<int>(t->rows.size()), s->rows_per_agency.at(agency));
  }
}

bool HasCodePointIn(const std::string& text, char32_t lo, char32_t hi) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    char32_t cp = c;
    int len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      len = 2;
    }
    for (int k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    if (cp >= lo && cp <= hi) return true;
    i += len;
  }
  return false;
}

TEST(Sample, NamesComeInSeveralScriptsAndSpellings) {
  TempDir dir;
  ASSERT_TRUE(GenerateSample(dir.path(), {.people = 2000, .seed = 7}).ok());
  const std::string ngo = Slurp(dir.path() / "ngo_shelter.csv");
  EXPECT_TRUE(HasCodePointIn(ngo, 0x0400, 0x04FF)) << "Cyrillic";
  EXPECT_TRUE(HasCodePointIn(ngo, 0x0600, 0x06FF)) << "Arabic";
  EXPECT_TRUE(HasCodePointIn(ngo, 0x0E00, 0x0E7F)) << "Thai";
  EXPECT_TRUE(HasCodePointIn(ngo, 0x4E00, 0x9FFF)) << "Han";
  std::string all;
  for (const std::string& agency : SampleAgencies()) all += Slurp(dir.path() / (agency + ".csv"));
  // The same names under several transliterations across agencies.
  auto count_found = [&](std::initializer_list<const char*> spellings) {
    int n = 0;
    for (const char* s : spellings) n += all.find(s) != std::string::npos ? 1 : 0;
    return n;
  };
  EXPECT_GE(count_found({"Mohammed", "Muhammad", "Mohamed", "Mohamad"}), 2);
  EXPECT_GE(count_found({"Olena", "Elena"}), 2);
  EXPECT_GE(count_found({"Kovalenko", "KOVALENKO", "Коваленко"}), 2);
}

TEST(Sample, BenchmarkFileHasExactlyTheRowsAsked) {
  TempDir dir;
  ASSERT_TRUE(WriteBenchmarkCsv(dir.path() / "b.csv", 1234, 1).ok());
  Result<CsvTable> t = ReadCsvFile(dir.path() / "b.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->rows.size(), 1234u);
  EXPECT_EQ(t->header[0], "no_pv");
}

TEST(Sample, RejectsAnEmptyPopulation) {
  TempDir dir;
  EXPECT_THAT(
      GenerateSample(dir.path(), {.people = 0, .seed = 1}),
      ::palermo::testing::StatusIs(StatusCode::kInvalidArgument, "--people must be at least 1"));
}

}  // namespace
}  // namespace palermo::sample
