// SPDX-License-Identifier: AGPL-3.0-or-later
// The store conformance suite: every case runs on SQLite and on a real PostgreSQL 15 (the "pg"
// CTest fixture), so the two engines cannot drift apart.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A module above the store, with its own table and a sealed column, registered the way a real
// module does (before any Open).
const bool kTestModuleRegistered = [] {
  RegisterMigration({"testmod", 1,
                     "CREATE TABLE testmod_note (id {{id}}, case_id BIGINT NOT NULL, "
                     "body {{blob}}, score REAL, created_at TEXT NOT NULL DEFAULT {{now}});"
                     "CREATE INDEX testmod_note_case ON testmod_note (case_id)"});
  RegisterMigration({"testmod", 2, "ALTER TABLE testmod_note ADD COLUMN tag TEXT"});
  RegisterSealedColumn({"testmod_note", "id", "body", "testmod_note:"});
  return true;
}();

PartialDate Date(std::string_view text) { return *PartialDate::Parse(text); }

CaseRecord SampleCase(std::string local_id, std::string family_name) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = std::move(local_id);
  c.person.sex = Sex::kFemale;
  c.person.gender_detail = "woman";
  c.person.citizenship = "NGA";
  c.person.birth_year = 1998;
  c.person.identifiers.given_name = "Grâce";
  c.person.identifiers.family_name = std::move(family_name);
  c.person.identifiers.birth_date = Date("1998-03-07");
  c.person.identifiers.document_numbers = {"A1234567O", "NG-55-1010"};
  c.person.identifiers.phones = {"+234 803 555 0101"};
  c.person.identifiers.address = "12 rue des Lilas, Lyon";
  c.victim_status = VictimStatus::kActualVictim;
  c.identification_date = Date("2019-05");
  c.age_at_identification = 21;
  c.forms = {"sexual", "forced_labour"};
  c.country_of_exploitation = "FRA";
  c.events = {{EventType::kRecruitment,
               "NGA",
               "Benin City",
               Date("2018-11"),
               std::nullopt,
               {"deception", "debt_bondage"}},
              {EventType::kExploitation, "FRA", "Lyon", Date("2019-01-15"), Date("2019-05"), {}}};
  c.notes = "Says her passport was taken on arrival";
  return c;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::string DateOr(const std::optional<PartialDate>& d) { return d ? d->ToString() : "-"; }

// One line per case, every field, so a lost or altered field shows in one comparison.
std::string Describe(const CaseRecord& c) {
  std::ostringstream s;
  const DirectIdentifiers& i = c.person.identifiers;
  s << c.agency << "/" << c.local_id << " " << VictimStatusCode(c.victim_status) << " id "
    << DateOr(c.identification_date) << " age "
    << (c.age_at_identification ? std::to_string(*c.age_at_identification) : "-") << " in "
    << c.country_of_exploitation << " forms " << Join(c.forms) << " | " << SexCode(c.person.sex)
    << " " << c.person.gender_detail << " " << c.person.citizenship << " "
    << (c.person.birth_year ? std::to_string(*c.person.birth_year) : "-") << " | " << i.given_name
    << " " << i.family_name << " [" << i.full_name << "] " << DateOr(i.birth_date) << " docs "
    << Join(i.document_numbers) << " phones " << Join(i.phones) << " @ " << i.address << " | notes "
    << c.notes;
  for (const TraffickingEvent& e : c.events) {
    s << " | " << EventTypeCode(e.type) << " " << e.country << " " << e.place << " "
      << DateOr(e.start) << ".." << DateOr(e.end) << " " << Join(e.means_of_control);
  }
  return s.str();
}

std::string WithoutIdentifiers(CaseRecord c) {
  c.person.identifiers = {};
  c.notes.clear();
  return Describe(c);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteKey(const std::string& path, const std::string& bytes) {
  ::palermo::testing::WriteFile(path, bytes);
  ::chmod(path.c_str(), 0600);
}

const Actor kWorker{"amina", "police", "case_worker"};

QuarantineEntry Quarantined(int64_t line, std::string field, std::string reason, std::string raw,
                            std::string content_hash) {
  QuarantineEntry e;
  e.source_file = "police.csv";
  e.agency = "police";
  e.line = line;
  e.field = std::move(field);
  e.reason = std::move(reason);
  e.raw = std::move(raw);
  e.content_hash = std::move(content_hash);
  return e;
}

template <typename Engine>
class StoreContract : public testing::StoreOnEngine<Engine> {
 protected:
  std::unique_ptr<Transaction> Begin(const Actor& actor = kWorker) {
    Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(actor);
    EXPECT_THAT(tx, IsOk());
    return tx.ok() ? std::move(*tx) : nullptr;
  }

  // Inserts `n` cases in one committed transaction; returns their ids.
  std::vector<CaseId> InsertCases(int n, const std::string& prefix = "P-") {
    std::vector<CaseId> ids;
    auto tx = Begin();
    for (int case_idx = 0; case_idx < n; ++case_idx) {
      const std::string local_id = prefix + std::to_string(case_idx);
      Result<CaseId> id = tx->InsertCase(SampleCase(local_id, "Okafor"), "hash-" + local_id);
      EXPECT_THAT(id, IsOk());
      if (id.ok()) ids.push_back(*id);
    }
    EXPECT_THAT(tx->Commit(), IsOk());
    return ids;
  }

  std::vector<std::string> AuditActions() {
    Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(0, 1000);
    EXPECT_THAT(entries, IsOk());
    std::vector<std::string> actions;
    if (entries.ok()) {
      for (const AuditEntry& e : *entries) actions.push_back(e.action);
    }
    return actions;
  }

  void Tamper(const std::string& sql) { ASSERT_EQ(this->engine_->RawExec(sql), "") << sql; }

  // Puts case_record back in its store v2 shape (content_hash unique, no content_key) and the
  // migration log back to v2, as a database made by an older palermo would be.
  void DowngradeToStoreV2() {
    if (this->store_->engine() == "sqlite") {
      Tamper("DROP INDEX case_record_content_key");
      Tamper("ALTER TABLE case_record DROP COLUMN content_key");
      Tamper("CREATE UNIQUE INDEX case_record_content_hash ON case_record (content_hash)");
    } else {
      Tamper("ALTER TABLE case_record DROP COLUMN content_key");
      Tamper(
          "ALTER TABLE case_record ADD CONSTRAINT case_record_content_hash_key "
          "UNIQUE (content_hash)");
    }
    // Store v4 keyed the content hashes: back to the digests as given (InsertCases's).
    for (const char* column : {"outcome", "outcome_reason", "outcome_by", "outcome_at"})
      Tamper(std::string("ALTER TABLE quarantine DROP COLUMN ") + column);  // store v6
    Tamper("DROP TABLE sealed_column");  // store v5
    Tamper("ALTER TABLE case_record DROP COLUMN content_sealed");
    Tamper("ALTER TABLE quarantine DROP COLUMN content_sealed");
    Tamper("UPDATE case_record SET content_hash = 'hash-' || local_id");
    Tamper("DELETE FROM schema_migrations WHERE module = 'store' AND version > 2");
    Tamper("UPDATE meta SET value = 'palermo store v2' WHERE name = 'schema'");
  }

  std::string SchemaName() {
    auto tx = this->Begin();
    Result<std::vector<SqlRow>> schema = tx->Query("SELECT value FROM meta WHERE name = 'schema'");
    EXPECT_THAT(schema, IsOk());
    return schema.ok() && !schema->empty() ? std::get<std::string>((*schema)[0][0]) : "";
  }
};

TYPED_TEST_SUITE(StoreContract, testing::Engines, testing::EngineNames);

TYPED_TEST(StoreContract, CaseRoundTripsWithAndWithoutIdentifiers) {
  const std::vector<CaseId> ids = this->InsertCases(2);
  ASSERT_EQ(ids.size(), 2u);
  auto tx = this->Begin();
  Result<CaseRecord> full = tx->GetCase(ids[1], true, "case review");
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ(full->id, ids[1]);
  EXPECT_EQ(Describe(*full), Describe(SampleCase("P-1", "Okafor")));
  Result<CaseRecord> plain = tx->GetCase(ids[1], false, "");
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(Describe(*plain), WithoutIdentifiers(SampleCase("P-1", "Okafor")));

  Result<std::vector<CaseRecord>> police = tx->ListCases("police", true, "statistics check");
  ASSERT_THAT(police, IsOk());
  ASSERT_EQ(police->size(), 2u);
  EXPECT_EQ((*police)[0].id, ids[0]);
  EXPECT_EQ(Describe((*police)[0]), Describe(SampleCase("P-0", "Okafor")));
  Result<std::vector<CaseRecord>> all = tx->ListCases("", false, "");
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->size(), 2u);
  Result<std::vector<CaseRecord>> other = tx->ListCases("ngo_shelter", false, "");
  ASSERT_THAT(other, IsOk());
  EXPECT_THAT(*other, IsEmpty());
  EXPECT_EQ(*tx->CountCases(), 2);
  EXPECT_THAT(tx->GetCase(ids[1] + 100, false, ""),
              StatusIs(StatusCode::kNotFound, HasSubstr("no case")));
}

TYPED_TEST(StoreContract, CaseWithOnlySomeFieldsRoundTrips) {
  CaseRecord c;
  c.agency = "ngo_shelter";
  c.local_id = "S-1";
  c.person.identifiers.full_name = "Ana Popescu";
  auto tx = this->Begin();
  Result<CaseId> id = tx->InsertCase(c, "h-min");
  ASSERT_THAT(id, IsOk());
  PALERMO_ASSERT_OK(tx->Commit());
  tx = this->Begin();
  Result<CaseRecord> back = tx->GetCase(*id, true, "case review");
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(Describe(*back), Describe(c));
}

TYPED_TEST(StoreContract, UpdateCaseReplacesFieldsAndMovesTheBlindIndex) {
  const std::vector<CaseId> ids = this->InsertCases(2);
  ASSERT_EQ(ids.size(), 2u);
  CaseRecord changed = SampleCase("P-1", "Adeyemi");
  changed.id = ids[1];
  changed.person.identifiers.phones = {"+234 803 555 0199"};
  changed.person.citizenship = "GHA";
  changed.victim_status = VictimStatus::kNotAVictim;
  changed.forms = {"domestic_servitude"};
  changed.events.pop_back();
  changed.notes = "Corrected";
  {
    auto tx = this->Begin();
    PALERMO_ASSERT_OK(tx->UpdateCase(changed));
    PALERMO_ASSERT_OK(tx->Commit());
  }
  auto tx = this->Begin();
  Result<CaseRecord> back = tx->GetCase(ids[1], true, "case review");
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(Describe(*back), Describe(changed));
  // The other case is untouched.
  Result<CaseRecord> other = tx->GetCase(ids[0], true, "case review");
  ASSERT_THAT(other, IsOk());
  EXPECT_EQ(Describe(*other), Describe(SampleCase("P-0", "Okafor")));
  // Old values no longer find the case; new ones do.
  EXPECT_EQ(*tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "Okafor"),
            std::vector<CaseId>{ids[0]});
  EXPECT_EQ(*tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "Adeyemi"),
            std::vector<CaseId>{ids[1]});
  EXPECT_EQ(*tx->FindCasesByIdentifier(IdentifierKind::kPhone, "+234 803 555 0199"),
            std::vector<CaseId>{ids[1]});
  // Identifiers removed entirely: nothing left to find.
  CaseRecord bare = changed;
  bare.person.identifiers = DirectIdentifiers{};
  PALERMO_ASSERT_OK(tx->UpdateCase(bare));
  EXPECT_THAT(*tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "Adeyemi"), IsEmpty());
  Result<CaseRecord> without = tx->GetCase(ids[1], true, "case review");
  ASSERT_THAT(without, IsOk());
  EXPECT_TRUE(without->person.identifiers.empty());
  // The agency and local id stay; an unknown case is not found.
  CaseRecord moved = changed;
  moved.local_id = "P-9";
  EXPECT_THAT(tx->UpdateCase(moved), StatusIs(StatusCode::kInvalidArgument, HasSubstr("local id")));
  CaseRecord missing = changed;
  missing.id = ids[1] + 100;
  EXPECT_THAT(tx->UpdateCase(missing), StatusIs(StatusCode::kNotFound, HasSubstr("no case")));
  PALERMO_ASSERT_OK(tx->Commit());
  const std::vector<std::string> actions = this->AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "update_case"), 2);
  PALERMO_EXPECT_OK(this->store_->VerifyAudit());
}

TYPED_TEST(StoreContract, DuplicateContentHashOrLocalIdIsRefusedAndChangesNothing) {
  this->InsertCases(1);
  const size_t audit_before = this->AuditActions().size();
  auto tx = this->Begin();
  EXPECT_THAT(tx->InsertCase(SampleCase("P-other", "Okafor"), "hash-P-0"),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("content hash")));
  EXPECT_THAT(tx->InsertCase(SampleCase("P-0", "Okafor"), "hash-new"),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("local id")));
  // The transaction is still usable after a refused duplicate.
  EXPECT_THAT(tx->InsertCase(SampleCase("P-9", "Okafor"), "hash-P-9"), IsOk());
  PALERMO_ASSERT_OK(tx->Commit());
  tx = this->Begin();
  EXPECT_EQ(*tx->CountCases(), 2);
  EXPECT_EQ(*tx->HasContentHash("hash-P-0"), true);
  EXPECT_EQ(*tx->HasContentHash("hash-new"), false);
  // Only the accepted insert left an audit entry; no orphan person or identifiers either.
  EXPECT_EQ(this->AuditActions().size(), audit_before + 1);
  Result<std::vector<SqlRow>> persons = tx->Query("SELECT count(*) FROM person");
  ASSERT_THAT(persons, IsOk());
  EXPECT_EQ(std::get<int64_t>((*persons)[0][0]), 2);
  Result<std::vector<SqlRow>> sealed = tx->Query("SELECT count(*) FROM person_identifiers");
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(std::get<int64_t>((*sealed)[0][0]), 2);
}

TYPED_TEST(StoreContract, CaseWithoutKeysOrWithBadTextIsRefusedBeforeAnyWrite) {
  auto tx = this->Begin();
  CaseRecord no_id = SampleCase("", "Okafor");
  EXPECT_THAT(tx->InsertCase(no_id, "h"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("local id")));
  EXPECT_THAT(tx->InsertCase(SampleCase("P-1", "Okafor"), ""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("content hash")));
  CaseRecord bad_text = SampleCase("P-2", "Okafor");
  bad_text.events[0].place = "Lyon\xff";
  EXPECT_THAT(tx->InsertCase(bad_text, "h2"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("event place is not valid UTF-8")));
  // Refused input does not end the transaction.
  EXPECT_THAT(tx->InsertCase(SampleCase("P-3", "Okafor"), "h3"), IsOk());
  PALERMO_ASSERT_OK(tx->Commit());
  tx = this->Begin();
  EXPECT_EQ(*tx->CountCases(), 1);
}

TYPED_TEST(StoreContract, DroppedTransactionRollsBack) {
  {
    auto tx = this->Begin();
    ASSERT_THAT(tx->InsertCase(SampleCase("P-1", "Okafor"), "h1"), IsOk());
    ASSERT_THAT(tx->AddQuarantine(Quarantined(3, "birth_date", "not a date", "x", "q1")), IsOk());
  }
  auto tx = this->Begin();
  EXPECT_EQ(*tx->CountCases(), 0);
  EXPECT_EQ(*tx->HasContentHash("h1"), false);
  EXPECT_EQ(*tx->HasContentHash("q1"), false);
  EXPECT_THAT(this->AuditActions(), ElementsAre("init"));
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

TYPED_TEST(StoreContract, CommitTwiceIsRefused) {
  auto tx = this->Begin();
  PALERMO_ASSERT_OK(tx->Commit());
  EXPECT_THAT(tx->Commit(), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("committed")));
  EXPECT_THAT(tx->CountCases(), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("committed")));
}

TYPED_TEST(StoreContract, SqlErrorEndsTheTransactionOnBothEngines) {
  auto tx = this->Begin();
  ASSERT_THAT(tx->InsertCase(SampleCase("P-1", "Okafor"), "h1"), IsOk());
  EXPECT_THAT(tx->Execute("INSERT INTO no_such_table VALUES (1)"),
              StatusIs(StatusCode::kInternal, HasSubstr("no_such_table")));
  EXPECT_THAT(tx->CountCases(), StatusIs(StatusCode::kInternal, HasSubstr("rolled back")));
  EXPECT_THAT(tx->Commit(), StatusIs(StatusCode::kInternal, HasSubstr("rolled back")));
  tx = this->Begin();
  EXPECT_EQ(*tx->CountCases(), 0);
}

TYPED_TEST(StoreContract, BlindIndexFindsIgnoringCaseAccentsAndSeparators) {
  const std::vector<CaseId> ids = this->InsertCases(1);
  auto tx = this->Begin();
  {
    CaseRecord other = SampleCase("P-2", "Okonkwo");
    other.person.identifiers.given_name = "Chidi";
    other.person.identifiers.document_numbers = {"B7"};
    other.person.identifiers.phones = {};
    other.person.identifiers.birth_date = Date("2001");
    ASSERT_THAT(tx->InsertCase(other, "h-2"), IsOk());
  }
  const CaseId first = ids[0];
  auto find = [&](IdentifierKind kind, std::string_view value) {
    Result<std::vector<CaseId>> found = tx->FindCasesByIdentifier(kind, value);
    EXPECT_THAT(found, IsOk());
    return found.ok() ? *found : std::vector<CaseId>{-1};
  };
  EXPECT_THAT(find(IdentifierKind::kFamilyName, "OKAFOR"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kFamilyName, " okafor "), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kGivenName, "GRACE"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kGivenName, "grâce"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kFullName, "Grace OKAFOR"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kBirthDate, "07/03/1998"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kDocument, "a1234567-0"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kDocument, "ng 55 1010"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kPhone, "+234-803-555-0101"), ElementsAre(first));
  EXPECT_THAT(find(IdentifierKind::kFamilyName, "Okafur"), IsEmpty());
  EXPECT_THAT(find(IdentifierKind::kGivenName, "Okafor"), IsEmpty()) << "kinds are separate";
  EXPECT_THAT(find(IdentifierKind::kFamilyName, ""), IsEmpty());
  EXPECT_EQ(find(IdentifierKind::kFamilyName, "okonkwo").size(), 1u);
}

TYPED_TEST(StoreContract, QuarantineKeepsRawSealedAndResolves) {
  auto tx = this->Begin();
  const QuarantineEntry entry = Quarantined(7, "birth_date", "not a date (expected YYYY-MM-DD)",
                                            "P-7,Okafor,Grace,31/02/1998", "q-7");
  Result<int64_t> id = tx->AddQuarantine(entry);
  ASSERT_THAT(id, IsOk());
  EXPECT_THAT(tx->AddQuarantine(entry),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("content hash")));
  EXPECT_EQ(*tx->HasContentHash("q-7"), true);
  PALERMO_ASSERT_OK(tx->Commit());

  tx = this->Begin();
  Result<std::vector<QuarantineEntry>> hidden = tx->ListQuarantine(false, false);
  ASSERT_THAT(hidden, IsOk());
  ASSERT_EQ(hidden->size(), 1u);
  EXPECT_EQ((*hidden)[0].raw, "");
  EXPECT_EQ((*hidden)[0].line, 7);
  EXPECT_EQ((*hidden)[0].field, "birth_date");
  EXPECT_EQ((*hidden)[0].reason, entry.reason);
  // Only a keyed hash of the given digest is kept (content_hash_test.cc).
  EXPECT_THAT((*hidden)[0].content_hash, ::testing::StartsWith("k1:"));
  EXPECT_FALSE((*hidden)[0].resolved);
  EXPECT_THAT((*hidden)[0].created_at, ::testing::MatchesRegex("20[0-9-]+T[0-9:.]+Z"));
  Result<std::vector<QuarantineEntry>> shown = tx->ListQuarantine(false, true);
  ASSERT_THAT(shown, IsOk());
  EXPECT_EQ((*shown)[0].raw, entry.raw);
  PALERMO_ASSERT_OK(tx->ResolveQuarantine(*id));
  EXPECT_THAT(tx->ResolveQuarantine(*id + 50),
              StatusIs(StatusCode::kNotFound, HasSubstr("quarantine")));
  PALERMO_ASSERT_OK(tx->Commit());

  tx = this->Begin();
  EXPECT_THAT(*tx->ListQuarantine(false, false), IsEmpty());
  Result<std::vector<QuarantineEntry>> all = tx->ListQuarantine(true, false);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE((*all)[0].resolved);
  EXPECT_THAT(this->AuditActions(),
              ElementsAre("init", "add_quarantine", "read_quarantine_raw", "resolve_quarantine"));
}

// A person closes an entry with a reason code: kept with who and when, audited without the
// row, and never twice; free text and an outcome's wrong reason are refused.
TYPED_TEST(StoreContract, QuarantineEntriesAreDismissedOrResolvedWithAReasonCode) {
  auto tx = this->Begin();
  Result<int64_t> dup = tx->AddQuarantine(
      Quarantined(3, "sex", "unknown code \"X\"", "P-3,Okafor,Grace,X", "q-3"));
  Result<int64_t> typed = tx->AddQuarantine(
      Quarantined(4, "birth_date", "not a date", "P-4,Okafor,Joy,31/02/1998", "q-4"));
  ASSERT_THAT(dup, IsOk());
  ASSERT_THAT(typed, IsOk());
  EXPECT_THAT(tx->CloseQuarantine(*dup, "dismissed", "Grace is a duplicate"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("duplicate, test_row")));
  EXPECT_THAT(tx->CloseQuarantine(*dup, "dismissed", "entered_manually"),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(tx->CloseQuarantine(*dup, "deleted", "duplicate"),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(tx->CloseQuarantine(*typed + 50, "resolved", "entered_manually"),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  PALERMO_ASSERT_OK(tx->CloseQuarantine(*dup, "dismissed", "duplicate"));
  PALERMO_ASSERT_OK(tx->CloseQuarantine(*typed, "resolved", "entered_manually"));
  EXPECT_THAT(tx->CloseQuarantine(*typed, "dismissed", "test_row"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already closed")));
  PALERMO_ASSERT_OK(tx->Commit());

  tx = this->Begin();
  EXPECT_THAT(*tx->ListQuarantine(false, false), IsEmpty());
  Result<std::vector<QuarantineEntry>> all = tx->ListQuarantine(true, false);
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].outcome, "dismissed");
  EXPECT_EQ((*all)[0].outcome_reason, "duplicate");
  EXPECT_EQ((*all)[1].outcome, "resolved");
  EXPECT_EQ((*all)[1].outcome_reason, "entered_manually");
  EXPECT_FALSE((*all)[1].outcome_by.empty());
  EXPECT_THAT((*all)[1].outcome_at, ::testing::MatchesRegex("20[0-9-]+T[0-9:.]+Z"));
  PALERMO_ASSERT_OK(tx->Commit());
  EXPECT_THAT(this->AuditActions(), ElementsAre("init", "add_quarantine", "add_quarantine",
                                                "dismiss_quarantine", "close_quarantine"));
}

TYPED_TEST(StoreContract, MigrationsApplyOnceAndDataSurvivesReopen) {
  this->InsertCases(1);
  this->Reopen();
  this->Reopen();
  auto tx = this->Begin();
  Result<std::vector<SqlRow>> rows =
      tx->Query("SELECT module, version FROM schema_migrations ORDER BY module, version");
  ASSERT_THAT(rows, IsOk());
  std::vector<std::string> applied;
  for (const SqlRow& row : *rows) {
    applied.push_back(std::get<std::string>(row[0]) + " v" +
                      std::to_string(std::get<int64_t>(row[1])));
  }
  EXPECT_THAT(applied, ElementsAre("store v1", "store v2", "store v3", "store v4", "store v5",
                                   "store v6", "testmod v1",
                                   "testmod v2"));
  EXPECT_EQ(*tx->CountCases(), 1);
}

// The web app's case list: newest first, by agency, in pages a keyset (`before`) walks to the
// end without losing or repeating a case, with no identifier and no audit entry.
TYPED_TEST(StoreContract, CasePagesWalkNewestFirstByAgencyWithoutIdentifiers) {
  std::vector<CaseId> police;
  std::vector<CaseId> shelter;
  {
    auto tx = this->Begin();
    for (int case_idx = 0; case_idx < 12; ++case_idx) {
      CaseRecord c = SampleCase("L-" + std::to_string(case_idx), "Okafor");
      if (case_idx % 3 == 1) c.agency = "ngo_shelter";
      Result<CaseId> id = tx->InsertCase(c, "hash-L-" + std::to_string(case_idx));
      ASSERT_THAT(id, IsOk());
      (c.agency == "police" ? police : shelter).push_back(*id);
    }
    PALERMO_ASSERT_OK(tx->Commit());
  }
  const int64_t audit_before = this->store_->AuditHead()->seq;
  auto tx = this->Begin();

  // Every police case once, newest first, in pages of 3 (8 cases: 3 + 3 + 2, then empty).
  std::vector<CaseId> walked;
  std::vector<size_t> page_sizes;
  CaseId before = 0;
  while (true) {
    Result<std::vector<CaseRecord>> page = tx->ListCasesPage("police", before, 3);
    ASSERT_THAT(page, IsOk());
    if (page->empty()) break;
    page_sizes.push_back(page->size());
    for (const CaseRecord& c : *page) {
      walked.push_back(c.id);
      EXPECT_EQ(c.agency, "police");
      EXPECT_EQ(Describe(c), WithoutIdentifiers(SampleCase(c.local_id, "Okafor")));
    }
    before = page->back().id;
    ASSERT_LE(page_sizes.size(), 10u) << "the walk does not end";
  }
  EXPECT_THAT(page_sizes, ElementsAre(3u, 3u, 2u));
  EXPECT_EQ(walked, std::vector<CaseId>(police.rbegin(), police.rend()));

  // All agencies; `before` may be any id, including another agency's.
  Result<std::vector<CaseRecord>> newest = tx->ListCasesPage("", 0, 2);
  ASSERT_THAT(newest, IsOk());
  ASSERT_EQ(newest->size(), 2u);
  EXPECT_EQ((*newest)[0].id, std::max(police.back(), shelter.back()));
  EXPECT_GT((*newest)[0].id, (*newest)[1].id);
  Result<std::vector<CaseRecord>> after_shelter = tx->ListCasesPage("police", shelter[1], 1000);
  ASSERT_THAT(after_shelter, IsOk());
  std::vector<CaseId> expected;
  for (auto it = police.rbegin(); it != police.rend(); ++it) {
    if (*it < shelter[1]) expected.push_back(*it);
  }
  std::vector<CaseId> got;
  for (const CaseRecord& c : *after_shelter) got.push_back(c.id);
  EXPECT_EQ(got, expected);
  Result<std::vector<CaseRecord>> shelter_page = tx->ListCasesPage("ngo_shelter", 0, 1000);
  ASSERT_THAT(shelter_page, IsOk());
  EXPECT_EQ(shelter_page->size(), shelter.size());
  Result<std::vector<CaseRecord>> nobody = tx->ListCasesPage("labour_inspection", 0, 10);
  ASSERT_THAT(nobody, IsOk());
  EXPECT_THAT(*nobody, IsEmpty());
  PALERMO_ASSERT_OK(tx->Commit());
  EXPECT_EQ(this->store_->AuditHead()->seq, audit_before) << "a page read must not be audited";
}

TYPED_TEST(StoreContract, CasePageSeesTheTransactionsOwnInsertsAndRefusesBadBounds) {
  auto tx = this->Begin();
  Result<CaseId> id = tx->InsertCase(SampleCase("N-1", "Okafor"), "hash-N-1");
  ASSERT_THAT(id, IsOk());
  Result<std::vector<CaseRecord>> page = tx->ListCasesPage("police", 0, 1);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, *id);
  EXPECT_EQ((*page)[0].forms.size(), 2u);
  EXPECT_EQ((*page)[0].events.size(), 2u);
  EXPECT_THAT(tx->ListCasesPage("police", 0, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("1 to 1000")));
  EXPECT_THAT(tx->ListCasesPage("police", 0, 1001),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("1 to 1000")));
  EXPECT_THAT(tx->ListCasesPage("police", -5, 10),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("negative")));
  EXPECT_THAT(tx->ListCasesPage("pol\xffice", 0, 10),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  // Refusals do not end the transaction.
  PALERMO_ASSERT_OK(tx->Commit());
}

// A database made by an older palermo (store schema v1 only) is upgraded at Open, keeping its
// cases.
TYPED_TEST(StoreContract, StoreSchemaV1DatabaseIsUpgradedAtOpen) {
  const std::vector<CaseId> ids = this->InsertCases(3);
  this->DowngradeToStoreV2();
  this->store_.reset();
  this->Tamper("DROP INDEX case_record_agency_id");
  this->Tamper("DELETE FROM schema_migrations WHERE module = 'store' AND version > 1");
  this->Tamper("UPDATE meta SET value = 'palermo store v1' WHERE name = 'schema'");
  this->Reopen();
  auto tx = this->Begin();
  Result<std::vector<SqlRow>> schema = tx->Query("SELECT value FROM meta WHERE name = 'schema'");
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(std::get<std::string>((*schema)[0][0]), "palermo store v6");
  const std::string index_sql =
      this->store_->engine() == "sqlite"
          ? "SELECT name FROM sqlite_master WHERE name = 'case_record_agency_id'"
          : "SELECT indexname FROM pg_indexes WHERE indexname = 'case_record_agency_id' AND "
            "schemaname = current_schema()";
  Result<std::vector<SqlRow>> index = tx->Query(index_sql);
  ASSERT_THAT(index, IsOk());
  EXPECT_EQ(index->size(), 1u);
  Result<std::vector<CaseRecord>> page = tx->ListCasesPage("police", 0, 10);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, ids[2]);
}

// Store v3 replaced the unique content_hash by an indexed content_key. A v2 database keeps every
// case, child row and identifier, gets a key for every case, and still refuses a re-imported
// record: a missing key would let the same file be imported twice.
TYPED_TEST(StoreContract, StoreSchemaV2DatabaseGetsContentKeysAndStillRefusesDuplicates) {
  const std::vector<CaseId> ids = this->InsertCases(3);
  ASSERT_EQ(ids.size(), 3u);
  this->DowngradeToStoreV2();
  this->Reopen();
  EXPECT_EQ(this->SchemaName(), "palermo store v6");
  auto tx = this->Begin();
  Result<std::vector<SqlRow>> keyless =
      tx->Query("SELECT count(*) FROM case_record WHERE content_key IS NULL");
  ASSERT_THAT(keyless, IsOk());
  EXPECT_EQ(std::get<int64_t>((*keyless)[0][0]), 0);
  EXPECT_THAT(tx->InsertCase(SampleCase("P-other", "Okafor"), "hash-P-1"),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("content hash")));
  EXPECT_THAT(tx->InsertCase(SampleCase("P-2", "Okafor"), "hash-new"),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("local id")));
  EXPECT_EQ(*tx->HasContentHash("hash-P-2"), true);
  EXPECT_EQ(*tx->HasContentHash("hash-P-9"), false);
  Result<CaseRecord> full = tx->GetCase(ids[1], true, "case review");
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ(Describe(*full), Describe(SampleCase("P-1", "Okafor")));
  EXPECT_THAT(tx->InsertCase(SampleCase("P-3", "Okafor"), "hash-P-3"), IsOk());
  PALERMO_ASSERT_OK(tx->Commit());
  if (this->store_->engine() == "sqlite") {
    // The rebuild ran with foreign keys off; they are on again for everything after it.
    tx = this->Begin();
    Result<std::vector<SqlRow>> on = tx->Query("PRAGMA foreign_keys");
    ASSERT_THAT(on, IsOk());
    EXPECT_EQ(std::get<int64_t>((*on)[0][0]), 1);
  }
}

// On SQLite the migration that rebuilds case_record runs with foreign keys off and checks them
// itself: a database with a row whose parent is missing is refused, and left as it was.
TYPED_TEST(StoreContract, MigrationThatWouldLeaveAnOrphanIsRolledBack) {
  if (this->store_->engine() != "sqlite") GTEST_SKIP() << "PostgreSQL never lets an orphan in";
  this->InsertCases(1);
  this->DowngradeToStoreV2();
  this->store_.reset();
  this->Tamper("INSERT INTO case_form (case_id, ordinal, form) VALUES (999, 0, 'sexual')");
  Result<std::unique_ptr<Store>> reopened = Store::Open(this->options_);
  EXPECT_THAT(reopened, StatusIs(StatusCode::kDataLoss, HasSubstr("parent row is missing")));
  // Rolled back: the v2 unique index the rebuild drops is still there.
  this->Tamper("DROP INDEX case_record_content_hash");
  this->Tamper("DELETE FROM case_form WHERE case_id = 999");
  this->Reopen();
  EXPECT_EQ(this->SchemaName(), "palermo store v6");
}

// The store queues audit entries and blind-index rows and writes them in multi-row
// statements (16 and 64 rows): a batch of 40 cases spans several statements and a partial one.
TYPED_TEST(StoreContract, LargeBatchKeepsEveryAuditEntryAndIndexRowVisibleInItsTransaction) {
  auto tx = this->Begin();
  for (int case_idx = 0; case_idx < 40; ++case_idx) {
    const std::string local_id = "B-" + std::to_string(case_idx);
    ASSERT_THAT(tx->InsertCase(SampleCase(local_id, "Okafor"), "hash-" + local_id), IsOk());
  }
  // Before the commit, the writer itself sees its entries and index rows.
  Result<std::vector<SqlRow>> pending =
      tx->Query("SELECT count(*) FROM audit_log WHERE action = 'insert_case'");
  ASSERT_THAT(pending, IsOk());
  EXPECT_EQ(std::get<int64_t>((*pending)[0][0]), 40);
  EXPECT_EQ(tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "okafor")->size(), 40u);
  PALERMO_ASSERT_OK(tx->Commit());

  Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(0, 1000);
  ASSERT_THAT(entries, IsOk());
  ASSERT_EQ(entries->size(), 41u);  // init + 40 cases
  for (size_t i = 0; i < entries->size(); ++i)
    EXPECT_EQ((*entries)[i].seq, static_cast<int64_t>(i) + 1);
  Result<AuditEntry> head = this->store_->AuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->seq, 41);
  EXPECT_EQ(head->hash, entries->back().hash);
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  tx = this->Begin();
  EXPECT_EQ(tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "OKAFOR")->size(), 40u);
  EXPECT_EQ(tx->FindCasesByIdentifier(IdentifierKind::kDocument, "a1234567-0")->size(), 40u);
}

// Past 64 cases a transaction seals and hashes on a second thread. Interleaved with audited
// writes of other kinds and with reads, every case, index row and audit entry must still be
// there, decryptable and in chain order.
TYPED_TEST(StoreContract, LongTransactionKeepsEveryCaseIndexAndAuditEntryInOrder) {
  constexpr int kCases = 300;
  std::vector<CaseId> ids;
  auto tx = this->Begin();
  for (int case_idx = 0; case_idx < kCases; ++case_idx) {
    const std::string local_id = "W-" + std::to_string(case_idx);
    Result<CaseId> id =
        tx->InsertCase(SampleCase(local_id, "Family" + std::to_string(case_idx)), "h-" + local_id);
    ASSERT_THAT(id, IsOk());
    ids.push_back(*id);
    if (case_idx == 150) {
      ASSERT_THAT(tx->AddQuarantine(Quarantined(9, "sex", "unknown code", "{}", "q-150")), IsOk());
      // A read mid-transaction sees the cases whose index rows are still being hashed.
      Result<std::vector<CaseId>> found =
          tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "family150");
      ASSERT_THAT(found, IsOk());
      EXPECT_THAT(*found, ElementsAre(*id));
    }
  }
  PALERMO_ASSERT_OK(tx->Commit());
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  const std::vector<std::string> actions = this->AuditActions();
  ASSERT_EQ(actions.size(), 1u + kCases + 1u);
  EXPECT_EQ(actions[1 + 151], "add_quarantine");
  EXPECT_EQ(actions.back(), "insert_case");

  tx = this->Begin();
  Result<std::vector<CaseId>> found =
      tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "FAMILY299");
  ASSERT_THAT(found, IsOk());
  EXPECT_THAT(*found, ElementsAre(ids[299]));
  EXPECT_EQ(tx->FindCasesByIdentifier(IdentifierKind::kDocument, "A1234567O")->size(),
            static_cast<size_t>(kCases));
  Result<std::vector<CaseRecord>> all = tx->ListCases("police", true, "consistency check");
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), static_cast<size_t>(kCases));
  for (int case_idx = 0; case_idx < kCases; case_idx += 37) {
    EXPECT_EQ(
        Describe((*all)[case_idx]),
        Describe(SampleCase("W-" + std::to_string(case_idx), "Family" + std::to_string(case_idx))));
  }
  PALERMO_ASSERT_OK(tx->Commit());
  // The chain goes on from the lane's last hash.
  tx = this->Begin();
  PALERMO_ASSERT_OK(tx->Audit("after", "store", "", "", ""));
  PALERMO_ASSERT_OK(tx->Commit());
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

// A rolled-back transaction leaves neither its audit entries nor its index rows behind.
TYPED_TEST(StoreContract, DroppedTransactionLeavesNoQueuedRows) {
  {
    auto tx = this->Begin();
    ASSERT_THAT(tx->InsertCase(SampleCase("D-1", "Okafor"), "hash-D-1"), IsOk());
  }
  auto tx = this->Begin();
  Result<std::vector<CaseId>> found =
      tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "okafor");
  ASSERT_THAT(found, IsOk());
  EXPECT_THAT(*found, IsEmpty());
  Result<AuditEntry> head = this->store_->AuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->seq, 1);
  EXPECT_EQ(this->AuditActions(), std::vector<std::string>{"init"});
}

TYPED_TEST(StoreContract, AuditRecordsWritesAndIdentifierReadsWithPurpose) {
  const std::vector<CaseId> ids = this->InsertCases(1);
  auto tx = this->Begin(Actor{"bob", "labour_inspection", "nrm_decision_maker"});
  EXPECT_THAT(tx->GetCase(ids[0], true, ""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("purpose")));
  ASSERT_THAT(tx->GetCase(ids[0], false, ""), IsOk());  // no identifiers: not an audited read
  ASSERT_THAT(tx->GetCase(ids[0], true, "reasonable grounds decision"), IsOk());
  PALERMO_ASSERT_OK(tx->Audit("referral_transition", "referral", "12", "", "to=conclusive"));
  PALERMO_ASSERT_OK(tx->Commit());

  Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(2, 10);
  ASSERT_THAT(entries, IsOk());
  ASSERT_EQ(entries->size(), 3u);
  const AuditEntry& insert = (*entries)[0];
  EXPECT_EQ(insert.seq, 2);
  EXPECT_EQ(insert.action, "insert_case");
  EXPECT_EQ(insert.object_id, std::to_string(ids[0]));
  EXPECT_EQ(insert.user + "/" + insert.organisation + "/" + insert.role,
            "amina/police/case_worker");
  const AuditEntry& read = (*entries)[1];
  EXPECT_EQ(read.action, "read_identifiers");
  EXPECT_EQ(read.object_type, "case");
  EXPECT_EQ(read.purpose, "reasonable grounds decision");
  EXPECT_EQ(read.user + "/" + read.organisation, "bob/labour_inspection");
  EXPECT_EQ((*entries)[2].action, "referral_transition");
  EXPECT_EQ((*entries)[2].detail, "to=conclusive");
  EXPECT_EQ((*entries)[2].hash.size(), 64u);
  Result<AuditEntry> head = this->store_->AuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->seq, 4);
  EXPECT_EQ(head->hash, (*entries)[2].hash);
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  for (const AuditEntry& e : *entries) {
    EXPECT_THAT(e.detail, ::testing::Not(HasSubstr("Okafor")));
  }
}

TYPED_TEST(StoreContract, VerifyAuditNamesAnEditedEntry) {
  this->InsertCases(5);
  PALERMO_ASSERT_OK(this->store_->VerifyAudit());
  this->Tamper("UPDATE audit_log SET user_name = 'mallory' WHERE seq = 3");
  EXPECT_THAT(this->store_->VerifyAudit(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 3 does not match its hash")));
}

TYPED_TEST(StoreContract, VerifyAuditNamesADeletedEntry) {
  this->InsertCases(5);
  this->Tamper("DELETE FROM audit_log WHERE seq = 4");
  EXPECT_THAT(this->store_->VerifyAudit(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 4 is missing")));
}

TYPED_TEST(StoreContract, VerifyAuditNamesTheNewestEntryDeleted) {
  this->InsertCases(5);  // entries 1 (init) .. 6
  this->Tamper("DELETE FROM audit_log WHERE seq = 6");
  EXPECT_THAT(this->store_->VerifyAudit(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 6 is missing")));
}

TYPED_TEST(StoreContract, VerifyAuditNamesReorderedEntries) {
  this->InsertCases(5);
  this->Tamper(
      "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; "
      "UPDATE audit_log SET seq = 3 WHERE seq = 100");
  EXPECT_THAT(this->store_->VerifyAudit(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 2 does not match its hash")));
}

TYPED_TEST(StoreContract, VerifyAuditNamesAForgedEntry) {
  this->InsertCases(2);
  Result<std::vector<AuditEntry>> entries = this->store_->ReadAudit(3, 1);
  ASSERT_THAT(entries, IsOk());
  // A copy of a genuine entry, hash included, appended after the head.
  this->Tamper(
      "INSERT INTO audit_log (seq, at, user_name, organisation, role, action, "
      "object_type, object_id, purpose, detail, hash) SELECT 4, at, user_name, "
      "organisation, role, action, object_type, object_id, purpose, detail, hash "
      "FROM audit_log WHERE seq = 3");
  EXPECT_THAT(this->store_->VerifyAudit(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 4 does not match its hash")));
}

TYPED_TEST(StoreContract, ConcurrentWritersKeepOneChain) {
  constexpr int kThreads = 3;
  constexpr int kCasesPerThread = 8;
  std::atomic<int> inserted{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int case_idx = 0; case_idx < kCasesPerThread; ++case_idx) {
        const std::string local_id =
            "T" + std::to_string(thread_idx) + "-" + std::to_string(case_idx);
        for (int attempt = 0; attempt < 50; ++attempt) {  // kAborted means: retry
          Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(kWorker);
          if (!tx.ok()) continue;
          Result<CaseId> id = (*tx)->InsertCase(SampleCase(local_id, "Okafor"), "h" + local_id);
          if (!id.ok()) {
            ASSERT_THAT(id, StatusIs(StatusCode::kAborted, HasSubstr("retry")));
            continue;
          }
          Status committed = (*tx)->Commit();
          if (committed.ok()) {
            ++inserted;
            break;
          }
          ASSERT_THAT(committed, StatusIs(StatusCode::kAborted, HasSubstr("retry")));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(inserted.load(), kThreads * kCasesPerThread);
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
  Result<AuditEntry> head = this->store_->AuditHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->seq, 1 + kThreads * kCasesPerThread);
}

TYPED_TEST(StoreContract, RotateKeyReencryptsEverything) {
  const std::vector<CaseId> ids = this->InsertCases(3);
  {
    auto tx = this->Begin();
    ASSERT_THAT(tx->AddQuarantine(Quarantined(2, "", "missing local id", "raw row", "q")), IsOk());
    PALERMO_ASSERT_OK(tx->Commit());
  }
  const std::string old_key = ReadBytes(this->options_.key_file);
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  const std::string new_key = ReadBytes(this->options_.key_file);
  EXPECT_EQ(new_key.size(), 32u);
  EXPECT_NE(new_key, old_key);
  EXPECT_FALSE(std::filesystem::exists(this->options_.key_file + ".next"));
  struct stat st {};
  ASSERT_EQ(::stat(this->options_.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The same Store keeps working, and a fresh one opens with the new key file.
  for (int pass = 0; pass < 2; ++pass) {
    {
      auto tx = this->Begin();
      Result<CaseRecord> c = tx->GetCase(ids[2], true, "check after rotation");
      ASSERT_THAT(c, IsOk());
      EXPECT_EQ(Describe(*c), Describe(SampleCase("P-2", "Okafor")));
      EXPECT_EQ(tx->FindCasesByIdentifier(IdentifierKind::kFamilyName, "okafor")->size(), 3u);
      EXPECT_EQ((*tx->ListQuarantine(false, true))[0].raw, "raw row");
      PALERMO_ASSERT_OK(tx->Commit());
    }
    EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
    this->Reopen();
  }
  EXPECT_EQ(this->AuditActions()[5], "key_rotate");

  const std::string old_key_file = (this->dir_.path() / "old.key").string();
  WriteKey(old_key_file, old_key);
  StoreOptions old = this->options_;
  old.key_file = old_key_file;
  EXPECT_THAT(Store::Open(old), StatusIs(StatusCode::kUnauthenticated,
                                         HasSubstr("this key does not open this database")));
}

TYPED_TEST(StoreContract, RotationCrashAfterCommitIsFinishedAtOpen) {
  const std::vector<CaseId> ids = this->InsertCases(2);
  const std::string old_key = ReadBytes(this->options_.key_file);
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  this->store_.reset();
  // The state a crash between the commit and the rename leaves: the database uses the new key,
  // still in "<key>.next"; the key file still holds the old key.
  const std::string next = this->options_.key_file + ".next";
  std::filesystem::rename(this->options_.key_file, next);
  WriteKey(this->options_.key_file, old_key);
  const std::string new_key = ReadBytes(next);

  this->Reopen();
  EXPECT_EQ(ReadBytes(this->options_.key_file), new_key);
  EXPECT_FALSE(std::filesystem::exists(next));
  auto tx = this->Begin();
  Result<CaseRecord> c = tx->GetCase(ids[0], true, "check after recovery");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->person.identifiers.family_name, "Okafor");
  EXPECT_THAT(this->store_->VerifyAudit(), IsOk());
}

TYPED_TEST(StoreContract, RotationCrashBeforeCommitKeepsTheOldKey) {
  this->InsertCases(1);
  const std::string old_key = ReadBytes(this->options_.key_file);
  this->store_.reset();
  // A crash before the commit leaves a new key in "<key>.next" that the database never used.
  WriteKey(this->options_.key_file + ".next", std::string(32, '\x42'));
  this->Reopen();
  EXPECT_EQ(ReadBytes(this->options_.key_file), old_key);
  EXPECT_FALSE(std::filesystem::exists(this->options_.key_file + ".next"));
  auto tx = this->Begin();
  EXPECT_EQ(*tx->CountCases(), 1);
}

TYPED_TEST(StoreContract, RotateKeyRefusesABrokenChainAndChangesNothing) {
  const std::vector<CaseId> ids = this->InsertCases(2);
  const std::string old_key = ReadBytes(this->options_.key_file);
  this->Tamper("UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 2");
  EXPECT_THAT(this->store_->RotateKey(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit entry 2 does not match its hash")));
  EXPECT_EQ(ReadBytes(this->options_.key_file), old_key);
  EXPECT_FALSE(std::filesystem::exists(this->options_.key_file + ".next"));
  this->Reopen();
  auto tx = this->Begin();
  EXPECT_THAT(tx->GetCase(ids[0], true, "check"), IsOk());
}

TYPED_TEST(StoreContract, WrongKeyIsUnauthenticated) {
  const std::string other = (this->dir_.path() / "other.key").string();
  WriteKey(other, std::string(32, '\x07'));
  StoreOptions options = this->options_;
  options.key_file = other;
  EXPECT_THAT(Store::Open(options), StatusIs(StatusCode::kUnauthenticated,
                                             HasSubstr("this key does not open this database")));
}

TYPED_TEST(StoreContract, MissingKeyIsAPreconditionWithTheInitHint) {
  StoreOptions options = this->options_;
  options.key_file = (this->dir_.path() / "absent.key").string();
  EXPECT_THAT(Store::Open(options),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("run `palermo init`")));
}

TYPED_TEST(StoreContract, KeyFileOpenToOthersIsRefused) {
  this->store_.reset();
  ASSERT_EQ(::chmod(this->options_.key_file.c_str(), 0644), 0);
  EXPECT_THAT(Store::Open(this->options_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("mode 0644")));
  EXPECT_THAT(Store::Open(this->options_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("chmod 600")));
}

TYPED_TEST(StoreContract, TruncatedKeyFileIsDataLoss) {
  this->store_.reset();
  WriteKey(this->options_.key_file, "short");
  EXPECT_THAT(Store::Open(this->options_),
              StatusIs(StatusCode::kDataLoss, HasSubstr("does not hold a 32-byte key")));
}

TYPED_TEST(StoreContract, InitRefusesAnExistingKeyOrABoundDatabase) {
  EXPECT_THAT(Store::Init(this->options_),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("never overwrites")));
  StoreOptions options = this->options_;
  options.key_file = (this->dir_.path() / "second.key").string();
  EXPECT_THAT(Store::Init(options),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("bound to another key")));
  EXPECT_FALSE(std::filesystem::exists(options.key_file));
}

TYPED_TEST(StoreContract, ModuleTablesThroughPortableSql) {
  auto tx = this->Begin();
  Result<int64_t> changed =
      tx->Execute("INSERT INTO testmod_note (case_id, score, tag) VALUES ($1, $2, $3)",
                  {int64_t{7}, 0.25, std::string("first")});
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(*changed, 1);
  Result<int64_t> id = tx->LastInsertId();
  ASSERT_THAT(id, IsOk());
  const std::string context = "testmod_note:" + std::to_string(*id);
  Result<std::string> sealed = tx->Seal("document AB123", context);
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(sealed->find("AB123"), std::string::npos);
  ASSERT_THAT(tx->Execute("UPDATE testmod_note SET body = $1 WHERE id = $2", {*sealed, *id}),
              IsOk());
  ASSERT_THAT(tx->Execute("INSERT INTO testmod_note (case_id, tag) VALUES ($1, $2)",
                          {int64_t{8}, SqlValue()}),
              IsOk());
  PALERMO_ASSERT_OK(tx->Commit());

  tx.reset();
  PALERMO_ASSERT_OK(this->store_->RotateKey());  // re-seals the registered column
  this->Reopen();
  tx = this->Begin();
  Result<std::vector<SqlRow>> rows = tx->Query(
      "SELECT id, case_id, body, score, created_at, tag FROM testmod_note WHERE case_id >= $1 "
      "ORDER BY id",
      {int64_t{7}});
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  const SqlRow& first = (*rows)[0];
  EXPECT_EQ(std::get<int64_t>(first[0]), *id);
  EXPECT_EQ(std::get<int64_t>(first[1]), 7);
  EXPECT_EQ(*tx->Open(std::get<std::string>(first[2]), context), "document AB123");
  EXPECT_THAT(tx->Open(std::get<std::string>(first[2]), "testmod_note:999"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("does not decrypt")));
  EXPECT_DOUBLE_EQ(std::get<double>(first[3]), 0.25);
  EXPECT_THAT(std::get<std::string>(first[4]),
              ::testing::MatchesRegex("20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:.]+Z"));
  EXPECT_EQ(std::get<std::string>(first[5]), "first");
  EXPECT_TRUE(std::holds_alternative<std::monostate>((*rows)[1][2]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>((*rows)[1][5]));
  Result<std::vector<SqlRow>> count = tx->Query("SELECT count(*), sum(case_id) FROM testmod_note");
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(std::get<int64_t>((*count)[0][0]), 2);
  EXPECT_EQ(std::get<int64_t>((*count)[0][1]), 15);
}

// The SQLite file itself (database and write-ahead log) never holds a name, a document number,
// a phone number, an address or a case note in clear.
TEST(StoreFile, SqliteFileHoldsNoPlaintextIdentifier) {
  TempDir dir;
  StoreOptions options;
  options.url = (dir.path() / "palermo.db").string();
  options.key_file = (dir.path() / "palermo.key").string();
  PALERMO_ASSERT_OK(Store::Init(options));
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_THAT(store, IsOk());
  {
    Result<std::unique_ptr<Transaction>> tx = (*store)->Begin(kWorker);
    ASSERT_THAT(tx, IsOk());
    for (int case_idx = 0; case_idx < 20; ++case_idx) {
      CaseRecord c = SampleCase("P-" + std::to_string(case_idx), "Zyxwvutsrq");
      c.person.identifiers.given_name = "Qwertzuiop";
      c.person.identifiers.full_name = "Qwertzuiop Zyxwvutsrq";
      c.person.identifiers.document_numbers = {"XK99887766"};
      c.person.identifiers.phones = {"+33612345678"};
      ASSERT_THAT((*tx)->InsertCase(c, "h" + std::to_string(case_idx)), IsOk());
    }
    ASSERT_THAT((*tx)->AddQuarantine(Quarantined(1, "", "bad", "Zyxwvutsrq,XK99887766", "q")),
                IsOk());
    PALERMO_ASSERT_OK((*tx)->Commit());
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    bytes += ReadBytes(options.url + suffix);
  }
  ASSERT_GT(bytes.size(), 4096u);
  EXPECT_NE(bytes.find("Lyon"), std::string::npos) << "event places are not identifiers";
  for (const char* secret : {"Zyxwvutsrq", "zyxwvutsrq", "Qwertzuiop", "XK99887766", "33612345678",
                             "612345678", "rue des Lilas", "passport", "1998-03-07"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " found in the database file";
  }
  struct stat st {};
  ASSERT_EQ(::stat(options.url.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << "the database file is private to its owner";
}

}  // namespace
}  // namespace palermo::store
