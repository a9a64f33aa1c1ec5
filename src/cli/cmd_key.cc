// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo key rotate: moves every sealed value, blind index and audit hash to a new key.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace key_command {

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* key = app.add_subcommand(
      "key", T(ctx, {"Manage the encryption key", "Gérer la clé de chiffrement"}));
  key->require_subcommand(1);
  CLI::App* rotate = key->add_subcommand(
      "rotate", T(ctx, {"Re-encrypt everything under a new key and replace the key file",
                        "Rechiffrer tout sous une nouvelle clé et remplacer le fichier de clé"}));
  rotate->set_help_flag("-h,--help",
                        T(ctx, {"Print this help and exit", "Afficher cette aide et quitter"}));
  rotate->callback([&ctx] {
    const store::StoreOptions options{.url = ctx.db_url, .key_file = ctx.KeyFilePath()};
    std::error_code ec;
    if (!std::filesystem::exists(options.key_file, ec) &&
        !std::filesystem::exists(options.key_file + ".next", ec)) {
      constexpr Msg kNoKey{
          "key file {key} not found; run `palermo init` to create the key and the database, or "
          "give the key with --key",
          "fichier de clé {key} introuvable ; lancez `palermo init` pour créer la clé et la "
          "base, ou indiquez la clé avec --key"};
      return ctx.Finish(
          Status::FailedPrecondition(Format(kNoKey, ctx.lang, {{"key", options.key_file}})));
    }
    Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
    if (!store.ok()) return ctx.Finish(store.status());
    const Status rotated = (*store)->RotateKey();
    if (rotated.ok() && !ctx.quiet) {
      constexpr Msg kRotated{
          "Key rotated: {key} now holds the new key and the previous key no longer opens the "
          "database. Back up the new key file now.",
          "Clé renouvelée : {key} contient la nouvelle clé et l’ancienne n’ouvre plus la base. "
          "Sauvegardez dès maintenant le nouveau fichier de clé."};
      std::cout << Format(kRotated, ctx.lang, {{"key", options.key_file}}) << "\n";
    }
    ctx.Finish(rotated);
  });
}

}  // namespace key_command
PALERMO_REGISTER_COMMAND(key, 85, key_command::Setup);
}  // namespace palermo::cli
