// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo screen new|answer|show|decide CASE: victim identification screening with the ILO/EC
// 2009 indicators. The presumption is computed with its reasons; a person decides. Through the
// case-work flows (src/casework), the web app's: same gate, same refusals, same audit.
#include <iostream>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "screen/screen.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace screen_command {

const bool kMigrationsRegistered = [] {
  casework::RegisterMigrations();
  return true;
}();

// Every sub-command goes through the case-work gate, as on the web (src/casework): a case
// worker of the organisation that holds the case (--org) or a decision maker screens; an
// analyst may read.
constexpr Msg kRolesHelp{"Role: case_worker (or first_responder), decision_maker, analyst",
                         "Rôle : case_worker (ou first_responder), decision_maker, analyst"};

// The case's screening as the gate lets `who` see it; kNotFound when none was started.
Result<casework::ScreeningView> Screening(Context& ctx, store::Store& store,
                                          const casework::Principal& who, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(casework::ScreeningView view,
                           casework::LoadScreening(CliDesk(store), who, case_id, ctx.lang));
  if (!view.info) {
    return Status::NotFound(Format({"case {case} has no screening yet (palermo screen new)",
                                    "le dossier {case} n’a pas encore de repérage (palermo "
                                    "screen new)"},
                                   ctx.lang, {{"case", std::to_string(case_id)}}));
  }
  return view;
}

Status New(Context& ctx, const ActorOptions& options, CaseId case_id, const std::string& population,
           const std::string& exploitation) {
  std::optional<screen::Population> chosen;
  if (!population.empty()) {
    PALERMO_ASSIGN_OR_RETURN(chosen, screen::ParsePopulation(population));
  }
  PALERMO_ASSIGN_OR_RETURN(const screen::Exploitation form,
                           screen::ParseExploitation(exploitation));
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, options));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(
      casework::StartScreening(CliDesk(*store), who, case_id, ctx.lang, chosen, form));
  if (!ctx.quiet) {
    PALERMO_ASSIGN_OR_RETURN(const casework::ScreeningView view,
                             Screening(ctx, *store, who, case_id));
    PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, casework::Indicators());
    constexpr Msg kStarted{
        "Screening {id} started for case {case} ({population}, {form}) with {list} {version}.\n"
        "See the indicators with “palermo screen show {case} --indicators”; answer with "
        "“palermo screen answer {case} CODE=yes|no|unknown ...”.",
        "Repérage {id} commencé pour le dossier {case} ({population}, {form}) avec {list} "
        "{version}.\n"
        "Voir les indicateurs avec « palermo screen show {case} --indicators » ; répondre avec "
        "« palermo screen answer {case} CODE=oui|non|inconnu ... »."};
    std::cout << Format(kStarted, ctx.lang,
                        {{"id", std::to_string(view.info->id)},
                         {"case", std::to_string(case_id)},
                         {"population", std::string(screen::PopulationCode(view.info->population))},
                         {"form", std::string(screen::ExploitationCode(view.info->exploitation))},
                         {"list", list->name()},
                         {"version", list->version()}})
              << "\n";
  }
  return Status::Ok();
}

Status Answer(Context& ctx, const ActorOptions& options, CaseId case_id,
              const std::vector<std::string>& pairs, const std::string& note) {
  std::vector<screen::AnswerRecord> answers;
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos)
      return Status::InvalidArgument(
          Format({"“{p}”: expected CODE=yes|no|unknown", "« {p} » : CODE=oui|non|inconnu attendu"},
                 ctx.lang, {{"p", pair}}));
    PALERMO_ASSIGN_OR_RETURN(screen::Answer a, screen::ParseAnswer(pair.substr(eq + 1)));
    answers.push_back({pair.substr(0, eq), a});
  }
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, options));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(
      casework::SaveAnswers(CliDesk(*store), who, case_id, ctx.lang, answers, note));
  if (!ctx.quiet) {
    PALERMO_ASSIGN_OR_RETURN(const casework::ScreeningView view,
                             Screening(ctx, *store, who, case_id));
    constexpr Msg kRecorded{
        "{n, plural, one {# answer recorded} other {# answers recorded}}; now: {presumption}",
        "{n, plural, one {# réponse enregistrée} other {# réponses enregistrées}} ; à présent : "
        "{presumption}"};
    std::cout << Format(kRecorded, ctx.lang,
                        {{"n", static_cast<int64_t>(answers.size())},
                         {"presumption", view.result ? screen::PresumptionLabel(
                                                           view.result->presumption,
                                                           view.result->exploitation, ctx.lang)
                                                     : std::string("-")}})
              << "\n";
  }
  return Status::Ok();
}

Status Show(Context& ctx, const ActorOptions& options, CaseId case_id, bool indicators) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, options));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::ScreeningView view,
                           Screening(ctx, *store, who, case_id));
  PALERMO_ASSIGN_OR_RETURN(const screen::IndicatorList* list, casework::Indicators());
  const screen::ScreeningInfo& s = *view.info;
  if (!view.result) {
    return Status::FailedPrecondition(
        Format({"screening {id} was made with {list}, which this version does not bundle",
                "le repérage {id} a été fait avec {list}, que cette version ne fournit pas"},
               ctx.lang, {{"id", std::to_string(s.id)}, {"list", s.list_name}}));
  }
  std::cout << screen::DescribeResult(*view.result, *list, ctx.lang);
  auto answer_of = [&](const std::string& kind,
                       const std::string& code) -> const screen::StoredAnswer* {
    for (const screen::StoredAnswer& a : view.answers)
      if (a.kind == kind && a.code == code) return &a;
    return nullptr;
  };
  if (indicators) {
    std::cout << T(ctx, {"Indicators (code, strength, answer, label):",
                         "Indicateurs (code, force, réponse, libellé) :"})
              << "\n";
    for (const screen::Indicator* i : list->Set(s.population, s.exploitation)) {
      const screen::StoredAnswer* a = answer_of("trafficking", i->code);
      std::cout << "  " << i->code << "  " << screen::StrengthCode(i->strength) << "  "
                << (a ? screen::AnswerCode(a->answer) : "-") << "  " << i->Label(ctx.lang) << " ["
                << screen::DimensionLabel(i->dimension, ctx.lang) << "]\n";
    }
  }
  std::cout << T(ctx, {"ILO indicators of forced labour (checklist):",
                       "Indicateurs du travail forcé de l’OIT (liste) :"})
            << "\n";
  int present = 0;
  for (const screen::ForcedLabourIndicator& f : list->forced_labour()) {
    const screen::StoredAnswer* a = answer_of("forced_labour", f.code);
    if (a && a->answer == screen::Answer::kYes) ++present;
    if (indicators || a)
      std::cout << "  " << f.number << ". " << f.code << "  "
                << (a ? screen::AnswerCode(a->answer) : "-") << "  " << f.Label(ctx.lang) << "\n";
  }
  constexpr Msg kPresent{"{n} of 11 present", "{n} sur 11 présents"};
  std::cout << "  " << Format(kPresent, ctx.lang, {{"n", int64_t{present}}}) << "\n";
  for (const screen::Decision& d : view.decisions) {
    constexpr Msg kDecision{
        "Decision by {who} ({role}) on {at}: {decision} (presumption then: {p})",
        "Décision de {who} ({role}) le {at} : {decision} (présomption alors : {p})"};
    std::cout << Format(kDecision, ctx.lang,
                        {{"who", d.decided_by},
                         {"role", d.role},
                         {"at", d.decided_at},
                         {"decision", d.decision},
                         {"p", d.presumption_at_decision}})
              << "\n";
  }
  return Status::Ok();
}

Status Decide(Context& ctx, const ActorOptions& options, CaseId case_id,
              const std::string& decision, const std::string& note) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, options));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(
      casework::RecordDecision(CliDesk(*store), who, case_id, ctx.lang, decision, note));
  if (!ctx.quiet) {
    constexpr Msg kRecorded{"Decision “{d}” recorded for case {case}.",
                            "Décision « {d} » enregistrée pour le dossier {case}."};
    std::cout << Format(kRecorded, ctx.lang, {{"d", decision}, {"case", std::to_string(case_id)}})
              << "\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "screen", T(ctx, {"Victim identification screening (ILO/EC 2009 indicators)",
                        "Repérage des victimes (indicateurs OIT/CE 2009)"}));
  cmd->require_subcommand(1);
  struct Args {
    ActorOptions who;
    CaseId case_id = 0;
    std::string population, exploitation = "labour", note, decision;
    std::vector<std::string> pairs;
    bool indicators = false;
  };
  auto args = std::make_shared<Args>();
  const Msg kCase{"Case id", "Identifiant du dossier"};

  CLI::App* add = cmd->add_subcommand(
      "new", T(ctx, {"Start a screening of a case", "Commencer le repérage d’un dossier"}));
  add->add_option("CASE", args->case_id, T(ctx, kCase))->required();
  add->add_option("--population", args->population,
                  T(ctx, {"adult or child (default: from the recorded age)",
                          "adult ou child (par défaut : selon l’âge enregistré)"}));
  add->add_option("--exploitation", args->exploitation,
                  T(ctx, {"labour or sexual", "labour ou sexual"}));
  AddActorOptions(add, ctx, kRolesHelp, args->who);
  add->callback([&ctx, args] {
    FinishGated(ctx, New(ctx, args->who, args->case_id, args->population, args->exploitation));
  });

  CLI::App* answer =
      cmd->add_subcommand("answer", T(ctx, {"Record answers CODE=yes|no|unknown",
                                            "Enregistrer des réponses CODE=oui|non|inconnu"}));
  answer->add_option("CASE", args->case_id, T(ctx, kCase))->required();
  answer
      ->add_option("ANSWERS", args->pairs,
                   T(ctx, {"CODE=yes|no|unknown ...", "CODE=oui|non|inconnu ..."}))
      ->required();
  answer->add_option("--note", args->note,
                     T(ctx, {"Note (encrypted at rest)", "Note (chiffrée au repos)"}));
  AddActorOptions(answer, ctx, kRolesHelp, args->who);
  answer->callback([&ctx, args] {
    FinishGated(ctx, Answer(ctx, args->who, args->case_id, args->pairs, args->note));
  });

  CLI::App* show = cmd->add_subcommand("show", T(ctx, {"Show the presumption and its reasons",
                                                       "Afficher la présomption et ses motifs"}));
  show->add_option("CASE", args->case_id, T(ctx, kCase))->required();
  show->add_flag(
      "--indicators", args->indicators,
      T(ctx, {"List every indicator with its answer", "Lister chaque indicateur avec sa réponse"}));
  AddActorOptions(show, ctx, kRolesHelp, args->who);
  show->callback(
      [&ctx, args] { FinishGated(ctx, Show(ctx, args->who, args->case_id, args->indicators)); });

  CLI::App* decide = cmd->add_subcommand(
      "decide",
      T(ctx, {"Record a person’s decision (refer_to_nrm, identified, not_identified, "
              "needs_more_information)",
              "Enregistrer la décision d’une personne (refer_to_nrm, identified, not_identified, "
              "needs_more_information)"}));
  decide->add_option("CASE", args->case_id, T(ctx, kCase))->required();
  decide->add_option("DECISION", args->decision, T(ctx, {"The decision", "La décision"}))
      ->required();
  decide->add_option("--note", args->note,
                     T(ctx, {"Note (encrypted at rest)", "Note (chiffrée au repos)"}));
  AddActorOptions(decide, ctx, kRolesHelp, args->who);
  decide->callback([&ctx, args] {
    FinishGated(ctx, Decide(ctx, args->who, args->case_id, args->decision, args->note));
  });
}

}  // namespace screen_command
PALERMO_REGISTER_COMMAND(screen, 40, screen_command::Setup);
}  // namespace palermo::cli
