// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/link/test_util.h: small builders shared by the link tests.
#pragma once

#include <string>
#include <vector>

#include "link/link.h"

namespace palermo::link::testing {

// A table whose columns are named after their roles: {"given_name", "family_name", ...}.
inline SourceTable MakeTable(const std::string& name, const std::vector<Role>& roles,
                             const std::vector<std::vector<std::string>>& rows) {
  SourceTable t;
  t.name = name;
  for (size_t c = 0; c < roles.size(); ++c) {
    t.header.emplace_back(RoleName(roles[c]));
    t.columns.emplace_back(c, roles[c]);
  }
  t.rows = rows;
  return t;
}

inline const VariantTable& Variants() {
  static const VariantTable* const table = [] {
    auto loaded = VariantTable::LoadDefault();
    if (!loaded.ok()) std::abort();
    return new VariantTable(std::move(loaded).value());
  }();
  return *table;
}

}  // namespace palermo::link::testing
