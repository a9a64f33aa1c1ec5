// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo user add|passwd|lock|unlock|list|mfa: web app accounts (src/server/server.h).
// Passwords are read from standard input (one line; not echoed on a terminal), never from the
// command line, where other users could see them in the process list.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "cli/command.h"
#include "server/server.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace user_command {

struct UserArgs {
  std::string username;
  std::string role = "case_worker";
  std::string organisation;
};

std::string ReadPassword(const Context& ctx) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::cerr << Msg{"Password: ", "Mot de passe : "}.Get(ctx.lang) << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

Result<std::unique_ptr<store::Store>> OpenStoreWithUsers(const Context& ctx) {
  server::RegisterMigrations();
  return store::Store::Open(store::StoreOptions{.url = ctx.db_url, .key_file = ctx.KeyFilePath()});
}

const store::Actor kCliActor{"cli", "", "admin"};

Status Run(const Context& ctx, const std::string& op, const UserArgs& args) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenStoreWithUsers(ctx));
  if (op == "list") {
    PALERMO_ASSIGN_OR_RETURN(std::vector<server::UserInfo> users,
                             server::ListUsers(*store, kCliActor));
    for (const server::UserInfo& u : users) {
      std::cout << u.username << "\t" << server::RoleCode(u.role) << "\t" << u.organisation << "\t"
                << (u.locked ? Msg{"locked", "verrouillé"} : Msg{"active", "actif"}).Get(ctx.lang)
                << "\t" << (u.mfa ? "mfa" : "-") << "\n";
    }
    return Status::Ok();
  }
  if (op == "mfa enable") {
    PALERMO_ASSIGN_OR_RETURN(const server::MfaEnrolment enrolment,
                             server::EnableMfa(*store, kCliActor, args.username));
    // Standard output, once: only hashes of the codes are kept, and the secret is sealed.
    std::cout << enrolment.uri << "\n";
    for (const std::string& code : enrolment.recovery_codes) std::cout << code << "\n";
    if (!ctx.quiet) {
      constexpr Msg kGiveToUser{
          "Multi-factor login is on for {user}. Give the user the otpauth:// line above (as a QR "
          "code or typed into an authenticator app) and the {count} recovery codes, each good "
          "once. They are not shown again; `palermo user mfa reset {user}` starts over.",
          "La connexion à deux facteurs est activée pour {user}. Remettez à l'utilisateur la "
          "ligne otpauth:// ci-dessus (en code QR ou saisie dans une application "
          "d'authentification) et les {count} codes de secours, chacun valable une fois. Ils ne "
          "seront plus affichés ; `palermo user mfa reset {user}` permet de recommencer."};
      std::cerr << Format(kGiveToUser, ctx.lang,
                          {{"user", args.username},
                           {"count", static_cast<int64_t>(enrolment.recovery_codes.size())}})
                << "\n";
    }
    return Status::Ok();
  }
  if (op == "mfa reset") {
    PALERMO_RETURN_IF_ERROR(server::ResetMfa(*store, kCliActor, args.username));
    if (!ctx.quiet) {
      constexpr Msg kReset{
          "Multi-factor login removed for {user} and its sessions ended; it logs in with the "
          "password alone until `palermo user mfa enable` (refused where its role requires "
          "multi-factor login).",
          "Connexion à deux facteurs retirée pour {user} et ses sessions fermées ; le compte se "
          "connecte avec le seul mot de passe jusqu'à `palermo user mfa enable` (refusé si son "
          "rôle exige la connexion à deux facteurs)."};
      std::cerr << Format(kReset, ctx.lang, {{"user", args.username}}) << "\n";
    }
    return Status::Ok();
  }
  if (op == "add") {
    PALERMO_ASSIGN_OR_RETURN(const server::Role role, server::ParseRoleCode(args.role));
    const std::string password = ReadPassword(ctx);
    PALERMO_RETURN_IF_ERROR(
        server::AddUser(*store, kCliActor, args.username, password, role, args.organisation));
  } else if (op == "passwd") {
    const std::string password = ReadPassword(ctx);
    PALERMO_RETURN_IF_ERROR(server::SetPassword(*store, kCliActor, args.username, password));
  } else {
    PALERMO_RETURN_IF_ERROR(server::SetLocked(*store, kCliActor, args.username, op == "lock"));
  }
  if (!ctx.quiet) std::cerr << Msg{"done", "fait"}.Get(ctx.lang) << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "user", T(ctx, {"Manage web app accounts", "Gérer les comptes de l'application web"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();
  const struct {
    const char* name;
    Msg help;
  } ops[] = {
      {"add", {"Add an account (password on standard input)",
               "Ajouter un compte (mot de passe sur l'entrée standard)"}},
      {"passwd", {"Set a new password (standard input); ends the account's sessions",
                  "Changer le mot de passe (entrée standard) ; ferme les sessions du compte"}},
      {"lock", {"Lock an account and end its sessions", "Verrouiller un compte et fermer ses sessions"}},
      {"unlock", {"Unlock an account", "Déverrouiller un compte"}},
      {"list", {"List accounts", "Lister les comptes"}},
  };
  for (const auto& op : ops) {
    CLI::App* sub = cmd->add_subcommand(op.name, T(ctx, op.help));
    const std::string name = op.name;
    if (name != "list") {
      sub->add_option("username", args->username, T(ctx, {"Account name", "Nom du compte"}))->required();
    }
    if (name == "add") {
      sub->add_option("--role", args->role,
                      T(ctx, {"case_worker, decision_maker, analyst, auditor or admin",
                              "case_worker, decision_maker, analyst, auditor ou admin"}));
      sub->add_option("--org", args->organisation,
                      T(ctx, {"Organisation code (required for case workers)",
                              "Code de l'organisation (obligatoire pour les travailleurs sociaux)"}));
    }
    sub->callback([&ctx, args, name] { ctx.Finish(Run(ctx, name, *args)); });
  }
  CLI::App* mfa = cmd->add_subcommand(
      "mfa", T(ctx, {"Multi-factor login (TOTP authenticator app and recovery codes)",
                     "Connexion à deux facteurs (application d'authentification TOTP et codes "
                     "de secours)"}));
  mfa->require_subcommand(1);
  const struct {
    const char* name;
    Msg help;
  } mfa_ops[] = {
      {"enable", {"Turn it on: prints the otpauth:// URI and 10 recovery codes, once",
                  "L'activer : affiche l'URI otpauth:// et 10 codes de secours, une seule fois"}},
      {"reset", {"Remove it (lost device); ends the account's sessions",
                 "La retirer (appareil perdu) ; ferme les sessions du compte"}},
  };
  for (const auto& op : mfa_ops) {
    CLI::App* sub = mfa->add_subcommand(op.name, T(ctx, op.help));
    sub->add_option("username", args->username, T(ctx, {"Account name", "Nom du compte"}))->required();
    const std::string name = std::string("mfa ") + op.name;
    sub->callback([&ctx, args, name] { ctx.Finish(Run(ctx, name, *args)); });
  }
}

}  // namespace user_command
PALERMO_REGISTER_COMMAND(user, 81, user_command::Setup);
}  // namespace palermo::cli
