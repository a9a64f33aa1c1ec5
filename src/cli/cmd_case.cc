// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo case list|show|edit|history|close|reopen|assign: cases read, corrected and assigned on
// behalf of a person, through the case-work gate (the web app's: role, organisation scope,
// transfers, consent; refusals audited) and the one validator (core/validate.h).
#include <iostream>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "server/server.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace case_command {

const bool kMigrationsRegistered = [] {
  casework::RegisterMigrations();
  return true;
}();

// `palermo case assign` looks the assignee up among the web app's accounts: their tables must
// exist (created at Open when missing, as `palermo user` does).
Result<std::unique_ptr<store::Store>> OpenStoreWithAccounts(const Context& ctx) {
  server::RegisterMigrations();
  return OpenStore(ctx);
}

constexpr Msg kRolesHelp{"Role: case_worker, decision_maker, analyst",
                         "Rôle : case_worker, decision_maker, analyst"};

struct Args {
  ActorOptions who;
  CaseId case_id = 0;
  std::string purpose;  // show, history: identifiers with a purpose (audited)
  int64_t before = 0;
  int limit = 50;
  bool closed = false;            // list: the closed cases
  bool mine = false, overdue = false;  // list: assigned to --as-user; with an overdue task
  std::string status;                  // list: a victim status code
  std::vector<std::string> sets;  // edit: field=value
  std::string reason, decision, date;
  std::string user;  // assign: the account name ("" takes the assignment away)
};

// Every field error on its own line, "field (label): message", then a kInvalidArgument.
Status FieldErrors(const Context& ctx, const std::vector<FieldError>& errors) {
  for (const FieldError& e : errors) {
    std::cerr << e.field << " (" << CaseFieldLabel(e.field, ctx.lang) << "): " << e.message(ctx.lang)
              << "\n";
  }
  return Status::InvalidArgument(Format({"{n, plural, one {# field is invalid} other {# fields are invalid}}",
                                         "{n, plural, one {# champ est invalide} other {# champs sont invalides}}"},
                                        ctx.lang, {{"n", static_cast<int64_t>(errors.size())}}));
}

Status Report(Context& ctx, const Result<casework::EditOutcome>& outcome, const Msg& done) {
  if (!outcome.ok()) return outcome.status();
  if (!outcome->errors.empty()) return FieldErrors(ctx, outcome->errors);
  if (!ctx.quiet) {
    std::cout << Format(done, ctx.lang,
                        {{"case", std::to_string(outcome->record.id)},
                         {"version", outcome->version}})
              << "\n";
  }
  return Status::Ok();
}

Status Edit(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  casework::CasePatch patch;
  std::vector<FieldError> errors;
  for (const std::string& set : a.sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos) {
      errors.push_back({set, "expected field=value", "field=valeur attendu"});
      continue;
    }
    casework::SetPatchField(patch, set.substr(0, eq), set.substr(eq + 1), errors);
  }
  if (!errors.empty()) return FieldErrors(ctx, errors);
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  return Report(ctx, casework::EditCase(CliDesk(*store), who, a.case_id, patch, a.reason, a.decision),
                {"Case {case}: {version, plural, =0 {nothing changed} other {version #}}.",
                 "Dossier {case} : {version, plural, =0 {rien de changé} other {version #}}."});
}

Status Close(Context& ctx, const Args& a, bool close) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  if (close) {
    return Report(ctx, casework::CloseCase(CliDesk(*store), who, a.case_id, a.reason, a.date),
                  {"Case {case} closed (version {version}).",
                   "Dossier {case} clos (version {version})."});
  }
  return Report(ctx, casework::ReopenCase(CliDesk(*store), who, a.case_id, a.reason),
                {"Case {case} reopened (version {version}).",
                 "Dossier {case} rouvert (version {version})."});
}

Status Assign(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStoreWithAccounts(ctx));
  Result<casework::EditOutcome> outcome =
      casework::AssignCase(CliDesk(*store), who, a.case_id, a.user, server::Accounts());
  if (!outcome.ok()) return outcome.status();
  if (!outcome->errors.empty()) {
    for (const FieldError& e : outcome->errors) std::cerr << e.field << ": " << e.message(ctx.lang) << "\n";
    return Status::InvalidArgument(T(ctx, {"the case was not assigned", "le dossier n’a pas été attribué"}));
  }
  if (!ctx.quiet) {
    const std::string case_id = std::to_string(a.case_id);
    if (outcome->version == 0) {
      std::cout << Format({"Case {case}: nothing changed.", "Dossier {case} : rien de changé."},
                          ctx.lang, {{"case", case_id}})
                << "\n";
    } else if (a.user.empty()) {
      std::cout << Format({"Case {case} is no longer assigned (version {version}).",
                           "Le dossier {case} n’est plus attribué (version {version})."},
                          ctx.lang, {{"case", case_id}, {"version", outcome->version}})
                << "\n";
    } else {
      std::cout << Format({"Case {case} assigned to {user} (version {version}).",
                           "Dossier {case} attribué à {user} (version {version})."},
                          ctx.lang,
                          {{"case", case_id}, {"user", a.user}, {"version", outcome->version}})
                << "\n";
    }
  }
  return Status::Ok();
}

Status History(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<casework::CaseVersion> versions,
                           casework::CaseHistory(CliDesk(*store), who, a.case_id, a.purpose));
  constexpr Msg kWithheld{"(values withheld: --purpose)", "(valeurs masquées : --purpose)"};
  for (const casework::CaseVersion& v : versions) {
    std::cout << v.version << "  " << v.at << "  " << v.kind << "  "
              << (v.user.empty() ? "-" : v.user) << "  " << v.reason
              << (v.decision.empty() ? "" : "  [" + v.decision + "]") << "\n";
    for (const casework::FieldChange& c : v.changes) {
      std::cout << "    " << c.field << ": ";
      if (c.before && c.after) {
        std::cout << (c.before->empty() ? "-" : *c.before) << " -> "
                  << (c.after->empty() ? "-" : *c.after);
      } else {
        std::cout << T(ctx, kWithheld);
      }
      std::cout << "\n";
    }
  }
  return Status::Ok();
}

std::string SummaryLine(const casework::CaseSummary& s) {
  std::string forms;
  for (const std::string& f : s.forms) forms += (forms.empty() ? "" : ",") + f;
  return std::to_string(s.id) + "  " + s.agency + "  " + s.local_id + "  " + s.victim_status +
         "  " + s.sex + "  " + (s.citizenship.empty() ? "-" : s.citizenship) + "  " +
         (s.identification_date.empty() ? "-" : s.identification_date) + "  " +
         (forms.empty() ? "-" : forms) + "  " + (s.assignee.empty() ? "-" : s.assignee) + "  " +
         (s.next_due.empty() ? "-" : s.next_due + (s.overdue ? "!" : ""));
}

Status List(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  casework::CaseFilter filter;
  filter.mine = a.mine;
  filter.overdue = a.overdue;
  if (!a.status.empty()) {
    Result<VictimStatus> s = ParseVictimStatusCode(a.status);
    if (!s.ok()) {
      return Status::InvalidArgument("--status: presumed, identified, not_a_victim, unknown");
    }
    filter.status = *s;
  }
  PALERMO_ASSIGN_OR_RETURN(auto tx, store->BeginRead(who.actor()));
  casework::CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(
      const casework::CasePage page,
      gate.List(*tx, who, a.before > 0 ? std::optional<CaseId>(a.before) : std::nullopt, a.limit,
                a.closed ? casework::CaseGate::Closed::kOnly : casework::CaseGate::Closed::kExclude,
                filter));
  for (const casework::CaseSummary& s : page.cases) std::cout << SummaryLine(s) << "\n";
  for (const casework::CaseSummary& s : page.transferred_in) {
    std::cout << SummaryLine(s) << "  " << T(ctx, {"(transferred in)", "(transféré)"}) << "\n";
  }
  if (page.next_before && !ctx.quiet) {
    std::cout << Format({"More: --before {id}", "Suite : --before {id}"}, ctx.lang,
                        {{"id", std::to_string(*page.next_before)}})
              << "\n";
  }
  return tx->Commit();
}

Status Show(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store->Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           a.purpose.empty() ? gate.Read(*tx, who, a.case_id)
                                             : gate.ReadIdentifiers(*tx, who, a.case_id, a.purpose));
  std::cout << SummaryLine(casework::Summarise(record)) << "\n";
  if (record.age_at_identification) {
    std::cout << T(ctx, {"age at identification: ", "âge à l’identification : "})
              << *record.age_at_identification << "\n";
  }
  if (!a.purpose.empty()) {
    const DirectIdentifiers& ids = record.person.identifiers;
    const auto line = [&](const Msg& label, const std::string& value) {
      if (!value.empty()) std::cout << T(ctx, label) << ": " << value << "\n";
    };
    line({"given name", "prénom"}, ids.given_name);
    line({"family name", "nom"}, ids.family_name);
    line({"full name", "nom complet"}, ids.full_name);
    if (ids.birth_date) line({"birth date", "date de naissance"}, ids.birth_date->ToString());
    for (const std::string& d : ids.document_numbers) line({"document", "document"}, d);
    for (const std::string& p : ids.phones) line({"phone", "téléphone"}, p);
    line({"address", "adresse"}, ids.address);
  }
  return tx->Commit();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "case", T(ctx, {"Cases, through the same access gate as the web app",
                      "Dossiers, par le même contrôle d’accès que l’application web"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  CLI::App* list = cmd->add_subcommand(
      "list", T(ctx, {"Cases in the actor's scope, newest first",
                      "Dossiers accessibles à l’acteur, du plus récent au plus ancien"}));
  list->add_option("--before", args->before,
                   T(ctx, {"Cases older than this id", "Dossiers antérieurs à cet identifiant"}));
  list->add_option("--limit", args->limit, T(ctx, {"At most (1-200)", "Au plus (1-200)"}));
  list->add_flag("--closed", args->closed,
                 T(ctx, {"The closed cases instead of the open ones",
                         "Les dossiers clos au lieu des dossiers ouverts"}));
  list->add_flag("--mine", args->mine,
                 T(ctx, {"Only the cases assigned to --as-user",
                         "Seulement les dossiers attribués à --as-user"}));
  list->add_flag("--overdue", args->overdue,
                 T(ctx, {"Only the cases with an overdue task",
                         "Seulement les dossiers avec une tâche en retard"}));
  list->add_option("--status", args->status, "presumed | identified | not_a_victim | unknown");
  AddActorOptions(list, ctx, kRolesHelp, args->who);
  list->callback([&ctx, args] { FinishGated(ctx, List(ctx, *args)); });

  CLI::App* show = cmd->add_subcommand(
      "show", T(ctx, {"One case (identifiers only with --purpose, audited)",
                      "Un dossier (identifiants seulement avec --purpose, journalisé)"}));
  show->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  show->add_option("--purpose", args->purpose,
                   T(ctx, {"Why the identifiers are read (recorded in the audit log)",
                           "Pourquoi les identifiants sont lus (inscrit au journal d’audit)"}));
  AddActorOptions(show, ctx, kRolesHelp, args->who);
  show->callback([&ctx, args] { FinishGated(ctx, Show(ctx, *args)); });

  const auto case_arg = [&ctx, args](CLI::App* sub) {
    sub->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
        ->required();
    AddActorOptions(sub, ctx, {"Role: case_worker, decision_maker", "Rôle : case_worker, decision_maker"},
                    args->who);
  };
  CLI::App* edit = cmd->add_subcommand(
      "edit", T(ctx, {"Correct a case; the previous values are kept in its history",
                      "Corriger un dossier ; les valeurs précédentes restent dans son historique"}));
  case_arg(edit);
  edit->add_option("--set", args->sets,
                   T(ctx, {"field=value (API field names; lists separated by |; empty clears)",
                           "champ=valeur (noms de champs de l’API ; listes séparées par | ; vide "
                           "efface)"}))
      ->required();
  edit->add_option("--reason", args->reason,
                   T(ctx, {"Why (required for status, dates, sex, citizenship)",
                           "Pourquoi (obligatoire pour statut, dates, sexe, nationalité)"}));
  edit->add_option("--decision", args->decision,
                   T(ctx, {"The decision that justifies a new status",
                           "La décision qui justifie un nouveau statut"}));
  edit->callback([&ctx, args] { FinishGated(ctx, Edit(ctx, *args)); });

  CLI::App* history = cmd->add_subcommand(
      "history", T(ctx, {"The versions of a case, oldest first", "Les versions d’un dossier, de la plus ancienne à la plus récente"}));
  case_arg(history);
  history->add_option("--purpose", args->purpose,
                      T(ctx, {"Show identifier values (the read is audited with this purpose)",
                              "Montrer les identifiants (lecture journalisée avec cette finalité)"}));
  history->callback([&ctx, args] { FinishGated(ctx, History(ctx, *args)); });

  CLI::App* close = cmd->add_subcommand("close", T(ctx, {"Close a case", "Clore un dossier"}));
  case_arg(close);
  close->add_option("--reason", args->reason,
                    "moved_on | returned_home | lost_contact | deceased | transferred | not_a_victim")
      ->required();
  close->add_option("--date", args->date,
                    T(ctx, {"YYYY-MM-DD (default today)", "AAAA-MM-JJ (aujourd’hui par défaut)"}));
  close->callback([&ctx, args] { FinishGated(ctx, Close(ctx, *args, true)); });

  CLI::App* reopen = cmd->add_subcommand("reopen", T(ctx, {"Reopen a closed case", "Rouvrir un dossier clos"}));
  case_arg(reopen);
  reopen->add_option("--reason", args->reason, T(ctx, {"Why", "Pourquoi"}))->required();
  reopen->callback([&ctx, args] { FinishGated(ctx, Close(ctx, *args, false)); });

  CLI::App* assign = cmd->add_subcommand(
      "assign", T(ctx, {"Assign a case to a case worker of your organisation (kept in its history)",
                        "Attribuer un dossier à un chargé de dossier de votre organisation (inscrit "
                        "dans son historique)"}));
  assign->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  assign->add_option("USER", args->user,
                     T(ctx, {"The case worker's account name (\"\" takes the assignment away)",
                             "Le nom de compte du chargé de dossier (\"\" retire l’attribution)"}))
      ->required();
  AddActorOptions(assign, ctx, {"Role: case_worker", "Rôle : case_worker"}, args->who);
  assign->callback([&ctx, args] { FinishGated(ctx, Assign(ctx, *args)); });
}

}  // namespace case_command
PALERMO_REGISTER_COMMAND(case, 43, case_command::Setup);
}  // namespace palermo::cli
