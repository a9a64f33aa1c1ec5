// SPDX-License-Identifier: AGPL-3.0-or-later
// The content hash a caller gives InsertCase/AddQuarantine is an unkeyed digest of a source
// record (ingest::ContentHash): anyone who guesses a record can compute it. These tests read the
// database directly, as an attacker with a copy of it would, and check that no such digest (nor
// a local id made from one) is stored, that duplicates are still recognised before and after a
// key rotation, and that a database written by an older palermo is converted at Open.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Shaped like ingest::ContentHash's output.
const std::string kDigest = "xxh128:0123456789abcdef00112233445566ff";
const std::string kQuarantineDigest = "xxh128:fedcba98765432100011223344556677";
// The local id an older palermo generated from kDigest.
const std::string kLegacyLocalId = "h:0123456789abcdef";

CaseRecord Case(std::string local_id) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = std::move(local_id);
  c.person.sex = Sex::kFemale;
  c.person.identifiers.given_name = "Blessing";
  c.person.identifiers.family_name = "Okafor";
  c.person.identifiers.birth_date = *PartialDate::Parse("1990-05-17");
  c.victim_status = VictimStatus::kActualVictim;
  c.notes = "arrived by bus";
  return c;
}

QuarantineEntry Entry() {
  QuarantineEntry e;
  e.source_file = "police.csv";
  e.agency = "police";
  e.line = 3;
  e.field = "birth_date";
  e.reason = "not a date";
  e.raw = "{\"name\":\"Okafor\"}";
  e.content_hash = kQuarantineDigest;
  return e;
}

template <typename Engine>
class ContentHash : public testing::StoreOnEngine<Engine> {
 protected:
  void Tamper(const std::string& sql) { ASSERT_EQ(this->engine_->RawExec(sql), "") << sql; }

  std::unique_ptr<Transaction> Begin() {
    Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(Actor{"t", "police", "admin"});
    EXPECT_THAT(tx, IsOk());
    return tx.ok() ? std::move(*tx) : nullptr;
  }

  // Every text stored in the columns a digest or a generated id could be in.
  std::vector<std::string> StoredTexts() {
    auto tx = Begin();
    std::vector<std::string> out;
    for (const char* sql : {"SELECT content_hash, local_id FROM case_record",
                            "SELECT content_hash, source_file FROM quarantine"}) {
      Result<std::vector<SqlRow>> rows = tx->Query(sql);
      EXPECT_THAT(rows, IsOk());
      if (!rows.ok()) continue;
      for (const SqlRow& row : *rows)
        for (const SqlValue& v : row)
          if (const auto* s = std::get_if<std::string>(&v)) out.push_back(*s);
    }
    return out;
  }

  // Neither digest, nor 16 hex digits of one, is stored anywhere an attacker could match it.
  void ExpectNoUnkeyedValue() {
    for (const std::string& text : StoredTexts()) {
      for (const std::string& digest : {kDigest, kQuarantineDigest}) {
        EXPECT_EQ(text.find(digest.substr(7, 16)), std::string::npos) << text;
        EXPECT_EQ(text.find(digest.substr(7 + 16, 16)), std::string::npos) << text;
      }
    }
  }

  std::vector<std::string> StoredHashes() {
    auto tx = Begin();
    std::vector<std::string> out;
    Result<std::vector<SqlRow>> rows = tx->Query(
        "SELECT content_hash FROM case_record UNION ALL SELECT content_hash FROM quarantine");
    EXPECT_THAT(rows, IsOk());
    if (rows.ok())
      for (const SqlRow& row : *rows) out.push_back(std::get<std::string>(row[0]));
    return out;
  }

  // Re-importing the same records is recognised, as the importer checks it.
  void ExpectDuplicatesRecognised() {
    auto tx = Begin();
    EXPECT_EQ(*tx->HasContentHash(kDigest), true);
    EXPECT_EQ(*tx->HasContentHash(kQuarantineDigest), true);
    EXPECT_EQ(*tx->HasContentHash("xxh128:00000000000000000000000000000000"), false);
    Result<std::string> local_id = tx->GeneratedLocalId(kDigest);
    ASSERT_THAT(local_id, IsOk());
    EXPECT_THAT(tx->InsertCase(Case(*local_id), kDigest),
                StatusIs(StatusCode::kAlreadyExists, HasSubstr("content hash")));
    EXPECT_THAT(tx->AddQuarantine(Entry()), StatusIs(StatusCode::kAlreadyExists, HasSubstr("content hash")));
  }
};

TYPED_TEST_SUITE(ContentHash, testing::Engines, testing::EngineNames);

TYPED_TEST(ContentHash, OnlyKeyedValuesAreStoredAndDuplicatesSurviveRotation) {
  std::string local_id;
  {
    auto tx = this->Begin();
    Result<std::string> generated = tx->GeneratedLocalId(kDigest);
    ASSERT_THAT(generated, IsOk());
    local_id = *generated;
    EXPECT_THAT(local_id, StartsWith("h:"));
    EXPECT_EQ(local_id.size(), 18u);
    EXPECT_NE(local_id, kLegacyLocalId);
    EXPECT_EQ(*tx->GeneratedLocalId(kDigest), local_id) << "stable under one key";
    ASSERT_THAT(tx->InsertCase(Case(local_id), kDigest), IsOk());
    ASSERT_THAT(tx->AddQuarantine(Entry()), IsOk());
    PALERMO_ASSERT_OK(tx->Commit());
  }
  this->ExpectNoUnkeyedValue();
  const std::vector<std::string> before = this->StoredHashes();
  ASSERT_EQ(before.size(), 2u);
  for (const std::string& h : before) EXPECT_THAT(h, StartsWith("k1:"));
  this->ExpectDuplicatesRecognised();

  PALERMO_ASSERT_OK(this->store_->RotateKey());
  const std::vector<std::string> after = this->StoredHashes();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_NE(after[0], before[0]) << "recomputed under the new key";
  EXPECT_NE(after[1], before[1]);
  this->ExpectNoUnkeyedValue();
  this->ExpectDuplicatesRecognised();
  this->Reopen();
  this->ExpectDuplicatesRecognised();
  auto tx = this->Begin();
  EXPECT_NE(*tx->GeneratedLocalId(kDigest), local_id) << "a new key gives other ids";
}

// A database written before store v4 holds the digests in clear and local ids made from them.
// Opening it keys them all; the notes bound to a replaced local id still open.
TYPED_TEST(ContentHash, OlderDatabaseIsKeyedAtOpenAndStillRecognisesDuplicates) {
  CaseId id = 0;
  {
    auto tx = this->Begin();
    Result<CaseId> inserted = tx->InsertCase(Case(kLegacyLocalId), kDigest);
    ASSERT_THAT(inserted, IsOk());
    id = *inserted;
    ASSERT_THAT(tx->InsertCase(Case("P-7"), "web-case-token"), IsOk());
    ASSERT_THAT(tx->AddQuarantine(Entry()), IsOk());
    PALERMO_ASSERT_OK(tx->Commit());
  }
  this->store_.reset();
  // Back to the store v3 shape and values.
  this->Tamper("ALTER TABLE case_record DROP COLUMN content_sealed");
  this->Tamper("ALTER TABLE quarantine DROP COLUMN content_sealed");
  this->Tamper("UPDATE case_record SET content_hash = '" + kDigest +
               "', content_key = 1 WHERE id = " + std::to_string(id));
  this->Tamper(
      "UPDATE case_record SET content_hash = 'web-case-token', content_key = 2 WHERE local_id = "
      "'P-7'");
  this->Tamper("UPDATE quarantine SET content_hash = '" + kQuarantineDigest + "'");
  this->Tamper("DELETE FROM schema_migrations WHERE module = 'store' AND version = 4");
  this->Tamper("UPDATE meta SET value = 'palermo store v3' WHERE name = 'schema'");

  this->Reopen();
  this->ExpectNoUnkeyedValue();
  for (const std::string& h : this->StoredHashes()) EXPECT_THAT(h, StartsWith("k1:"));
  this->ExpectDuplicatesRecognised();
  {
    auto tx = this->Begin();
    EXPECT_EQ(*tx->HasContentHash("web-case-token"), true);
    Result<CaseRecord> c = tx->GetCase(id, /*with_identifiers=*/true, "check");
    ASSERT_THAT(c, IsOk());
    EXPECT_EQ(c->local_id, *tx->GeneratedLocalId(kDigest));
    EXPECT_EQ(c->notes, "arrived by bus");
    EXPECT_EQ(c->person.identifiers.family_name, "Okafor");
    Result<std::vector<SqlRow>> p7 =
        tx->Query("SELECT count(*) FROM case_record WHERE local_id = 'P-7'");
    ASSERT_THAT(p7, IsOk());
    EXPECT_EQ(std::get<int64_t>((*p7)[0][0]), 1) << "a local id from the source is kept";
    PALERMO_ASSERT_OK(tx->Commit());
  }
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  this->ExpectDuplicatesRecognised();
}

}  // namespace
}  // namespace palermo::store
