// palermo export: cases out in the HTCDS JSON or CTDC CSV layout (src/ingest/ingest.h).
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace export_command {

struct ExportArgs {
  std::string format;
  std::string out;
  bool with_identifiers = false;
  std::string purpose;
};

void Run(Context& ctx, const ExportArgs& args) {
  if (args.format == "ctdc-csv" && args.with_identifiers)
    return ctx.Finish(Status::InvalidArgument(
        T(ctx, {"the CTDC layout never carries identifiers; drop --with-identifiers",
                "le format CTDC ne contient jamais d'identifiants ; retirez --with-identifiers"})));
  if (args.with_identifiers && args.purpose.empty())
    return ctx.Finish(Status::InvalidArgument(
        T(ctx, {"--with-identifiers needs --purpose \"…\" (the read is audited)",
                "--with-identifiers exige --purpose \"…\" (la lecture est journalisée)"})));
  ingest::RegisterIngestMigrations();
  store::StoreOptions options;
  options.url = ctx.db_url;
  options.key_file = ctx.KeyFilePath();
  Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<int64_t> written =
      args.format == "ctdc-csv"
          ? ingest::ExportCtdcCsv(**store, args.out)
          : ingest::ExportHtcdsJson(**store, args.out, args.with_identifiers, args.purpose);
  if (!written.ok()) return ctx.Finish(written.status());
  if (!ctx.quiet)
    std::cout << palermo::Format(
                     {"{n, plural, one {# case} other {# cases}} written to {file}",
                      "{n, plural, one {# cas écrit} other {# cas écrits}} dans {file}"},
                     ctx.lang, {{"n", *written}, {"file", args.out}})
              << "\n";
  ctx.Finish(Status::Ok());
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd =
      app.add_subcommand("export", T(ctx, {"Export cases as HTCDS JSON or CTDC CSV",
                                           "Exporter les cas en JSON HTCDS ou CSV CTDC"}));
  cmd->add_option("--format", args->format, "htcds-json | ctdc-csv")
      ->required()
      ->check(CLI::IsMember({"htcds-json", "ctdc-csv"}));
  cmd->add_option("--out", args->out, T(ctx, {"Output file", "Fichier de sortie"}))->required();
  cmd->add_flag(
      "--with-identifiers", args->with_identifiers,
      T(ctx, {"Include names, birth dates, documents (HTCDS only; audited)",
              "Inclure noms, dates de naissance, documents (HTCDS seulement ; journalisé)"}));
  cmd->add_option("--purpose", args->purpose,
                  T(ctx, {"Why identifiers are exported (recorded in the audit log)",
                          "Pourquoi les identifiants sont exportés (inscrit au journal d'audit)"}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace export_command
PALERMO_REGISTER_COMMAND(export, 22, export_command::Setup);
}  // namespace palermo::cli
