// SPDX-License-Identifier: AGPL-3.0-or-later
// The UK NRM profile as a state machine: every valid and invalid transition, roles, consent,
// minimum periods, deadlines and alerts.
#include <map>

#include "referral/referral.h"
#include "testing/testing.h"

// Designated initialisers leave the other members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace palermo::referral {
namespace {

using ::palermo::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

const Profile& Uk() {
  static const Profile profile = [] {
    Result<Profile> p = Profile::LoadDefault();
    if (!p.ok()) {
      ADD_FAILURE() << p.status();
      std::abort();
    }
    return std::move(p).value();
  }();
  return profile;
}

Instant At(std::string_view text) { return ParseInstant(text).value(); }

// The allowed next steps of each state of the UK profile, as the Modern Slavery statutory
// guidance describes the process.
const std::map<std::string, std::vector<std::string>> kAllowed = {
    {"referred", {"rg_positive", "rg_negative", "withdraw", "transfer"}},
    {"rg_negative", {"request_rg_reconsideration", "close", "withdraw", "transfer"}},
    {"rg_reconsideration",
     {"rg_reconsidered_positive", "rg_reconsidered_negative", "withdraw", "transfer"}},
    {"recovery_reflection", {"cg_positive", "cg_negative", "withdraw", "transfer"}},
    {"cg_negative", {"request_cg_reconsideration", "close", "withdraw", "transfer"}},
    {"cg_reconsideration",
     {"cg_reconsidered_positive", "cg_reconsidered_negative", "withdraw", "transfer"}},
    {"move_on_support", {"close", "withdraw", "transfer"}},
    {"withdrawn", {}},
    {"closed", {}},
};

TransitionFacts Allowed(const TransitionDef& t, Instant at) {
  return TransitionFacts{.role = t.roles.front(),
                         .is_child = false,
                         .has_consent = true,
                         .target_organisation = "ngo_b",
                         .at = at};
}

TEST(ReferralProfile, UkProfileLoadsWithItsStatesAndDeadlines) {
  EXPECT_EQ(Uk().id(), "gbr_nrm");
  EXPECT_EQ(Uk().create().id, "refer");
  EXPECT_EQ(Uk().calendar().time_zone(), "Europe/London");
  EXPECT_EQ(Uk().FindState("referred")->due_working_days, 5);
  EXPECT_EQ(Uk().FindState("recovery_reflection")->minimum_days, 30);
  EXPECT_EQ(Uk().FindState("move_on_support")->minimum_days, 45);
  EXPECT_EQ(Uk().states().size(), kAllowed.size());
}

TEST(ReferralStateMachine, EveryValidAndInvalidTransitionFromEveryState) {
  const Instant entered = At("2026-03-02T10:00:00Z");
  const Instant much_later = At("2026-09-01T10:00:00Z");  // past every minimum period
  for (const auto& [state, allowed] : kAllowed) {
    const ReferralSnapshot snap{state, entered, "ngo_a"};
    for (const TransitionDef& t : Uk().transitions()) {
      const bool expected = std::find(allowed.begin(), allowed.end(), t.id) != allowed.end();
      Result<const TransitionDef*> r =
          CheckTransition(Uk(), &snap, t.id, Allowed(t, much_later), Lang::kEn);
      if (expected) {
        EXPECT_TRUE(r.ok()) << state << " -> " << t.id << ": " << r.status();
      } else {
        EXPECT_THAT(
            r, StatusIs(StatusCode::kFailedPrecondition,
                        AllOf(HasSubstr("not allowed in the current state “" + state + "”"),
                              HasSubstr(allowed.empty() ? "none (final state)" : allowed.front()))))
            << state << " -> " << t.id;
      }
    }
  }
}

TEST(ReferralStateMachine, OnlyTheCreatingTransitionStartsAReferral) {
  TransitionFacts f{.role = "decision_maker", .at = At("2026-03-02T10:00:00Z")};
  EXPECT_THAT(CheckTransition(Uk(), nullptr, "rg_positive", f, Lang::kEn),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("“rg_positive” applies to an existing referral; a new referral "
                                 "starts with “refer”")));
}

TEST(ReferralStateMachine, TheErrorNamesTheStateAndTheNextStepsInFrench) {
  const ReferralSnapshot snap{"referred", At("2026-03-02T10:00:00Z"), "ngo_a"};
  const TransitionDef& cg = *Uk().FindTransition("cg_positive");
  EXPECT_THAT(
      CheckTransition(Uk(), &snap, "cg_positive", Allowed(cg, At("2026-09-01T10:00:00Z")),
                      Lang::kFr),
      StatusIs(
          StatusCode::kFailedPrecondition,
          AllOf(HasSubstr("« cg_positive » n’est pas possible dans l’état actuel « referred »"),
                HasSubstr("étapes possibles : rg_positive (décision positive sur les motifs "
                          "raisonnables)"))));
}

TEST(ReferralStateMachine, EveryRoleNotListedIsRefused) {
  const Instant later = At("2026-09-01T10:00:00Z");
  for (const auto& [state, allowed] : kAllowed) {
    const ReferralSnapshot snap{state, At("2026-03-02T10:00:00Z"), "ngo_a"};
    for (const std::string& id : allowed) {
      const TransitionDef& t = *Uk().FindTransition(id);
      for (const std::string& role : Uk().roles()) {
        TransitionFacts f = Allowed(t, later);
        f.role = role;
        const bool may = std::find(t.roles.begin(), t.roles.end(), role) != t.roles.end();
        Result<const TransitionDef*> r = CheckTransition(Uk(), &snap, id, f, Lang::kEn);
        if (may) {
          EXPECT_TRUE(r.ok()) << role << " " << id;
        } else {
          EXPECT_THAT(r, StatusIs(StatusCode::kPermissionDenied,
                                  HasSubstr("role “" + role + "” may not do “" + id)))
              << state;
        }
      }
    }
  }
  // The separation of duties the NRM needs, spelled out.
  const ReferralSnapshot referred{"referred", At("2026-03-02T10:00:00Z"), "ngo_a"};
  TransitionFacts f{.role = "case_worker", .has_consent = true, .at = later};
  EXPECT_THAT(CheckTransition(Uk(), &referred, "rg_positive", f, Lang::kEn),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("roles allowed: decision_maker")));
  f.role = "decision_maker";
  EXPECT_THAT(CheckTransition(Uk(), nullptr, "refer", f, Lang::kEn),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("roles allowed: first_responder")));
}

TEST(ReferralStateMachine, AdultReferralNeedsConsentAChildDoesNot) {
  TransitionFacts f{.role = "first_responder",
                    .is_child = false,
                    .has_consent = false,
                    .at = At("2026-03-02T10:00:00Z")};
  EXPECT_THAT(CheckTransition(Uk(), nullptr, "refer", f, Lang::kEn),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("needs the person’s consent to referral")));
  EXPECT_THAT(CheckTransition(Uk(), nullptr, "refer", f, Lang::kFr),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("exige le consentement de la personne à l’orientation")));
  f.is_child = true;
  EXPECT_TRUE(CheckTransition(Uk(), nullptr, "refer", f, Lang::kEn).ok());
  f.is_child = false;
  f.has_consent = true;
  EXPECT_TRUE(CheckTransition(Uk(), nullptr, "refer", f, Lang::kEn).ok());
}

TEST(ReferralStateMachine, TransferNeedsATargetAndConsentToShareWithIt) {
  const ReferralSnapshot snap{"recovery_reflection", At("2026-03-02T10:00:00Z"), "ngo_a"};
  TransitionFacts f{.role = "case_worker", .has_consent = false, .at = At("2026-03-03T10:00:00Z")};
  EXPECT_THAT(
      CheckTransition(Uk(), &snap, "transfer", f, Lang::kEn),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs the receiving organisation")));
  f.target_organisation = "ngo_a";
  EXPECT_THAT(CheckTransition(Uk(), &snap, "transfer", f, Lang::kEn),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("already with organisation ngo_a")));
  f.target_organisation = "ngo_b";
  EXPECT_THAT(
      CheckTransition(Uk(), &snap, "transfer", f, Lang::kEn),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("consent to data sharing with ngo_b")));
  f.has_consent = true;
  EXPECT_TRUE(CheckTransition(Uk(), &snap, "transfer", f, Lang::kEn).ok());
}

TEST(ReferralStateMachine, ConclusiveDecisionWaitsForTheRecoveryPeriod) {
  // Positive RG at 23:30 BST on 1 May: the 30 days run to 31 May, local time.
  const ReferralSnapshot snap{"recovery_reflection", At("2026-05-01T23:30:00+01:00"), "ngo_a"};
  TransitionFacts f{.role = "decision_maker", .at = At("2026-05-30T23:30:00+01:00")};
  EXPECT_THAT(
      CheckTransition(Uk(), &snap, "cg_positive", f, Lang::kEn),
      StatusIs(
          StatusCode::kFailedPrecondition,
          HasSubstr(
              "the recovery and reflection period runs until 2026-05-31: “cg_positive” is possible "
              "from 2026-05-31")));
  f.at = At("2026-05-30T23:30:00Z");  // 00:30 BST on 31 May
  EXPECT_TRUE(CheckTransition(Uk(), &snap, "cg_positive", f, Lang::kEn).ok());
  // Withdrawal is never held up by the period.
  f = {.role = "case_worker", .at = At("2026-05-02T10:00:00Z")};
  EXPECT_TRUE(CheckTransition(Uk(), &snap, "withdraw", f, Lang::kEn).ok());
}

TEST(ReferralStateMachine, MoveOnSupportLastsAtLeastFortyFiveDays) {
  const ReferralSnapshot snap{"move_on_support", At("2026-06-01T12:00:00+01:00"), "ngo_a"};
  TransitionFacts f{.role = "case_worker", .at = At("2026-07-15T12:00:00+01:00")};
  EXPECT_THAT(CheckTransition(Uk(), &snap, "close", f, Lang::kEn),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("move-on support runs until 2026-07-16")));
  f.at = At("2026-07-16T09:00:00+01:00");
  EXPECT_TRUE(CheckTransition(Uk(), &snap, "close", f, Lang::kEn).ok());
}

TEST(ReferralStateMachine, UnknownTransitionListsTheKnownOnes) {
  EXPECT_THAT(
      CheckTransition(Uk(), nullptr, "approve", {.role = "decision_maker"}, Lang::kEn),
      StatusIs(
          StatusCode::kInvalidArgument,
          HasSubstr(
              "unknown transition “approve” in profile gbr_nrm; it knows: refer, rg_positive")));
}

TEST(ReferralAlerts, DueSoonThenOverdue) {
  // Referred Friday 28 Aug 2026 23:30 BST: due Monday 7 September.
  const ReferralSnapshot snap{"referred", At("2026-08-28T23:30:00+01:00"), "ngo_a"};
  EXPECT_FALSE(
      AlertFor(Uk(), snap, At("2026-09-02T12:00:00Z")).has_value());  // 3 working days left
  std::optional<Alert> a = AlertFor(Uk(), snap, At("2026-09-03T12:00:00Z"));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->level, AlertLevel::kDueSoon);
  EXPECT_EQ(a->working_days_left, 2);
  EXPECT_EQ(a->what.en, "reasonable-grounds decision");
  a = AlertFor(Uk(), snap, At("2026-09-07T22:59:00Z"));  // 23:59 BST on the due day
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->level, AlertLevel::kDueSoon);
  a = AlertFor(Uk(), snap, At("2026-09-07T23:00:00Z"));  // midnight BST: overdue
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->level, AlertLevel::kOverdue);
  EXPECT_EQ(a->working_days_left, -1);
  // States without a target deadline never alert.
  EXPECT_FALSE(AlertFor(Uk(), {"recovery_reflection", At("2026-01-01T00:00:00Z"), "ngo_a"},
                        At("2026-12-01T00:00:00Z"))
                   .has_value());
}

TEST(ReferralProfile, InconsistentProfilesAreRefused) {
  const std::string base =
      R"({"id":"x","version":"1","time_zone":"Europe/Paris","roles":{"a":{}},)";
  EXPECT_THAT(
      Profile::FromJson(
          base +
              R"("states":[{"id":"s"}],"transitions":[{"id":"c","from":[],"to":"t","roles":["a"]}]})",
          "."),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("transition 'c': unknown state 't'")));
  EXPECT_THAT(
      Profile::FromJson(
          base +
              R"("states":[{"id":"s"}],"transitions":[{"id":"c","from":[],"to":"s","roles":["b"]}]})",
          "."),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown role 'b'")));
  EXPECT_THAT(
      Profile::FromJson(
          base +
              R"("states":[{"id":"s"},{"id":"u"}],"transitions":[{"id":"c","from":[],"to":"s","roles":["a"]}]})",
          "."),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("no transition reaches state 'u'")));
  EXPECT_THAT(Profile::FromJson("{", "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("referral profile")));
}

TEST(ReferralConsentCovers, LatestRecordDecidesAndDataSharingNamesTheOrganisation) {
  std::vector<Consent> records = {
      {.id = 1,
       .person_id = 7,
       .purpose = ConsentPurpose::kReferral,
       .given = true,
       .given_at = "2026-01-01"},
      {.id = 2,
       .person_id = 7,
       .purpose = ConsentPurpose::kDataSharing,
       .with_organisation = "ngo_b",
       .given = true},
  };
  EXPECT_TRUE(ConsentCovers(records, ConsentPurpose::kReferral, ""));
  EXPECT_TRUE(ConsentCovers(records, ConsentPurpose::kDataSharing, "ngo_b"));
  EXPECT_FALSE(ConsentCovers(records, ConsentPurpose::kDataSharing, "ngo_c"));
  EXPECT_FALSE(ConsentCovers(records, ConsentPurpose::kResearchStatistics, ""));
  records[0].given = false;
  records[0].withdrawn_at = "2026-02-01";
  EXPECT_FALSE(ConsentCovers(records, ConsentPurpose::kReferral, ""));
  records.push_back({.id = 3, .person_id = 7, .purpose = ConsentPurpose::kReferral, .given = true});
  EXPECT_TRUE(ConsentCovers(records, ConsentPurpose::kReferral, ""));  // given again later
}

}  // namespace
}  // namespace palermo::referral
