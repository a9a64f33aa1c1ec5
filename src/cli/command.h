// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/command.h: how a `palermo` subcommand plugs into the command line.
//
// Each subcommand lives in its own file src/cli/cmd_<name>.cc and registers itself:
//   namespace { void Setup(CLI::App& app, Context& ctx) { ... } }
//   PALERMO_REGISTER_COMMAND(estimate, 50, Setup);
// `order` sorts subcommands in --help. The callback a subcommand sets reports its result
// through ctx.Finish(status): errors go to stderr in the user's language and become the exit
// code (see ExitCodeFor), so scripts can rely on it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "core/core.h"

namespace palermo::cli {

// Exit codes, documented in docs/cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInvalidInput = 3;
inline constexpr int kExitNotFound = 4;
inline constexpr int kExitDenied = 5;         // permission, wrong or missing key
inline constexpr int kExitPrecondition = 6;   // state forbids it (already exists, no consent)
inline constexpr int kExitDataLoss = 7;       // tampered audit log, corrupt data
inline constexpr int kExitUnavailable = 8;    // database unreachable; retry
inline constexpr int kExitPartial = 9;        // finished, but some rows were quarantined

int ExitCodeFor(const Status& status);

struct Context {
  Lang lang = Lang::kEn;
  std::string db_url = "palermo.db";  // --db or $PALERMO_DB
  std::string key_file;               // --key or $PALERMO_KEY; default next to the database
  bool quiet = false;
  int exit_code = kExitOk;

  // Records the outcome of a subcommand; prints a non-OK status on stderr as
  // "palermo: error: <message>" (never personal data: messages are built without it).
  void Finish(const Status& status);
  // Key file path: --key, else $PALERMO_KEY, else "<database file>.key" (or "palermo.key"
  // for a PostgreSQL URL).
  std::string KeyFilePath() const;
};

using Registrar = void (*)(CLI::App& app, Context& ctx);
bool RegisterCommand(std::string_view name, int order, Registrar registrar);

// Help-text helper: the message in the user's language.
inline std::string T(const Context& ctx, const Msg& msg) { return msg.Get(ctx.lang); }

}  // namespace palermo::cli

#define PALERMO_REGISTER_COMMAND(name, order, registrar)                       \
  [[maybe_unused]] static const bool palermo_registered_command_##name =      \
      ::palermo::cli::RegisterCommand(#name, order, registrar)
