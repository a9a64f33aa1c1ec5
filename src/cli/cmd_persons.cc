// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo persons: the persons the linkage found among the database's cases.
//   palermo persons export --out persons.csv      (agency,local_id,person_id; no identifiers)
//   palermo persons show CASE_ID                  (the person's cases and why they are linked)
// And LinkFromStore (persons_command.h): `palermo link` without files.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/actor_options.h"
#include "cli/command.h"
#include "cli/persons_command.h"

namespace palermo::cli {

namespace {

Status WriteFile(const std::string& path, const std::string& text) {
  const std::string name = std::filesystem::path(path).filename().string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot write " + name);
  out << text;
  out.close();
  if (!out) return Status::Unavailable("cannot write " + name);
  return Status::Ok();
}

Result<CaseId> CaseOf(store::Transaction& tx, const std::string& agency,
                      const std::string& local_id) {
  PALERMO_ASSIGN_OR_RETURN(auto rows,
                           tx.Query("SELECT id FROM case_record WHERE agency = $1 AND local_id = $2",
                                    {agency, local_id}));
  if (rows.empty()) return Status::NotFound("");
  return std::get<int64_t>(rows[0][0]);
}

// file_a,record_id_a,file_b,record_id_b,decision, where file is the agency code (a file name
// "police.csv" is read as agency "police") and record_id the agency's local id. Errors name the
// line and column, never the id.
Status RecordDecisionsFile(store::Transaction& tx, const std::string& path, const std::string& user,
                           Lang lang, int64_t* recorded) {
  const std::string name = std::filesystem::path(path).filename().string();
  Result<CsvTable> table = ReadCsvFile(path);
  if (!table.ok()) return Status::NotFound(name + ": cannot read the file");
  const std::array<const char*, 5> names = {"file_a", "record_id_a", "file_b", "record_id_b",
                                            "decision"};
  std::array<size_t, 5> col{};
  for (size_t k = 0; k < names.size(); ++k) {
    const std::optional<size_t> c = table->FindColumn(names[k]);
    if (!c) return Status::InvalidArgument(name + " line 1: no column '" + names[k] + "'");
    col[k] = *c;
  }
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::string where = name + " line " + std::to_string(r + 2);
    const std::string_view decision = Trim(row[col[4]]);
    if (decision.empty()) continue;
    if (decision != "match" && decision != "non_match")
      return Status::InvalidArgument(where + ", decision: " +
                                     Format({"must be match or non_match",
                                             "doit valoir match ou non_match"},
                                            lang, {}));
    CaseId ids[2] = {0, 0};
    for (int side = 0; side < 2; ++side) {
      const std::string agency =
          std::filesystem::path(std::string(Trim(row[col[side * 2]]))).stem().string();
      Result<CaseId> id = CaseOf(tx, agency, std::string(Trim(row[col[side * 2 + 1]])));
      if (!id.ok())
        return Status::InvalidArgument(
            where + ", " + names[side * 2 + 1] + ": " +
            Format({"no case with this id in agency {agency}",
                    "aucun cas de cet identifiant dans l'organisme {agency}"},
                   lang, {{"agency", agency}}));
      ids[side] = *id;
    }
    PALERMO_RETURN_IF_ERROR(
        persons::RecordDecision(tx, ids[0], ids[1], decision == "match", user, "file"));
    ++*recorded;
  }
  return Status::Ok();
}

std::string ReviewCsv(store::Transaction& tx, const std::vector<persons::ReviewPair>& pairs) {
  std::map<CaseId, std::pair<std::string, std::string>> key;
  if (Result<std::vector<persons::Assignment>> all = persons::ListAssignments(tx); all.ok())
    for (const persons::Assignment& a : *all) key[a.case_id] = {a.agency, a.local_id};
  std::string out = "file_a,record_id_a,file_b,record_id_b,match_probability,linked,decision\n";
  char number[32];
  for (const persons::ReviewPair& p : pairs) {
    std::snprintf(number, sizeof(number), "%.6f", p.probability);
    out += CsvEscape(key[p.case_a].first) + ',' + CsvEscape(key[p.case_a].second) + ',' +
           CsvEscape(key[p.case_b].first) + ',' + CsvEscape(key[p.case_b].second) + ',' + number +
           ',' + (p.linked ? "yes" : "no") + ",\n";
  }
  return out;
}

std::string WhyFull(persons::FullReason why, Lang lang) {
  switch (why) {
    case persons::FullReason::kFirstRun:
      return Msg{"first run", "première fois"}.Get(lang);
    case persons::FullReason::kAsked:
      return Msg{"--full", "--full"}.Get(lang);
    case persons::FullReason::kDecision:
      return Msg{"a decision contradicts the current persons",
                 "une décision contredit les personnes actuelles"}
          .Get(lang);
    case persons::FullReason::kThresholds:
      return Msg{"thresholds changed", "seuils modifiés"}.Get(lang);
    case persons::FullReason::kNotFull:
      break;
  }
  return "";
}

}  // namespace

Status LinkFromStore(const StoreLinkArgs& args, Context& ctx, persons::RunSummary* out) {
  persons::RegisterMigrations();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, OpenStore(ctx));
  const store::Actor actor{args.user, "", args.role};
  int64_t recorded = 0;
  if (!args.decisions.empty()) {
    PALERMO_ASSIGN_OR_RETURN(auto tx, db->Begin(actor));
    PALERMO_RETURN_IF_ERROR(RecordDecisionsFile(*tx, args.decisions, args.user, ctx.lang, &recorded));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
  }
  persons::RunOptions run = args.run;
  run.lang = ctx.lang;
  const bool stages = isatty(STDERR_FILENO) && !ctx.quiet;
  if (!ctx.quiet)
    run.progress = [&ctx, stages, wait = run.lock_wait](std::string_view stage) {
      if (stage == "wait") {
        // Said even when stderr is not a terminal: the command seems to hang otherwise.
        constexpr Msg kWait{
            "palermo link: another linkage run is in progress; waiting for it (at most {s} s)",
            "palermo link : une autre mise en relation est en cours ; attente de sa fin (au plus "
            "{s} s)"};
        std::cerr
            << Format(
                   kWait, ctx.lang,
                   {{"s", int64_t{std::chrono::duration_cast<std::chrono::seconds>(wait).count()}}})
            << std::endl;
        return;
      }
      if (!stages) return;
      constexpr Msg kStage{"palermo link: {stage}...", "palermo link : {stage}..."};
      std::cerr << Format(kStage, ctx.lang, {{"stage", std::string(stage)}}) << std::endl;
    };
  PALERMO_ASSIGN_OR_RETURN(persons::RunSummary summary, persons::LinkStore(*db, actor, run));
  if (!args.review.empty()) {
    PALERMO_ASSIGN_OR_RETURN(auto tx, db->BeginRead(actor));
    PALERMO_RETURN_IF_ERROR(WriteFile(args.review, ReviewCsv(*tx, summary.review)));
  }
  if (!ctx.quiet) {
    if (recorded > 0)
      std::cout << Format({"{n, plural, one {# decision} other {# decisions}} recorded",
                           "{n, plural, one {# décision enregistrée} other {# décisions "
                           "enregistrées}}"},
                          ctx.lang, {{"n", recorded}})
                << "\n";
    if (summary.run_id == 0) {
      std::cout << Format({"No new or changed case since the last linkage: {persons, plural, one "
                           "{# person} other {# persons}} from {cases, plural, one {# case} other "
                           "{# cases}}, {review, plural, one {# pair} other {# pairs}} to review",
                           "Aucun cas nouveau ou modifié depuis la dernière mise en relation : "
                           "{persons, plural, one {# personne} other {# personnes}} pour {cases, "
                           "plural, one {# cas} other {# cas}}, {review, plural, one {# paire} "
                           "other {# paires}} à examiner"},
                          ctx.lang,
                          {{"persons", summary.persons},
                           {"cases", summary.cases},
                           {"review", static_cast<int64_t>(summary.review.size())}})
                << "\n";
    } else {
      const std::string mode =
          summary.full ? Format({"full run ({why})", "passage complet ({why})"}, ctx.lang,
                                {{"why", WhyFull(summary.why_full, ctx.lang)}})
                       : Msg{"incremental run", "passage incrémental"}.Get(ctx.lang);
      std::cout << Format({"Linkage {run} of the database, {mode}: {linked, plural, one {# case} "
                           "other {# cases}} linked of {cases}; {persons, plural, one {# person} "
                           "other {# persons}}; {review, plural, one {# pair} other {# pairs}} to "
                           "review",
                           "Mise en relation {run} de la base, {mode} : {linked, plural, one {# "
                           "cas relié} other {# cas reliés}} sur {cases} ; {persons, plural, one "
                           "{# personne} other {# personnes}} ; {review, plural, one {# paire} "
                           "other {# paires}} à examiner"},
                          ctx.lang,
                          {{"run", summary.run_id},
                           {"mode", mode},
                           {"linked", summary.linked_cases},
                           {"cases", summary.cases},
                           {"persons", summary.persons},
                           {"review", static_cast<int64_t>(summary.review.size())}})
                << "\n";
      if (summary.removed > 0)
        std::cout << "  "
                  << Format({"{n, plural, one {# case} other {# cases}} no longer in the database "
                             "left their person",
                             "{n, plural, one {# cas} other {# cas}} absent de la base ont quitté "
                             "leur personne"},
                            ctx.lang, {{"n", summary.removed}})
                  << "\n";
      if (summary.full)
        for (const std::string& line :
             DescribeModelNotes(summary.model, summary.date_columns, ctx.lang))
          std::cout << "  " << line << "\n";
    }
  }
  if (out) *out = std::move(summary);
  return Status::Ok();
}

Result<persons::StatisticsInput> PersonsFromStore(Context& ctx) {
  StoreLinkArgs link;
  link.run.link.threads = 2;
  Context quiet = ctx;
  quiet.quiet = true;
  persons::RunSummary summary;
  PALERMO_RETURN_IF_ERROR(LinkFromStore(link, quiet, &summary));
  if (summary.run_id != 0 && !ctx.quiet)
    std::cout << Format({"Linked {n, plural, one {# new or changed case} other {# new or changed "
                         "cases}} first (linkage run {run})",
                         "{n, plural, one {# cas nouveau ou modifié relié} other {# cas nouveaux "
                         "ou modifiés reliés}} d'abord (passage {run})"},
                        ctx.lang, {{"n", summary.linked_cases}, {"run", summary.run_id}})
              << "\n";
  persons::RegisterMigrations();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(auto tx, db->BeginRead(store::Actor{"cli", "", "analyst"}));
  return persons::LoadPersons(*tx);
}

std::string EstimateJsonWithPeriod(const std::string& json_text, int year) {
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(json_text);
  nlohmann::ordered_json out;
  out["year"] = year != 0 ? nlohmann::ordered_json(year) : nlohmann::ordered_json(nullptr);
  out["source"] = "database";
  for (const auto& [key, value] : j.items()) out[key] = value;
  return out.dump(2) + "\n";
}

namespace persons_command {

struct Args {
  std::string out;
  int64_t case_id = 0;
  ActorOptions who;
};

store::Actor ActorOf(const Args& args) {
  store::Actor actor = args.who.actor();
  if (actor.role.empty()) actor.role = "system";
  return actor;
}

Status Export(const Args& args, Context& ctx) {
  persons::RegisterMigrations();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(auto tx, db->BeginRead(ActorOf(args)));
  PALERMO_ASSIGN_OR_RETURN(std::vector<persons::Assignment> all, persons::ListAssignments(*tx));
  PALERMO_RETURN_IF_ERROR(WriteFile(args.out, persons::PersonsCsv(all)));
  PALERMO_RETURN_IF_ERROR(tx->Audit("export_persons", "persons", "", "", std::to_string(all.size()) + " cases"));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  int64_t unlinked = 0;
  for (const persons::Assignment& a : all) unlinked += a.person_id == 0;
  if (!ctx.quiet) {
    std::cout << Format({"{n, plural, one {# case} other {# cases}} with their person written to {file}",
                         "{n, plural, one {# cas} other {# cas}} avec leur personne écrits dans {file}"},
                        ctx.lang, {{"n", static_cast<int64_t>(all.size())}, {"file", args.out}})
              << "\n";
    if (unlinked > 0)
      std::cout << Format({"{n, plural, one {# case is} other {# cases are}} not linked yet (empty "
                           "person_id): run palermo link",
                           "{n, plural, one {# cas n'est} other {# cas ne sont}} pas encore "
                           "reliés (person_id vide) : lancez palermo link"},
                          ctx.lang, {{"n", unlinked}})
                << "\n";
  }
  return Status::Ok();
}

Status Show(const Args& args, Context& ctx) {
  persons::RegisterMigrations();
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(auto tx, db->BeginRead(ActorOf(args)));
  PALERMO_ASSIGN_OR_RETURN(persons::PersonView view, persons::ShowPerson(*tx, args.case_id));
  PALERMO_RETURN_IF_ERROR(
      tx->Audit("show_person", "person", std::to_string(view.person_id), "", ""));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  std::cout << Format({"Person {id}: {n, plural, one {# case} other {# cases}}",
                       "Personne {id} : {n, plural, one {# cas} other {# cas}}"},
                      ctx.lang,
                      {{"id", view.person_id}, {"n", static_cast<int64_t>(view.cases.size())}})
            << "\n";
  for (const persons::Assignment& a : view.cases)
    std::cout << "  " << Format({"case {id}: {agency} {local}", "cas {id} : {agency} {local}"},
                                ctx.lang,
                                {{"id", a.case_id}, {"agency", a.agency}, {"local", a.local_id}})
              << "\n";
  if (!view.evidence.empty())
    std::cout << T(ctx, {"Why they are one person:", "Pourquoi c'est une même personne :"}) << "\n";
  for (const persons::Evidence& e : view.evidence) {
    if (e.decided) {
      std::cout << "  "
                << Format({"cases {a} and {b}: decided the same person by a person",
                           "cas {a} et {b} : décidés même personne par une personne"},
                          ctx.lang, {{"a", e.case_a}, {"b", e.case_b}})
                << "\n";
      continue;
    }
    std::string levels;
    for (const auto& [field, level] : e.levels)
      levels += (levels.empty() ? "" : ", ") + field + " " + level;
    std::cout << "  "
              << Format({"cases {a} and {b}: match probability {p} (run {run}); {levels}",
                         "cas {a} et {b} : probabilité {p} (passage {run}) ; {levels}"},
                        ctx.lang,
                        {{"a", e.case_a},
                         {"b", e.case_b},
                         {"p", FormatNumber(e.probability, ctx.lang, 3)},
                         {"run", e.run_id},
                         {"levels", levels}})
              << "\n";
  }
  if (!view.history.empty())
    std::cout << T(ctx, {"History:", "Historique :"}) << "\n";
  for (const persons::PersonView::Change& c : view.history)
    std::cout << "  "
              << Format({"{at}: case {id} to person {person} (run {run})",
                         "{at} : cas {id} vers la personne {person} (passage {run})"},
                        ctx.lang,
                        {{"at", c.at}, {"id", c.case_id}, {"person", c.person_id}, {"run", c.run_id}})
              << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "persons", T(ctx, {"The persons found among the database's cases (palermo link)",
                         "Les personnes retrouvées parmi les cas de la base (palermo link)"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  CLI::App* exp = cmd->add_subcommand(
      "export", T(ctx, {"Write agency,local_id,person_id, one line per case (no identifiers)",
                        "Écrire agency,local_id,person_id, une ligne par cas (sans identifiants)"}));
  exp->add_option("--out", args->out, T(ctx, {"Output CSV", "CSV de sortie"}))->required();
  AddActorOptions(exp, ctx, {"Role (default system)", "Rôle (system par défaut)"}, args->who);
  exp->callback([args, &ctx] { ctx.Finish(Export(*args, ctx)); });
  CLI::App* show = cmd->add_subcommand(
      "show", T(ctx, {"List the cases of a case's person, with the evidence",
                      "Lister les cas de la personne d'un cas, avec les preuves"}));
  show->add_option("case_id", args->case_id, T(ctx, {"Case id", "Identifiant du cas"}))
      ->required()
      ->check(CLI::PositiveNumber);
  AddActorOptions(show, ctx, {"Role (default system)", "Rôle (system par défaut)"}, args->who);
  show->callback([args, &ctx] { ctx.Finish(Show(*args, ctx)); });
}

}  // namespace persons_command
PALERMO_REGISTER_COMMAND(persons, 35, persons_command::Setup);
}  // namespace palermo::cli
