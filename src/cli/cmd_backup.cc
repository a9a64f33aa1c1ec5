// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo backup --out FILE | palermo restore FILE: encrypted backups (src/store/backup.h).
#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "store/backup.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace backup_command {

// Who runs the command, for the audit entry: $PALERMO_USER, else the system account.
store::Actor CliActor() {
  std::string user = "cli";
  if (const char* env = std::getenv("PALERMO_USER"); env && *env) {
    user = env;
  } else if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) {
    user = std::string("cli:") + pw->pw_name;
  }
  return store::Actor{user, "", "admin"};
}

struct Options {
  std::string out;
  std::string in;
};

void Setup(CLI::App& app, Context& ctx) {
  constexpr Msg kHelpFlag{"Print this help and exit", "Afficher cette aide et quitter"};
  auto options = std::make_shared<Options>();

  CLI::App* backup = app.add_subcommand(
      "backup", T(ctx, {"Write an encrypted backup of the database (the key file is not in it)",
                        "Écrire une sauvegarde chiffrée de la base (le fichier de clé n’y est "
                        "pas)"}));
  backup->set_help_flag("-h,--help", T(ctx, kHelpFlag));
  backup
      ->add_option("--out", options->out,
                   T(ctx, {"Backup file to write (mode 0600)",
                           "Fichier de sauvegarde à écrire (mode 0600)"}))
      ->required();
  backup->callback([&ctx, options] {
    const store::StoreOptions store_options{.url = ctx.db_url, .key_file = ctx.KeyFilePath()};
    std::error_code ec;
    if (!std::filesystem::exists(store_options.key_file, ec) &&
        !std::filesystem::exists(store_options.key_file + ".next", ec)) {
      constexpr Msg kNoKey{
          "key file {key} not found; give the key of the database with --key",
          "fichier de clé {key} introuvable ; indiquez la clé de la base avec --key"};
      return ctx.Finish(Status::FailedPrecondition(
          Format(kNoKey, ctx.lang, {{"key", store_options.key_file}})));
    }
    Result<store::BackupInfo> info =
        store::Backup(store_options, options->out, CliActor(), ctx.lang);
    if (info.ok() && !ctx.quiet) {
      constexpr Msg kDone{
          "Backup written to {out} ({bytes} bytes, {engine}, store {store}, audit log up to "
          "entry {seq}). It is encrypted under the database key: keep the key file apart from "
          "it; without the key nobody can restore it.",
          "Sauvegarde écrite dans {out} ({bytes} octets, {engine}, base {store}, journal "
          "d’audit jusqu’à l’entrée {seq}). Elle est chiffrée sous la clé de la base : gardez le "
          "fichier de clé ailleurs ; sans la clé personne ne peut la restaurer."};
      std::cout << Format(kDone, ctx.lang,
                          {{"out", options->out},
                           {"bytes", info->bytes},
                           {"engine", info->engine},
                           {"store", info->store_id},
                           {"seq", info->audit_seq}})
                << "\n";
    }
    ctx.Finish(info.status());
  });

  CLI::App* restore = app.add_subcommand(
      "restore", T(ctx, {"Restore a backup into an empty database, then verify its audit log",
                         "Restaurer une sauvegarde dans une base vide, puis vérifier son journal "
                         "d’audit"}));
  restore->set_help_flag("-h,--help", T(ctx, kHelpFlag));
  restore
      ->add_option("file", options->in,
                   T(ctx, {"Backup file written by palermo backup",
                           "Fichier de sauvegarde écrit par palermo backup"}))
      ->required();
  restore->callback([&ctx, options] {
    const store::StoreOptions store_options{.url = ctx.db_url, .key_file = ctx.KeyFilePath()};
    Result<store::BackupInfo> info =
        store::Restore(store_options, options->in, CliActor(), ctx.lang);
    if (info.ok() && !ctx.quiet) {
      constexpr Msg kDone{
          "Restored the backup taken {at} (store {store}) into {db}; audit log verified up to "
          "entry {seq}, and the restore recorded after it.",
          "Sauvegarde du {at} (base {store}) restaurée dans {db} ; journal d’audit vérifié "
          "jusqu’à l’entrée {seq}, et la restauration enregistrée à la suite."};
      std::cout << Format(kDone, ctx.lang,
                          {{"at", info->created_at},
                           {"store", info->store_id},
                           {"db", store::RedactUrl(ctx.db_url)},
                           {"seq", info->audit_seq}})
                << "\n";
    }
    ctx.Finish(info.status());
  });
}

}  // namespace backup_command
PALERMO_REGISTER_COMMAND(backup, 86, backup_command::Setup);
}  // namespace palermo::cli
