// SPDX-License-Identifier: AGPL-3.0-or-later
// Store::BeginRead (read-only transactions with deferred audit) and concurrent writers, on
// SQLite and on the fixture's PostgreSQL. The web app serves every page view through these, so
// a read that writes, or an audited read whose audit entry is lost, is a user-visible bug.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

const Actor kWorker{"amina", "police", "case_worker"};

CaseRecord NamedCase(const std::string& local_id) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = local_id;
  c.person.identifiers.given_name = "Blessing";
  c.person.identifiers.family_name = "Okafor";
  c.person.citizenship = "NGA";
  return c;
}

// The number of cases a transaction sees; -1 when it cannot count.
int64_t Count(Transaction& tx) {
  Result<int64_t> n = tx.CountCases();
  return n.ok() ? *n : -1;
}

template <typename Engine>
class ReadTransaction : public testing::StoreOnEngine<Engine> {
 protected:
  void SetUp() override {
    testing::StoreOnEngine<Engine>::SetUp();
    if (::testing::Test::HasFatalFailure()) return;
    auto tx = this->store_->Begin(kWorker);
    ASSERT_THAT(tx, IsOk());
    Result<CaseId> id = (*tx)->InsertCase(NamedCase("P-1"), "hash-P-1");
    ASSERT_THAT(id, IsOk());
    case_id_ = *id;
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }

  std::unique_ptr<Transaction> BeginRead() {
    Result<std::unique_ptr<Transaction>> tx = this->store_->BeginRead(kWorker);
    EXPECT_THAT(tx, IsOk());
    return tx.ok() ? std::move(*tx) : nullptr;
  }

  int64_t AuditCount(const std::string& action) {
    Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(0, 10000);
    EXPECT_THAT(entries, IsOk());
    int64_t n = 0;
    if (entries.ok()) {
      for (const AuditEntry& e : *entries) n += e.action == action ? 1 : 0;
    }
    return n;
  }

  CaseId case_id_ = 0;
};

TYPED_TEST_SUITE(ReadTransaction, testing::Engines, testing::EngineNames);

TYPED_TEST(ReadTransaction, ReadsWhatWasCommitted) {
  auto tx = this->BeginRead();
  ASSERT_NE(tx, nullptr);
  Result<CaseRecord> record = tx->GetCase(this->case_id_, false, "");
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->local_id, "P-1");
  EXPECT_EQ(Count(*tx), 1);
  EXPECT_THAT(tx->Commit(), IsOk());
}

TYPED_TEST(ReadTransaction, RefusesEveryKindOfWrite) {
  {
    auto tx = this->BeginRead();
    EXPECT_THAT(tx->InsertCase(NamedCase("P-2"), "hash-P-2"),
                StatusIs(StatusCode::kFailedPrecondition, HasSubstr("read-only")));
    EXPECT_THAT(tx->UpsertOrganisation(Organisation{0, "ngo", "NGO", "ngo", "FRA"}),
                StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
    EXPECT_THAT(tx->ResolveQuarantine(1), StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
    EXPECT_THAT(tx->Execute("DELETE FROM audit_log"),
                StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
    EXPECT_THAT(tx->Commit(), IsOk());
  }
  {
    // A write hidden in a query is refused by the engine itself.
    auto tx = this->BeginRead();
    EXPECT_THAT(tx->Query("DELETE FROM audit_log RETURNING seq"),
                StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
    EXPECT_FALSE(tx->Commit().ok());
  }
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  auto tx = this->BeginRead();
  EXPECT_EQ(Count(*tx), 1);
  EXPECT_EQ(this->AuditCount("insert_case"), 1);
}

TYPED_TEST(ReadTransaction, AuditedReadIsDurableOnlyAfterCommit) {
  {
    auto tx = this->BeginRead();
    Result<CaseRecord> full = tx->GetCase(this->case_id_, true, "referral follow-up");
    ASSERT_THAT(full, IsOk());
    EXPECT_EQ(full->person.identifiers.family_name, "Okafor");
    // Not committed: like a write transaction, the audit entry goes with the rollback.
  }
  const int64_t before = this->AuditCount("read_identifiers");
  {
    auto tx = this->BeginRead();
    ASSERT_THAT(tx->GetCase(this->case_id_, true, "referral follow-up"), IsOk());
    ASSERT_THAT(tx->Audit("denied", "case", "9", "", "attempted read_case as analyst"), IsOk());
    ASSERT_THAT(tx->Commit(), IsOk());
    EXPECT_THAT(tx->Commit(), StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
  }
  EXPECT_EQ(this->AuditCount("read_identifiers"), before + 1);
  EXPECT_EQ(this->AuditCount("denied"), 1);
  Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(0, 10000);
  ASSERT_THAT(entries, IsOk());
  ASSERT_GE(entries->size(), 2u);
  const AuditEntry& read = (*entries)[entries->size() - 2];
  EXPECT_EQ(read.user, "amina");
  EXPECT_EQ(read.purpose, "referral follow-up");
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

TYPED_TEST(ReadTransaction, ReaderDoesNotBlockWriter) {
  auto reader = this->BeginRead();
  ASSERT_EQ(Count(*reader), 1);
  // With the reader still open, a writer starts and commits at once.
  auto writer = this->store_->Begin(kWorker);
  ASSERT_THAT(writer, IsOk());
  ASSERT_THAT((*writer)->InsertCase(NamedCase("P-2"), "hash-P-2"), IsOk());
  ASSERT_THAT((*writer)->Commit(), IsOk());
  // The reader keeps its snapshot.
  EXPECT_EQ(Count(*reader), 1);
  EXPECT_THAT(reader->Commit(), IsOk());
  auto later = this->BeginRead();
  EXPECT_EQ(Count(*later), 2);
}

// Many threads reading with audit and writing at once: nothing fails, nothing is lost, and the
// audit chain stays whole. (PostgreSQL may abort a writer that lost the race on the chain
// head, which the contract allows: such a transaction is retried.)
TYPED_TEST(ReadTransaction, ConcurrentAuditedReadsAndWritesKeepTheChain) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        for (int attempt = 0;; ++attempt) {
          Status status;
          if ((t + i) % 3 == 0) {
            auto tx = this->store_->Begin(kWorker);
            status = tx.status();
            if (status.ok()) {
              const std::string local = "T" + std::to_string(t) + "-" + std::to_string(i);
              status = (*tx)->InsertCase(NamedCase(local), "hash-" + local).status();
              if (status.ok()) status = (*tx)->Commit();
            }
          } else {
            auto tx = this->store_->BeginRead(kWorker);
            status = tx.status();
            if (status.ok()) status = (*tx)->GetCase(this->case_id_, true, "check").status();
            if (status.ok()) status = (*tx)->Commit();
          }
          if (status.ok()) break;
          // Writers may abort each other (PostgreSQL REPEATABLE READ) and retry; an audited read
          // must not: its audit entries are appended at READ COMMITTED, after waiting for the
          // chain head's lock, so a page view never fails because someone else wrote.
          const bool was_read = (t + i) % 3 != 0;
          if (was_read || status.code() != StatusCode::kAborted || attempt > 20) {
            ++failures;
            ADD_FAILURE() << status.ToString();
            break;
          }
          // Retry as a client should: after a pause that grows and differs between threads,
          // or eight threads retrying in step keep aborting each other on PostgreSQL.
          std::this_thread::sleep_for(std::chrono::microseconds(200 * (attempt + 1) * (t + 1)));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  int writes = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) writes += (t + i) % 3 == 0 ? 1 : 0;
  }
  EXPECT_EQ(this->AuditCount("insert_case"), 1 + writes);
  EXPECT_EQ(this->AuditCount("read_identifiers"), kThreads * kPerThread - writes);
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

}  // namespace
}  // namespace palermo::store
