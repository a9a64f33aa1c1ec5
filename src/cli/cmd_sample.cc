// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo sample: writes the deterministic multi-agency sample (examples/sample/sample.h).
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "sample/sample.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace sample_command {

struct SampleArgs {
  std::string out;
  int people = 3000;
  uint64_t seed = 20240730;
};

void Run(Context& ctx, const SampleArgs& args) {
  sample::SampleOptions options;
  options.people = args.people;
  options.seed = args.seed;
  Result<sample::SampleSummary> summary = sample::GenerateSample(args.out, options);
  if (!summary.ok()) return ctx.Finish(summary.status());
  if (!ctx.quiet)
    std::cout << palermo::Format({"{people} people, {observed} in at least one list, {rows} rows "
                                  "in {lists} lists written to {dir}",
                                  "{people} personnes, {observed} dans au moins une liste, {rows} "
                                  "lignes dans {lists} listes "
                                  "écrites dans {dir}"},
                                 ctx.lang,
                                 {{"people", static_cast<int64_t>(summary->people)},
                                  {"observed", static_cast<int64_t>(summary->observed_people)},
                                  {"rows", summary->total_rows},
                                  {"lists", static_cast<int64_t>(summary->rows_per_agency.size())},
                                  {"dir", args.out}})
              << "\n";
  ctx.Finish(Status::Ok());
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SampleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sample",
      T(ctx, {"Generate the synthetic multi-agency sample (deterministic for a seed)",
              "Générer l'échantillon synthétique multi-agences (déterministe pour une graine)"}));
  cmd->add_option("--out", args->out, T(ctx, {"Output directory", "Dossier de sortie"}))
      ->required();
  cmd->add_option("--people", args->people,
                  T(ctx, {"True population size (default 3000)",
                          "Taille de la population réelle (3000 par défaut)"}))
      ->check(CLI::Range(1, 50000000));
  cmd->add_option("--seed", args->seed, T(ctx, {"Random seed", "Graine aléatoire"}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace sample_command
PALERMO_REGISTER_COMMAND(sample, 90, sample_command::Setup);
}  // namespace palermo::cli
