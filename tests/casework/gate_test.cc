// SPDX-License-Identifier: AGPL-3.0-or-later
// The case-work gate (src/casework): who may read or change which case, and that every refusal
// stays in the audit log even though the change is not made.
#include <gtest/gtest.h>

#include <memory>

#include "casework/casework.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::casework {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::TempDir;

class GateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterMigrations();
    options_.url = (dir_.path() / "palermo.db").string();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(store::Store::Init(options_), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(options_);
    ASSERT_THAT(s.status(), IsOk());
    store_ = std::move(*s);
  }

  // A case of `agency` recorded by the importer, with a name that must never leak.
  CaseId AddCase(const std::string& agency, const std::string& local_id) {
    auto tx = store_->Begin(store::Actor{"import", agency, "system"});
    EXPECT_THAT(tx.status(), IsOk());
    CaseRecord r;
    r.agency = agency;
    r.local_id = local_id;
    r.person.sex = Sex::kFemale;
    r.person.citizenship = "NGA";
    r.person.identifiers.family_name = "Okonkwo";
    r.victim_status = VictimStatus::kPossibleVictim;
    Result<CaseId> id = (*tx)->InsertCase(r, "hash-" + agency + local_id);
    EXPECT_THAT(id.status(), IsOk());
    EXPECT_THAT((*tx)->Commit(), IsOk());
    return *id;
  }

  int Denials() {
    Result<std::vector<store::AuditEntry>> all = store_->ReadAudit(0, 100000);
    EXPECT_THAT(all.status(), IsOk());
    int n = 0;
    for (const store::AuditEntry& e : *all) n += e.action == "denied";
    return n;
  }

  static Principal Worker(const std::string& org) {
    return Principal{.user_id = 1, .username = "w-" + org, .role = Role::kCaseWorker,
                     .organisation = org};
  }

  Desk desk() { return Desk{*store_, referral::Instant(std::chrono::seconds(1'780'000'000))}; }

  TempDir dir_;
  store::StoreOptions options_;
  std::unique_ptr<store::Store> store_;
  CaseGate gate_;
};

TEST_F(GateTest, CaseWorkerReadsOwnOrganisationsCaseWithoutIdentifiers) {
  const CaseId id = AddCase("police", "P1");
  auto tx = store_->Begin(Worker("police").actor());
  ASSERT_THAT(tx.status(), IsOk());
  Result<CaseRecord> r = gate_.Read(**tx, Worker("police"), id);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->local_id, "P1");
  EXPECT_EQ(r->person.identifiers.family_name, "");  // pseudonymised view
  Result<CaseRecord> full = gate_.ReadIdentifiers(**tx, Worker("police"), id, "");
  EXPECT_EQ(full.status().code(), StatusCode::kInvalidArgument);  // a purpose is required
}

TEST_F(GateTest, OtherOrganisationIsRefusedAndTheRefusalIsKept) {
  const CaseId id = AddCase("police", "P1");
  EXPECT_EQ(Denials(), 0);
  {
    auto tx = store_->Begin(Worker("ngo").actor());
    ASSERT_THAT(tx.status(), IsOk());
    Result<CaseRecord> r = gate_.Read(**tx, Worker("ngo"), id);
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
    // The transaction is dropped without Commit by the caller: the gate committed the entry.
  }
  EXPECT_EQ(Denials(), 1);
  EXPECT_THAT(store_->VerifyAudit(), IsOk());
}

TEST_F(GateTest, AnalystSeesTheCaseButNeverItsIdentifiers) {
  const CaseId id = AddCase("police", "P1");
  const Principal analyst{.username = "a", .role = Role::kAnalyst, .organisation = "stats"};
  auto tx = store_->Begin(analyst.actor());
  ASSERT_THAT(tx.status(), IsOk());
  EXPECT_THAT(gate_.Read(**tx, analyst, id).status(), IsOk());
  Result<CaseRecord> full = gate_.ReadIdentifiers(**tx, analyst, id, "curious");
  EXPECT_EQ(full.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Denials(), 1);
}

TEST_F(GateTest, ListIsScopedToTheOrganisation) {
  AddCase("police", "P1");
  AddCase("police", "P2");
  AddCase("ngo", "N1");
  auto tx = store_->BeginRead(Worker("ngo").actor());
  ASSERT_THAT(tx.status(), IsOk());
  Result<CasePage> page = gate_.List(**tx, Worker("ngo"), std::nullopt, 50);
  ASSERT_THAT(page.status(), IsOk());
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].local_id, "N1");
  EXPECT_EQ(page->total, 1);
}

TEST_F(GateTest, ConsentFlowGoesThroughTheGate) {
  const CaseId id = AddCase("police", "P1");
  // Another organisation's case worker cannot record consent for the police's case.
  const Status refused = ChangeConsent(desk(), Worker("ngo"), id, Lang::kEn, true,
                                       ConsentPurpose::kReferral, "", std::nullopt);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Denials(), 1);
  ASSERT_THAT(ChangeConsent(desk(), Worker("police"), id, Lang::kEn, true,
                            ConsentPurpose::kReferral, "", std::nullopt),
              IsOk());
  Result<ConsentView> view = LoadConsent(desk(), Worker("police"), id);
  ASSERT_THAT(view.status(), IsOk());
  ASSERT_EQ(view->consents.size(), 1u);
  EXPECT_TRUE(view->consents[0].given);
  // A consent dated in the future is refused.
  const Status future =
      ChangeConsent(desk(), Worker("police"), id, Lang::kEn, true, ConsentPurpose::kDataSharing,
                    "ngo", desk().now + std::chrono::hours(48));
  EXPECT_EQ(future.code(), StatusCode::kInvalidArgument);
}

TEST_F(GateTest, KeepRefusalCommitsTheAuditedRefusalOnly) {
  const CaseId id = AddCase("police", "P1");
  {
    auto tx = store_->Begin(Worker("police").actor());
    ASSERT_THAT(tx.status(), IsOk());
    ASSERT_THAT((*tx)->Audit("denied", "case", std::to_string(id), "", "test"), IsOk());
    EXPECT_EQ(KeepRefusal(**tx, Status::FailedPrecondition("no")).code(),
              StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(Denials(), 1);
  {
    auto tx = store_->Begin(Worker("police").actor());
    ASSERT_THAT(tx.status(), IsOk());
    ASSERT_THAT((*tx)->Audit("denied", "case", std::to_string(id), "", "test"), IsOk());
    EXPECT_EQ(KeepRefusal(**tx, Status::InvalidArgument("bad")).code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(Denials(), 1);  // an invalid request rolls back
}

TEST_F(GateTest, CreateKeepsTheCaseInTheCallersOrganisation) {
  auto tx = store_->Begin(Worker("police").actor());
  ASSERT_THAT(tx.status(), IsOk());
  CaseRecord r;
  r.local_id = "W1";
  r.agency = "ngo";
  EXPECT_EQ(gate_.Create(**tx, Worker("police"), r).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace palermo::casework
