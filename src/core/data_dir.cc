// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/data_dir.h"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#ifndef PALERMO_BUILD_DATA_DIR
#define PALERMO_BUILD_DATA_DIR ""
#endif

namespace palermo {

Result<std::filesystem::path> DataFile(std::string_view relative_path) {
  std::vector<std::filesystem::path> roots;
  if (const char* env = std::getenv("PALERMO_DATA_DIR"); env && *env) roots.emplace_back(env);
  if (*PALERMO_BUILD_DATA_DIR) roots.emplace_back(PALERMO_BUILD_DATA_DIR);
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) roots.push_back(exe.parent_path() / ".." / "share" / "palermo");
  std::string tried;
  for (const auto& root : roots) {
    std::filesystem::path candidate = root / relative_path;
    if (std::filesystem::exists(candidate, ec)) return candidate;
    tried += (tried.empty() ? "" : ", ") + candidate.string();
  }
  return Status::NotFound("data file " + std::string(relative_path) + " not found (tried " + tried +
                          "; set PALERMO_DATA_DIR)");
}

}  // namespace palermo
