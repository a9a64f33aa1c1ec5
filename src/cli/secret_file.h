// SPDX-License-Identifier: AGPL-3.0-or-later
// src/cli/secret_file.h: reading the secret agencies share for PPRL encodings (palermo pprl,
// palermo exchange query/answer).
#pragma once

#include <string>

#include "cli/command.h"

namespace palermo::cli {

// The secret in `path`, trimmed. kInvalidArgument (in the user's language) when the file is
// readable or writable by anyone but its owner (anyone who reads it can run the dictionary
// attack the secret is there to stop): "chmod 600" says how to fix it. kNotFound when it
// cannot be read. The secret's length and strength are checked by link::ClkEncoder::Create.
Result<std::string> ReadSecretFile(const Context& ctx, const std::string& path);

}  // namespace palermo::cli
