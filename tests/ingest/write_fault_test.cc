// SPDX-License-Identifier: AGPL-3.0-or-later
// Fault injection over a whole import (store/fault_injection.h, SQLite): each write the import
// makes fails in turn, once. After every failure the import reports an error, the store holds
// whole batches only (the import's contract: rows committed before the failure stay, nothing
// half-written), the audit chain verifies, and running the same import again without a fault
// ends exactly where an import without fault ends.
#include "store/fault_injection.h"

#include <set>

#include "ingest_testing.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;

constexpr int64_t kBatchRows = 3;
// Seven rows, two of them bad (lines 4 and 7: unknown sex code, missing id): batches of three
// rows, so an import commits three row batches besides the organisation and the mapping.
constexpr const char* kCsv =
    "id,name,sex,seen\n"
    "S-1,Ama Mensah,Femme,2020\n"
    "S-2,Efe Okon,Homme,2021\n"
    "S-3,Lina Haddad,Weiblich,2022\n"
    "S-4,Kofi Boateng,Homme,2019\n"
    "S-5,Rosa Diaz,Femme,2023\n"
    ",Nadia Farah,Femme,2020\n"
    "S-7,Ivan Petrov,Homme,2024\n";
constexpr int64_t kRows = 7;
const std::set<int64_t> kBadRows = {3, 6};  // 1-based data rows

Mapping SmallMapping() {
  Result<Mapping> m = ParseMapping(R"({
    "agency": "shelter",
    "columns": {"id": "local_id", "name": "full_name", "sex": "sex", "seen": "identification_date"},
    "values": {"sex": {"Femme": "female", "Homme": "male"}},
    "required": ["local_id"]})");
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}

ImportOptions Options() {
  ImportOptions o;
  o.today = testing::Today();
  o.batch_rows = kBatchRows;
  return o;
}

struct Counts {
  int64_t cases = 0;
  int64_t quarantined = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

Counts CountsOf(store::Store& store) {
  return {testing::CountCases(store), static_cast<int64_t>(testing::Quarantine(store).size())};
}

// What the store holds once the first `rows` data rows are imported.
Counts AfterRows(int64_t rows) {
  Counts c;
  for (int64_t r = 1; r <= rows; ++r) (kBadRows.count(r) ? c.quarantined : c.cases) += 1;
  return c;
}

TEST(ImportWriteFaults, EveryFailedWriteLeavesWholeBatchesAndARerunCompletesTheImport) {
  TempDir dir;
  const fs::path csv = dir.path() / "shelter.csv";
  WriteFile(csv, kCsv);
  const Mapping mapping = SmallMapping();

  // Without a fault: how many writes the import makes, and where it ends.
  int64_t writes = 0;
  {
    auto t = testing::MakeStore();
    ASSERT_NE(t->store, nullptr);
    store::StartWriteFaults(0);
    Result<FileReport> report = ImportFile(*t->store, mapping, csv, Options());
    writes = store::StopWriteFaults();
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_EQ(CountsOf(*t->store), AfterRows(kRows));
    ASSERT_EQ(AfterRows(kRows), (Counts{5, 2}));
  }
  // Each row writes at least its case (or quarantine entry) and its audit entry.
  ASSERT_GE(writes, 2 * kRows) << "the seam does not see the import's writes";
  RecordProperty("writes", static_cast<int>(writes));

  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("write " + std::to_string(n) + " of " + std::to_string(writes) + " fails");
    auto t = testing::MakeStore();
    ASSERT_NE(t->store, nullptr);
    store::StartWriteFaults(n);
    Result<FileReport> failed = ImportFile(*t->store, mapping, csv, Options());
    const int64_t seen = store::StopWriteFaults();
    ASSERT_GE(seen, n) << "the import stopped before the failing write";
    EXPECT_FALSE(failed.ok()) << "a failed write was not reported";
    if (!failed.ok()) {
      EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status();
    }

    // Whole batches only: the rows of the batches committed before the failure.
    const Counts after_failure = CountsOf(*t->store);
    const int64_t rows_in = after_failure.cases + after_failure.quarantined;
    EXPECT_TRUE(rows_in % kBatchRows == 0 || rows_in == kRows) << rows_in << " rows stored";
    EXPECT_EQ(after_failure, AfterRows(rows_in));
    EXPECT_TRUE(t->store->VerifyAudit().ok()) << t->store->VerifyAudit();

    // The same import again, without a fault: everything, once.
    Result<FileReport> rerun = ImportFile(*t->store, mapping, csv, Options());
    ASSERT_TRUE(rerun.ok()) << rerun.status();
    EXPECT_EQ(rerun->rows_read, kRows);
    EXPECT_EQ(rerun->imported + rerun->already_present + rerun->quarantined, kRows);
    EXPECT_EQ(rerun->already_present, rows_in);
    EXPECT_EQ(CountsOf(*t->store), AfterRows(kRows));
    EXPECT_TRUE(t->store->VerifyAudit().ok()) << t->store->VerifyAudit();
  }
}

}  // namespace
}  // namespace palermo::ingest
