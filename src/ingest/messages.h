// SPDX-License-Identifier: AGPL-3.0-or-later
// src/ingest/messages.h: the import's limit messages (fields per row, bytes per cell, columns,
// JSON depth) and a mapping's unknown keys and fields, in the reader's language. The importer words them in English, as every status
// and quarantine reason it records (the quarantine table keeps that text); whoever shows one
// to a person passes it through LocalizeLimitMessage first.
#pragma once

#include <string>
#include <string_view>

#include "core/i18n.h"

namespace palermo::ingest {

// `text` with each limit message it contains (it may be prefixed, e.g. by a file name or
// "Please check the form: ") put in `lang`, numbers formatted for that language; any other
// text unchanged. Identity for Lang::kEn.
std::string LocalizeLimitMessage(std::string_view text, Lang lang);

}  // namespace palermo::ingest
