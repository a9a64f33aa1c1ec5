#include "cli/actor_options.h"

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

Status KeepRefusal(store::Transaction& tx, const Status& status) {
  if (status.code() == StatusCode::kPermissionDenied ||
      status.code() == StatusCode::kFailedPrecondition ||
      status.code() == StatusCode::kAlreadyExists) {
    // A failed commit of the refusal's audit entry must not hide the refusal itself.
    tx.Commit().IgnoreError();
  }
  return status;
}

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx) {
  return store::Store::Open({.url = ctx.db_url, .key_file = ctx.KeyFilePath()});
}

}  // namespace palermo::cli
