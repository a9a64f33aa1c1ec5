// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/command.h"

#include <cstdlib>
#include <iostream>

#include "cli/registry.h"

namespace palermo::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return kExitInvalidInput;
    case StatusCode::kNotFound: return kExitNotFound;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated: return kExitDenied;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return kExitPrecondition;
    case StatusCode::kDataLoss: return kExitDataLoss;
    case StatusCode::kUnavailable:
    case StatusCode::kAborted: return kExitUnavailable;
    case StatusCode::kInternal: break;
  }
  return kExitInternal;
}

void Context::Finish(const Status& status) {
  if (!status.ok()) {
    constexpr Msg kError{"palermo: error: {what}", "palermo : erreur : {what}"};
    std::cerr << Format(kError, lang, {{"what", status.message()}}) << "\n";
  }
  exit_code = ExitCodeFor(status);
}

std::string Context::KeyFilePath() const {
  if (!key_file.empty()) return key_file;
  if (const char* env = std::getenv("PALERMO_KEY"); env && *env) return env;
  std::string_view db = db_url;
  if (db.starts_with("postgres")) return "palermo.key";
  if (db.starts_with("sqlite:")) db.remove_prefix(7);
  return std::string(db) + ".key";
}

bool RegisterCommand(std::string_view name, int order, Registrar registrar) {
  Registry().push_back({std::string(name), order, registrar});
  return true;
}

}  // namespace palermo::cli
