// SPDX-License-Identifier: AGPL-3.0-or-later
// Fault injection over referral steps (store/fault_injection.h, SQLite): each write of the
// creating step and of a transfer fails in turn, once. The step's transaction is then ended as
// the web app and the CLI end it (committed only when the step succeeded). After every
// failure the referral, its history and the audit log are as before the step and the audit
// chain verifies; the same step run again without a fault succeeds.
#include <functional>

#include "referral/referral.h"
#include "store/fault_injection.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::referral {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::TempDir;

const bool kRegistered = [] {
  RegisterMigrations();
  return true;
}();

const store::Actor kFirstResponder{"fr1", "police", "first_responder"};
const store::Actor kDecisionMaker{"dm1", "sca", "decision_maker"};
const store::Actor kCaseWorker{"cw1", "ngo_a", "case_worker"};
const store::Actor kAdmin{"admin", "ministry", "administrator"};

Instant At(std::string_view text) { return ParseInstant(text).value(); }

// A fresh SQLite store with one adult's case, consent to referral and to data sharing with
// ngo_b, and (when `referred`) an open referral that passed its reasonable-grounds decision.
struct World {
  TempDir dir;
  std::unique_ptr<store::Store> store;
  Profile profile = Profile::LoadDefault().value();
  CaseId case_id = 0;
  int64_t referral_id = 0;

  explicit World(bool referred) {
    store::StoreOptions options;
    options.url = (dir.path() / "cases.db").string();
    options.key_file = (dir.path() / "cases.db.key").string();
    EXPECT_THAT(store::Store::Init(options), IsOk());
    store = store::Store::Open(options).value();
    auto tx = store->Begin({"import", "police", "system"}).value();
    CaseRecord c;
    c.agency = "police";
    c.local_id = "F1";
    c.person.sex = Sex::kFemale;
    c.person.identifiers.family_name = "Nguyen";
    c.age_at_identification = 25;
    case_id = tx->InsertCase(c, "hash-F1").value();
    const PersonId person = tx->GetCase(case_id, false, "").value().person.id;
    EXPECT_TRUE(GiveConsent(*tx, kFirstResponder, person, ConsentPurpose::kReferral, "",
                            At("2026-03-01T09:00:00Z")).ok());
    EXPECT_TRUE(GiveConsent(*tx, kCaseWorker, person, ConsentPurpose::kDataSharing, "ngo_b",
                            At("2026-03-01T09:00:00Z")).ok());
    if (referred) {
      Result<ReferralInfo> r =
          CreateReferral(*tx, kFirstResponder, profile, case_id, {.at = At("2026-03-02T10:00:00Z")});
      EXPECT_TRUE(r.ok()) << r.status();
      referral_id = r.ok() ? r->id : 0;
      EXPECT_TRUE(ApplyTransition(*tx, kDecisionMaker, profile, referral_id, "rg_positive",
                                  {.at = At("2026-03-02T11:00:00Z")}).ok());
    }
    EXPECT_THAT(tx->Commit(), IsOk());
  }
};

// What a failed step must leave as it was.
struct Snapshot {
  std::string referrals;  // id, state, entered, organisation of each
  size_t events = 0;
  std::string transferred_to;
  size_t audit_entries = 0;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot Take(World& w) {
  Snapshot s;
  auto tx = w.store->Begin(kAdmin).value();
  const std::vector<ReferralInfo> referrals = ListReferrals(*tx, w.case_id).value();
  for (const ReferralInfo& r : referrals) {
    s.referrals += std::to_string(r.id) + " " + r.state + " " + r.state_entered_at + " " +
                   r.organisation + "\n";
    s.events += ReferralHistory(*tx, r.id, false).value().size();
  }
  s.transferred_to = TransferredTo(*tx, w.case_id).value().value_or("");
  s.audit_entries = w.store->ReadAudit(0, 100000).value().size();
  return s;
}

// A step in its own transaction, committed only if it succeeded.
using StepFn = std::function<Result<ReferralInfo>(World&, store::Transaction&)>;
Status RunStep(World& w, const StepFn& step, const store::Actor& actor) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, w.store->Begin(actor));
  PALERMO_RETURN_IF_ERROR(step(w, *tx).status());
  return tx->Commit();
}

void EveryWriteFailsInTurn(bool referred, const store::Actor& actor, const StepFn& step,
                           const std::function<void(const Snapshot&)>& check_done) {
  int64_t writes = 0;
  {
    World w(referred);
    store::StartWriteFaults(0);
    const Status status = RunStep(w, step, actor);
    writes = store::StopWriteFaults();
    ASSERT_THAT(status, IsOk());
    check_done(Take(w));
  }
  ASSERT_GE(writes, 3) << "the seam does not see the step's writes";
  ::testing::Test::RecordProperty("writes", static_cast<int>(writes));
  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("write " + std::to_string(n) + " of " + std::to_string(writes) + " fails");
    World w(referred);
    const Snapshot before = Take(w);
    store::StartWriteFaults(n);
    const Status failed = RunStep(w, step, actor);
    store::StopWriteFaults();
    EXPECT_EQ(failed.code(), StatusCode::kUnavailable) << failed;
    EXPECT_EQ(Take(w), before) << "the failed step left something behind";
    EXPECT_THAT(w.store->VerifyAudit(), IsOk());
    ASSERT_THAT(RunStep(w, step, actor), IsOk());
    check_done(Take(w));
    EXPECT_THAT(w.store->VerifyAudit(), IsOk());
  }
}

TEST(ReferralWriteFaults, CreatingAReferral) {
  EveryWriteFailsInTurn(
      /*referred=*/false, kFirstResponder,
      [](World& w, store::Transaction& tx) {
        return CreateReferral(tx, kFirstResponder, w.profile, w.case_id,
                              {.at = At("2026-03-02T10:00:00Z"), .note = "Met at the market"});
      },
      [](const Snapshot& s) {
        EXPECT_NE(s.referrals.find(" referred 2026-03-02T10:00:00Z police"), std::string::npos)
            << s.referrals;
        EXPECT_EQ(s.events, 1u);
      });
}

TEST(ReferralWriteFaults, TransferringAReferral) {
  EveryWriteFailsInTurn(
      /*referred=*/true, kCaseWorker,
      [](World& w, store::Transaction& tx) {
        return ApplyTransition(tx, kCaseWorker, w.profile, w.referral_id, "transfer",
                               {.at = At("2026-03-03T10:00:00Z"), .target_organisation = "ngo_b"});
      },
      [](const Snapshot& s) {
        EXPECT_NE(s.referrals.find(" recovery_reflection 2026-03-02T11:00:00Z ngo_b"),
                  std::string::npos)
            << s.referrals;
        EXPECT_EQ(s.events, 3u);
        EXPECT_EQ(s.transferred_to, "ngo_b");
      });
}

}  // namespace
}  // namespace palermo::referral
