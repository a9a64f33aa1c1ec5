// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/secret_file.h"

#include <sys/stat.h>

#include <filesystem>

namespace palermo::cli {

Result<std::string> ReadSecretFile(const Context& ctx, const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Status::NotFound(Format({"{file}: cannot read the secret file",
                                    "{file} : lecture du fichier secret impossible"},
                                   ctx.lang, {{"file", name}}));
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::InvalidArgument(
        Format({"{file}: the secret file is open to other users (mode {mode}); run: chmod 600 {file}",
                "{file} : le fichier secret est ouvert aux autres utilisateurs (mode {mode}) ; "
                "lancez : chmod 600 {file}"},
               ctx.lang, {{"file", name}, {"mode", std::string(mode)}}));
  }
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok())
    return Status::NotFound(Format({"{file}: cannot read the secret file",
                                    "{file} : lecture du fichier secret impossible"},
                                   ctx.lang, {{"file", name}}));
  return std::string(Trim(*text));
}

}  // namespace palermo::cli
