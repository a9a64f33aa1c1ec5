// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo service add|list|match|refer|accept|decline|outcome: the services directory, through
// the case-work flows (src/casework): the web app's gate, refusals and audit.
#include <iostream>
#include <sstream>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "referral/referral.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace service_command {

const bool kMigrationsRegistered = [] {
  casework::RegisterMigrations();
  return true;
}();

// As on the web: a case worker (or first responder) adds services of its organisation (--org),
// refers the cases it holds, and answers the referrals made to its organisation's services;
// decision makers and analysts may read the directory and a case's matches.
constexpr Msg kRolesHelp{"Role: case_worker (or first_responder), decision_maker, analyst",
                         "Rôle : case_worker (ou first_responder), decision_maker, analyst"};

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

struct Args {
  ActorOptions who;
  std::string organisation, type, name, sexes, nationalities, forms, outcome, note;
  std::optional<int> min_age, max_age, capacity;
  CaseId case_id = 0;
  int64_t id = 0;
  bool presumed_child = false;
};

std::string Describe(const Context& ctx, const referral::ServiceDef& s) {
  return std::to_string(s.id) + "  " + s.organisation + "  " +
         referral::ServiceTypeLabel(s.type).Get(ctx.lang) + "  " + s.name;
}

Status Add(Context& ctx, const Args& a) {
  referral::ServiceDef s{.organisation = a.organisation, .type = a.type, .name = a.name};
  s.eligibility.min_age = a.min_age;
  s.eligibility.max_age = a.max_age;
  s.eligibility.capacity = a.capacity;
  for (const std::string& code : SplitComma(a.sexes)) {
    PALERMO_ASSIGN_OR_RETURN(Sex sex, ParseSexCode(code));
    s.eligibility.sexes.push_back(sex);
  }
  s.eligibility.nationalities = SplitComma(a.nationalities);
  s.eligibility.forms = SplitComma(a.forms);
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const int64_t id,
                           casework::AddService(CliDesk(*store), who, ctx.lang, std::move(s)));
  if (!ctx.quiet) {
    constexpr Msg kAdded{"Service {id} added.", "Service {id} ajouté."};
    std::cout << Format(kAdded, ctx.lang, {{"id", std::to_string(id)}}) << "\n";
  }
  return Status::Ok();
}

Status List(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::DirectoryView directory,
                           casework::LoadDirectory(CliDesk(*store), who));
  for (const referral::ServiceDef& s : directory.services) std::cout << Describe(ctx, s) << "\n";
  return Status::Ok();
}

Status Match(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::ServicesView view,
                           casework::LoadServices(CliDesk(*store), who, a.case_id));
  for (const referral::ServiceMatch& m : view.matches) {
    std::cout << (m.check.eligible ? T(ctx, {"ELIGIBLE     ", "ÉLIGIBLE     "})
                                   : T(ctx, {"not eligible ", "non éligible "}))
              << Describe(ctx, m.service) << "\n";
    for (const referral::Text& reason : m.check.reasons)
      std::cout << "    - " << reason.Get(ctx.lang) << "\n";
  }
  if (view.matches.empty() && !ctx.quiet)
    std::cout << T(ctx, {"No service in the directory yet (palermo service add).",
                         "Aucun service dans l’annuaire (palermo service add)."})
              << "\n";
  return Status::Ok();
}

Status Refer(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  const casework::Desk desk = CliDesk(*store);
  PALERMO_RETURN_IF_ERROR(
      casework::ReferToService(desk, who, a.case_id, ctx.lang, a.id, a.note, a.presumed_child));
  if (!ctx.quiet) {
    // The referral just made: the newest of the case's referrals to that service.
    PALERMO_ASSIGN_OR_RETURN(const casework::ServicesView view,
                             casework::LoadServices(desk, who, a.case_id));
    int64_t made = 0;
    for (const referral::ServiceReferral& r : view.referrals) {
      if (r.service_id == a.id) made = std::max(made, r.id);
    }
    constexpr Msg kReferred{
        "Service referral {id}: pending the service’s answer.",
        "Orientation vers le service {id} : en attente de la réponse du service."};
    std::cout << Format(kReferred, ctx.lang, {{"id", std::to_string(made)}}) << "\n";
  }
  return Status::Ok();
}

Status Respond(Context& ctx, const Args& a, bool accept) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(
      casework::RespondToService(CliDesk(*store), who, a.id, ctx.lang, accept, a.note));
  if (!ctx.quiet) {
    constexpr Msg kDone{
        "Service referral {id}: {s, select, accepted {accepted} other {declined}}.",
        "Orientation vers le service {id} : {s, select, accepted {acceptée} other {refusée}}."};
    std::cout << Format(kDone, ctx.lang,
                        {{"id", std::to_string(a.id)},
                         {"s", std::string(accept ? "accepted" : "declined")}})
              << "\n";
  }
  return Status::Ok();
}

Status Outcome(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(
      casework::RecordServiceOutcome(CliDesk(*store), who, a.id, ctx.lang, a.outcome, a.note));
  if (!ctx.quiet) {
    constexpr Msg kDone{"Service referral {id}: outcome {o} recorded.",
                        "Orientation vers le service {id} : issue {o} enregistrée."};
    std::cout << Format(kDone, ctx.lang, {{"id", std::to_string(a.id)}, {"o", a.outcome}}) << "\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "service", T(ctx, {"Services directory: eligibility and referrals to services",
                         "Annuaire des services : éligibilité et orientations vers les services"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  const Msg kNote{"Note (encrypted at rest)", "Note (chiffrée au repos)"};

  CLI::App* add = cmd->add_subcommand("add", T(ctx, {"Add a service", "Ajouter un service"}));
  add->add_option("--provider", args->organisation,
                  T(ctx, {"Organisation providing the service: the actor's (--org)",
                          "Organisation qui fournit le service : celle de l’acteur (--org)"}));
  add->add_option("--type", args->type,
                  T(ctx, {"shelter, medical, legal, psychosocial, interpretation, "
                          "return_reintegration, compensation",
                          "shelter, medical, legal, psychosocial, interpretation, "
                          "return_reintegration, compensation"}))
      ->required();
  add->add_option("--name", args->name, T(ctx, {"Name", "Nom"}))->required();
  add->add_option("--min-age", args->min_age, T(ctx, {"Minimum age", "Âge minimum"}));
  add->add_option("--max-age", args->max_age, T(ctx, {"Maximum age", "Âge maximum"}));
  add->add_option(
      "--sex", args->sexes,
      T(ctx, {"Sexes taken: female,male,other", "Sexes accueillis : female,male,other"}));
  add->add_option("--nationality", args->nationalities,
                  T(ctx, {"Nationalities served (ISO codes, comma-separated)",
                          "Nationalités servies (codes ISO, séparés par des virgules)"}));
  add->add_option(
      "--form", args->forms,
      T(ctx, {"Forms of exploitation served (codes)", "Formes d’exploitation servies (codes)"}));
  add->add_option("--capacity", args->capacity, T(ctx, {"Number of places", "Nombre de places"}));
  AddActorOptions(add, ctx, kRolesHelp, args->who);
  add->callback([&ctx, args] { FinishGated(ctx, Add(ctx, *args)); });

  CLI::App* list = cmd->add_subcommand("list", T(ctx, {"List services", "Lister les services"}));
  AddActorOptions(list, ctx, kRolesHelp, args->who);
  list->callback([&ctx, args] { FinishGated(ctx, List(ctx, *args)); });

  CLI::App* match = cmd->add_subcommand(
      "match", T(ctx, {"Every service with the reasons a case is or is not eligible",
                       "Chaque service avec les raisons de l’éligibilité ou non d’un dossier"}));
  match->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  AddActorOptions(match, ctx, kRolesHelp, args->who);
  match->callback([&ctx, args] { FinishGated(ctx, Match(ctx, *args)); });

  CLI::App* refer = cmd->add_subcommand(
      "refer", T(ctx, {"Refer a case to a service", "Orienter un dossier vers un service"}));
  refer->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  refer->add_option("SERVICE", args->id, T(ctx, {"Service id", "Identifiant du service"}))
      ->required();
  refer->add_option("--note", args->note, T(ctx, kNote));
  refer->add_flag("--presumed-child", args->presumed_child,
                  T(ctx, {"Age unknown but reasons to believe the person is a child",
                          "Âge inconnu mais raisons de croire que la personne est un enfant"}));
  AddActorOptions(refer, ctx, kRolesHelp, args->who);
  refer->callback([&ctx, args] { FinishGated(ctx, Refer(ctx, *args)); });

  for (const bool accept : {true, false}) {
    CLI::App* respond =
        cmd->add_subcommand(accept ? "accept" : "decline",
                            accept ? T(ctx, {"Accept a referral to your service",
                                             "Accepter une orientation vers votre service"})
                                   : T(ctx, {"Decline a referral to your service",
                                             "Refuser une orientation vers votre service"}));
    respond
        ->add_option("REFERRAL", args->id,
                     T(ctx, {"Service referral id", "Identifiant de l’orientation"}))
        ->required();
    respond->add_option("--note", args->note, T(ctx, kNote));
    AddActorOptions(respond, ctx, kRolesHelp, args->who);
    respond->callback([&ctx, args, accept] { FinishGated(ctx, Respond(ctx, *args, accept)); });
  }

  CLI::App* outcome = cmd->add_subcommand(
      "outcome", T(ctx, {"Record the outcome: completed, ended_early, not_taken_up",
                         "Enregistrer l’issue : completed, ended_early, not_taken_up"}));
  outcome
      ->add_option("REFERRAL", args->id,
                   T(ctx, {"Service referral id", "Identifiant de l’orientation"}))
      ->required();
  outcome->add_option("OUTCOME", args->outcome, T(ctx, {"Outcome", "Issue"}))->required();
  outcome->add_option("--note", args->note, T(ctx, kNote));
  AddActorOptions(outcome, ctx, kRolesHelp, args->who);
  outcome->callback([&ctx, args] { FinishGated(ctx, Outcome(ctx, *args)); });
}

}  // namespace service_command
PALERMO_REGISTER_COMMAND(service, 44, service_command::Setup);
}  // namespace palermo::cli
