// SPDX-License-Identifier: AGPL-3.0-or-later
// The `palermo` command. Subcommands register themselves from src/cli/cmd_*.cc.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "cli/registry.h"

namespace palermo::cli {

std::vector<RegisteredCommand>& Registry() {
  static std::vector<RegisteredCommand> commands;
  return commands;
}

namespace {

void TranslateHelpLabels(CLI::App& app, Lang lang) {
  if (lang != Lang::kFr) return;
  auto formatter = app.get_formatter();
  formatter->label("Usage", "Utilisation");
  formatter->label("OPTIONS", "OPTIONS");
  formatter->label("SUBCOMMAND", "SOUS-COMMANDE");
  formatter->label("SUBCOMMANDS", "Sous-commandes");
  formatter->label("POSITIONALS", "Arguments");
  formatter->label("REQUIRED", "OBLIGATOIRE");
  formatter->label("TEXT", "TEXTE");
  formatter->label("INT", "ENTIER");
  formatter->label("FLOAT", "RÉEL");
  formatter->label("FILE", "FICHIER");
  formatter->label("Needs", "Nécessite");
  formatter->label("Excludes", "Exclut");
}

int Run(int argc, char** argv) {
  Context ctx;
  ctx.lang = LangFromEnv();
  if (const char* db = std::getenv("PALERMO_DB"); db && *db) ctx.db_url = db;

  constexpr Msg kDescription{
      "Palermo: case data, linkage, estimation and disclosure-safe statistics on trafficking "
      "in persons.",
      "Palermo : données de cas, rapprochement, estimation et statistiques sans divulgation sur "
      "la traite des personnes."};
  CLI::App app(T(ctx, kDescription), "palermo");
  TranslateHelpLabels(app, ctx.lang);
  app.set_help_flag("-h,--help", T(ctx, {"Print this help and exit", "Afficher cette aide et quitter"}));
  app.add_option("--db", ctx.db_url,
                 T(ctx, {"Database: a SQLite file (default palermo.db) or postgresql://...",
                         "Base : un fichier SQLite (palermo.db par défaut) ou postgresql://..."}))
      ->envname("PALERMO_DB");
  app.add_option("--key", ctx.key_file,
                 T(ctx, {"Encryption key file (default: <database>.key)",
                         "Fichier de clé de chiffrement (par défaut : <base>.key)"}))
      ->envname("PALERMO_KEY");
  app.add_flag("-q,--quiet", ctx.quiet, T(ctx, {"Print only errors", "N'afficher que les erreurs"}));
  app.require_subcommand(1);

  auto& commands = Registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  for (const RegisteredCommand& command : commands) command.registrar(app, ctx);
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->set_help_flag("-h,--help", T(ctx, {"Print this help and exit", "Afficher cette aide et quitter"}));
    sub->formatter(app.get_formatter());
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  return ctx.exit_code;
}

}  // namespace
}  // namespace palermo::cli

int main(int argc, char** argv) { return palermo::cli::Run(argc, argv); }
