// palermo demo: the main job on the bundled synthetic sample, in the current directory.
// Each stage is a named step in kSteps; later capabilities (linkage, estimation, report)
// append their own step to the list. Re-running is safe: the sample is regenerated with the
// same bytes and the import counts those rows as already present.
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "ingest/ingest.h"
#include "sample/sample.h"
#include "store/store.h"

namespace palermo::cli {
namespace {

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

}  // namespace
PALERMO_REGISTER_COMMAND(demo, 5, Setup);
}  // namespace palermo::cli
