// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo export: cases out in the HTCDS JSON or CTDC CSV layout (src/ingest/ingest.h), or
// the national report's disclosure-controlled tables of a year as an HXL CSV (--format hxl:
// aggregated counts only, built and protected exactly as `palermo report` does).
#include <iostream>
#include <memory>
#include <string>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "exchange/exchange.h"
#include "cli/report_command.h"
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
  int year = 0;             // --format hxl only
  int64_t threshold = 5;    // --format hxl: as `palermo report --threshold`
  int rounding = 0;         // --format hxl: as `palermo report --rounding`
};

// --format hxl: the report's release (same persons, tables and disclosure control) written as
// one HXL CSV. Aggregated counts only, so identifiers are refused outright.
void RunHxl(Context& ctx, const ExportArgs& args) {
  if (args.with_identifiers)
    return ctx.Finish(Status::InvalidArgument(
        T(ctx, {"the HXL export holds aggregated, disclosure-controlled counts only and never identifiers; "
                "drop --with-identifiers",
                "l'export HXL ne contient que des effectifs agrégés et protégés, jamais d'identifiants ; "
                "retirez --with-identifiers"})));
  if (args.year == 0)
    return ctx.Finish(Status::InvalidArgument(
        T(ctx, {"--format hxl needs --year (the reporting year of the tables)",
                "--format hxl exige --year (l'année des tableaux)"})));
  ReportArgs report;
  report.year = args.year;
  report.threshold = args.threshold;
  report.rounding = args.rounding;
  report.hxl_out = args.out;
  ctx.Finish(WriteNationalReport(report, ctx));
}

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
  if (args.format == "hxl") return RunHxl(ctx, args);
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
  // Case records a partner sent under H2/H3 (or whose consent it reported withdrawn) are not
  // passed on; the CTDC layout is statistical (no case record, no identifier) and keeps them.
  std::set<CaseId> held_back;
  if (args.format == "htcds-json") {
    Result<std::set<CaseId>> held = exchange::CasesHeldBack(**store);
    if (!held.ok()) return ctx.Finish(held.status());
    held_back = std::move(*held);
  }
  Result<int64_t> written =
      args.format == "ctdc-csv"
          ? ingest::ExportCtdcCsv(**store, args.out)
          : ingest::ExportHtcdsJson(**store, args.out, args.with_identifiers, args.purpose,
                                    held_back);
  if (!written.ok()) return ctx.Finish(written.status());
  if (!held_back.empty() && !ctx.quiet)
    std::cerr << palermo::Format(
                     {"{n, plural, one {# case} other {# cases}} received from partners under "
                      "handling code H2/H3 or with consent withdrawn left out",
                      "{n, plural, one {# dossier reçu} other {# dossiers reçus}} de partenaires "
                      "sous code de traitement H2/H3 ou avec consentement retiré {n, plural, one "
                      "{laissé} other {laissés}} de côté"},
                     ctx.lang, {{"n", static_cast<int64_t>(held_back.size())}})
              << "\n";
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
      app.add_subcommand("export", T(ctx, {"Export cases as HTCDS JSON or CTDC CSV, or the report's tables as HXL",
                                           "Exporter les cas en JSON HTCDS ou CSV CTDC, ou les tableaux du rapport en HXL"}));
  cmd->add_option("--format", args->format, "htcds-json | ctdc-csv | hxl")
      ->required()
      ->check(CLI::IsMember({"htcds-json", "ctdc-csv", "hxl"}));
  cmd->add_option("--year", args->year,
                  T(ctx, {"With --format hxl: reporting year of the tables", "Avec --format hxl : année des tableaux"}))
      ->check(CLI::Range(1900, 2200));
  cmd->add_option("--threshold", args->threshold,
                  T(ctx, {"With --format hxl: smallest count published, as palermo report (default 5)",
                          "Avec --format hxl : plus petit effectif publié, comme palermo report (5 par défaut)"}))
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  cmd->add_option("--rounding", args->rounding,
                  T(ctx, {"With --format hxl: round counts to base 3 or 5, as palermo report",
                          "Avec --format hxl : arrondir les effectifs en base 3 ou 5, comme palermo report"}))
      ->check(CLI::IsMember({0, 3, 5}));
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
