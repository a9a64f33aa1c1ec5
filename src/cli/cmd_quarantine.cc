// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo quarantine list|retry|resolve|dismiss: rows that failed validation at import
// (src/ingest/ingest.h).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/actor_options.h"
#include "cli/command.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace quarantine_command {

struct QuarantineArgs {
  int64_t id = 0;
  std::string reason;
  ActorOptions who;
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
  std::cout << T(ctx, {"id,file,line,field,reason,resolved,outcome,outcome_reason",
                       "id,fichier,ligne,champ,motif,résolu,issue,motif_issue"})
            << (args.show_raw ? ",raw" : "") << "\n";
  for (const store::QuarantineEntry& e : *entries) {
    std::cout << e.id << ',' << CsvEscape(e.source_file) << ',' << e.line << ','
              << CsvEscape(e.field) << ',' << CsvEscape(e.reason) << ','
              << (e.resolved ? T(ctx, {"yes", "oui"}) : T(ctx, {"no", "non"})) << ','
              << e.outcome << ',' << e.outcome_reason;
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

// resolve / dismiss: a person closes an entry with a reason code (store.h lists them).
void Close(Context& ctx, const QuarantineArgs& args, std::string_view outcome) {
  Result<std::unique_ptr<store::Store>> store = OpenQuarantineStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<std::unique_ptr<store::Transaction>> tx = (*store)->Begin(args.who.actor());
  if (!tx.ok()) return ctx.Finish(tx.status());
  Status closed = (*tx)->CloseQuarantine(args.id, outcome, args.reason);
  if (closed.ok()) closed = (*tx)->Commit();
  if (!closed.ok()) {
    constexpr Msg kUnknownReason{"unknown reason \"{reason}\"; one of: {codes}",
                                 "motif inconnu « {reason} » ; un de : {codes}"};
    if (closed.code() == StatusCode::kInvalidArgument)
      closed = Status::InvalidArgument(
          Format(kUnknownReason, ctx.lang,
                 {{"reason", args.reason}, {"codes", store::QuarantineReasonList(outcome)}}));
    return ctx.Finish(closed);
  }
  if (!ctx.quiet)
    std::cout << Format({"quarantine entry {id} {outcome, select, dismissed {dismissed} other "
                         "{resolved}} ({reason})",
                         "entrée de quarantaine {id} {outcome, select, dismissed {écartée} other "
                         "{résolue}} ({reason})"},
                        ctx.lang,
                        {{"id", std::to_string(args.id)},
                         {"outcome", std::string(outcome)},
                         {"reason", args.reason}})
              << "\n";
  ctx.Finish(Status::Ok());
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<QuarantineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "quarantine", T(ctx, {"List, retry, resolve or dismiss rows quarantined at import",
                            "Lister, réessayer, résoudre ou écarter les lignes mises en "
                            "quarantaine à l'import"}));
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
  const Msg kRoles{"Role of who acts (recorded)", "Rôle de qui agit (enregistré)"};
  CLI::App* resolve = cmd->add_subcommand(
      "resolve", T(ctx, {"Close an entry dealt with elsewhere (reason: entered_manually, "
                         "corrected_at_source)",
                         "Clore une entrée traitée ailleurs (motif : entered_manually, "
                         "corrected_at_source)"}));
  CLI::App* dismiss = cmd->add_subcommand(
      "dismiss", T(ctx, {"Close an entry that is not to be imported (reason: duplicate, "
                         "test_row, not_a_case, out_of_scope)",
                         "Clore une entrée à ne pas importer (motif : duplicate, test_row, "
                         "not_a_case, out_of_scope)"}));
  for (CLI::App* sub : {resolve, dismiss}) {
    sub->add_option("id", args->id, T(ctx, {"Quarantine entry id (palermo quarantine list)",
                                            "Id de l’entrée (palermo quarantine list)"}))
        ->required();
    sub->add_option("--reason", args->reason, T(ctx, {"Reason code", "Code du motif"}))
        ->required();
    AddActorOptions(sub, ctx, kRoles, args->who);
  }
  resolve->callback([&ctx, args] { Close(ctx, *args, "resolved"); });
  dismiss->callback([&ctx, args] { Close(ctx, *args, "dismissed"); });
}

}  // namespace quarantine_command
PALERMO_REGISTER_COMMAND(quarantine, 24, quarantine_command::Setup);
}  // namespace palermo::cli
