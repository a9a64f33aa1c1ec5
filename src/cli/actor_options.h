// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/actor_options.h: what the case-work commands (case, screen, referral, service,
// consent) share: who acts (--as-user, --role, --org, or $PALERMO_USER/ROLE/ORG), opening the
// store, and telling a refusal. The gate and the refusal rule are src/casework's.
#pragma once

#include <memory>
#include <string>

#include "casework/casework.h"
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

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx);

// The person acting, for commands that go through the case-work gate (src/casework), the same
// gate as the web app: --role is required and is a web role (case_worker, decision_maker,
// analyst, auditor, admin); the referral profile's first_responder acts as a case_worker and
// administrator as admin. A case worker reaches only the cases of --org (and those transferred
// to it). kInvalidArgument, in the user's language, without a role.
Result<casework::Principal> GatePrincipal(const Context& ctx, const ActorOptions& who);

// Where the case-work flows run for the CLI: `store` and the wall clock.
casework::Desk CliDesk(store::Store& store);
// Where the case-work flows run for the CLI, at `now` (a command's --at: when it happened).
casework::Desk CliDeskAt(store::Store& store, referral::Instant now);

// Ends a command that went through the gate: a refusal (kPermissionDenied) is told in the web
// app's words (casework::RefusalMessage, in the user's language); anything else as it is.
void FinishGated(Context& ctx, const Status& status);

}  // namespace palermo::cli
