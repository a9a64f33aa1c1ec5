// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/registry.h: the list of registered subcommands (internal to the cli module).
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace palermo::cli {

struct RegisteredCommand {
  std::string name;
  int order;
  Registrar registrar;
};

// Function-local static, so registration from other translation units' static
// initialisers is safe whatever the link order.
std::vector<RegisteredCommand>& Registry();

}  // namespace palermo::cli
