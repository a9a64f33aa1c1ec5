// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo demo: the main job on the bundled synthetic sample, in the current directory.
// Each stage is a named step in kSteps; later capabilities (linkage, estimation, report)
// append their own step to the list. Re-running is safe: the sample is regenerated with the
// same bytes and the import counts those rows as already present.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/command.h"
#include "cli/persons_command.h"
#include "cli/report_command.h"
#include "estimate/estimate.h"
#include "ingest/ingest.h"
#include "persons/persons.h"
#include "sample/sample.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace demo_command {

namespace fs = std::filesystem;

struct DemoArgs {
  int people = 3000;
  uint64_t seed = 20240730;
};

// What the steps share. Later steps read what earlier ones left here.
struct DemoState {
  DemoState(Context& c, DemoArgs a) : ctx(c), args(a) {}
  Context& ctx;
  DemoArgs args;
  fs::path sample_dir = "sample";
  store::StoreOptions store_options;
  std::unique_ptr<store::Store> store;
  std::vector<ingest::FileReport> imports;
  fs::path persons_csv = "persons.csv";
  fs::path estimate_json = "estimate.json";
  int year = 0;  // the reporting year
};

struct DemoStep {
  const char* name;
  Msg title;
  std::function<Status(DemoState&)> run;
};

Status GenerateSampleStep(DemoState& s) {
  sample::SampleOptions options;
  options.people = s.args.people;
  options.seed = s.args.seed;
  PALERMO_ASSIGN_OR_RETURN(sample::SampleSummary summary,
                           sample::GenerateSample(s.sample_dir, options));
  if (!s.ctx.quiet)
    std::cout
        << "  "
        << palermo::Format(
               {"{people} people, {rows} rows in {lists} agency lists in ./sample/",
                "{people} personnes, {rows} lignes dans {lists} listes d'agences dans ./sample/"},
               s.ctx.lang,
               {{"people", static_cast<int64_t>(summary.people)},
                {"rows", summary.total_rows},
                {"lists", static_cast<int64_t>(summary.rows_per_agency.size())}})
        << "\n";
  return Status::Ok();
}

Status OpenStoreStep(DemoState& s) {
  ingest::RegisterIngestMigrations();
  persons::RegisterMigrations();
  s.store_options.url = "demo.db";
  s.store_options.key_file = "demo.db.key";
  if (!fs::exists("demo.db") && !fs::exists("demo.db.key")) {
    PALERMO_RETURN_IF_ERROR(store::Store::Init(s.store_options));
    if (!s.ctx.quiet)
      std::cout << "  "
                << T(s.ctx, {"created demo.db and its key demo.db.key",
                             "demo.db et sa clé demo.db.key créées"})
                << "\n";
  }
  PALERMO_ASSIGN_OR_RETURN(s.store, store::Store::Open(s.store_options));
  return Status::Ok();
}

Status ImportStep(DemoState& s) {
  for (const std::string& agency : sample::SampleAgencies()) {
    PALERMO_ASSIGN_OR_RETURN(ingest::Mapping mapping,
                             ingest::LoadMapping(s.sample_dir / "mappings" / (agency + ".json")));
    PALERMO_ASSIGN_OR_RETURN(
        ingest::FileReport report,
        ingest::ImportFile(*s.store, mapping, s.sample_dir / (agency + ".csv"), {}));
    if (!s.ctx.quiet) std::cout << ingest::FormatReport(report, s.ctx.lang);
    s.imports.push_back(std::move(report));
  }
  int64_t read = 0, imported = 0, present = 0, quarantined = 0;
  for (const ingest::FileReport& r : s.imports) {
    read += r.rows_read;
    imported += r.imported;
    present += r.already_present;
    quarantined += r.quarantined;
  }
  if (!s.ctx.quiet)
    std::cout << palermo::Format({"  total: {read} rows read, {imported} imported, {present} "
                                  "already present, {q} quarantined",
                                  "  total : {read} lignes lues, {imported} importées, {present} "
                                  "déjà présentes, {q} en quarantaine"},
                                 s.ctx.lang,
                                 {{"read", read},
                                  {"imported", imported},
                                  {"present", present},
                                  {"q", quarantined}})
              << "\n";
  return Status::Ok();
}

// Pair precision/recall of the linkage against the generator's truth.csv. Only the demo can
// do this: real lists have no truth.
struct PairAccuracy {
  int64_t true_pairs = 0;
  int64_t found_pairs = 0;
  int64_t correct_pairs = 0;
};

Result<PairAccuracy> ScoreAgainstTruth(const fs::path& truth_csv,
                                       const std::map<std::string, uint32_t>& cluster_of_record) {
  PALERMO_ASSIGN_OR_RETURN(CsvTable truth, ReadCsvFile(truth_csv));
  const auto file_col = truth.FindColumn("file");
  const auto id_col = truth.FindColumn("record_id");
  const auto person_col = truth.FindColumn("person_id");
  if (!file_col || !id_col || !person_col)
    return Status::InvalidArgument("truth.csv: expected columns file,record_id,person_id");
  // Count pairs by grouping: sum over groups of n(n-1)/2.
  std::map<std::string, int64_t> by_person;
  std::map<uint32_t, int64_t> by_cluster;
  std::map<std::pair<std::string, uint32_t>, int64_t> by_both;
  for (const auto& row : truth.rows) {
    auto it = cluster_of_record.find(row[*file_col] + '\x1f' + row[*id_col]);
    if (it == cluster_of_record.end()) continue;  // quarantined rows were never linked
    ++by_person[row[*person_col]];
    ++by_cluster[it->second];
    ++by_both[{row[*person_col], it->second}];
  }
  auto pairs = [](int64_t n) { return n * (n - 1) / 2; };
  PairAccuracy a;
  for (const auto& [k, n] : by_person) a.true_pairs += pairs(n);
  for (const auto& [k, n] : by_cluster) a.found_pairs += pairs(n);
  for (const auto& [k, n] : by_both) a.correct_pairs += pairs(n);
  return a;
}

// Links the imported cases in the database (never the sample files, which could be deleted
// after the import without changing a figure) and scores the persons against the sample's truth.
Status LinkStep(DemoState& s) {
  StoreLinkArgs args;
  args.run.link.threads = 2;
  args.user = "demo";
  Context link_ctx = s.ctx;
  link_ctx.db_url = s.store_options.url;
  link_ctx.key_file = s.store_options.key_file;
  link_ctx.quiet = true;
  persons::RunSummary summary;
  PALERMO_RETURN_IF_ERROR(LinkFromStore(args, link_ctx, &summary));
  PALERMO_ASSIGN_OR_RETURN(auto tx, s.store->BeginRead(store::Actor{"demo", "", "analyst"}));
  PALERMO_ASSIGN_OR_RETURN(std::vector<persons::Assignment> assignments,
                           persons::ListAssignments(*tx));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  std::ofstream file(s.persons_csv, std::ios::binary);
  file << persons::PersonsCsv(assignments);
  if (!file.flush()) return Status::Unavailable("cannot write " + s.persons_csv.string());
  std::map<std::string, uint32_t> person_of_record;
  for (const persons::Assignment& a : assignments)
    person_of_record[a.agency + '\x1f' + a.local_id] = static_cast<uint32_t>(a.person_id);
  PALERMO_ASSIGN_OR_RETURN(PairAccuracy accuracy,
                           ScoreAgainstTruth(s.sample_dir / "truth.csv", person_of_record));
  if (!s.ctx.quiet) {
    const double precision =
        accuracy.found_pairs ? double(accuracy.correct_pairs) / double(accuracy.found_pairs) : 1.0;
    const double recall =
        accuracy.true_pairs ? double(accuracy.correct_pairs) / double(accuracy.true_pairs) : 1.0;
    std::cout << "  "
              << Format({"{records} cases in the database form {persons} presumed distinct "
                         "persons; {review} uncertain pairs left for a person to review -> {file}",
                         "{records} cas de la base forment {persons} personnes présumées "
                         "distinctes ; {review} paires incertaines à examiner par une personne -> "
                         "{file}"},
                        s.ctx.lang,
                        {{"records", summary.cases},
                         {"persons", summary.persons},
                         {"review", static_cast<int64_t>(summary.review.size())},
                         {"file", s.persons_csv.string()}})
              << "\n  "
              << Format({"against the sample's known truth: pair precision {p}, recall {r}",
                         "comparé à la vérité connue de l'échantillon : précision {p}, rappel {r} "
                         "(paires)"},
                        s.ctx.lang,
                        {{"p", FormatNumber(precision, s.ctx.lang, 3)},
                         {"r", FormatNumber(recall, s.ctx.lang, 3)}})
              << "\n";
  }
  return Status::Ok();
}

// The reporting year: the latest identification year in the database (each year is one
// reporting period).
Result<int> LatestYear(DemoState& s) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, s.store->BeginRead(store::Actor{"demo", "", "analyst"}));
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases,
                           tx->ListCases("", /*with_identifiers=*/false, "national report"));
  int year = 0;
  for (const CaseRecord& c : cases)
    if (c.identification_date) year = std::max(year, c.identification_date->year());
  if (year == 0) return Status::FailedPrecondition("no case has an identification date");
  return year;
}

// The hidden total for the reporting year, from the database's persons.
Status EstimateStep(DemoState& s) {
  PALERMO_ASSIGN_OR_RETURN(s.year, LatestYear(s));
  PALERMO_ASSIGN_OR_RETURN(auto tx, s.store->BeginRead(store::Actor{"demo", "", "analyst"}));
  PALERMO_ASSIGN_OR_RETURN(persons::StatisticsInput in, persons::LoadPersons(*tx));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  PALERMO_ASSIGN_OR_RETURN(estimate::CaptureTable table,
                           persons::CaptureHistories(in.persons, s.year, "", s.ctx.lang));
  estimate::EstimateOptions options;
  options.method = estimate::Method::kStepwise;
  PALERMO_ASSIGN_OR_RETURN(estimate::StratifiedEstimate result,
                           estimate::EstimateByStratum(table, options));
  std::ofstream file(s.estimate_json, std::ios::binary);
  file << EstimateJsonWithPeriod(estimate::ToJson(result, table.list_names), s.year);
  if (!file.flush()) return Status::Unavailable("cannot write " + s.estimate_json.string());
  if (!s.ctx.quiet) {
    const estimate::Estimate& e = result.overall;
    std::cout << "  "
              << Format({"{year}: {observed} persons first identified by at least one agency; "
                         "estimated total {total} (95% interval {low} to {high}), so about "
                         "{hidden} never identified -> {file}",
                         "{year} : {observed} personnes identifiées pour la première fois par au "
                         "moins une agence ; total estimé {total} (intervalle à 95 % de {low} à "
                         "{high}), soit environ {hidden} jamais identifiées -> {file}"},
                        s.ctx.lang,
                        {{"year", std::to_string(s.year)},
                         {"observed", e.observed},
                         {"total", FormatNumber(e.total, s.ctx.lang)},
                         {"low", FormatNumber(e.ci.low, s.ctx.lang)},
                         {"high", FormatNumber(e.ci.high, s.ctx.lang)},
                         {"hidden", FormatNumber(e.hidden, s.ctx.lang)},
                         {"file", s.estimate_json.string()}})
              << "\n";
  }
  return Status::Ok();
}

// The report for the reporting year, from the database's persons, with the year's estimate.
Status ReportStep(DemoState& s) {
  ReportArgs args;
  args.year = s.year;
  args.out = "report";
  args.estimate = s.estimate_json.string();
  Context report_ctx = s.ctx;
  report_ctx.db_url = s.store_options.url;
  report_ctx.key_file = s.store_options.key_file;
  PALERMO_RETURN_IF_ERROR(WriteNationalReport(args, report_ctx));
  return Status::Ok();
}

// The demo, in order. Append later stages here (linkage, estimation, report).
const std::vector<DemoStep>& Steps() {
  static const std::vector<DemoStep> steps = {
      {"sample",
       {"Generating the synthetic sample", "Génération de l'échantillon synthétique"},
       GenerateSampleStep},
      {"store",
       {"Opening the case database demo.db", "Ouverture de la base de cas demo.db"},
       OpenStoreStep},
      {"import", {"Importing the agencies' lists", "Import des listes des agences"}, ImportStep},
      {"link",
       {"Finding the same person among the database's cases",
        "Recherche des mêmes personnes parmi les cas de la base"},
       LinkStep},
      {"estimate",
       {"Estimating the reporting year's hidden total (Multiple Systems Estimation)",
        "Estimation du total caché de l'année du rapport (estimation par systèmes multiples)"},
       EstimateStep},
      {"report",
       {"Writing the national report with disclosure control",
        "Rédaction du rapport national avec contrôle de la divulgation"},
       ReportStep},
  };
  return steps;
}

void Run(Context& ctx, const DemoArgs& args) {
  DemoState state(ctx, args);
  int step_idx = 0;
  for (const DemoStep& step : Steps()) {
    ++step_idx;
    if (!ctx.quiet)
      std::cout << "[" << step_idx << "/" << Steps().size() << "] " << T(ctx, step.title) << "\n";
    Status s = step.run(state);
    if (!s.ok()) return ctx.Finish(s.WithContext(step.name));
  }
  ctx.Finish(Status::Ok());
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      T(ctx,
        {"Run the main job on the bundled synthetic sample (in the current directory)",
         "Exécuter la chaîne principale sur l'échantillon synthétique (dans le dossier courant)"}));
  cmd->add_option("--people", args->people,
                  T(ctx, {"Size of the synthetic population (default 3000)",
                          "Taille de la population synthétique (3000 par défaut)"}))
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", args->seed,
                  T(ctx, {"Random seed of the sample", "Graine aléatoire de l'échantillon"}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace demo_command
PALERMO_REGISTER_COMMAND(demo, 5, demo_command::Setup);
}  // namespace palermo::cli
