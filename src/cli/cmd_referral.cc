// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo referral create|transition|show|due: the national referral mechanism, through the
// case-work flows (src/casework): the web app's gate, refusals and audit.
#include <iostream>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "referral/referral.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace referral_command {

const bool kMigrationsRegistered = [] {
  casework::RegisterMigrations();
  return true;
}();

// A case worker (or first responder) of the organisation that holds the case (--org) refers it
// and takes the steps the profile gives that role; a decision maker decides.
constexpr Msg kRolesHelp{"Role: case_worker (or first_responder), decision_maker",
                         "Rôle : case_worker (ou first_responder), decision_maker"};

Result<std::optional<referral::Instant>> OptionalInstant(const std::string& text) {
  if (text.empty()) return std::optional<referral::Instant>();
  PALERMO_ASSIGN_OR_RETURN(referral::Instant t, referral::ParseInstant(text));
  return std::optional<referral::Instant>(t);
}

struct Args {
  ActorOptions who;
  std::string profile = "gbr_nrm";
  CaseId case_id = 0;
  int64_t referral_id = 0;
  std::string transition, to_org, at, note, as_of;
  bool presumed_child = false;
};

void PrintReferral(const Context& ctx, const referral::Profile& profile,
                   const referral::ReferralInfo& r) {
  const referral::StateDef* s = profile.FindState(r.state);
  constexpr Msg kHeader{
      "Referral {id} of case {case} ({profile}): {state} — {label}; organisation {org}",
      "Orientation {id} du dossier {case} ({profile}) : {state} — {label} ; organisation {org}"};
  std::cout << Format(kHeader, ctx.lang,
                      {{"id", std::to_string(r.id)},
                       {"case", std::to_string(r.case_id)},
                       {"profile", r.profile_id},
                       {"state", r.state},
                       {"label", s ? s->label.Get(ctx.lang) : r.state},
                       {"org", r.organisation}})
            << "\n";
  if (!s) return;
  Result<referral::Instant> entered = referral::ParseInstant(r.state_entered_at);
  if (!entered.ok()) return;
  if (std::optional<referral::Deadline> due = referral::DueBy(profile, *s, *entered)) {
    constexpr Msg kDue{"  {what} due by {date} ({tz})",
                       "  {what} attendue au plus tard le {date} ({tz})"};
    std::cout << Format(kDue, ctx.lang,
                        {{"what", s->due_what.Get(ctx.lang)},
                         {"date", referral::FormatDay(due->local_date)},
                         {"tz", profile.calendar().time_zone()}})
              << "\n";
  }
  if (std::optional<referral::Deadline> min = referral::MinimumEnds(profile, *s, *entered)) {
    constexpr Msg kMin{"  {what} runs until {date}", "  {what} : jusqu’au {date}"};
    std::cout << Format(kMin, ctx.lang,
                        {{"what", s->minimum_what.Get(ctx.lang)},
                         {"date", referral::FormatDay(min->local_date)}})
              << "\n";
  }
  std::string next;
  for (const referral::TransitionDef* t : profile.AllowedFrom(r.state)) {
    std::string roles;
    for (const std::string& role : t->roles) roles += (roles.empty() ? "" : "/") + role;
    next += "\n    " + t->id + " — " + t->label.Get(ctx.lang) + " [" + roles + "]";
  }
  std::cout << T(ctx, {"  next steps:", "  étapes possibles :"})
            << (next.empty() ? std::string(T(ctx, {" none (final state)", " aucune (état final)"}))
                             : next)
            << "\n";
}

// The flows' desk: dated --at when given (when it happened), else now.
Result<casework::Desk> DeskFor(store::Store& store, const std::string& at) {
  PALERMO_ASSIGN_OR_RETURN(std::optional<referral::Instant> when, OptionalInstant(at));
  return when ? CliDeskAt(store, *when) : CliDesk(store);
}

Status Create(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(referral::Profile profile, referral::Profile::Load(a.profile));
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::Desk desk, DeskFor(*store, a.at));
  PALERMO_ASSIGN_OR_RETURN(const referral::ReferralInfo r,
                           casework::Step(desk, who, a.case_id, ctx.lang,
                                          {.transition = profile.create().id,
                                           .note = a.note,
                                           .target_organisation = "",
                                           .presumed_child = a.presumed_child,
                                           .profile = &profile}));
  if (!ctx.quiet) PrintReferral(ctx, profile, r);
  return Status::Ok();
}

Status Transition(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(referral::Profile profile, referral::Profile::Load(a.profile));
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::Desk desk, DeskFor(*store, a.at));
  PALERMO_ASSIGN_OR_RETURN(const referral::ReferralInfo r,
                           casework::StepReferral(desk, who, a.referral_id, ctx.lang,
                                                  {.transition = a.transition,
                                                   .note = a.note,
                                                   .target_organisation = a.to_org,
                                                   .presumed_child = false,
                                                   .profile = &profile}));
  if (!ctx.quiet) PrintReferral(ctx, profile, r);
  return Status::Ok();
}

Status Show(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(referral::Profile profile, referral::Profile::Load(a.profile));
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::ReferralRecord r,
                           casework::LoadReferralById(CliDesk(*store), who, a.referral_id));
  PrintReferral(ctx, profile, r.info);
  std::cout << T(ctx, {"  history:", "  historique :"}) << "\n";
  for (const referral::ReferralEvent& e : r.history) {
    std::cout << "    " << e.at << "  " << e.transition << "  "
              << (e.from_state.empty() ? "-" : e.from_state) << " -> " << e.to_state << "  "
              << e.user << " (" << e.role << ", " << e.organisation << ")"
              << (e.target_organisation.empty() ? "" : " -> " + e.target_organisation) << "\n";
  }
  return Status::Ok();
}

Status Due(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(referral::Profile profile, referral::Profile::Load(a.profile));
  referral::Instant as_of = referral::Now();
  if (!a.as_of.empty()) {
    if (a.as_of.size() == 10) {
      // A date: the start of that day in the profile's time zone.
      PALERMO_ASSIGN_OR_RETURN(referral::Day d, referral::ParseDay(a.as_of));
      as_of = profile.calendar().EndOfLocalDay(d - std::chrono::days{1}) + std::chrono::seconds{1};
    } else {
      PALERMO_ASSIGN_OR_RETURN(as_of, referral::ParseInstant(a.as_of));
    }
  }
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<referral::Alert> alerts,
                           casework::DueReferrals(CliDesk(*store), who, profile, as_of));
  constexpr Msg kLine{
      "{level, select, overdue {OVERDUE} other {due soon}}  referral {id}  case {case}  {what} due "
      "{date}  "
      "({days, plural, =0 {due today} one {# working day left} other {# working days left}})  "
      "{org}",
      "{level, select, overdue {EN RETARD} other {bientôt dû}}  orientation {id}  dossier {case}  "
      "{what} due le "
      "{date}  ({days, plural, =0 {échéance aujourd’hui} one {# jour ouvré restant} other {# jours "
      "ouvrés "
      "restants}})  {org}"};
  constexpr Msg kOverdueLine{
      "{level, select, overdue {OVERDUE} other {due soon}}  referral {id}  case {case}  {what} due "
      "{date}  "
      "({days, plural, one {# working day late} other {# working days late}})  {org}",
      "{level, select, overdue {EN RETARD} other {bientôt dû}}  orientation {id}  dossier {case}  "
      "{what} due le "
      "{date}  ({days, plural, one {# jour ouvré de retard} other {# jours ouvrés de retard}})  "
      "{org}"};
  for (const referral::Alert& alert : alerts) {
    const bool late = alert.level == referral::AlertLevel::kOverdue;
    std::cout << Format(late ? kOverdueLine : kLine, ctx.lang,
                        {{"level", std::string(referral::AlertLevelCode(alert.level))},
                         {"id", std::to_string(alert.referral_id)},
                         {"case", std::to_string(alert.case_id)},
                         {"what", alert.what.Get(ctx.lang)},
                         {"date", referral::FormatDay(alert.due.local_date)},
                         {"days", int64_t{late ? std::max(1, -alert.working_days_left)
                                               : alert.working_days_left}},
                         {"org", alert.organisation}})
              << "\n";
  }
  if (alerts.empty() && !ctx.quiet)
    std::cout << T(ctx, {"Nothing due soon or overdue.", "Rien d’imminent ni en retard."}) << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "referral", T(ctx, {"National referral mechanism: referrals, decisions, deadlines",
                          "Mécanisme national d’orientation : orientations, décisions, délais"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  const Msg kProfile{"Country profile (data/referral/profiles; default gbr_nrm)",
                     "Profil national (data/referral/profiles ; gbr_nrm par défaut)"};
  const Msg kAt{"When it happened (YYYY-MM-DDTHH:MM with Z or an offset; default now)",
                "Quand (AAAA-MM-JJTHH:MM avec Z ou un décalage ; maintenant par défaut)"};
  const Msg kNote{"Note (encrypted at rest)", "Note (chiffrée au repos)"};

  CLI::App* create = cmd->add_subcommand(
      "create",
      T(ctx, {"Refer a case (first responder)", "Orienter un dossier (premier intervenant)"}));
  create->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  create->add_option("--profile", args->profile, T(ctx, kProfile));
  create->add_option("--at", args->at, T(ctx, kAt));
  create->add_option("--note", args->note, T(ctx, kNote));
  create->add_flag("--presumed-child", args->presumed_child,
                   T(ctx, {"Age unknown but reasons to believe the person is a child",
                           "Âge inconnu mais raisons de croire que la personne est un enfant"}));
  AddActorOptions(create, ctx, kRolesHelp, args->who);
  create->callback([&ctx, args] { FinishGated(ctx, Create(ctx, *args)); });

  CLI::App* transition = cmd->add_subcommand(
      "transition",
      T(ctx, {"Move a referral on (decision, reconsideration, withdrawal, transfer, closure)",
              "Faire avancer une orientation (décision, réexamen, retrait, transfert, clôture)"}));
  transition
      ->add_option("REFERRAL", args->referral_id,
                   T(ctx, {"Referral id", "Identifiant de l’orientation"}))
      ->required();
  transition
      ->add_option(
          "TRANSITION", args->transition,
          T(ctx, {"Transition (see “referral show”)", "Transition (voir « referral show »)"}))
      ->required();
  transition->add_option(
      "--to-org", args->to_org,
      T(ctx, {"Receiving organisation (transfer)", "Organisation destinataire (transfert)"}));
  transition->add_option("--profile", args->profile, T(ctx, kProfile));
  transition->add_option("--at", args->at, T(ctx, kAt));
  transition->add_option("--note", args->note, T(ctx, kNote));
  AddActorOptions(transition, ctx, kRolesHelp, args->who);
  transition->callback([&ctx, args] { FinishGated(ctx, Transition(ctx, *args)); });

  CLI::App* show = cmd->add_subcommand(
      "show", T(ctx, {"Show a referral, its deadlines, next steps and history",
                      "Afficher une orientation, ses délais, étapes possibles et historique"}));
  show->add_option("REFERRAL", args->referral_id,
                   T(ctx, {"Referral id", "Identifiant de l’orientation"}))
      ->required();
  show->add_option("--profile", args->profile, T(ctx, kProfile));
  AddActorOptions(show, ctx, kRolesHelp, args->who);
  show->callback([&ctx, args] { FinishGated(ctx, Show(ctx, *args)); });

  CLI::App* due =
      cmd->add_subcommand("due", T(ctx, {"List decisions due soon or overdue",
                                         "Lister les décisions bientôt dues ou en retard"}));
  due->add_option(
      "--as-of", args->as_of,
      T(ctx, {"Date (YYYY-MM-DD, start of that local day) or timestamp; default now",
              "Date (AAAA-MM-JJ, début de ce jour local) ou horodatage ; maintenant par défaut"}));
  due->add_option("--profile", args->profile, T(ctx, kProfile));
  AddActorOptions(due, ctx, kRolesHelp, args->who);
  due->callback([&ctx, args] { FinishGated(ctx, Due(ctx, *args)); });
}

}  // namespace referral_command
PALERMO_REGISTER_COMMAND(referral, 42, referral_command::Setup);
}  // namespace palermo::cli
