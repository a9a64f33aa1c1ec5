// SPDX-License-Identifier: AGPL-3.0-or-later
// Sealed columns of modules above the store are recorded in the database, so RotateKey
// re-encrypts them whichever process runs it (issue 23: `palermo key rotate` used to leave the
// web app's documents under the key it then discarded).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

const bool kRegistered = [] {
  RegisterMigration({"sealtest", 1, "CREATE TABLE sealtest_doc (id {{id}}, body {{blob}})"});
  RegisterSealedColumn({"sealtest_doc", "id", "body", "sealtest_doc:"});
  return true;
}();

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <typename Engine>
class SealedColumns : public testing::StoreOnEngine<Engine> {
 protected:
  std::unique_ptr<Transaction> Begin() {
    Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(Actor{"t", "", "admin"});
    EXPECT_THAT(tx, IsOk());
    return tx.ok() ? std::move(*tx) : nullptr;
  }

  // A table and sealed column that only the database knows about, as the web app's documents
  // are to `palermo key rotate`: created and recorded here, never registered in this process.
  // Returns the id of the row holding `plain`, sealed.
  int64_t StoreUnregisteredValue(const std::string& plain) {
    auto tx = Begin();
    EXPECT_THAT(tx->Execute("CREATE TABLE other_doc (id {{id}}, body {{blob}})"), IsOk());
    EXPECT_THAT(tx->Execute("INSERT INTO sealed_column (table_name, column_name, id_column, "
                            "context_prefix) VALUES ('other_doc', 'body', 'id', 'other_doc:')"),
                IsOk());
    EXPECT_THAT(tx->Execute("INSERT INTO other_doc (body) VALUES (NULL)"), IsOk());
    const int64_t id = *tx->LastInsertId();
    Result<std::string> sealed = tx->Seal(plain, "other_doc:" + std::to_string(id));
    EXPECT_THAT(sealed, IsOk());
    EXPECT_THAT(tx->Execute("UPDATE other_doc SET body = $1 WHERE id = $2", {*sealed, id}), IsOk());
    EXPECT_THAT(tx->Commit(), IsOk());
    return id;
  }

  Result<std::string> ReadValue(int64_t id) {
    auto tx = Begin();
    PALERMO_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                             tx->Query("SELECT body FROM other_doc WHERE id = $1", {id}));
    if (rows.empty()) return Status::NotFound("row");
    return tx->Open(std::get<std::string>(rows[0][0]), "other_doc:" + std::to_string(id));
  }
};

TYPED_TEST_SUITE(SealedColumns, testing::Engines, testing::EngineNames);

TYPED_TEST(SealedColumns, OpenRecordsTheColumnsThisProcessRegistered) {
  auto tx = this->Begin();
  Result<std::vector<SqlRow>> rows = tx->Query(
      "SELECT id_column, context_prefix FROM sealed_column WHERE table_name = 'sealtest_doc' AND "
      "column_name = 'body'");
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(std::get<std::string>((*rows)[0][0]), "id");
  EXPECT_EQ(std::get<std::string>((*rows)[0][1]), "sealtest_doc:");
}

TYPED_TEST(SealedColumns, RotationReencryptsAColumnOnlyTheDatabaseRecords) {
  const std::string document = std::string("%PDF-1.4\n\x00\x01\xff binary", 20);
  const int64_t id = this->StoreUnregisteredValue(document);
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  this->Reopen();
  Result<std::string> back = this->ReadValue(id);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, document);
}

TYPED_TEST(SealedColumns, RotationRefusesWhileARecordedTableCannotBeRead) {
  const int64_t id = this->StoreUnregisteredValue("passport scan");
  {
    auto tx = this->Begin();
    ASSERT_THAT(tx->Execute("INSERT INTO sealed_column (table_name, column_name, id_column, "
                            "context_prefix) VALUES ('gone_doc', 'body', 'id', 'gone_doc:')"),
                IsOk());
    PALERMO_ASSERT_OK(tx->Commit());
  }
  const std::string key = ReadBytes(this->options_.key_file);
  EXPECT_THAT(this->store_->RotateKey(),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("gone_doc.body")));
  EXPECT_EQ(ReadBytes(this->options_.key_file), key);
  this->Reopen();
  Result<std::string> back = this->ReadValue(id);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, "passport scan");
}

}  // namespace
}  // namespace palermo::store
