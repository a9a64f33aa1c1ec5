// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo quarantine list|retry: rows that failed validation at import (src/ingest/ingest.h).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace quarantine_command {

struct QuarantineArgs {
  bool all = false;
  bool show_raw = false;
  std::string purpose;
  std::vector<std::string> mappings;
};

Result<std::unique_ptr<store::Store>> OpenQuarantineStore(const Context& ctx) {
  ingest::RegisterIngestMigrations();
  store::StoreOptions options;
  options.url = ctx.db_url;
  options.key_file = ctx.KeyFilePath();
  return store::Store::Open(options);
}

void List(Context& ctx, const QuarantineArgs& args) {
  if (args.show_raw && args.purpose.empty())
    return ctx.Finish(Status::InvalidArgument(T(
        ctx, {"--show-raw needs --purpose \"…\" (raw rows hold personal data; the read is audited)",
              "--show-raw exige --purpose \"…\" (les lignes brutes contiennent des données "
              "personnelles ; "
              "la lecture est journalisée)"})));
  Result<std::unique_ptr<store::Store>> store = OpenQuarantineStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  store::Actor actor{"cli", "", "system"};
  Result<std::unique_ptr<store::Transaction>> tx = (*store)->Begin(actor);
  if (!tx.ok()) return ctx.Finish(tx.status());
  if (args.show_raw) {
    Status audited = (*tx)->Audit("read_quarantine_raw", "quarantine", "", args.purpose, "");
    if (!audited.ok()) return ctx.Finish(audited);
  }
  Result<std::vector<store::QuarantineEntry>> entries =
      (*tx)->ListQuarantine(args.all, args.show_raw);
  if (!entries.ok()) return ctx.Finish(entries.status());
  Status committed = (*tx)->Commit();
  if (!committed.ok()) return ctx.Finish(committed);
  std::cout << T(ctx, {"id,file,line,field,reason,resolved", "id,fichier,ligne,champ,motif,résolu"})
            << (args.show_raw ? ",raw" : "") << "\n";
  for (const store::QuarantineEntry& e : *entries) {
    std::cout << e.id << ',' << CsvEscape(e.source_file) << ',' << e.line << ','
              << CsvEscape(e.field) << ',' << CsvEscape(e.reason) << ','
              << (e.resolved ? "yes" : "no");
    if (args.show_raw) std::cout << ',' << CsvEscape(e.raw);
    std::cout << "\n";
  }
  if (!ctx.quiet)
    std::cerr << palermo::Format({"{n, plural, one {# entry} other {# entries}}",
                                  "{n, plural, one {# entrée} other {# entrées}}"},
                                 ctx.lang, {{"n", static_cast<int64_t>(entries->size())}})
              << "\n";
  ctx.Finish(Status::Ok());
}

void Retry(Context& ctx, const QuarantineArgs& args) {
  std::vector<ingest::Mapping> mappings;
  for (const std::string& path : args.mappings) {
    Result<ingest::Mapping> m = ingest::LoadMapping(path);
    if (!m.ok()) return ctx.Finish(m.status());
    mappings.push_back(std::move(*m));
  }
  Result<std::unique_ptr<store::Store>> store = OpenQuarantineStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<ingest::RetryReport> report = ingest::RetryQuarantine(**store, mappings, {});
  if (!report.ok()) return ctx.Finish(report.status());
  if (!ctx.quiet)
    std::cout << palermo::Format({"{examined} examined, {imported} imported, {bad} still invalid, "
                                  "{nomap} without a mapping",
                                  "{examined} examinées, {imported} importées, {bad} toujours "
                                  "invalides, {nomap} sans mapping"},
                                 ctx.lang,
                                 {{"examined", report->examined},
                                  {"imported", report->imported},
                                  {"bad", report->still_bad},
                                  {"nomap", report->no_mapping}})
              << "\n";
  ctx.Finish(Status::Ok());
  if (report->still_bad + report->no_mapping > 0) ctx.exit_code = kExitPartial;
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<QuarantineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "quarantine", T(ctx, {"List or retry rows quarantined at import",
                            "Lister ou réessayer les lignes mises en quarantaine à l'import"}));
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand(
      "list", T(ctx, {"List quarantined rows (file, line, field, reason)",
                      "Lister les lignes en quarantaine (fichier, ligne, champ, motif)"}));
  list->add_flag("--all", args->all,
                 T(ctx, {"Include resolved entries", "Inclure les entrées résolues"}));
  list->add_flag("--show-raw", args->show_raw,
                 T(ctx, {"Also print the raw rows (personal data; needs --purpose; audited)",
                         "Afficher aussi les lignes brutes (données personnelles ; exige --purpose "
                         "; journalisé)"}));
  list->add_option("--purpose", args->purpose,
                   T(ctx, {"Why the raw rows are read", "Pourquoi les lignes brutes sont lues"}));
  list->callback([&ctx, args] { List(ctx, *args); });
  CLI::App* retry = cmd->add_subcommand(
      "retry", T(ctx, {"Re-validate unresolved rows and import those that now pass",
                       "Revalider les lignes non résolues et importer celles qui passent"}));
  retry->add_option(
      "--mapping", args->mappings,
      T(ctx, {"Corrected mapping(s); default: the last mapping imported per agency",
              "Mapping(s) corrigé(s) ; par défaut : le dernier mapping importé par agence"}));
  retry->callback([&ctx, args] { Retry(ctx, *args); });
}

}  // namespace quarantine_command
PALERMO_REGISTER_COMMAND(quarantine, 24, quarantine_command::Setup);
}  // namespace palermo::cli
