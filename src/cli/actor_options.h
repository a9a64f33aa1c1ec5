// src/cli/actor_options.h: what the case-work commands (screen, referral, service, consent)
// share: who acts (--as-user, --role, --org, or $PALERMO_USER/ROLE/ORG), opening the store, and
// keeping the audit entry of a refused action.
#pragma once

#include <memory>
#include <string>

#include "cli/command.h"
#include "store/store.h"

namespace palermo::cli {

struct ActorOptions {
  std::string user;
  std::string role;
  std::string org;
  // The store actor; a command run without --as-user acts as "cli".
  store::Actor actor() const { return {user.empty() ? "cli" : user, org, role}; }
};

// Adds --as-user, --role and --org to `cmd`. `roles_help` lists the roles this command knows.
void AddActorOptions(CLI::App* cmd, const Context& ctx, const Msg& roles_help, ActorOptions& who);

// The screen/referral libraries write a "denied" audit entry into `tx` before returning a refusal
// (permission denied, failed precondition, already exists). This commits `tx` so that the
// refusal stays on record, then returns `status` unchanged. Other errors leave `tx` to roll back.
Status KeepRefusal(store::Transaction& tx, const Status& status);

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx);

}  // namespace palermo::cli
