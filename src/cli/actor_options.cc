// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/actor_options.h"

#include <chrono>

namespace palermo::cli {

void AddActorOptions(CLI::App* cmd, const Context& ctx, const Msg& roles_help, ActorOptions& who) {
  cmd->add_option("--as-user", who.user,
                  T(ctx, {"Who acts (user name)", "Qui agit (nom d’utilisateur)"}))
      ->envname("PALERMO_USER");
  cmd->add_option("--role", who.role, T(ctx, roles_help))->envname("PALERMO_ROLE");
  cmd->add_option("--org", who.org,
                  T(ctx, {"Organisation code of the actor", "Code de l’organisation de l’acteur"}))
      ->envname("PALERMO_ORG");
}

Result<casework::Principal> GatePrincipal(const Context& ctx, const ActorOptions& who) {
  std::string role = who.role;
  if (role == "first_responder") role = "case_worker";
  if (role == "administrator") role = "admin";
  if (role.empty()) {
    return Status::InvalidArgument(
        T(ctx, {"--role is required (case_worker, decision_maker, analyst, auditor, admin)",
                "--role est obligatoire (case_worker, decision_maker, analyst, auditor, admin)"}));
  }
  PALERMO_ASSIGN_OR_RETURN(const casework::Role parsed, casework::ParseRoleCode(role));
  return casework::Principal{.user_id = 0,
                             .username = who.user.empty() ? "cli" : who.user,
                             .role = parsed,
                             .organisation = who.org};
}

casework::Desk CliDesk(store::Store& store) {
  return casework::Desk{store, std::chrono::time_point_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now())};
}

casework::Desk CliDeskAt(store::Store& store, referral::Instant now) {
  return casework::Desk{store, now};
}

void FinishGated(Context& ctx, const Status& status) {
  if (status.code() == StatusCode::kPermissionDenied) {
    ctx.Finish(Status::PermissionDenied(casework::RefusalMessage(ctx.lang)));
    return;
  }
  ctx.Finish(status);
}

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx) {
  return store::Store::Open({.url = ctx.db_url, .key_file = ctx.KeyFilePath()});
}

}  // namespace palermo::cli
