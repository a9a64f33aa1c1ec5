// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo export: cases out in the HTCDS JSON or CTDC CSV layout (src/ingest/ingest.h).
#include <iostream>
#include <memory>
#include <string>

#include "casework/casework.h"
#include "cli/actor_options.h"
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
  ActorOptions who;
};

// An export with identifiers reads every case's identifiers on behalf of a person: it passes
// the case-work gate like a read on the web. It covers every organisation's cases, so only a
// role whose scope is every case (decision_maker) may take it; a refusal is audited.
Status GateIdentifierExport(const Context& ctx, store::Store& store, const ActorOptions& as) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, as));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, casework::Action::kReadIdentifiers, "case", ""));
  if (casework::RoleIsOrganisationScoped(who.role)) {
    return gate.Deny(*tx, who, casework::Action::kReadIdentifiers, "case", "");
  }
  return tx->Commit();
}

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
  if (args.with_identifiers) {
    const Status allowed = GateIdentifierExport(ctx, **store, args.who);
    if (!allowed.ok()) return ctx.Finish(allowed);
  }
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
  AddActorOptions(cmd, ctx,
                  {"Role, with --with-identifiers: decision_maker",
                   "Rôle, avec --with-identifiers : decision_maker"},
                  args->who);
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace export_command
PALERMO_REGISTER_COMMAND(export, 22, export_command::Setup);
}  // namespace palermo::cli
