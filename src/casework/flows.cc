// SPDX-License-Identifier: AGPL-3.0-or-later
// The case-work flows over the gate and the screen/referral libraries (see casework.h).
#include <algorithm>
#include <map>
#include <memory>

#include "casework/casework.h"
#include "casework/internal.h"

namespace palermo::casework {

void RegisterMigrations() {
  screen::RegisterMigrations();
  referral::RegisterMigrations();
  internal::RegisterHistoryMigrations();
  internal::RegisterCaseloadMigrations();
}

namespace {

using referral::Instant;

using internal::CaseTx;
using internal::OpenCase;

store::Actor ActorAs(const Principal& who, std::string role) {
  return store::Actor{who.username, who.organisation, std::move(role)};
}

// The screen library's roles are the web app's codes.
store::Actor ScreenActor(const Principal& who) { return who.actor(); }

// The consent and service libraries name the web case worker's role "case_worker".
store::Actor CaseWorkActor(const Principal& who) { return who.actor(); }

constexpr size_t kMaxNote = 4000;
constexpr size_t kMaxOrganisation = 200;

Status CheckNote(std::string_view note) {
  if (note.size() > kMaxNote) return Status::InvalidArgument("note: at most 4000 bytes");
  if (!IsValidUtf8(note)) return Status::InvalidArgument("note: not UTF-8");
  return Status::Ok();
}

Status CheckOrganisationCode(std::string_view org) {
  if (org.size() > kMaxOrganisation)
    return Status::InvalidArgument("organisation: at most 200 bytes");
  if (!IsValidUtf8(org)) return Status::InvalidArgument("organisation: not UTF-8");
  return Status::Ok();
}

}  // namespace

Result<const screen::IndicatorList*> Indicators() {
  static const Result<screen::IndicatorList> list = screen::IndicatorList::LoadDefault();
  if (!list.ok()) return list.status();
  return &*list;
}

Result<const referral::Profile*> NrmProfile() {
  static const Result<referral::Profile> profile = referral::Profile::LoadDefault();
  if (!profile.ok()) return profile.status();
  return &*profile;
}

std::string TransitionRole(Role role, const referral::TransitionDef& t) {
  const auto allows = [&t](std::string_view r) {
    return std::find(t.roles.begin(), t.roles.end(), r) != t.roles.end();
  };
  switch (role) {
    case Role::kCaseWorker:
      if (allows("case_worker")) return "case_worker";
      if (allows("first_responder")) return "first_responder";
      return "";
    case Role::kDecisionMaker:
      return allows("decision_maker") ? "decision_maker" : "";
    default:
      return "";
  }
}

// ---- Screening ------------------------------------------------------------------------------

std::string ScreeningDecisionLabel(std::string_view code, Lang lang) {
  if (code == "refer_to_nrm") return Msg{"Refer to the NRM", "Orienter vers le MNO"}.Get(lang);
  if (code == "identified")
    return Msg{"Identified as a victim", "Identifiée comme victime"}.Get(lang);
  if (code == "not_identified") {
    return Msg{"Not identified as a victim", "Non identifiée comme victime"}.Get(lang);
  }
  if (code == "needs_more_information") {
    return Msg{"More information needed", "Informations complémentaires nécessaires"}.Get(lang);
  }
  return std::string(code);
}

Result<ScreeningView> LoadScreening(Desk desk, const Principal& who, CaseId id, Lang lang) {
  (void)lang;
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, std::nullopt));
  PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, Indicators());
  ScreeningView view;
  view.age = AgeAtIdentification(c.record);
  view.may_screen = RoleMay(who.role, Action::kScreenCase);
  Result<screen::ScreeningInfo> info = screen::LatestScreening(*c.tx, id);
  if (info.ok()) {
    PALERMO_ASSIGN_OR_RETURN(view.answers, screen::LoadAnswers(*c.tx, *info, false));
    if (list->name() == info->list_name && list->Has(info->population, info->exploitation)) {
      PALERMO_ASSIGN_OR_RETURN(view.result, screen::EvaluateStored(*c.tx, *list, *info));
    }
    PALERMO_ASSIGN_OR_RETURN(view.decisions, screen::LoadDecisions(*c.tx, *info, false));
    view.info = std::move(*info);
  } else if (info.status().code() != StatusCode::kNotFound) {
    return info.status();
  }
  view.record = std::move(c.record);
  return view;
}

Status StartScreening(Desk desk, const Principal& who, CaseId id, Lang lang,
                      std::optional<screen::Population> population,
                      screen::Exploitation exploitation) {
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kScreenCase));
  PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, Indicators());
  const screen::ScreeningOptions options{
      .lang = lang, .population = population, .exploitation = exploitation};
  return KeepRefusal(*c.tx,
                screen::StartScreening(*c.tx, ScreenActor(who), *list, id, options).status());
}

namespace {
// The case's latest screening; FailedPrecondition when none was started.
Result<screen::ScreeningInfo> StartedScreening(store::Transaction& tx, CaseId id) {
  Result<screen::ScreeningInfo> info = screen::LatestScreening(tx, id);
  if (!info.ok() && info.status().code() == StatusCode::kNotFound)
    return Status::FailedPrecondition("start a screening first");
  return info;
}
}  // namespace

Status SaveAnswers(Desk desk, const Principal& who, CaseId id, Lang lang,
                   const std::vector<screen::AnswerRecord>& answers, std::string_view note) {
  PALERMO_RETURN_IF_ERROR(CheckNote(note));
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kScreenCase));
  PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, Indicators());
  PALERMO_ASSIGN_OR_RETURN(const screen::ScreeningInfo info, StartedScreening(*c.tx, id));
  PALERMO_ASSIGN_OR_RETURN(std::vector<screen::StoredAnswer> stored,
                           screen::LoadAnswers(*c.tx, info, false));
  std::map<std::string, screen::Answer, std::less<>> current;
  for (const screen::StoredAnswer& a : stored) current[a.code] = a.answer;
  std::vector<screen::AnswerRecord> changed;
  for (const screen::AnswerRecord& a : answers) {
    const auto it = current.find(a.code);
    const screen::Answer before = it == current.end() ? screen::Answer::kUnknown : it->second;
    if (a.answer != before || (it == current.end() && a.answer != screen::Answer::kUnknown)) {
      changed.push_back(a);
    }
  }
  if (changed.empty()) return Status::Ok();
  return KeepRefusal(*c.tx, screen::RecordAnswers(*c.tx, ScreenActor(who), *list, info, changed,
                                                  std::string(note), lang));
}

Status RecordDecision(Desk desk, const Principal& who, CaseId id, Lang lang,
                      std::string_view decision, std::string_view note) {
  PALERMO_RETURN_IF_ERROR(CheckNote(note));
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kScreenCase));
  PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, Indicators());
  PALERMO_ASSIGN_OR_RETURN(const screen::ScreeningInfo info, StartedScreening(*c.tx, id));
  PALERMO_ASSIGN_OR_RETURN(const screen::ScreeningResult result,
                           screen::EvaluateStored(*c.tx, *list, info));
  return KeepRefusal(
      *c.tx, screen::RecordDecision(*c.tx, ScreenActor(who), info, result, decision, note, lang));
}

// ---- Referral -------------------------------------------------------------------------------

Result<ReferralView> LoadReferral(Desk desk, const Principal& who, CaseId id, Lang lang,
                                  const referral::Profile* profile) {
  const Instant now = desk.now;
  (void)lang;
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, std::nullopt));
  if (profile == nullptr) {
    PALERMO_ASSIGN_OR_RETURN(profile, NrmProfile());
  }
  ReferralView view;
  view.profile = profile;
  view.age = AgeAtIdentification(c.record);
  PALERMO_ASSIGN_OR_RETURN(std::vector<referral::ReferralInfo> all,
                           referral::ListReferrals(*c.tx, id));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Consent> consents,
                           referral::ListConsents(*c.tx, c.record.person.id));
  const bool may_refer = RoleMay(who.role, Action::kReferCase);
  const auto add_step = [&](const referral::TransitionDef* t, bool is_child,
                            std::optional<referral::Deadline> min_ends) {
    if (!may_refer || TransitionRole(who.role, *t).empty()) return;
    NextStep step;
    step.transition = t;
    step.needs_consent = t->consent == referral::ConsentRule::kAlways ||
                         (t->consent == referral::ConsentRule::kAdult && !is_child);
    step.has_consent =
        !t->changes_organisation && referral::ConsentCovers(consents, t->consent_purpose, "");
    if (t->after_minimum && min_ends && now <= min_ends->end) step.available_from = min_ends;
    view.next.push_back(step);
  };
  if (!all.empty()) {
    view.current = all.back();
    all.pop_back();
    view.earlier = std::move(all);
  }
  if (view.current && view.current->profile_id == profile->id()) {
    const referral::ReferralInfo& r = *view.current;
    PALERMO_ASSIGN_OR_RETURN(view.history, referral::ReferralHistory(*c.tx, r.id, false));
    PALERMO_ASSIGN_OR_RETURN(const Instant entered, referral::ParseInstant(r.state_entered_at));
    if (const referral::StateDef* state = profile->FindState(r.state)) {
      view.open = !state->terminal;
      view.due = referral::DueBy(*profile, *state, entered);
      view.minimum_ends = referral::MinimumEnds(*profile, *state, entered);
      view.alert = referral::AlertFor(
          *profile, referral::ReferralSnapshot{r.state, entered, r.organisation}, now);
      if (view.open) {
        // The minimum period ends at the start of its local day: transitions are allowed from
        // that date, so "available" compares with the end of the previous day.
        std::optional<referral::Deadline> from;
        if (view.minimum_ends) {
          from = view.minimum_ends;
          from->end = profile->calendar().EndOfLocalDay(from->local_date - std::chrono::days(1));
        }
        for (const referral::TransitionDef* t : profile->AllowedFrom(r.state)) {
          add_step(t, r.is_child, from);
        }
      }
    }
  }
  if (!view.open) {
    const std::optional<int> age = view.age;
    add_step(&profile->create(), age && *age < kAgeOfMajority, std::nullopt);
  }
  view.record = std::move(c.record);
  return view;
}

namespace {

Status CheckStepInput(const StepInput& input) {
  PALERMO_RETURN_IF_ERROR(CheckNote(input.note));
  return CheckOrganisationCode(input.target_organisation);
}

// Applies `input` to `target` (nullptr: the profile's creating step on case `id`) in the
// transaction `tx` that passed the gate on case `id` with kReferCase; the result ends `tx`
// (KeepRefusal).
Result<referral::ReferralInfo> ApplyStep(store::Transaction& tx, Desk desk, const Principal& who,
                                         CaseId id, Lang lang, const StepInput& input,
                                         const referral::Profile& profile,
                                         const referral::ReferralInfo* target) {
  const referral::TransitionDef* t = profile.FindTransition(input.transition);
  if (t == nullptr)
    return Status::InvalidArgument("transition: not a step of this referral mechanism");
  const std::string role = TransitionRole(who.role, *t);
  // A web role without a profile role here is refused by the library, with its audit entry.
  const store::Actor actor = ActorAs(who, role.empty() ? std::string(RoleCode(who.role)) : role);
  const referral::TransitionOptions options{
      .lang = lang,
      .at = desk.now,
      .note = input.note,
      .target_organisation = std::string(Trim(input.target_organisation)),
      .presumed_child = input.presumed_child};
  Result<referral::ReferralInfo> r =
      target == nullptr
          ? referral::CreateReferral(tx, actor, profile, id, options)
          : referral::ApplyTransition(tx, actor, profile, target->id, input.transition, options);
  PALERMO_RETURN_IF_ERROR(KeepRefusal(tx, r.status()));
  return r;
}

}  // namespace

Status TakeStep(Desk desk, const Principal& who, CaseId id, Lang lang, const StepInput& input) {
  return Step(desk, who, id, lang, input).status();
}

Result<referral::ReferralInfo> Step(Desk desk, const Principal& who, CaseId id, Lang lang,
                                    const StepInput& input) {
  PALERMO_RETURN_IF_ERROR(CheckStepInput(input));
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kReferCase));
  const referral::Profile* profile = input.profile;
  if (profile == nullptr) {
    PALERMO_ASSIGN_OR_RETURN(profile, NrmProfile());
  }
  if (profile->FindTransition(input.transition) == &profile->create()) {
    return ApplyStep(*c.tx, desk, who, id, lang, input, *profile, nullptr);
  }
  PALERMO_ASSIGN_OR_RETURN(std::vector<referral::ReferralInfo> all,
                           referral::ListReferrals(*c.tx, id));
  const referral::ReferralInfo* open = nullptr;
  for (const referral::ReferralInfo& r : all) {
    const referral::StateDef* s = profile->FindState(r.state);
    if (r.profile_id == profile->id() && s != nullptr && !s->terminal) open = &r;
  }
  if (open == nullptr && profile->FindTransition(input.transition) != nullptr) {
    return Status::FailedPrecondition(
        Msg{"this case has no open referral", "ce dossier n’a pas d’orientation en cours"}.Get(
            lang));
  }
  return ApplyStep(*c.tx, desk, who, id, lang, input, *profile, open);
}

Result<referral::ReferralInfo> StepReferral(Desk desk, const Principal& who, int64_t referral_id,
                                            Lang lang, const StepInput& input) {
  PALERMO_RETURN_IF_ERROR(CheckStepInput(input));
  const referral::Profile* profile = input.profile;
  if (profile == nullptr) {
    PALERMO_ASSIGN_OR_RETURN(profile, NrmProfile());
  }
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_ASSIGN_OR_RETURN(const referral::ReferralInfo target,
                           referral::GetReferral(*tx, referral_id));
  PALERMO_RETURN_IF_ERROR(
      internal::GateCase(*tx, who, target.case_id, Action::kReferCase).status());
  return ApplyStep(*tx, desk, who, target.case_id, lang, input, *profile, &target);
}

Result<ReferralRecord> LoadReferralById(Desk desk, const Principal& who, int64_t referral_id) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  ReferralRecord out;
  PALERMO_ASSIGN_OR_RETURN(out.info, referral::GetReferral(*tx, referral_id));
  PALERMO_RETURN_IF_ERROR(internal::GateCase(*tx, who, out.info.case_id, std::nullopt).status());
  PALERMO_ASSIGN_OR_RETURN(out.history, referral::ReferralHistory(*tx, referral_id, false));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<referral::Alert>> DueReferrals(Desk desk, const Principal& who,
                                                  const referral::Profile& profile, Instant as_of) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  CaseGate gate;
  PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, Action::kReferCase, "referral", ""));
  PALERMO_ASSIGN_OR_RETURN(std::vector<referral::Alert> alerts,
                           referral::DueAlerts(*tx, profile, as_of));
  if (RoleIsOrganisationScoped(who.role)) {
    std::vector<referral::Alert> in_scope;
    for (referral::Alert& alert : alerts) {
      PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx->GetCase(alert.case_id, false, ""));
      PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, gate.AccessTo(*tx, who, record));
      if (access == CaseAccess::kFull) in_scope.push_back(std::move(alert));
    }
    alerts = std::move(in_scope);
  }
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return alerts;
}

// ---- Services -------------------------------------------------------------------------------

std::string ServiceStatusLabel(std::string_view status, Lang lang) {
  if (status == "pending") return Msg{"pending", "en attente"}.Get(lang);
  if (status == "accepted") return Msg{"accepted", "acceptée"}.Get(lang);
  if (status == "declined") return Msg{"declined", "refusée"}.Get(lang);
  if (status == "completed") return Msg{"completed", "terminée"}.Get(lang);
  return std::string(status);
}

std::string ServiceOutcomeLabel(std::string_view outcome, Lang lang) {
  if (outcome == "completed") return Msg{"service completed", "service mené à terme"}.Get(lang);
  if (outcome == "ended_early") return Msg{"ended early", "interrompu"}.Get(lang);
  if (outcome == "not_taken_up") return Msg{"not taken up", "non utilisé"}.Get(lang);
  return std::string(outcome);
}

Result<ServicesView> LoadServices(Desk desk, const Principal& who, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, std::nullopt));
  ServicesView view;
  PALERMO_ASSIGN_OR_RETURN(view.matches, referral::MatchServices(*c.tx, id));
  PALERMO_ASSIGN_OR_RETURN(view.referrals, referral::ListServiceReferrals(*c.tx, id));
  view.may_refer = RoleMay(who.role, Action::kReferToService);
  view.record = std::move(c.record);
  return view;
}

Status ReferToService(Desk desk, const Principal& who, CaseId id, Lang lang, int64_t service_id,
                      std::string_view note, bool presumed_child) {
  PALERMO_RETURN_IF_ERROR(CheckNote(note));
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kReferToService));
  const referral::TransitionOptions options{
      .lang = lang, .at = desk.now, .note = std::string(note), .presumed_child = presumed_child};
  return KeepRefusal(
      *c.tx, referral::ReferToService(*c.tx, CaseWorkActor(who), id, service_id, options).status());
}

Result<DirectoryView> LoadDirectory(Desk desk, const Principal& who) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(CaseGate().Require(*tx, who, Action::kListCases, "service", ""));
  DirectoryView view;
  PALERMO_ASSIGN_OR_RETURN(view.services, referral::ListServices(*tx));
  if (!RoleMay(who.role, Action::kRespondToService)) return view;
  PALERMO_ASSIGN_OR_RETURN(view.incoming,
                           referral::ListServiceReferralsForOrganisation(*tx, who.organisation));
  return view;
}

Result<std::vector<IncomingReferral>> LoadInbox(Desk desk, const Principal& who,
                                                bool include_closed) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                           desk.store.BeginRead(who.actor()));
  PALERMO_RETURN_IF_ERROR(
      CaseGate().Require(*tx, who, Action::kRespondToService, "service_referral", ""));
  return referral::ListServiceReferralsForOrganisation(*tx, who.organisation, include_closed);
}

Result<int64_t> AddService(Desk desk, const Principal& who, Lang lang,
                           referral::ServiceDef service) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(CaseGate().Require(*tx, who, Action::kManageServices, "service", ""));
  // A case worker adds services of their organisation, never another's.
  if (!service.organisation.empty() && service.organisation != who.organisation) {
    return CaseGate().Deny(*tx, who, Action::kManageServices, "service", "");
  }
  service.organisation = who.organisation;
  service.name = std::string(Trim(service.name));
  if (service.name.size() > kMaxOrganisation || !IsValidUtf8(service.name)) {
    return Status::InvalidArgument("name: at most 200 bytes of UTF-8");
  }
  Result<int64_t> id = referral::AddService(*tx, CaseWorkActor(who), service, lang);
  PALERMO_RETURN_IF_ERROR(KeepRefusal(*tx, id.status()));
  return id;
}

Status RespondToService(Desk desk, const Principal& who, int64_t service_referral_id, Lang lang,
                        bool accept, std::string_view note) {
  PALERMO_RETURN_IF_ERROR(CheckNote(note));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(CaseGate().Require(*tx, who, Action::kRespondToService,
                                             "service_referral",
                                             std::to_string(service_referral_id)));
  const referral::TransitionOptions options{
      .lang = lang, .at = desk.now, .note = std::string(note)};
  return KeepRefusal(*tx, referral::RespondToServiceReferral(*tx, CaseWorkActor(who),
                                                        service_referral_id, accept, options)
                         .status());
}

Status RecordServiceOutcome(Desk desk, const Principal& who, int64_t service_referral_id, Lang lang,
                            std::string_view outcome, std::string_view note) {
  PALERMO_RETURN_IF_ERROR(CheckNote(note));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(CaseGate().Require(*tx, who, Action::kRespondToService,
                                             "service_referral",
                                             std::to_string(service_referral_id)));
  const referral::TransitionOptions options{
      .lang = lang, .at = desk.now, .note = std::string(note)};
  return KeepRefusal(*tx, referral::RecordServiceOutcome(*tx, CaseWorkActor(who), service_referral_id,
                                                    outcome, options)
                         .status());
}

// ---- Consent --------------------------------------------------------------------------------

std::string ConsentPurposeLabel(ConsentPurpose purpose, Lang lang) {
  switch (purpose) {
    case ConsentPurpose::kReferral:
      return Msg{"Referral to the NRM", "Orientation vers le MNO"}.Get(lang);
    case ConsentPurpose::kDataSharing:
      return Msg{"Sharing data with an organisation", "Partage de données avec une organisation"}
          .Get(lang);
    case ConsentPurpose::kCrossBorderExchange:
      return Msg{"Cross-border exchange", "Échange transfrontalier"}.Get(lang);
    case ConsentPurpose::kResearchStatistics:
      return Msg{"Research and statistics", "Recherche et statistiques"}.Get(lang);
  }
  return "";
}

Result<ConsentView> LoadConsent(Desk desk, const Principal& who, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, std::nullopt));
  ConsentView view;
  PALERMO_ASSIGN_OR_RETURN(view.consents, referral::ListConsents(*c.tx, c.record.person.id));
  view.may_manage = RoleMay(who.role, Action::kManageConsent);
  view.record = std::move(c.record);
  return view;
}

Status ChangeConsent(Desk desk, const Principal& who, CaseId id, Lang lang, bool give,
                     ConsentPurpose purpose, std::string_view organisation,
                     std::optional<Instant> at) {
  PALERMO_RETURN_IF_ERROR(CheckOrganisationCode(organisation));
  if (at && *at > desk.now) return Status::InvalidArgument("date: not in the future");
  if (!at) at = desk.now;
  PALERMO_ASSIGN_OR_RETURN(CaseTx c, OpenCase(desk, who, id, Action::kManageConsent));
  const std::string org(Trim(organisation));
  const PersonId person = c.record.person.id;
  if (give) {
    return KeepRefusal(
        *c.tx,
        referral::GiveConsent(*c.tx, CaseWorkActor(who), person, purpose, org, at, lang).status());
  }
  return KeepRefusal(
      *c.tx, referral::WithdrawConsent(*c.tx, CaseWorkActor(who), person, purpose, org, at, lang));
}

namespace internal {

Result<CaseRecord> GateCase(store::Transaction& tx, const Principal& who, CaseId id,
                            std::optional<Action> action) {
  CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord scope,
                           gate.Read(tx, who, id, action.value_or(Action::kReadCase)));
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, gate.AccessTo(tx, who, scope));
  if (access != CaseAccess::kFull) {
    return gate.Deny(tx, who, action.value_or(Action::kReadCase), "case", std::to_string(id));
  }
  return scope;
}

Result<CaseTx> OpenCase(Desk desk, const Principal& who, CaseId id, std::optional<Action> action) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, desk.store.Begin(who.actor()));
  PALERMO_ASSIGN_OR_RETURN(CaseRecord scope, GateCase(*tx, who, id, action));
  return CaseTx{std::move(tx), std::move(scope)};
}

}  // namespace internal
}  // namespace palermo::casework
