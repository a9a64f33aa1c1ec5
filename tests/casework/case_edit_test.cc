// SPDX-License-Identifier: AGPL-3.0-or-later
// Correcting, closing and reopening a case (src/casework/case_edit.cc): versions with who and
// why, sealed identifier values, the edit rules, and nothing stored when anything is invalid.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "casework/casework.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::casework {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class CaseEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterMigrations();
    options_.url = (dir_.path() / "palermo.db").string();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(store::Store::Init(options_), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(options_);
    ASSERT_THAT(s.status(), IsOk());
    store_ = std::move(*s);
    auto tx = store_->Begin(worker_.actor());
    ASSERT_THAT(tx.status(), IsOk());
    CaseRecord r;
    r.local_id = "W-1";
    r.person.sex = Sex::kFemale;
    r.person.citizenship = "NGA";
    r.person.identifiers.family_name = "Okonkwo";
    r.victim_status = VictimStatus::kPossibleVictim;
    r.identification_date = *PartialDate::Parse("2024-03-01");
    Result<CaseId> id = gate_.Create(**tx, worker_, r);
    ASSERT_THAT(id.status(), IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
    id_ = *id;
  }

  Desk desk() {  // 2025-06-01
    return Desk{*store_, referral::Instant(std::chrono::seconds(1'748'736'000))};
  }

  CasePatch Patch(std::initializer_list<std::pair<const char*, const char*>> fields) {
    CasePatch p;
    std::vector<FieldError> errors;
    for (const auto& [f, v] : fields) SetPatchField(p, f, v, errors);
    EXPECT_TRUE(errors.empty());
    return p;
  }

  std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const FieldError& e : errors) out.push_back(e.field);
    return out;
  }

  TempDir dir_;
  store::StoreOptions options_;
  std::unique_ptr<store::Store> store_;
  CaseGate gate_;
  Principal worker_{.user_id = 1, .username = "amina", .role = Role::kCaseWorker,
                    .organisation = "police"};
  CaseId id_ = 0;
};

TEST_F(CaseEditTest, TwoEditsMakeThreeVersionsWithWhoAndWhy) {
  Result<EditOutcome> first =
      EditCase(desk(), worker_, id_, Patch({{"family_name", "Okonkwo-Eze"}}), "typo", "");
  ASSERT_THAT(first.status(), IsOk());
  ASSERT_TRUE(first->errors.empty());
  EXPECT_EQ(first->version, 2);
  Result<EditOutcome> second =
      EditCase(desk(), worker_, id_, Patch({{"victim_status", "identified"}}),
               "conclusive grounds", "CG decision of 2025-05-30");
  ASSERT_THAT(second.status(), IsOk());
  ASSERT_TRUE(second->errors.empty()) << JoinFieldErrors(second->errors, Lang::kEn);
  EXPECT_EQ(second->record.victim_status, VictimStatus::kActualVictim);

  Result<std::vector<CaseVersion>> history = CaseHistory(desk(), worker_, id_, "");
  ASSERT_THAT(history.status(), IsOk());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].kind, "create");
  EXPECT_EQ((*history)[0].user, "amina");
  EXPECT_EQ((*history)[1].reason, "typo");
  ASSERT_EQ((*history)[1].changes.size(), 1u);
  EXPECT_EQ((*history)[1].changes[0].field, "family_name");
  EXPECT_FALSE((*history)[1].changes[0].before);  // withheld without a purpose
  EXPECT_EQ((*history)[2].decision, "CG decision of 2025-05-30");
  ASSERT_EQ((*history)[2].changes.size(), 1u);
  EXPECT_EQ((*history)[2].changes[0].before, "presumed");
  EXPECT_EQ((*history)[2].changes[0].after, "identified");

  // With a purpose the old name is shown, and the read is audited with it.
  Result<std::vector<CaseVersion>> shown = CaseHistory(desk(), worker_, id_, "court request");
  ASSERT_THAT(shown.status(), IsOk());
  EXPECT_EQ((*shown)[1].changes[0].before, "Okonkwo");
  EXPECT_EQ((*shown)[1].changes[0].after, "Okonkwo-Eze");
  // The old name is sealed at rest: not in the version table's clear columns.
  auto tx = store_->Begin(worker_.actor());
  ASSERT_THAT(tx.status(), IsOk());
  Result<std::vector<store::SqlRow>> rows =
      (*tx)->Query("SELECT changes, fields, sealed FROM casework_case_version");
  ASSERT_THAT(rows.status(), IsOk());
  for (const store::SqlRow& row : *rows) {
    for (const store::SqlValue& v : row) {
      if (const auto* text = std::get_if<std::string>(&v)) {
        EXPECT_THAT(*text, ::testing::Not(HasSubstr("Okonkwo")));
        EXPECT_THAT(*text, ::testing::Not(HasSubstr("typo")));
      }
    }
  }
}

TEST_F(CaseEditTest, InvalidEditStoresNothingAndNamesEveryField) {
  CasePatch p = Patch({{"identification_date", "2031-01-01"}, {"phones", "call me maybe"}});
  Result<EditOutcome> out = EditCase(desk(), worker_, id_, p, "", "");
  ASSERT_THAT(out.status(), IsOk());
  EXPECT_THAT(Fields(out->errors), ElementsAre("identification_date", "phones", "reason"));
  Result<std::vector<CaseVersion>> history = CaseHistory(desk(), worker_, id_, "");
  ASSERT_THAT(history.status(), IsOk());
  EXPECT_EQ(history->size(), 1u);
}

TEST_F(CaseEditTest, StatusRules) {
  // identified needs the decision that justifies it.
  Result<EditOutcome> out =
      EditCase(desk(), worker_, id_, Patch({{"victim_status", "identified"}}), "CG", "");
  ASSERT_THAT(out.status(), IsOk());
  EXPECT_THAT(Fields(out->errors), ElementsAre("decision"));
  // never back to unknown.
  out = EditCase(desk(), worker_, id_, Patch({{"victim_status", "unknown"}}), "oops", "");
  ASSERT_THAT(out.status(), IsOk());
  EXPECT_THAT(Fields(out->errors), ElementsAre("victim_status"));
  // a note needs no reason.
  out = EditCase(desk(), worker_, id_, Patch({{"notes", "met again"}}), "", "");
  ASSERT_THAT(out.status(), IsOk());
  EXPECT_TRUE(out->errors.empty());
}

TEST_F(CaseEditTest, CloseAndReopen) {
  Result<EditOutcome> bad = CloseCase(desk(), worker_, id_, "bored", "2030-01-01");
  ASSERT_THAT(bad.status(), IsOk());
  EXPECT_THAT(Fields(bad->errors), ElementsAre("reason", "date"));
  Result<EditOutcome> closed = CloseCase(desk(), worker_, id_, "returned_home", "2025-05-20");
  ASSERT_THAT(closed.status(), IsOk());
  ASSERT_TRUE(closed->errors.empty());
  {
    auto tx = store_->BeginRead(worker_.actor());
    ASSERT_THAT(tx.status(), IsOk());
    Result<CasePage> open = gate_.List(**tx, worker_, std::nullopt, 50);
    ASSERT_THAT(open.status(), IsOk());
    EXPECT_TRUE(open->cases.empty());  // closed cases leave the active list
    Result<CasePage> only = gate_.List(**tx, worker_, std::nullopt, 50, CaseGate::Closed::kOnly);
    ASSERT_THAT(only.status(), IsOk());
    ASSERT_EQ(only->cases.size(), 1u);
    EXPECT_TRUE(only->cases[0].closed);
    EXPECT_EQ((*tx)->CountCases().value(), 1);  // still counted
  }
  // A closed case is not edited until reopened.
  EXPECT_EQ(EditCase(desk(), worker_, id_, Patch({{"notes", "x"}}), "", "").status().code(),
            StatusCode::kFailedPrecondition);
  Result<EditOutcome> reopened = ReopenCase(desk(), worker_, id_, "came back");
  ASSERT_THAT(reopened.status(), IsOk());
  ASSERT_TRUE(reopened->errors.empty());
  Result<std::vector<CaseVersion>> history = CaseHistory(desk(), worker_, id_, "");
  ASSERT_THAT(history.status(), IsOk());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].kind, "close");
  EXPECT_EQ((*history)[1].reason, "returned_home");
  EXPECT_EQ((*history)[2].kind, "reopen");
  EXPECT_EQ((*history)[2].reason, "came back");
}

TEST_F(CaseEditTest, AnotherOrganisationCannotEdit) {
  const Principal other{.username = "x", .role = Role::kCaseWorker, .organisation = "ngo"};
  EXPECT_EQ(EditCase(desk(), other, id_, Patch({{"notes", "x"}}), "", "").status().code(),
            StatusCode::kPermissionDenied);
  const Principal analyst{.username = "a", .role = Role::kAnalyst, .organisation = "stats"};
  EXPECT_EQ(CloseCase(desk(), analyst, id_, "moved_on", "").status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace palermo::casework
