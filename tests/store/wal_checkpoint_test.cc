// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite only: checkpoints run on the store's background checkpointer (sqlite_store.cc,
// WalCheckpointer), not in the thread that commits, and never lose a commit. Seen by a user as:
// the database file holds the data while the store is still open, every committed case is
// there after a reopen, and closing the store leaves no WAL behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::IsOk;

const Actor kImporter{"importer", "police", "data_manager"};

int64_t FileSize(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? -1 : static_cast<int64_t>(size);
}

// The page size of the database file as SQLite reports it, or -1.
int PageSize(const fs::path& db) {
  sqlite3* conn = nullptr;
  int page_size = -1;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(conn, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    page_size = sqlite3_column_int(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close_v2(conn);
  return page_size;
}

// Parameter: 0 for a database the store creates (16 KiB pages), or the page size of a WAL
// database made before (an older palermo made 4 KiB pages, which a WAL database keeps). The
// checkpointer's thresholds are in bytes whatever the page size.
class WalCheckpoint : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    options_.url = (dir_.path() / "palermo.db").string();
    options_.key_file = (dir_.path() / "palermo.key").string();
    if (GetParam() != 0) {
      sqlite3* conn = nullptr;
      ASSERT_EQ(sqlite3_open(options_.url.c_str(), &conn), SQLITE_OK);
      const std::string pragmas =
          "PRAGMA page_size=" + std::to_string(GetParam()) + "; PRAGMA journal_mode=WAL;";
      EXPECT_EQ(sqlite3_exec(conn, pragmas.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
      sqlite3_close_v2(conn);
    }
    ASSERT_THAT(Store::Init(options_), IsOk());
    EXPECT_EQ(PageSize(options_.url), GetParam() == 0 ? 16384 : GetParam());
  }

  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> store = Store::Open(options_);
    EXPECT_THAT(store, IsOk());
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Commits `batches` transactions of `cases` cases, each case with 4 KiB of (sealed) notes, so
  // the WAL grows by about 4.5 KiB per case.
  void Insert(Store& store, int batches, int cases, int& next_id) {
    const std::string notes(4096, 'n');
    for (int b = 0; b < batches; ++b) {
      Result<std::unique_ptr<Transaction>> tx = store.Begin(kImporter);
      ASSERT_THAT(tx, IsOk());
      for (int i = 0; i < cases; ++i) {
        CaseRecord c;
        c.agency = "police";
        c.local_id = "P-" + std::to_string(next_id++);
        c.notes = notes;
        c.person.identifiers.family_name = "Okafor";
        ASSERT_THAT((*tx)->InsertCase(c, "hash-" + c.local_id), IsOk());
      }
      ASSERT_THAT((*tx)->Commit(), IsOk());
    }
  }

  ::palermo::testing::TempDir dir_;
  StoreOptions options_;
};

// About 45 MiB committed: more than the checkpointer's 16 MiB wake-up, less than the 16,384 pages
// (64 MiB of 4 KiB pages) at which SQLite's own automatic checkpoint, run by the committing
// thread, would copy anything.
// The database file must fill while the store stays open and the writer does nothing more.
TEST_P(WalCheckpoint, CommittedPagesReachTheDatabaseFileInTheBackground) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  const fs::path db = options_.url;
  const int64_t empty = FileSize(db);
  int next_id = 0;
  Insert(*store, 10, 1000, next_id);
  int64_t size = FileSize(db);
  for (int i = 0; i < 300 && size < empty + (24 << 20); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    size = FileSize(db);
  }
  EXPECT_GE(size, empty + (24 << 20)) << "nothing was checkpointed into " << db;

  // Every commit is visible, and stays so after a reopen.
  auto count = [](Store& s) -> int64_t {
    Result<std::unique_ptr<Transaction>> tx = s.BeginRead(kImporter);
    if (!tx.ok()) return -1;
    Result<int64_t> n = (*tx)->CountCases();
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(count(*store), 10000);
  store.reset();
  EXPECT_LE(FileSize(fs::path(options_.url + "-wal")), 0) << "the WAL outlived the store";
  store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(count(*store), 10000);
  EXPECT_THAT(store->VerifyAudit(), IsOk());
}

// Two stores of one process on one file share a checkpointer; writes through both, with
// checkpoints running between and during them, all survive, and the audit chain verifies.
TEST_P(WalCheckpoint, TwoStoresOnOneFileLoseNoCommit) {
  std::unique_ptr<Store> first = Open();
  std::unique_ptr<Store> second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  int next_id = 0;
  std::thread other([&] {
    int other_id = 1000000;
    Insert(*second, 8, 500, other_id);
  });
  Insert(*first, 8, 500, next_id);
  other.join();
  first.reset();
  second.reset();
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Result<std::unique_ptr<Transaction>> tx = store->BeginRead(kImporter);
  ASSERT_THAT(tx, IsOk());
  Result<int64_t> count = (*tx)->CountCases();
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 8000);
  EXPECT_THAT(store->VerifyAudit(), IsOk());
}

INSTANTIATE_TEST_SUITE_P(PageSizes, WalCheckpoint, ::testing::Values(0, 4096),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 0 ? std::string("NewDatabase")
                                                  : "Existing" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace palermo::store
