// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 23, finding 1: the import used to store an unkeyed hash of each raw row (names and
// birth date included) as content_hash, and 64 bits of it as the local id of a file without an
// id column, so a dictionary of guessed rows recovered the names without the key. This test is
// that attack: it reads the stored columns directly and hashes candidate rows the old way.
#include <algorithm>
#include <set>

#include "ingest/reader.h"
#include "ingest_testing.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;

constexpr const char* kMapping = R"({
  "agency": "ngo", "separator": ",", "encoding": "UTF-8", "date_order": "dmy",
  "columns": {"family": "family_name", "given": "given_name", "born": "birth_date",
              "sex": "sex"},
  "values": {"sex": {"F": "female", "M": "male"}}
})";

ImportOptions Options() {
  ImportOptions o;
  o.today = testing::Today();
  return o;
}

// Every text in the columns an attacker with a copy of the database can read in clear.
std::set<std::string> StoredInClear(store::Store& store) {
  std::set<std::string> out;
  auto tx = *store.Begin(store::Actor{});
  for (const char* sql : {"SELECT content_hash, local_id FROM case_record",
                          "SELECT content_hash FROM quarantine WHERE content_hash IS NOT NULL"}) {
    auto rows = tx->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) continue;
    for (const store::SqlRow& row : *rows)
      for (const store::SqlValue& v : row)
        if (const auto* s = std::get_if<std::string>(&v)) out.insert(*s);
  }
  return out;
}

TEST(ContentHashAttack, DictionaryOfGuessedRowsMatchesNothingStoredAndDuplicatesStillFound) {
  TempDir dir;
  auto t = testing::MakeStore();
  Result<Mapping> m = ParseMapping(kMapping);
  ASSERT_TRUE(m.ok()) << m.status();
  // Two good rows and one with an impossible date (quarantined, with its hash).
  const std::string csv =
      "family,given,born,sex\n"
      "Okafor,Blessing,17/05/1990,F\n"
      "Adeyemi,Grace,02/11/1995,F\n"
      "Eze,Joy,31/02/1999,F\n";
  const fs::path file = dir.path() / "ngo.csv";
  WriteFile(file, csv);
  Result<FileReport> first = ImportFile(*t->store, *m, file, Options());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->imported, 2);
  ASSERT_EQ(first->quarantined, 1);

  // The attacker's dictionary: candidate rows (the true ones among them) hashed the old way.
  std::vector<std::string> dictionary;
  for (const char* family : {"Okafor", "Adeyemi", "Eze", "Obi"}) {
    for (const char* given : {"Blessing", "Grace", "Joy", "Mary"}) {
      for (const char* born : {"17/05/1990", "02/11/1995", "31/02/1999", "01/01/1990"}) {
        RawRow row;
        row.cells = {{"family", family}, {"given", given}, {"born", born}, {"sex", "F"}};
        dictionary.push_back(ContentHash("ngo", row));
      }
    }
  }
  // The true rows are in it: on the old code these would be found.
  Result<TextTable> table = ReadTextTable(file, *m);
  ASSERT_TRUE(table.ok()) << table.status();
  size_t true_rows = 0;
  for (const std::vector<std::string>& cells : table->rows) {
    RawRow row;
    for (size_t i = 0; i < cells.size(); ++i) row.cells.emplace_back(table->header[i], cells[i]);
    const std::string old = ContentHash("ngo", row);
    true_rows += std::count(dictionary.begin(), dictionary.end(), old);
  }
  ASSERT_EQ(true_rows, 3u);

  auto attack = [&](const std::set<std::string>& stored) {
    size_t hits = 0;
    for (const std::string& candidate : dictionary) {
      const std::string old_local_id = "h:" + candidate.substr(7, 16);
      for (const std::string& s : stored) {
        if (s == candidate || s == old_local_id ||
            s.find(candidate.substr(7, 16)) != std::string::npos) {
          ++hits;
        }
      }
    }
    return hits;
  };
  const std::set<std::string> stored = StoredInClear(*t->store);
  ASSERT_EQ(stored.size(), 2u * 2u + 1u);  // 2 hashes + 2 local ids, 1 quarantined hash
  EXPECT_EQ(attack(stored), 0u);

  // Re-importing the same file still finds every row, before and after a key rotation.
  Result<FileReport> again = ImportFile(*t->store, *m, file, Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->already_present, 3);
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->quarantined, 0);
  PALERMO_ASSERT_OK(t->store->RotateKey());
  const std::set<std::string> rotated = StoredInClear(*t->store);
  EXPECT_EQ(attack(rotated), 0u);
  Result<FileReport> after = ImportFile(*t->store, *m, file, Options());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->already_present, 3);
  EXPECT_EQ(after->imported, 0);
  EXPECT_EQ(after->quarantined, 0);
  EXPECT_EQ(testing::CountCases(*t->store), 2);
  EXPECT_EQ(testing::Quarantine(*t->store).size(), 1u);
}

// `quarantine retry` computes the row's digest again from the sealed raw row: the row, once
// fixed by a new mapping, is imported once, and a re-import of the file finds it.
TEST(ContentHashAttack, RetriedRowIsRecognisedOnReimport) {
  TempDir dir;
  auto t = testing::MakeStore();
  Result<Mapping> strict = ParseMapping(kMapping);
  ASSERT_TRUE(strict.ok());
  const fs::path file = dir.path() / "ngo.csv";
  WriteFile(file, "family,given,born,sex\nOkafor,Blessing,17/05/1990,Q\n");
  Result<FileReport> first = ImportFile(*t->store, *strict, file, Options());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->quarantined, 1);
  std::string lenient_text = kMapping;
  const std::string male = "\"M\": \"male\"";
  lenient_text.replace(lenient_text.find(male), male.size(), male + ", \"Q\": \"unknown\"");
  Result<Mapping> lenient = ParseMapping(lenient_text);
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  Result<RetryReport> retried = RetryQuarantine(*t->store, {*lenient}, Options());
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->imported, 1);
  Result<FileReport> again = ImportFile(*t->store, *lenient, file, Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->already_present, 1);
  EXPECT_EQ(testing::CountCases(*t->store), 1);
}

}  // namespace
}  // namespace palermo::ingest
