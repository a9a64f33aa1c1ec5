// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo version: prints the version and the data directory in use.
#include <iostream>

#include "cli/command.h"
#include "publish/publish.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace version_command {

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "version", T(ctx, {"Print the version of Palermo", "Afficher la version de Palermo"}));
  cmd->callback([&ctx] {
    std::cout << "palermo " << ::palermo::publish::kPalermoVersion << "\n";  // as written in reports
    ctx.Finish(Status::Ok());
  });
}

}  // namespace version_command
PALERMO_REGISTER_COMMAND(version, 1000, version_command::Setup);
}  // namespace palermo::cli
