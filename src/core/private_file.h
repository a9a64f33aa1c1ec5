// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/private_file.h: writing a file that may hold personal data (an export with
// identifiers, an exchange packet).
#pragma once

#include <filesystem>
#include <string>

#include "core/status.h"

namespace palermo {

// Writes `text` to `out` through a temporary file ("<out>.tmp") renamed into place, so a
// failure never leaves half a file under the requested name. The file is created 0600
// whatever the umask; O_NOFOLLOW refuses a planted symlink. kNotFound when the file cannot be
// created, kUnavailable when writing or renaming fails (the temporary file is removed).
Status WritePrivateFile(const std::filesystem::path& out, const std::string& text);

}  // namespace palermo
