// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL connection's round-trip savings (pg_store.cc) keep the store's behaviour: a
// read-only transaction whose COMMIT is not waited for still ends at once on the server; a
// connection lost while pooled fails one call with kUnavailable and the pool then serves fresh
// connections (whose statements are prepared again); a failed PREPARE or statement sent in the
// same pipeline as BEGIN rolls the transaction back and leaves the connection usable; a batch of
// queries returns each one's rows, binary values intact; a read's key check, sent with its
// first statement, still refuses a key rotated by another process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

class PgConnection : public testing::StoreOnEngine<testing::PgEngine> {
 protected:
  // The server process behind the connection `tx` runs on.
  int64_t BackendPid(Transaction& tx) {
    Result<std::vector<SqlRow>> rows = tx.Query("SELECT pg_backend_pid()", {});
    EXPECT_THAT(rows, IsOk());
    return rows.ok() && !rows->empty() ? std::get<int64_t>((*rows)[0][0]) : -1;
  }

  // pg_stat_activity's state of backend `pid`, read on another connection of the store.
  std::string BackendState(int64_t pid) {
    auto tx = store_->BeginRead(kWorker);
    EXPECT_THAT(tx, IsOk());
    if (!tx.ok()) return "";
    Result<std::vector<SqlRow>> rows =
        (*tx)->Query("SELECT state FROM pg_stat_activity WHERE pid = $1", {pid});
    EXPECT_THAT(rows, IsOk());
    if (!rows.ok() || rows->empty()) return "gone";
    return std::get<std::string>((*rows)[0][0]);
  }

  Result<CaseId> InsertNamedCase(const std::string& local_id) {
    auto tx = store_->Begin(kWorker);
    if (!tx.ok()) return tx.status();
    CaseRecord c;
    c.agency = "police";
    c.local_id = local_id;
    c.person.identifiers.given_name = "Amina\t\"Ngozi\"\n'O'";
    c.person.identifiers.family_name = "Нгуен 阮 \\x00";
    c.person.citizenship = "NGA";
    c.forms = {"sexual", "begging"};
    c.notes = "line 1\nline\t2, \"quoted\", \\N";
    PALERMO_ASSIGN_OR_RETURN(const CaseId id, (*tx)->InsertCase(c, "hash-" + local_id));
    PALERMO_RETURN_IF_ERROR((*tx)->Commit());
    return id;
  }
};

// The COMMIT of a read is sent without waiting for its answer: the server must still end the
// transaction at once, or an idle pooled connection would hold its snapshot (and vacuum) back.
TEST_F(PgConnection, AReadEndsOnTheServerWithoutWaitingForItsAnswer) {
  auto read = store_->BeginRead(kWorker);
  ASSERT_THAT(read, IsOk());
  const int64_t pid = BackendPid(**read);
  ASSERT_GT(pid, 0);
  ASSERT_THAT((*read)->Commit(), IsOk());
  // `read` is kept, so its connection is not lent to BackendState.
  std::string state;
  for (int i = 0; i < 200; ++i) {
    state = BackendState(pid);
    if (state == "idle") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(state, "idle");
}

// A pooled connection whose server process was ended fails the next call with kUnavailable
// (never a wrong answer); the calls after it get a fresh connection, which prepares its
// statements again.
TEST_F(PgConnection, ALostPooledConnectionFailsOneCallThenTheStoreRecovers) {
  Result<CaseId> id = InsertNamedCase("P-1");
  ASSERT_THAT(id, IsOk());
  int64_t pid = -1;
  {
    auto read = store_->BeginRead(kWorker);
    ASSERT_THAT(read, IsOk());
    pid = BackendPid(**read);
    ASSERT_THAT((*read)->GetCase(*id, false, ""), IsOk());  // prepared on this connection
    ASSERT_THAT((*read)->Commit(), IsOk());
  }  // back in the pool (the only idle connection)
  ASSERT_EQ(engine_->RawExec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")"), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  bool failed_once = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto read = store_->BeginRead(kWorker);
    if (!read.ok()) {
      EXPECT_THAT(read, StatusIs(StatusCode::kUnavailable, ::testing::_));
      failed_once = true;
      continue;
    }
    Result<CaseRecord> got = (*read)->GetCase(*id, false, "");
    if (!got.ok()) {
      EXPECT_THAT(got, StatusIs(StatusCode::kUnavailable, ::testing::_));
      failed_once = true;
      continue;
    }
    EXPECT_EQ(got->local_id, "P-1");
    EXPECT_NE(BackendPid(**read), pid);
    ASSERT_THAT((*read)->Commit(), IsOk());
    break;
  }
  EXPECT_TRUE(failed_once);
  // And writes work again too.
  EXPECT_THAT(InsertNamedCase("P-2"), IsOk());
}

// A statement that cannot be prepared, sent in one pipeline with BEGIN, rolls the transaction
// back; the connection stays usable, and the same text fails the same way again (it is not
// cached as prepared).
TEST_F(PgConnection, AFailedFirstStatementRollsBackAndTheConnectionStaysUsable) {
  for (int i = 0; i < 2; ++i) {
    auto tx = store_->Begin(kWorker);
    ASSERT_THAT(tx, IsOk());
    Result<std::vector<SqlRow>> rows = (*tx)->Query("SELEC 1", {});
    // A syntax error each time (not "prepared statement does not exist").
    EXPECT_THAT(rows, StatusIs(StatusCode::kInternal, HasSubstr("syntax")));
    EXPECT_FALSE((*tx)->Commit().ok());
  }
  // A failure after BEGIN in a write: nothing of the transaction is kept.
  {
    auto tx = store_->Begin(kWorker);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT((*tx)->Audit("test_entry", "case", "1", "", ""), IsOk());
    EXPECT_FALSE((*tx)->Query("SELECT 1/0", {}).ok());
    EXPECT_FALSE((*tx)->Commit().ok());
  }
  Result<CaseId> id = InsertNamedCase("P-3");
  ASSERT_THAT(id, IsOk());
  Result<std::vector<AuditEntry>> audit = store_->ReadAudit(0, 1000);
  ASSERT_THAT(audit, IsOk());
  for (const AuditEntry& e : *audit) EXPECT_NE(e.action, "test_entry");
  EXPECT_THAT(store_->VerifyAudit(), IsOk());
}

// GetCase reads the case, its forms, events and sealed identifiers in one batch: every value,
// binary ones included, comes back as written.
TEST_F(PgConnection, ABatchedReadReturnsEveryValueIntact) {
  Result<CaseId> id = InsertNamedCase("P-4");
  ASSERT_THAT(id, IsOk());
  auto read = store_->BeginRead(kWorker);
  ASSERT_THAT(read, IsOk());
  Result<CaseRecord> got = (*read)->GetCase(*id, true, "test");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->person.identifiers.given_name, "Amina\t\"Ngozi\"\n'O'");
  EXPECT_EQ(got->person.identifiers.family_name, "Нгуен 阮 \\x00");
  EXPECT_EQ(got->notes, "line 1\nline\t2, \"quoted\", \\N");
  EXPECT_EQ(got->forms, (std::vector<std::string>{"sexual", "begging"}));
  Result<std::vector<SqlRow>> blob =
      (*read)->Query("SELECT $1::bytea", {std::string("\x00\x01\xff\\x", 5)});
  ASSERT_THAT(blob, IsOk());
  EXPECT_EQ(std::get<std::string>((*blob)[0][0]), std::string("\x00\x01\xff\\x", 5));
  ASSERT_THAT((*read)->Commit(), IsOk());
  // The identifier read was audited by the commit of the read.
  Result<AuditEntry> head = store_->AuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->object_id, std::to_string(*id));
}

// The key check of a read travels with its first statement on PostgreSQL: after another
// process rotated the key, a store still holding the old key gets kUnauthenticated and no row
// (on both engines, as before the check was deferred).
template <typename Engine>
class KeyCheck : public testing::StoreOnEngine<Engine> {};
TYPED_TEST_SUITE(KeyCheck, testing::Engines, testing::EngineNames);

TYPED_TEST(KeyCheck, AReadAfterAnotherProcessRotatedTheKeyIsRefused) {
  {
    auto tx = this->store_->Begin(kWorker);
    ASSERT_THAT(tx, IsOk());
    CaseRecord c;
    c.agency = "police";
    c.local_id = "P-9";
    c.person.identifiers.family_name = "Okafor";
    ASSERT_THAT((*tx)->InsertCase(c, "hash-P-9"), IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  // Warm this store's pooled connection (its statements prepared).
  {
    auto tx = this->store_->BeginRead(kWorker);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT((*tx)->CountCases(), IsOk());
  }
  // "Another process": a second store on the same database rotates the key.
  auto other = Store::Open(this->options_);
  ASSERT_THAT(other, IsOk());
  ASSERT_THAT((*other)->RotateKey(), IsOk());

  auto tx = this->store_->BeginRead(kWorker);
  if (!tx.ok()) {  // SQLite checks at once
    EXPECT_THAT(tx, StatusIs(StatusCode::kUnauthenticated, HasSubstr("no longer opens")));
    return;
  }
  Result<int64_t> count = (*tx)->CountCases();
  EXPECT_THAT(count, StatusIs(StatusCode::kUnauthenticated, HasSubstr("no longer opens")));
  EXPECT_FALSE((*tx)->Commit().ok());
}

}  // namespace
}  // namespace palermo::store
