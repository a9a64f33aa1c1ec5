// SPDX-License-Identifier: AGPL-3.0-or-later
// Referrals, consent and services persisted on both engines: SQLite in a temporary directory
// and PostgreSQL from the "pg" CTest fixture (tests/store/pg_fixture.sh).
#include <algorithm>

#include "referral/referral.h"
#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

// Designated initialisers leave the other members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace palermo::referral {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

const bool kRegistered = [] {
  RegisterMigrations();
  return true;
}();

const store::Actor kFirstResponder{"fr1", "police", "first_responder"};
const store::Actor kDecisionMaker{"dm1", "sca", "decision_maker"};
const store::Actor kCaseWorker{"cw1", "ngo_a", "case_worker"};
const store::Actor kShelterWorker{"cw2", "ngo_b", "case_worker"};
const store::Actor kAdmin{"admin", "ministry", "administrator"};

Instant At(std::string_view text) { return ParseInstant(text).value(); }

template <typename Engine>
class ReferralStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kRegistered);
    engine_ = std::make_unique<Engine>(dir_.path());
    ASSERT_TRUE(engine_->error().empty()) << engine_->error();
    options_.url = engine_->url();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(store::Store::Init(options_), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(s).value();
    Result<Profile> p = Profile::LoadDefault();
    ASSERT_TRUE(p.ok()) << p.status();
    profile_ = std::make_unique<Profile>(std::move(p).value());
  }

  std::unique_ptr<store::Transaction> Begin(const store::Actor& actor) {
    Result<std::unique_ptr<store::Transaction>> tx = store_->Begin(actor);
    EXPECT_TRUE(tx.ok()) << tx.status();
    return std::move(tx).value();
  }

  CaseId AddCase(std::string local_id, std::optional<int> age, Sex sex = Sex::kFemale,
                 std::vector<std::string> forms = {"forced_labour"}) {
    CaseRecord c;
    c.agency = "police";
    c.local_id = local_id;
    c.person.sex = sex;
    c.person.citizenship = "VNM";
    c.person.identifiers.family_name = "Nguyen";
    c.age_at_identification = age;
    c.forms = std::move(forms);
    auto tx = Begin({"import", "police", "system"});
    Result<CaseId> id = tx->InsertCase(c, "hash-" + local_id);
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_THAT(tx->Commit(), IsOk());
    return id.value_or(0);
  }

  PersonId PersonOf(CaseId id) {
    auto tx = Begin(kAdmin);
    return tx->GetCase(id, false, "").value().person.id;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    Result<std::vector<store::AuditEntry>> entries = store_->ReadAudit(0, 100000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    for (const store::AuditEntry& e : entries.value_or({})) out.push_back(e.action);
    return out;
  }

  // Gives consent and commits.
  void Consent(PersonId person, ConsentPurpose purpose, std::string org = "") {
    auto tx = Begin(kFirstResponder);
    EXPECT_TRUE(
        GiveConsent(*tx, kFirstResponder, person, purpose, org, At("2026-03-01T09:00:00Z")).ok());
    EXPECT_THAT(tx->Commit(), IsOk());
  }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
  store::StoreOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Profile> profile_;
};

using Engines = ::testing::Types<store::testing::SqliteEngine, store::testing::PgEngine>;
class EngineNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(ReferralStoreTest, Engines, EngineNames);

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TYPED_TEST(ReferralStoreTest, AdultReferralWithoutConsentFailsAndTheRefusalIsAudited) {
  const CaseId id = this->AddCase("A1", 30);
  {
    auto tx = this->Begin(kFirstResponder);
    EXPECT_THAT(CreateReferral(*tx, kFirstResponder, *this->profile_, id,
                               {.at = At("2026-03-02T10:00:00Z")}),
                StatusIs(StatusCode::kFailedPrecondition,
                         HasSubstr("needs the person’s consent to referral")));
    ASSERT_THAT(tx->Commit(), IsOk());  // keeps the audit entry of the refusal
  }
  {
    auto read = this->Begin(kAdmin);
    EXPECT_TRUE(ListReferrals(*read, id).value().empty());
  }
  EXPECT_TRUE(Contains(this->AuditActions(), "referral_denied"));
}

TYPED_TEST(ReferralStoreTest, ChildReferralNeedsNoConsent) {
  const CaseId id = this->AddCase("C1", 16);
  const CaseId unknown = this->AddCase("C2", std::nullopt);
  const CaseId adult = this->AddCase("C3", 19);
  auto tx = this->Begin(kFirstResponder);
  Result<ReferralInfo> r =
      CreateReferral(*tx, kFirstResponder, *this->profile_, id, {.at = At("2026-03-02T10:00:00Z")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->state, "referred");
  EXPECT_TRUE(r->is_child);
  // Age unknown: a presumed child needs no consent either; an adult's age cannot be presumed away.
  EXPECT_THAT(CreateReferral(*tx, kFirstResponder, *this->profile_, unknown, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("consent")));
  EXPECT_TRUE(
      CreateReferral(*tx, kFirstResponder, *this->profile_, unknown, {.presumed_child = true})
          .ok());
  EXPECT_THAT(
      CreateReferral(*tx, kFirstResponder, *this->profile_, adult, {.presumed_child = true}),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("recorded age (19) is not a child’s")));
}

TYPED_TEST(ReferralStoreTest, FullPathIsTimestampedInTheHistoryAndAudited) {
  const CaseId id = this->AddCase("A2", 30);
  this->Consent(this->PersonOf(id), ConsentPurpose::kReferral);
  int64_t referral = 0;
  {
    auto tx = this->Begin(kFirstResponder);
    Result<ReferralInfo> r =
        CreateReferral(*tx, kFirstResponder, *this->profile_, id,
                       {.at = At("2026-03-02T10:00:00Z"), .note = "Met at the car wash"});
    ASSERT_TRUE(r.ok()) << r.status();
    referral = r->id;
    ASSERT_THAT(tx->Commit(), IsOk());
  }
  auto step = [&](const store::Actor& actor, std::string_view t, std::string_view at) {
    auto tx = this->Begin(actor);
    Result<ReferralInfo> r =
        ApplyTransition(*tx, actor, *this->profile_, referral, t, {.at = At(at)});
    EXPECT_THAT(tx->Commit(), IsOk());
    return r;
  };
  EXPECT_THAT(step(kCaseWorker, "rg_positive", "2026-03-05T10:00:00Z"),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("roles allowed: decision_maker")));
  ASSERT_EQ(step(kDecisionMaker, "rg_positive", "2026-03-05T10:00:00Z")->state,
            "recovery_reflection");
  EXPECT_THAT(step(kDecisionMaker, "cg_positive", "2026-03-20T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("runs until 2026-04-04")));
  ASSERT_EQ(step(kDecisionMaker, "cg_positive", "2026-04-04T10:00:00Z")->state, "move_on_support");
  ASSERT_EQ(step(kCaseWorker, "close", "2026-05-19T10:00:00Z")->state, "closed");
  EXPECT_THAT(step(kCaseWorker, "withdraw", "2026-05-20T10:00:00Z"),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("allowed next steps: none (final state)")));

  {
    auto tx = this->Begin(kAdmin);
    Result<std::vector<ReferralEvent>> history =
        ReferralHistory(*tx, referral, /*with_notes=*/true);
    ASSERT_TRUE(history.ok()) << history.status();
    std::string described;
    for (const ReferralEvent& e : *history)
      described +=
          e.transition + " " + e.from_state + ">" + e.to_state + " " + e.at + " " + e.role + "\n";
    EXPECT_EQ(
        described,
        "refer >referred 2026-03-02T10:00:00Z first_responder\n"
        "rg_positive referred>recovery_reflection 2026-03-05T10:00:00Z decision_maker\n"
        "cg_positive recovery_reflection>move_on_support 2026-04-04T10:00:00Z decision_maker\n"
        "close move_on_support>closed 2026-05-19T10:00:00Z case_worker\n");
    EXPECT_EQ(history->front().note, "Met at the car wash");
    // The note is sealed at rest.
    Result<std::vector<store::SqlRow>> raw =
        tx->Query("SELECT note FROM referral_event WHERE note IS NOT NULL");
    ASSERT_TRUE(raw.ok());
    ASSERT_EQ(raw->size(), 1u);
    EXPECT_EQ(std::get<std::string>((*raw)[0][0]).find("car wash"), std::string::npos);
  }
  const std::vector<std::string> actions = this->AuditActions();
  for (const char* a : {"referral_refer", "referral_rg_positive", "referral_cg_positive",
                        "referral_close", "referral_denied"})
    EXPECT_TRUE(Contains(actions, a)) << a;
}

TYPED_TEST(ReferralStoreTest, WithdrawnConsentBlocksTheNextUse) {
  const CaseId id = this->AddCase("A3", 40);
  const PersonId person = this->PersonOf(id);
  this->Consent(person, ConsentPurpose::kReferral);
  auto tx = this->Begin(kFirstResponder);
  Result<ReferralInfo> r =
      CreateReferral(*tx, kFirstResponder, *this->profile_, id, {.at = At("2026-03-02T10:00:00Z")});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(ApplyTransition(*tx, kDecisionMaker, *this->profile_, r->id, "rg_negative",
                              {.at = At("2026-03-04T10:00:00Z")})
                  .ok());
  EXPECT_THAT(CheckConsent(*tx, person, ConsentPurpose::kReferral, ""), IsOk());
  ASSERT_THAT(WithdrawConsent(*tx, kCaseWorker, person, ConsentPurpose::kReferral, "",
                              At("2026-03-05T10:00:00Z")),
              IsOk());
  EXPECT_THAT(
      CheckConsent(*tx, person, ConsentPurpose::kReferral, "", Lang::kFr),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("aucun consentement enregistré")));
  EXPECT_THAT(ApplyTransition(*tx, kCaseWorker, *this->profile_, r->id,
                              "request_rg_reconsideration", {.at = At("2026-03-06T10:00:00Z")}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("consent to referral")));
  EXPECT_THAT(WithdrawConsent(*tx, kCaseWorker, person, ConsentPurpose::kReferral, ""),
              StatusIs(StatusCode::kNotFound, HasSubstr("no consent to withdraw")));
  const std::vector<Consent> consents = ListConsents(*tx, person).value();
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_FALSE(consents[0].given);
  EXPECT_EQ(consents[0].withdrawn_at, "2026-03-05T10:00:00Z");
  EXPECT_EQ(consents[0].recorded_by, "fr1");
  // An analyst may not record consent.
  EXPECT_THAT(GiveConsent(*tx, {"an", "stats", "analyst"}, person, ConsentPurpose::kReferral, ""),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("roles allowed: first_responder")));
}

TYPED_TEST(ReferralStoreTest, TransferMovesTheReferralWithConsentToShare) {
  const CaseId id = this->AddCase("A4", 25);
  const CaseId untouched = this->AddCase("A5", 25);
  const PersonId person = this->PersonOf(id);
  this->Consent(person, ConsentPurpose::kReferral);
  auto tx = this->Begin(kFirstResponder);
  Result<ReferralInfo> r =
      CreateReferral(*tx, kFirstResponder, *this->profile_, id, {.at = At("2026-03-02T10:00:00Z")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->organisation, "police");
  EXPECT_EQ(TransferredTo(*tx, id).value(), std::nullopt);
  // A target given to a step that does not transfer is not recorded as a transfer.
  ASSERT_TRUE(ApplyTransition(*tx, kDecisionMaker, *this->profile_, r->id, "rg_positive",
                              {.at = At("2026-03-02T11:00:00Z"), .target_organisation = "ngo_x"})
                  .ok());
  EXPECT_EQ(TransferredTo(*tx, id).value(), std::nullopt);
  EXPECT_EQ(CasesTransferredTo(*tx, "ngo_x").value(), std::vector<CaseId>{});
  EXPECT_THAT(ApplyTransition(*tx, kCaseWorker, *this->profile_, r->id, "transfer",
                              {.at = At("2026-03-03T10:00:00Z"), .target_organisation = "ngo_b"}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("data sharing with ngo_b")));
  ASSERT_TRUE(GiveConsent(*tx, kCaseWorker, person, ConsentPurpose::kDataSharing, "ngo_b").ok());
  Result<ReferralInfo> moved =
      ApplyTransition(*tx, kCaseWorker, *this->profile_, r->id, "transfer",
                      {.at = At("2026-03-03T10:00:00Z"), .target_organisation = "ngo_b"});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->organisation, "ngo_b");
  EXPECT_EQ(moved->state, "recovery_reflection");
  EXPECT_EQ(moved->state_entered_at, "2026-03-02T11:00:00Z");  // the state's clock keeps running
  EXPECT_EQ(TransferredTo(*tx, id).value(), "ngo_b");
  EXPECT_EQ(CasesEverTransferred(*tx, {untouched, id}).value(), std::vector<CaseId>{id});
  EXPECT_EQ(CasesEverTransferred(*tx, {untouched}).value(), std::vector<CaseId>{});
  EXPECT_EQ(CasesTransferredTo(*tx, "ngo_b").value(), std::vector<CaseId>{id});
  // Transferred on again: the case is no longer ngo_b's.
  ASSERT_TRUE(GiveConsent(*tx, kCaseWorker, person, ConsentPurpose::kDataSharing, "ngo_c").ok());
  ASSERT_TRUE(ApplyTransition(*tx, kShelterWorker, *this->profile_, r->id, "transfer",
                              {.at = At("2026-03-04T10:00:00Z"), .target_organisation = "ngo_c"})
                  .ok());
  EXPECT_EQ(TransferredTo(*tx, id).value(), "ngo_c");
  EXPECT_EQ(CasesTransferredTo(*tx, "ngo_b").value(), std::vector<CaseId>{});
  EXPECT_EQ(CasesTransferredTo(*tx, "ngo_c").value(), std::vector<CaseId>{id});
  // A second open referral of the same case is refused.
  EXPECT_THAT(CreateReferral(*tx, kFirstResponder, *this->profile_, id, {}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("already has an open referral")));
}

TYPED_TEST(ReferralStoreTest, DueListsOverdueFirstThenDueSoon) {
  const CaseId a = this->AddCase("D1", 15), b = this->AddCase("D2", 15),
               c = this->AddCase("D3", 15);
  auto tx = this->Begin(kFirstResponder);
  // Friday 23:30 BST before the August bank holiday: due Monday 7 September.
  ASSERT_TRUE(CreateReferral(*tx, kFirstResponder, *this->profile_, a,
                             {.at = At("2026-08-28T23:30:00+01:00")})
                  .ok());
  ASSERT_TRUE(CreateReferral(*tx, kFirstResponder, *this->profile_, b,
                             {.at = At("2026-08-20T10:00:00+01:00")})
                  .ok());
  ASSERT_TRUE(CreateReferral(*tx, kFirstResponder, *this->profile_, c,
                             {.at = At("2026-09-03T10:00:00+01:00")})
                  .ok());
  Result<std::vector<Alert>> alerts =
      DueAlerts(*tx, *this->profile_, At("2026-09-04T12:00:00+01:00"));
  ASSERT_TRUE(alerts.ok()) << alerts.status();
  ASSERT_EQ(alerts->size(), 2u);  // c is due on 10 September: not yet due soon
  EXPECT_EQ((*alerts)[0].case_id, b);
  EXPECT_EQ((*alerts)[0].level, AlertLevel::kOverdue);
  EXPECT_EQ(FormatDay((*alerts)[0].due.local_date), "2026-08-27");
  EXPECT_EQ((*alerts)[1].case_id, a);
  EXPECT_EQ((*alerts)[1].level, AlertLevel::kDueSoon);
  EXPECT_EQ(FormatDay((*alerts)[1].due.local_date), "2026-09-07");
}

TYPED_TEST(ReferralStoreTest, ServicesMatchReferAcceptAndCapacity) {
  const CaseId adult = this->AddCase("S1", 30, Sex::kFemale, {"sexual"});
  const CaseId other = this->AddCase("S2", 32, Sex::kFemale, {"sexual"});
  const CaseId man = this->AddCase("S3", 30, Sex::kMale, {"forced_labour"});
  const PersonId adult_person = this->PersonOf(adult);
  auto tx = this->Begin(kAdmin);
  Result<int64_t> shelter =
      AddService(*tx, kAdmin,
                 {.organisation = "ngo_b",
                  .type = "shelter",
                  .name = "Safe house",
                  .eligibility = {.min_age = 18, .sexes = {Sex::kFemale}, .capacity = 1}});
  ASSERT_TRUE(shelter.ok()) << shelter.status();
  ASSERT_TRUE(
      AddService(*tx, kAdmin, {.organisation = "legal_aid", .type = "legal", .name = "Lawyers"})
          .ok());
  EXPECT_THAT(AddService(*tx, kAdmin, {.organisation = "x", .type = "spa", .name = "Spa"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown service type 'spa'")));
  EXPECT_THAT(AddService(*tx, kFirstResponder, {.organisation = "x", .type = "legal", .name = "L"}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("roles allowed: administrator, case_worker")));

  Result<std::vector<ServiceMatch>> matches = MatchServices(*tx, man);
  ASSERT_TRUE(matches.ok()) << matches.status();
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_FALSE((*matches)[0].check.eligible);
  EXPECT_EQ((*matches)[0].check.reasons[1].en,
            "sex male is not among those the service takes (female)");
  EXPECT_TRUE((*matches)[1].check.eligible);

  EXPECT_THAT(ReferToService(*tx, kCaseWorker, man, *shelter, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not eligible for service")));
  EXPECT_THAT(ReferToService(*tx, kCaseWorker, adult, *shelter, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("data_sharing with ngo_b")));
  ASSERT_TRUE(
      GiveConsent(*tx, kCaseWorker, adult_person, ConsentPurpose::kDataSharing, "ngo_b").ok());
  Result<ServiceReferral> sr = ReferToService(*tx, kCaseWorker, adult, *shelter, {});
  ASSERT_TRUE(sr.ok()) << sr.status();
  EXPECT_EQ(sr->status, "pending");
  EXPECT_THAT(RespondToServiceReferral(*tx, kCaseWorker, sr->id, true, {}),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("only organisation ngo_b")));
  Result<ServiceReferral> accepted =
      RespondToServiceReferral(*tx, kShelterWorker, sr->id, true, {});
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->status, "accepted");
  EXPECT_THAT(RespondToServiceReferral(*tx, kShelterWorker, sr->id, false, {}),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("is “accepted”; this step needs it “pending”")));
  // The one place is taken: the next woman is not eligible, and says why.
  Result<std::vector<ServiceMatch>> full = MatchServices(*tx, other);
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE((*full)[0].check.eligible);
  EXPECT_EQ((*full)[0].check.reasons.back().en, "no place free (1 of 1 in use)");
  Result<ServiceReferral> done = RecordServiceOutcome(*tx, kShelterWorker, sr->id, "completed", {});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status, "completed");
  EXPECT_EQ(MatchServices(*tx, other).value()[0].places_in_use, 0);
  EXPECT_EQ(ListServiceReferrals(*tx, adult).value().size(), 1u);
}

TYPED_TEST(ReferralStoreTest, ServiceProviderInboxHoldsOnlyReferralsToItsOwnServices) {
  const CaseId a = this->AddCase("I1", 30), b = this->AddCase("I2", 31);
  auto tx = this->Begin(kAdmin);
  const int64_t shelter =
      AddService(*tx, kAdmin, {.organisation = "ngo_b", .type = "shelter", .name = "House"})
          .value();
  const int64_t lawyers =
      AddService(*tx, kAdmin, {.organisation = "legal_aid", .type = "legal", .name = "Law"})
          .value();
  for (const CaseId c : {a, b}) {
    const PersonId p = tx->GetCase(c, false, "").value().person.id;
    ASSERT_TRUE(GiveConsent(*tx, kCaseWorker, p, ConsentPurpose::kDataSharing, "ngo_b").ok());
    ASSERT_TRUE(GiveConsent(*tx, kCaseWorker, p, ConsentPurpose::kDataSharing, "legal_aid").ok());
  }
  const int64_t to_a = ReferToService(*tx, kCaseWorker, a, shelter, {}).value().id;
  const int64_t to_b = ReferToService(*tx, kCaseWorker, b, shelter, {}).value().id;
  ASSERT_TRUE(ReferToService(*tx, kCaseWorker, a, lawyers, {}).ok());
  ASSERT_TRUE(RespondToServiceReferral(*tx, kShelterWorker, to_b, false, {}).ok());

  Result<std::vector<IncomingServiceReferral>> open =
      ListServiceReferralsForOrganisation(*tx, "ngo_b");
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_EQ(open->size(), 1u);  // the declined one is closed; the lawyers' is not ngo_b's
  EXPECT_EQ((*open)[0].referral.id, to_a);
  EXPECT_EQ((*open)[0].referral.case_id, a);
  EXPECT_EQ((*open)[0].referral.status, "pending");
  EXPECT_EQ((*open)[0].service.name, "House");
  EXPECT_EQ((*open)[0].service.organisation, "ngo_b");
  Result<std::vector<IncomingServiceReferral>> all =
      ListServiceReferralsForOrganisation(*tx, "ngo_b", /*include_closed=*/true);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].referral.id, to_b);
  EXPECT_EQ((*all)[1].referral.status, "declined");
  EXPECT_EQ(ListServiceReferralsForOrganisation(*tx, "legal_aid").value().size(), 1u);
  EXPECT_TRUE(ListServiceReferralsForOrganisation(*tx, "police").value().empty());
}

}  // namespace
}  // namespace palermo::referral
