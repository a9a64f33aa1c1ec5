// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo serve: runs the case-worker web app and JSON API (src/server/server.h).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "server/server.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace serve_command {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string cert;
  std::string key_pem;
  std::string port_file;
  int threads = 0;
  int session_idle_minutes = 30;
  // The roles the issue names: administrators, NRM decision makers, and case workers (the role
  // that reads direct identifiers). Analysts see pseudonymised data only; auditors the log.
  std::string mfa_roles = "admin,decision_maker,case_worker";
};

// "admin,case_worker" -> roles; "" or "none" -> no role must use MFA.
Result<std::vector<server::Role>> ParseMfaRoles(std::string_view text) {
  std::vector<server::Role> roles;
  if (text.empty() || text == "none") return roles;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string_view code = text.substr(start, comma - start);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    Result<server::Role> role = server::ParseRoleCode(code);
    if (!role.ok()) {
      return Status::InvalidArgument("--mfa-roles: unknown role \"" + std::string(code) +
                                     "\" (case_worker, decision_maker, analyst, auditor, admin "
                                     "or none)");
    }
    roles.push_back(*role);
    start = comma + 1;
  }
  return roles;
}

// "127.0.0.1:8080", "[::1]:8080", "localhost:0".
Status ParseListen(std::string_view text, std::string& host, int& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) {
    return Status::InvalidArgument("--listen: expected HOST:PORT");
  }
  std::string_view h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) return Status::InvalidArgument("--listen: expected HOST:PORT");
  port = 0;
  for (const char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return Status::InvalidArgument("--listen: bad port");
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return Status::InvalidArgument("--listen: bad port");
  host = std::string(h);
  return Status::Ok();
}

Status Serve(const Context& ctx, const ServeArgs& args) {
  server::ServerOptions options;
  PALERMO_RETURN_IF_ERROR(ParseListen(args.listen, options.host, options.port));
  options.cert_pem = args.cert;
  options.key_pem = args.key_pem;
  options.threads = args.threads;
  options.session_idle_seconds = args.session_idle_minutes * 60;
  options.default_lang = ctx.lang;
  PALERMO_ASSIGN_OR_RETURN(options.mfa_roles, ParseMfaRoles(args.mfa_roles));

  server::RegisterMigrations();
  // A pooled store connection per worker, so no request under load reconnects and
  // re-prepares its statements.
  store::StoreOptions store_options{.url = ctx.db_url,
                                    .key_file = ctx.KeyFilePath(),
                                    .pooled_connections = server::WorkerThreads(options)};
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::Store::Open(store_options));
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<server::Server> srv,
                           server::Server::Create(*store, std::move(options)));

  // SIGINT/SIGTERM are blocked in every thread and taken by one waiting thread, which stops the
  // server outside signal-handler context; in-flight requests then finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  PALERMO_RETURN_IF_ERROR(srv->Bind());
  if (!args.port_file.empty()) {
    std::ofstream(args.port_file) << srv->port() << "\n";
  }
  if (!ctx.quiet) {
    constexpr Msg kListening{
        "palermo: serving {scheme}://{host}:{port} (database: {engine}); "
        "Ctrl-C stops",
        "palermo : service sur {scheme}://{host}:{port} (base : {engine}) ; "
        "Ctrl-C pour arrêter"};
    std::cerr << Format(kListening, ctx.lang,
                        {{"scheme", std::string(srv->is_tls() ? "https" : "http")},
                         {"host", args.listen.substr(0, args.listen.rfind(':'))},
                         {"port", std::to_string(srv->port())},
                         {"engine", std::string(store->engine())}})
              << std::endl;
  }
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    const timespec tick{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&signals, nullptr, &tick) > 0) {
        srv->Stop();
        return;
      }
    }
  });
  const Status served = srv->Serve();
  done = true;
  waiter.join();
  if (!ctx.quiet) {
    std::cerr << Msg{"palermo: server stopped", "palermo : serveur arrêté"}.Get(ctx.lang)
              << std::endl;
  }
  return served;
}

void Setup(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", T(ctx, {"Run the case-worker web app and JSON API",
                       "Lancer l'application web des travailleurs sociaux et l'API JSON"}));
  cmd->add_option(
      "--listen", args->listen,
      T(ctx, {"Address and port (default 127.0.0.1:8080; port 0 picks a free one)",
              "Adresse et port (127.0.0.1:8080 par défaut ; le port 0 en choisit un libre)"}));
  cmd->add_option("--cert", args->cert,
                  T(ctx, {"TLS certificate chain (PEM); enables HTTPS with --key-pem",
                          "Chaîne de certificats TLS (PEM) ; active HTTPS avec --key-pem"}));
  cmd->add_option("--key-pem", args->key_pem,
                  T(ctx, {"TLS private key (PEM)", "Clé privée TLS (PEM)"}));
  cmd->add_option(
      "--threads", args->threads,
      T(ctx, {"Worker threads, one per open connection (default: 16 per core, at least 64)",
              "Fils de travail, un par connexion ouverte (par défaut : 16 par cœur, "
              "au moins 64)"}));
  cmd->add_option("--session-idle-minutes", args->session_idle_minutes,
                  T(ctx, {"End sessions idle this long (default 30)",
                          "Fermer les sessions inactives depuis ce délai (30 par défaut)"}));
  cmd->add_option(
      "--mfa-roles", args->mfa_roles,
      T(ctx, {"Roles that must log in with a verification code (default "
              "admin,decision_maker,case_worker; \"none\" for no role); their accounts without "
              "one are refused until `palermo user mfa enable`",
              "Rôles qui doivent se connecter avec un code de vérification (par défaut "
              "admin,decision_maker,case_worker ; « none » pour aucun) ; leurs comptes sans code "
              "sont refusés jusqu'à `palermo user mfa enable`"}));
  cmd->add_option("--port-file", args->port_file,
                  T(ctx, {"Write the bound port to this file (for scripts)",
                          "Écrire le port utilisé dans ce fichier (pour les scripts)"}));
  cmd->callback([&ctx, args] { ctx.Finish(Serve(ctx, *args)); });
}

}  // namespace serve_command
PALERMO_REGISTER_COMMAND(serve, 80, serve_command::Setup);
}  // namespace palermo::cli
