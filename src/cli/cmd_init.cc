// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo init: creates the encryption key file and the database with its schema.
#include <iostream>

#include "cli/command.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace init_command {

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd =
      app.add_subcommand("init", T(ctx, {"Create the encryption key file and the database",
                                         "Créer le fichier de clé de chiffrement et la base"}));
  cmd->callback([&ctx] {
    const store::StoreOptions options{.url = ctx.db_url, .key_file = ctx.KeyFilePath()};
    const Status status = store::Store::Init(options);
    if (status.ok() && !ctx.quiet) {
      constexpr Msg kCreated{
          "Created the key file {key} and the database {db}.\n"
          "Keep the key file safe, with a backup: without it nobody can read the identifiers "
          "in the database, and anyone holding both can.",
          "Fichier de clé {key} et base {db} créés.\n"
          "Gardez le fichier de clé en lieu sûr, avec une sauvegarde : sans lui personne ne peut "
          "lire les identifiants de la base, et quiconque détient les deux le peut."};
      std::cout << Format(kCreated, ctx.lang,
                          {{"key", options.key_file}, {"db", store::RedactUrl(options.url)}})
                << "\n";
    }
    ctx.Finish(status);
  });
}

}  // namespace init_command
PALERMO_REGISTER_COMMAND(init, 10, init_command::Setup);
}  // namespace palermo::cli
