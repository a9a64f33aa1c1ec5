// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/sql_util.h: reading store::SqlValue cells whatever type the engine returned.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <variant>

#include "store/store.h"

namespace palermo::server {

inline int64_t SqlInt(const store::SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

inline std::string SqlText(const store::SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

}  // namespace palermo::server
