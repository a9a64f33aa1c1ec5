// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite only: Store::BeginNotDurable (an import's batches). Seen by a user as: its cases are
// there, also after a reopen, and every later Begin transaction on the same connection flushes
// again (synchronous=FULL), so the import's final commit and any web-app write stay durable
// against a power cut.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;

const Actor kImporter{"importer", "police", "data_manager"};

class DeferredDurability : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.url = (dir_.path() / "palermo.db").string();
    options_.key_file = (dir_.path() / "palermo.key").string();
    // One pooled connection: the next transaction runs on the one that deferred its flush.
    options_.pooled_connections = 1;
    ASSERT_THAT(Store::Init(options_), IsOk());
  }

  static void InsertCase(Transaction& tx, const std::string& local_id) {
    CaseRecord c;
    c.agency = "police";
    c.local_id = local_id;
    c.person.identifiers.family_name = "Okafor";
    ASSERT_THAT(tx.InsertCase(c, "hash-" + local_id), IsOk());
  }

  // The connection's PRAGMA synchronous in `tx` (2 = FULL, 1 = NORMAL).
  static int64_t Synchronous(Transaction& tx) {
    Result<std::vector<SqlRow>> rows = tx.Query("PRAGMA synchronous");
    EXPECT_THAT(rows, IsOk());
    if (!rows.ok() || rows->size() != 1 || rows->front().size() != 1) return -1;
    const int64_t* level = std::get_if<int64_t>(&rows->front().front());
    return level ? *level : -1;
  }
  // The same, in a Begin transaction of its own.
  static int64_t Synchronous(Store& store) {
    Result<std::unique_ptr<Transaction>> tx = store.Begin(kImporter);
    EXPECT_THAT(tx, IsOk());
    if (!tx.ok()) return -1;
    const int64_t level = Synchronous(**tx);
    EXPECT_THAT((*tx)->Commit(), IsOk());
    return level;
  }

  ::palermo::testing::TempDir dir_;
  StoreOptions options_;
};

TEST_F(DeferredDurability, CommitsAndRestoresFullSynchronousForLaterWrites) {
  {
    Result<std::unique_ptr<Store>> store = Store::Open(options_);
    ASSERT_THAT(store, IsOk());
    EXPECT_EQ(Synchronous(**store), 2);
    for (int batch = 0; batch < 3; ++batch) {
      const bool durable = batch == 2;
      Result<std::unique_ptr<Transaction>> tx =
          durable ? (*store)->Begin(kImporter) : (*store)->BeginNotDurable(kImporter);
      ASSERT_THAT(tx, IsOk());
      EXPECT_EQ(Synchronous(**tx), durable ? 2 : 1);
      InsertCase(**tx, "P-" + std::to_string(batch));
      ASSERT_THAT((*tx)->Commit(), IsOk());
      EXPECT_EQ(Synchronous(**store), 2) << "after batch " << batch;
    }
  }
  Result<std::unique_ptr<Store>> reopened = Store::Open(options_);
  ASSERT_THAT(reopened, IsOk());
  Result<std::unique_ptr<Transaction>> tx = (*reopened)->BeginRead(kImporter);
  ASSERT_THAT(tx, IsOk());
  Result<int64_t> cases = (*tx)->CountCases();
  ASSERT_THAT(cases, IsOk());
  EXPECT_EQ(*cases, 3);
}

TEST_F(DeferredDurability, FailedTransactionRollsBackAndRestoresFull) {
  Result<std::unique_ptr<Store>> store = Store::Open(options_);
  ASSERT_THAT(store, IsOk());
  {
    Result<std::unique_ptr<Transaction>> tx = (*store)->BeginNotDurable(kImporter);
    ASSERT_THAT(tx, IsOk());
    InsertCase(**tx, "P-1");
    // An SQL error poisons the transaction: its Commit fails and nothing is kept.
    EXPECT_FALSE((*tx)->Execute("INSERT INTO no_such_table VALUES (1)").ok());
    EXPECT_FALSE((*tx)->Commit().ok());
  }
  EXPECT_EQ(Synchronous(**store), 2);
  Result<std::unique_ptr<Transaction>> tx = (*store)->BeginRead(kImporter);
  ASSERT_THAT(tx, IsOk());
  Result<int64_t> cases = (*tx)->CountCases();
  ASSERT_THAT(cases, IsOk());
  EXPECT_EQ(*cases, 0);
}

}  // namespace
}  // namespace palermo::store
