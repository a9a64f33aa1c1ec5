// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo import: reads agency files through a mapping into the store (src/ingest/ingest.h).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "ingest/ingest.h"
#include "ingest/messages.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace import_command {

struct ImportArgs {
  std::string mapping;
  std::vector<std::string> files;
  int64_t batch_rows = 50000;
};

// A bar on stderr, only when stderr is a terminal; it shows progress, never content.
std::function<void(uint64_t, uint64_t)> ProgressBar(const Context& ctx, const std::string& file) {
  if (ctx.quiet || !isatty(STDERR_FILENO)) return nullptr;
  return [file](uint64_t done, uint64_t total) {
    const int width = 30;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::cerr << "\r" << file << " [" << std::string(static_cast<size_t>(filled), '#')
              << std::string(static_cast<size_t>(width - filled), ' ') << "] "
              << (total ? 100 * done / total : 100) << "%" << std::flush;
  };
}

void Run(Context& ctx, const ImportArgs& args) {
  Result<ingest::Mapping> mapping = ingest::LoadMapping(args.mapping);
  if (!mapping.ok())
    return ctx.Finish(Status(mapping.status().code(),
                             ingest::LocalizeLimitMessage(mapping.status().message(), ctx.lang)));
  ingest::RegisterIngestMigrations();
  store::StoreOptions options;
  options.url = ctx.db_url;
  options.key_file = ctx.KeyFilePath();
  Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
  if (!store.ok()) return ctx.Finish(store.status());

  Status first_error;
  bool any_quarantined = false;
  for (const std::string& file : args.files) {
    ingest::ImportOptions import_options;
    import_options.batch_rows = args.batch_rows;
    const std::string base = std::filesystem::path(file).filename().string();
    import_options.progress = ProgressBar(ctx, base);
    Result<ingest::FileReport> report = ingest::ImportFile(**store, *mapping, file, import_options);
    if (import_options.progress) std::cerr << "\r" << std::string(base.size() + 40, ' ') << "\r";
    if (!report.ok()) {
      if (first_error.ok())
        first_error = report.status();
      else
        ctx.Finish(report.status());  // print it; the first error decides the exit code
      continue;
    }
    any_quarantined = any_quarantined || report->quarantined > 0;
    if (!ctx.quiet) std::cout << ingest::FormatReport(*report, ctx.lang);
  }
  ctx.Finish(first_error);
  if (first_error.ok() && any_quarantined) {
    if (!ctx.quiet)
      std::cout << T(ctx,
                     {"Some rows were quarantined: see `palermo quarantine list`.",
                      "Des lignes ont été mises en quarantaine : voir `palermo quarantine list`."})
                << "\n";
    ctx.exit_code = kExitPartial;
  }
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      T(ctx, {"Import agency case files (CSV or HTCDS JSON) through a mapping",
              "Importer des fichiers de cas d'une agence (CSV ou JSON HTCDS) via un mapping"}));
  cmd->add_option("--mapping", args->mapping,
                  T(ctx, {"Mapping file of the agency (JSON, see docs/ingest.md)",
                          "Fichier de mapping de l'agence (JSON, voir docs/ingest.md)"}))
      ->required();
  cmd->add_option("files", args->files, T(ctx, {"Files to import", "Fichiers à importer"}))
      ->required();
  cmd->add_option(
      "--batch-rows", args->batch_rows,
      T(ctx, {"Rows per transaction (default 5000)", "Lignes par transaction (5000 par défaut)"}));
  cmd->footer(
      T(ctx, {"Exit codes: 0 all rows imported or already present; 9 some rows quarantined; "
              "3 a whole file is invalid (nothing of it imported).",
              "Codes de sortie : 0 toutes les lignes importées ou déjà présentes ; 9 des lignes en "
              "quarantaine ; 3 un fichier entier est invalide (rien n'en est importé)."}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace import_command
PALERMO_REGISTER_COMMAND(import, 20, import_command::Setup);
}  // namespace palermo::cli
