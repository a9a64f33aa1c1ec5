// SPDX-License-Identifier: AGPL-3.0-or-later
// src/referral/referral.h: the national referral mechanism, services and consent.
//
// What this module promises:
//  * A referral follows an explicit state machine read from a country profile
//    (data/referral/profiles/<id>.json); the UK National Referral Mechanism is the default
//    (gbr_nrm): referral by a first responder -> reasonable-grounds decision (target 5 working
//    days) -> recovery and reflection period (at least 30 days) -> conclusive-grounds decision ->
//    move-on support (at least 45 days after a positive decision) -> closure, with negative
//    decisions, reconsideration, withdrawal and transfer between organisations.
//  * Every transition checks, in this order: that it exists, that it is allowed from the current
//    state, the actor's role, the target organisation when it needs one, consent (adults; a
//    child's referral needs none), and minimum periods. A refusal is an error in the user's
//    language naming the current state and the steps allowed from it; it is audited
//    ("referral_denied"). Accepted transitions are timestamped, recorded in the referral's
//    history and audited.
//  * Deadlines are computed in the profile's time zone on its working-day calendar (weekend and
//    public holidays), so a referral at 23:30 local time on a Friday before a bank holiday is
//    due on the right day; DueAlerts lists what is due soon or overdue.
//  * Services directory with eligibility rules (age, sex, nationality, form of exploitation,
//    capacity): CheckEligibility gives every reason a service is or is not open to a case.
//  * Consent per purpose (and organisation for data sharing), given and withdrawn with who and
//    when; CheckConsent is the one check every use (referral, transfer, export, exchange) calls.
//
// The pure parts (calendar, profile, state machine, eligibility) need no database; persistence
// functions take an open store::Transaction and the Actor it was begun with, and leave the
// commit to the caller. When they refuse (PermissionDenied, FailedPrecondition) the only change
// in the transaction is the audit entry of the refusal: commit it to keep that entry.
//
//   PALERMO_ASSIGN_OR_RETURN(Profile uk, Profile::LoadDefault());
//   PALERMO_ASSIGN_OR_RETURN(ReferralInfo r, CreateReferral(*tx, actor, uk, case_id, {}));
//   PALERMO_ASSIGN_OR_RETURN(r, ApplyTransition(*tx, decision_maker, uk, r.id, "rg_positive", {}));
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace palermo::referral {

using Instant = std::chrono::sys_seconds;
using Day = std::chrono::sys_days;  // a civil (local) date

// "2026-08-28T23:30:00+01:00", "2026-08-28T22:30:00Z", "2026-08-28 22:30:00Z"; an offset or Z is
// required (InvalidArgument otherwise, since a local time without a zone is ambiguous).
Result<Instant> ParseInstant(std::string_view text);
std::string FormatInstant(Instant t);         // "2026-08-28T22:30:00Z"
Result<Day> ParseDay(std::string_view text);  // "2026-08-28"
std::string FormatDay(Day d);
Instant Now();

struct Text {
  std::string en;
  std::string fr;
  const std::string& Get(Lang lang) const { return lang == Lang::kFr ? fr : en; }
};

// A deadline: the local date and the last second of that local day, in UTC.
struct Deadline {
  Day local_date;
  Instant end;
};

// Working days in one time zone. Copyable, immutable, thread-safe.
class WorkingCalendar {
 public:
  // `time_zone` is an IANA name ("Europe/London"); `weekend` holds weekday numbers 0=Sunday..6.
  // InvalidArgument for an unknown zone.
  static Result<WorkingCalendar> Create(std::string time_zone, std::set<unsigned> weekend,
                                        std::set<Day> holidays);
  // Holidays from CSV text with a `date` column (YYYY-MM-DD); other columns are ignored.
  static Result<std::set<Day>> ParseHolidays(std::string_view csv, std::string_view name);

  const std::string& time_zone() const { return time_zone_; }
  Day LocalDate(Instant t) const;
  Instant EndOfLocalDay(Day d) const;
  bool IsWorkingDay(Day d) const;
  // The `n`th working day after `start` (start itself never counts). REQUIRES: n >= 0.
  Day AddWorkingDays(Day start, int n) const;
  // Working days in (from, to]; negative when `to` is before `from`.
  int WorkingDaysBetween(Day from, Day to) const;
  // End of the `n`th working day after the local date of `t`.
  Deadline WorkingDaysAfter(Instant t, int n) const;
  // End of the local day `n` calendar days after the local date of `t`.
  Deadline DaysAfter(Instant t, int n) const;

 private:
  std::string time_zone_;
  std::set<unsigned> weekend_;
  std::set<Day> holidays_;
};

enum class ConsentRule { kNone, kAdult, kAlways };

struct StateDef {
  std::string id;
  Text label;
  bool terminal = false;
  bool support = false;  // support is provided while in this state
  // Target for the next decision, counted from entry into the state.
  std::optional<int> due_working_days;
  std::optional<int> due_days;
  Text due_what;  // "reasonable-grounds decision"
  // Minimum time in the state before transitions marked after_minimum.
  std::optional<int> minimum_days;
  std::optional<int> minimum_working_days;
  Text minimum_what;  // "recovery and reflection period"
};

struct TransitionDef {
  std::string id;
  Text label;
  std::vector<std::string>
      from;        // empty for the creating transition; "*" = every non-terminal state
  std::string to;  // empty: stays in the current state
  std::vector<std::string> roles;
  ConsentRule consent = ConsentRule::kNone;
  ConsentPurpose consent_purpose = ConsentPurpose::kReferral;
  bool after_minimum = false;         // refused before the state's minimum period ends
  bool changes_organisation = false;  // needs a target organisation (transfer)
};

class Profile {
 public:
  // Parses a profile; `data_dir` resolves its holiday file. InvalidArgument names the field at
  // fault: a transition to an unknown state, an unknown role, a state no transition reaches.
  static Result<Profile> FromJson(std::string_view json, const std::filesystem::path& data_dir);
  // data/referral/profiles/<id>.json.
  static Result<Profile> Load(std::string_view id);
  static Result<Profile> LoadFile(const std::filesystem::path& path);
  static Result<Profile> LoadDefault();  // "gbr_nrm"

  const std::string& id() const { return id_; }
  const std::string& version() const { return version_; }
  const std::string& country() const { return country_; }
  const Text& name() const { return name_; }
  const WorkingCalendar& calendar() const { return calendar_; }
  int due_soon_working_days() const { return due_soon_working_days_; }
  const std::vector<std::string>& roles() const { return roles_; }
  const std::vector<StateDef>& states() const { return states_; }
  const std::vector<TransitionDef>& transitions() const { return transitions_; }
  const TransitionDef& create() const;  // the transition with no `from`

  const StateDef* FindState(std::string_view id) const;
  const TransitionDef* FindTransition(std::string_view id) const;
  // Transitions allowed from `state` (any role), in profile order.
  std::vector<const TransitionDef*> AllowedFrom(std::string_view state) const;

 private:
  std::string id_, version_, country_;
  Text name_;
  WorkingCalendar calendar_;
  int due_soon_working_days_ = 2;
  std::vector<std::string> roles_;
  std::vector<StateDef> states_;
  std::vector<TransitionDef> transitions_;
  size_t create_idx_ = 0;
};

// Where a referral stands, for the pure checks.
struct ReferralSnapshot {
  std::string state;
  Instant state_entered_at{};
  std::string organisation;
};

struct TransitionFacts {
  std::string role{};
  bool is_child = false;
  bool has_consent = false;  // for the transition's consent purpose (and target organisation)
  std::string target_organisation{};
  Instant at{};
};

// Checks `transition` against `profile` from `current` (nullptr when creating). Codes:
// InvalidArgument (unknown transition), FailedPrecondition (not allowed from the current state,
// no consent, minimum period not over), PermissionDenied (role). Messages in `lang` name the
// current state and the allowed next steps. Pure.
Result<const TransitionDef*> CheckTransition(const Profile& profile,
                                             const ReferralSnapshot* current,
                                             std::string_view transition,
                                             const TransitionFacts& facts, Lang lang);
// The deadline of the decision due in `state` entered at `entered`; nullopt when none.
std::optional<Deadline> DueBy(const Profile& profile, const StateDef& state, Instant entered);
// When the minimum period of `state` ends (transitions after_minimum allowed from that local
// date); nullopt when the state has none.
std::optional<Deadline> MinimumEnds(const Profile& profile, const StateDef& state, Instant entered);

enum class AlertLevel { kDueSoon, kOverdue };
std::string_view AlertLevelCode(AlertLevel level);  // "due_soon", "overdue"

struct Alert {
  int64_t referral_id = 0;
  CaseId case_id = 0;
  std::string state;
  std::string organisation;
  Text what;
  Deadline due;
  AlertLevel level = AlertLevel::kDueSoon;
  int working_days_left = 0;  // negative when overdue
};
// The alert for a referral in `snapshot` at `as_of`, or nullopt (no deadline, or not yet due
// soon: more than profile.due_soon_working_days() working days left). Pure.
std::optional<Alert> AlertFor(const Profile& profile, const ReferralSnapshot& snapshot,
                              Instant as_of);

// ---------------------------------------------------------------------------------------------
// Consent.

// True when the latest record for (purpose, organisation) is given and not withdrawn. For
// kDataSharing the record must name `organisation`; for other purposes a record without an
// organisation covers every organisation. Pure.
bool ConsentCovers(const std::vector<Consent>& records, ConsentPurpose purpose,
                   std::string_view organisation);

// ---------------------------------------------------------------------------------------------
// Services.

inline constexpr std::string_view kServiceTypes[] = {
    "shelter",     "medical", "legal", "psychosocial", "interpretation", "return_reintegration",
    "compensation"};
Text ServiceTypeLabel(std::string_view type);

struct Eligibility {
  std::optional<int> min_age{};
  std::optional<int> max_age{};
  std::vector<Sex> sexes{};                  // empty: any
  std::vector<std::string> nationalities{};  // ISO alpha-3; empty: any
  std::vector<std::string> forms{};          // core form codes; empty: any
  std::optional<int> capacity{};             // places; nullopt: unlimited
};

struct ServiceDef {
  int64_t id = 0;
  std::string organisation{};
  std::string type{};
  std::string name{};
  Eligibility eligibility{};
};

struct EligibilityCheck {
  bool eligible = true;
  std::vector<Text> reasons;  // one per rule, met or not
};
// Checks every rule of `service` against the case; a rule that cannot be checked because the
// case lacks the information (age, sex, nationality, forms unknown) makes the service not
// eligible with a reason saying what is missing. Pure.
EligibilityCheck CheckEligibility(const ServiceDef& service, const CaseRecord& record,
                                  int places_in_use);

// ---------------------------------------------------------------------------------------------
// Persistence over the store.

// Registers the referral module's tables (idempotent). Call before store::Store::Open.
void RegisterMigrations();

// Consent of `person`; `at` defaults to now. Roles first_responder, case_worker, administrator.
Result<int64_t> GiveConsent(store::Transaction& tx, const store::Actor& actor, PersonId person,
                            ConsentPurpose purpose, std::string_view organisation,
                            std::optional<Instant> at = std::nullopt, Lang lang = Lang::kEn);
// NotFound when no given consent for (purpose, organisation) is on record.
Status WithdrawConsent(store::Transaction& tx, const store::Actor& actor, PersonId person,
                       ConsentPurpose purpose, std::string_view organisation,
                       std::optional<Instant> at = std::nullopt, Lang lang = Lang::kEn);
Result<std::vector<Consent>> ListConsents(store::Transaction& tx, PersonId person);
// OK when consent covers the use (ConsentCovers); FailedPrecondition otherwise, audited as
// "consent_denied" (commit the transaction to keep it). For exports and the web app too.
Status CheckConsent(store::Transaction& tx, PersonId person, ConsentPurpose purpose,
                    std::string_view organisation, Lang lang = Lang::kEn);

struct ReferralInfo {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string profile_id;
  std::string profile_version;
  std::string state;
  std::string organisation;  // responsible now
  std::string created_at;
  std::string state_entered_at;
  bool is_child = false;
};

struct ReferralEvent {
  std::string transition;
  std::string from_state;
  std::string to_state;
  std::string at;
  std::string user;
  std::string organisation;
  std::string role;
  std::string target_organisation;
  std::string note;  // decrypted only when asked for
};

struct TransitionOptions {
  Lang lang = Lang::kEn;
  std::optional<Instant> at{};  // default now
  std::string note{};           // sealed; may hold personal data
  std::string target_organisation{};
  // Age unknown but reasons to believe the person is a child (Directive 2011/36/EU art. 13(2)):
  // treated as a child. InvalidArgument if the case's known age is 18 or more.
  bool presumed_child = false;
};

// Creates a referral of case `case_id` with the profile's creating transition. NotFound if the
// case is missing; AlreadyExists if the case has an open (non-terminal) referral.
Result<ReferralInfo> CreateReferral(store::Transaction& tx, const store::Actor& actor,
                                    const Profile& profile, CaseId case_id,
                                    const TransitionOptions& options);
Result<ReferralInfo> ApplyTransition(store::Transaction& tx, const store::Actor& actor,
                                     const Profile& profile, int64_t referral_id,
                                     std::string_view transition, const TransitionOptions& options);
Result<ReferralInfo> GetReferral(store::Transaction& tx, int64_t referral_id);
Result<std::vector<ReferralInfo>> ListReferrals(store::Transaction& tx, CaseId case_id = 0);
Result<std::vector<ReferralEvent>> ReferralHistory(store::Transaction& tx, int64_t referral_id,
                                                   bool with_notes = false);
// The organisation case `case_id` was last transferred to: the target of the newest
// organisation-changing transition (`changes_organisation`, "transfer" in gbr_nrm) of any of its
// referrals; nullopt when it was never transferred. From a transfer on, the receiving
// organisation is responsible for the case (the web app's gate reads this).
Result<std::optional<std::string>> TransferredTo(store::Transaction& tx, CaseId case_id);
// The cases whose latest transfer (TransferredTo) was to `organisation`, in ascending id.
Result<std::vector<CaseId>> CasesTransferredTo(store::Transaction& tx,
                                               std::string_view organisation);
// The cases among `among` that were ever transferred (TransferredTo is set), in ascending id;
// one range query over the referrals of the ids' span.
Result<std::vector<CaseId>> CasesEverTransferred(store::Transaction& tx,
                                                 const std::vector<CaseId>& among);
// Alerts of every open referral made with `profile`, most urgent first.
Result<std::vector<Alert>> DueAlerts(store::Transaction& tx, const Profile& profile, Instant as_of);

// Services. AddService: roles administrator or case_worker; InvalidArgument for an unknown
// type or a rule that makes no sense (min_age > max_age, capacity < 0, unknown country/form).
Result<int64_t> AddService(store::Transaction& tx, const store::Actor& actor,
                           const ServiceDef& service, Lang lang = Lang::kEn);
Result<std::vector<ServiceDef>> ListServices(store::Transaction& tx);
struct ServiceMatch {
  ServiceDef service;
  int places_in_use = 0;
  EligibilityCheck check;
};
Result<std::vector<ServiceMatch>> MatchServices(store::Transaction& tx, CaseId case_id);

struct ServiceReferral {
  int64_t id = 0;
  CaseId case_id = 0;
  int64_t service_id = 0;
  std::string status;  // "pending", "accepted", "declined", "completed"
  std::string outcome;
  std::string created_at;
  std::string updated_at;
};
// Refers a case to a service: FailedPrecondition if not eligible (reasons in the message) or,
// for an adult, without consent to share data with the service's organisation.
Result<ServiceReferral> ReferToService(store::Transaction& tx, const store::Actor& actor,
                                       CaseId case_id, int64_t service_id,
                                       const TransitionOptions& options);
// The service's organisation (or an administrator) accepts or declines a pending referral;
// then records the outcome of an accepted one ("completed" with an outcome code).
Result<ServiceReferral> RespondToServiceReferral(store::Transaction& tx, const store::Actor& actor,
                                                 int64_t service_referral_id, bool accept,
                                                 const TransitionOptions& options);
Result<ServiceReferral> RecordServiceOutcome(store::Transaction& tx, const store::Actor& actor,
                                             int64_t service_referral_id, std::string_view outcome,
                                             const TransitionOptions& options);
Result<std::vector<ServiceReferral>> ListServiceReferrals(store::Transaction& tx, CaseId case_id);

// A referral made to one of an organisation's services, with the service it was made to.
struct IncomingServiceReferral {
  ServiceReferral referral;
  ServiceDef service;
};
// A service provider organisation's inbox: the referrals made to the services of
// `organisation`, oldest first; the open ones ("pending", "accepted") only unless
// `include_closed`. Case ids and statuses only: no case data is read.
Result<std::vector<IncomingServiceReferral>> ListServiceReferralsForOrganisation(
    store::Transaction& tx, std::string_view organisation, bool include_closed = false);

}  // namespace palermo::referral
