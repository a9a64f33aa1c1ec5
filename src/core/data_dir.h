// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/data_dir.h: where Palermo's bundled data files (code lists, indicator lists,
// message catalogues) are found at run time.
//
// Order: $PALERMO_DATA_DIR, then the source tree's data/ recorded at build time, then
// <executable dir>/../share/palermo. NotFound names every place tried.
//   Result<std::filesystem::path> p = DataFile("codes/countries.csv");
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace palermo {

Result<std::filesystem::path> DataFile(std::string_view relative_path);

}  // namespace palermo
