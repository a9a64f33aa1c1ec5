// SPDX-License-Identifier: AGPL-3.0-or-later
// One transaction large enough that the store flushes its queues part-way (every 32,768 cases
// with identifiers) while the crypto lane may still be sealing and hashing: the part-way flush
// takes only what the lane has finished (sql_store.cc, FlushPending(false)), so rows of one
// table reach the database in several groups. On SQLite and the fixture's PostgreSQL: every
// case, identifier, index row and audit entry must be there, in order, as if written at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;
using ::testing::ElementsAre;

const Actor kImporter{"importer", "police", "data_manager"};

CaseRecord Numbered(int n) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = "L-" + std::to_string(n);
  c.person.identifiers.family_name = "Family" + std::to_string(n);
  c.person.identifiers.document_numbers = {"DOC" + std::to_string(n)};
  c.forms = {"sexual"};
  return c;
}

template <typename Engine>
class LargeTransaction : public testing::StoreOnEngine<Engine> {};
TYPED_TEST_SUITE(LargeTransaction, testing::Engines, testing::EngineNames);

TYPED_TEST(LargeTransaction, PartWayFlushesKeepEveryRowAndTheAuditChain) {
  constexpr int kCases = 40000;  // crosses the part-way flush once
  std::vector<CaseId> ids;
  ids.reserve(kCases);
  {
    Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(kImporter);
    ASSERT_THAT(tx, IsOk());
    for (int n = 0; n < kCases; ++n) {
      Result<CaseId> id = (*tx)->InsertCase(Numbered(n), "hash-" + std::to_string(n));
      ASSERT_THAT(id, IsOk()) << "case " << n;
      ids.push_back(*id);
      if (n == 35000) {
        // A read after the part-way flush sees every case so far, by any of its identifiers.
        for (int probe : {0, 20000, 32767, 32768, 35000}) {
          Result<std::vector<CaseId>> found = (*tx)->FindCasesByIdentifier(
              IdentifierKind::kFamilyName, "family" + std::to_string(probe));
          ASSERT_THAT(found, IsOk());
          EXPECT_THAT(*found, ElementsAre(ids[probe])) << "family" << probe;
        }
      }
    }
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  Result<std::vector<AuditEntry>> audit = this->store_->ReadAudit(0, kCases + 10);
  ASSERT_THAT(audit, IsOk());
  ASSERT_EQ(audit->size(), 1u + kCases);  // "init", then one entry per case in insert order
  for (int n = 0; n < kCases; n += 997) {
    EXPECT_EQ((*audit)[1 + n].object_id, std::to_string(ids[n])) << "audit entry of case " << n;
  }

  Result<std::unique_ptr<Transaction>> tx = this->store_->BeginRead(kImporter);
  ASSERT_THAT(tx, IsOk());
  Result<int64_t> count = (*tx)->CountCases();
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, kCases);
  for (int n = 0; n < kCases; n += 1999) {
    Result<std::vector<CaseId>> found =
        (*tx)->FindCasesByIdentifier(IdentifierKind::kDocument, "DOC" + std::to_string(n));
    ASSERT_THAT(found, IsOk());
    EXPECT_THAT(*found, ElementsAre(ids[n])) << "DOC" << n;
    Result<CaseRecord> record = (*tx)->GetCase(ids[n], /*with_identifiers=*/true, "test check");
    ASSERT_THAT(record, IsOk());
    EXPECT_EQ(record->person.identifiers.family_name, "Family" + std::to_string(n));
  }
  ASSERT_THAT((*tx)->Commit(), IsOk());
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

}  // namespace
}  // namespace palermo::store
