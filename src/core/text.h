// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/text.h: small Unicode helpers built on ICU.
//
//   FoldForLookup("  Côte d’Ivoire ") == "cote d'ivoire"
//   IsValidUtf8("caf\xC3\xA9") == true
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace palermo {

// Case- and accent-insensitive key for matching labels and code-list names: any script
// transliterated to Latin, folded to ASCII, lower-cased, typographic quotes and runs of spaces
// simplified, trimmed. Thread-safe (one ICU transliterator per thread).
std::string FoldForLookup(std::string_view text);

// Offset of the first byte that is not part of a well-formed UTF-8 sequence, or nullopt.
std::optional<size_t> FirstInvalidUtf8Byte(std::string_view text);
inline bool IsValidUtf8(std::string_view text) { return !FirstInvalidUtf8Byte(text).has_value(); }

// Trims ASCII white space at both ends.
std::string_view Trim(std::string_view text);

// Deepest nesting of arrays and objects any JSON Palermo parses may have (mapping files, HTCDS
// imports, quarantined rows, API bodies). Real documents need 3 or 4 levels; the limit keeps
// recursive code (and nlohmann's own dump) from exhausting the stack on hostile input.
inline constexpr int kMaxJsonDepth = 64;

// Byte offset of the first `[` or `{` (outside strings) that opens a level deeper than
// `max_depth`, or nullopt. A linear scan that does not validate the JSON otherwise; run it
// before parsing. Cost: O(text.size()), no allocation.
std::optional<size_t> JsonNestingBeyond(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace palermo
