// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo audit verify | list: checks and shows the hash-chained audit log.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace audit_command {

Result<std::unique_ptr<store::Store>> OpenStoreWithKey(const Context& ctx) {
  const store::StoreOptions options{.url = ctx.db_url, .key_file = ctx.KeyFilePath()};
  std::error_code ec;
  if (!std::filesystem::exists(options.key_file, ec) &&
      !std::filesystem::exists(options.key_file + ".next", ec)) {
    constexpr Msg kNoKey{
        "key file {key} not found; run `palermo init` to create the key and the database, or "
        "give the key with --key",
        "fichier de clé {key} introuvable ; lancez `palermo init` pour créer la clé et la base, "
        "ou indiquez la clé avec --key"};
    return Status::FailedPrecondition(Format(kNoKey, ctx.lang, {{"key", options.key_file}}));
  }
  return store::Store::Open(options);
}

struct ListOptions {
  int64_t from = 1;
  int64_t limit = 100;
};

void Setup(CLI::App& app, Context& ctx) {
  constexpr Msg kHelpFlag{"Print this help and exit", "Afficher cette aide et quitter"};
  CLI::App* audit = app.add_subcommand(
      "audit", T(ctx, {"Check or show the audit log", "Vérifier ou afficher le journal d’audit"}));
  audit->require_subcommand(1);

  CLI::App* verify = audit->add_subcommand(
      "verify", T(ctx, {"Check the hash chain of the audit log (exit 7 if it was tampered with)",
                        "Vérifier la chaîne de hachage du journal d’audit (code 7 s’il a été "
                        "altéré)"}));
  verify->set_help_flag("-h,--help", T(ctx, kHelpFlag));
  verify->callback([&ctx] {
    Result<std::unique_ptr<store::Store>> store = OpenStoreWithKey(ctx);
    if (!store.ok()) return ctx.Finish(store.status());
    const Status verified = (*store)->VerifyAudit();
    if (verified.code() == StatusCode::kDataLoss) {
      constexpr Msg kTampered{"the audit log was tampered with: {what}",
                              "le journal d’audit a été altéré : {what}"};
      return ctx.Finish(
          Status::DataLoss(Format(kTampered, ctx.lang, {{"what", verified.message()}})));
    }
    if (!verified.ok()) return ctx.Finish(verified);
    Result<store::AuditEntry> head = (*store)->AuditHead();
    if (!head.ok()) return ctx.Finish(head.status());
    if (!ctx.quiet) {
      constexpr Msg kIntact{
          "Audit log intact: {n, plural, one {# entry} other {# entries}}; chain head {hash}",
          "Journal d’audit intact : {n, plural, one {# entrée} other {# entrées}} ; tête de "
          "chaîne {hash}"};
      std::cout << Format(kIntact, ctx.lang, {{"n", head->seq}, {"hash", head->hash}}) << "\n";
    }
    ctx.Finish(Status::Ok());
  });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = audit->add_subcommand(
      "list", T(ctx, {"Print audit entries in order", "Afficher les entrées du journal d’audit"}));
  list->set_help_flag("-h,--help", T(ctx, kHelpFlag));
  list->add_option("--from", list_options->from,
                   T(ctx, {"First entry number (default 1)",
                           "Numéro de la première entrée (1 par "
                           "défaut)"}));
  list->add_option("--limit", list_options->limit,
                   T(ctx, {"Number of entries (default 100)", "Nombre d’entrées (100 par défaut)"}))
      ->check(CLI::NonNegativeNumber);
  list->callback([&ctx, list_options] {
    Result<std::unique_ptr<store::Store>> store = OpenStoreWithKey(ctx);
    if (!store.ok()) return ctx.Finish(store.status());
    Result<std::vector<store::AuditEntry>> entries =
        (*store)->ReadAudit(list_options->from, list_options->limit);
    if (!entries.ok()) return ctx.Finish(entries.status());
    constexpr Msg kHeader{
        "seq\ttime\tuser\torganisation\trole\taction\tobject\tid\tpurpose\tdetail",
        "n°\theure\tutilisateur\torganisation\trôle\taction\tobjet\tid\tfinalité\t"
        "détail"};
    std::cout << T(ctx, kHeader) << "\n";
    for (const store::AuditEntry& e : *entries) {
      std::cout << e.seq << '\t' << e.at << '\t' << e.user << '\t' << e.organisation << '\t'
                << e.role << '\t' << e.action << '\t' << e.object_type << '\t' << e.object_id
                << '\t' << e.purpose << '\t' << e.detail << '\n';
    }
    ctx.Finish(Status::Ok());
  });
}

}  // namespace audit_command
PALERMO_REGISTER_COMMAND(audit, 80, audit_command::Setup);
}  // namespace palermo::cli
